// The precision pass: a float32 model to float16 or bfloat16, weights and compute, with the
// graph's inputs and outputs kept in float32 (Casts at the edges) unless asked otherwise.
//
// Rounding is to nearest, ties to even. Float32 weights beyond float16's range (±65504) are
// clamped to the largest finite value rather than becoming infinities, as converters for
// deployment do; the count of clamped values is reported. A few op inputs must stay float32 by
// the ONNX spec (Resize/Upsample scales); they are left alone.

import Formats
import GraphIR

/// What the precision pass changed.
public struct PrecisionReport: Sendable, Equatable {
    public var target: DType
    /// Initializers and constant attributes converted.
    public var convertedTensors = 0
    /// Elements clamped to the target's largest finite value.
    public var clampedValues = 0
    /// Casts added at graph inputs and outputs.
    public var edgeCasts = 0
    /// Cast nodes retargeted (their `to` was float32).
    public var retargetedCasts = 0
}

public enum PrecisionPass {
    /// Inputs (by op and position) that the ONNX spec requires to be float32 whatever the data type.
    static let float32Only: [String: Set<Int>] = ["Resize": [2], "Upsample": [1]]

    /// `model` with float32 weights and compute in `target` (`.float16` or `.bfloat16`).
    /// With `keepIO`, float32 graph inputs and outputs stay float32 and Casts convert at the edges.
    public static func apply(_ model: Model, to target: DType, keepIO: Bool = true) throws(ConversionError) -> (Model, PrecisionReport) {
        guard target == .float16 || target == .bfloat16 else {
            throw ConversionError(.unsupportedDType, message: "the precision pass converts to float16 or bfloat16, not \(target)")
        }
        var report = PrecisionReport(target: target)
        var out = model
        out.graph = try convert(model.graph, target, &report, isMain: true, keepIO: keepIO)
        for i in out.functions.indices {
            out.functions[i].body = try convert(out.functions[i].body, target, &report, isMain: false, keepIO: false)
        }
        return (out, report)
    }

    static func convert(_ graph: Graph, _ target: DType, _ report: inout PrecisionReport, isMain: Bool, keepIO: Bool) throws(ConversionError) -> Graph {
        var g = graph
        // Names whose producers must stay float32 (consumed where float32 is required).
        var keep = Set<String>()
        for node in g.nodes {
            for index in float32Only[node.op] ?? [] where index < node.inputs.count { keep.insert(node.inputs[index]) }
        }
        for i in g.initializers.indices where g.initializers[i].dtype == .float32 && !keep.contains(g.initializers[i].name) {
            g.initializers[i] = try convertTensor(g.initializers[i], target, &report)
        }
        for i in g.nodes.indices {
            var node = g.nodes[i]
            for a in node.attributes.indices {
                switch node.attributes[a].value {
                case .tensor(let t) where t.dtype == .float32 && !(node.outputs.contains { keep.contains($0) }):
                    node.attributes[a].value = .tensor(try convertTensor(t, target, &report))
                case .graph(let sub):
                    node.attributes[a].value = .graph(try convert(sub, target, &report, isMain: false, keepIO: false))
                case .graphs(let subs):
                    var converted: [Graph] = []
                    for sub in subs { converted.append(try convert(sub, target, &report, isMain: false, keepIO: false)) }
                    node.attributes[a].value = .graphs(converted)
                case .int(let to) where node.op == "Cast" && node.attributes[a].name == "to" && to == 1:
                    // ONNX TensorProto.FLOAT (1) -> FLOAT16 (10) or BFLOAT16 (16).
                    node.attributes[a].value = .int(target == .float16 ? 10 : 16)
                    report.retargetedCasts += 1
                case .float(let value) where node.op == "Constant" && node.attributes[a].name == "value_float":
                    // A float32 scalar constant becomes a tensor of the target type.
                    let t = Tensor(name: "", dtype: .float32, shape: [], bytes: TensorBytes(bytes: withUnsafeBytes(of: value) { Array($0) }))
                    node.attributes[a] = Attribute(name: "value", value: .tensor(try convertTensor(t, target, &report)))
                default: break
                }
            }
            g.nodes[i] = node
        }
        for i in g.valueInfo.indices where g.valueInfo[i].dtype == .float32 && !keep.contains(g.valueInfo[i].name) {
            g.valueInfo[i].dtype = target
        }
        guard isMain else {
            for i in g.inputs.indices where g.inputs[i].dtype == .float32 { g.inputs[i].dtype = target }
            for i in g.outputs.indices where g.outputs[i].dtype == .float32 { g.outputs[i].dtype = target }
            return g
        }
        let targetCode: Int64 = target == .float16 ? 10 : 16
        if keepIO {
            var prologue: [Node] = []
            for input in g.inputs where input.dtype == .float32 && g.initializer(named: input.name) == nil {
                let renamed = unique("\(input.name)_\(target.rawValue)", in: g)
                rename(input.name, to: renamed, inNodesOf: &g)
                prologue.append(Node(name: renamed + "_cast", op: "Cast", inputs: [input.name], outputs: [renamed], attributes: [.named("to", .int(targetCode))]))
                report.edgeCasts += 1
            }
            var epilogue: [Node] = []
            for output in g.outputs where output.dtype == .float32 || output.dtype == nil {
                let inner = unique("\(output.name)_\(target.rawValue)", in: g)
                for n in g.nodes.indices {
                    for o in g.nodes[n].outputs.indices where g.nodes[n].outputs[o] == output.name { g.nodes[n].outputs[o] = inner }
                    for k in g.nodes[n].inputs.indices where g.nodes[n].inputs[k] == output.name { g.nodes[n].inputs[k] = inner }
                }
                epilogue.append(Node(name: output.name + "_cast", op: "Cast", inputs: [inner], outputs: [output.name], attributes: [.named("to", .int(1))]))
                report.edgeCasts += 1
            }
            g.nodes = prologue + g.nodes + epilogue
        } else {
            for i in g.inputs.indices where g.inputs[i].dtype == .float32 { g.inputs[i].dtype = target }
            for i in g.outputs.indices where g.outputs[i].dtype == .float32 { g.outputs[i].dtype = target }
        }
        return g
    }

    static func unique(_ base: String, in graph: Graph) -> String {
        var used = Set(graph.inputs.map(\.name) + graph.outputs.map(\.name) + graph.initializers.map(\.name))
        for node in graph.nodes { used.formUnion(node.outputs) }
        var name = base
        var n = 1
        while used.contains(name) {
            name = "\(base)_\(n)"
            n += 1
        }
        return name
    }

    /// Renames the reads of `old` in the graph's nodes (including subgraphs that read it).
    static func rename(_ old: String, to new: String, inNodesOf graph: inout Graph) {
        for n in graph.nodes.indices {
            for k in graph.nodes[n].inputs.indices where graph.nodes[n].inputs[k] == old { graph.nodes[n].inputs[k] = new }
            for a in graph.nodes[n].attributes.indices {
                if case .graph(var sub) = graph.nodes[n].attributes[a].value {
                    rename(old, to: new, inNodesOf: &sub)
                    graph.nodes[n].attributes[a].value = .graph(sub)
                }
            }
        }
        for o in graph.outputs.indices where graph.outputs[o].name == old { graph.outputs[o].name = new }
    }

    /// A float32 tensor's elements rounded to `target`.
    public static func convertTensor(_ tensor: Tensor, _ target: DType, _ report: inout PrecisionReport) throws(ConversionError) -> Tensor {
        guard let bytes = tensor.bytes, let count = tensor.elementCount, bytes.count == count * 4 else {
            throw ConversionError(.data, message: "tensor '\(tensor.name)' does not hold \(tensor.shape) float32 elements")
        }
        let raw = bytes.bytes
        var out = [UInt8](repeating: 0, count: count * 2)
        var clamped = 0
        raw.withUnsafeBytes { source in
            for i in 0..<count {
                let value = Float(bitPattern: source.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
                let bits: UInt16
                if target == .float16 {
                    var v = value
                    if v.isFinite && abs(v) > 65504 {
                        v = v > 0 ? 65504 : -65504
                        clamped += 1
                    }
                    bits = Float16(v).bitPattern
                } else {
                    bits = bfloat16Bits(value)
                }
                out[2 * i] = UInt8(bits & 0xFF)
                out[2 * i + 1] = UInt8(bits >> 8)
            }
        }
        report.convertedTensors += 1
        report.clampedValues += clamped
        return Tensor(name: tensor.name, dtype: target, shape: tensor.shape, bytes: TensorBytes(bytes: out), docString: tensor.docString)
    }

    /// Round-to-nearest-even bfloat16 bits of a float32 (NaN stays a quiet NaN).
    public static func bfloat16Bits(_ value: Float) -> UInt16 {
        if value.isNaN { return 0x7FC0 | UInt16(truncatingIfNeeded: value.bitPattern >> 16) & 0x8000 }
        let bits = value.bitPattern
        return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }
}
