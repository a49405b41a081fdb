// Layout passes: NCHW <-> NHWC over GraphIR.
//
// GraphIR is NCHW (ONNX semantics). MindSpore Lite runs image ops channel-last: activations NHWC and
// convolution weights [out, kh, kw, in/group] (FORMATS.md §4.5). Instead of fixing layouts op by op,
// the Lite lowering works with *channel-last nodes*: ordinary GraphIR ops (Conv, MaxPool, …) whose
// domain is `LayoutPass.channelLastDomain`, meaning "same op, data NHWC, Conv weight OHWI".
//
// - `toChannelFirst` (after import) replaces each channel-last node by Transpose(NHWC→NCHW) → op →
//   Transpose(NCHW→NHWC), with the weight permuted OHWI→OIHW, then cancels transpose pairs.
// - `toChannelLast` (before export) does the reverse for the spatial ops `channelLastOps` lists.
// - `cancelTransposes` removes a Transpose that undoes the Transpose feeding it; surviving value names
//   are the outer ones, so a graph keeps its names through NCHW→NHWC→NCHW. `sinkTransposes` first
//   moves transposes below elementwise one-input ops (Relu, Clip …) so pairs around them meet.

import Formats
import GraphIR

public enum LayoutPass {
    /// Domain of a GraphIR node whose data is channel-last (NHWC) and whose Conv weight is OHWI.
    public static let channelLastDomain = "com.mshub.nhwc"

    /// Ops that have a channel-last form (for 4-D data). Besides the data, two read an operand
    /// differently there: PRelu's slope is one value per channel (any shape with that many
    /// elements), and Resize's scales and sizes stay in NCHW order (they describe the logical tensor).
    public static let channelLastOps: Set<String> = [
        "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization", "PRelu",
        "Resize",
    ]

    /// Ops sent channel-last even when the rank of their input is not known.
    static let channelLastWithoutRank: Set<String> = ["Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"]

    static let toNHWC: [Int64] = [0, 2, 3, 1]
    static let toNCHW: [Int64] = [0, 3, 1, 2]

    /// Replaces channel-last nodes by NCHW ones between transposes, then cancels transpose pairs.
    public static func toChannelFirst(_ graph: Graph) throws(ConversionError) -> Graph {
        try cancelTransposes(sinkTransposes(rewrap(graph, from: channelLastDomain, to: "", weightPerm: [0, 3, 1, 2]) { $0.domain == channelLastDomain }))
    }

    /// Replaces the spatial ops of `channelLastOps` whose first input is 4-D (or of unknown rank for
    /// Conv and pools) by channel-last nodes between transposes, then cancels transpose pairs.
    public static func toChannelLast(_ graph: Graph) throws(ConversionError) -> Graph {
        let ranks = rankTable(graph)
        return try cancelTransposes(sinkTransposes(
            rewrap(graph, from: "", to: channelLastDomain, weightPerm: [0, 2, 3, 1]) { node in
                guard node.domain == "", channelLastOps.contains(node.op), let first = node.inputs.first, !first.isEmpty,
                    node.outputs.first?.isEmpty == false
                else { return false }
                // PRelu goes channel-last only with a per-channel constant slope ([C, 1, 1] or [1, C, 1, 1]).
                if node.op == "PRelu" && !perChannelSlope(graph, node) { return false }
                if let rank = ranks[first] { return rank == 4 }
                return channelLastWithoutRank.contains(node.op)
            }))
    }

    /// Whether PRelu `node`'s slope is a constant of shape [C, 1, 1] or [1, C, 1, 1] with C > 1: one
    /// value per channel of NCHW data.
    static func perChannelSlope(_ graph: Graph, _ node: Node) -> Bool {
        guard node.inputs.count > 1, let slope = graph.initializer(named: node.inputs[1]) else { return false }
        let shape = slope.shape.count == 4 && slope.shape[0] == 1 ? Array(slope.shape.dropFirst()) : slope.shape
        return shape.count == 3 && shape[0] > 1 && shape[1] == 1 && shape[2] == 1
    }

    /// Ops whose output has the rank of their first input.
    static let rankKeeping: Set<String> = [
        "PRelu", "Pad", "Resize", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization", "Relu", "Clip",
        "Sigmoid", "Tanh", "Gelu", "Elu", "LeakyRelu", "HardSwish", "HardSigmoid", "Softplus", "Softsign", "Abs", "Neg",
        "Sqrt", "Erf", "Log", "Exp", "Softmax", "LayerNormalization", "Cast", "Identity", "Dropout", "BiasAdd",
    ]

    /// Ranks of values: what graph inputs, outputs, value info and initializers say, then carried
    /// through ops whose output rank follows from their inputs (elementwise ops, Conv, pools …).
    static func rankTable(_ graph: Graph) -> [String: Int] {
        var ranks: [String: Int] = [:]
        for value in graph.inputs + graph.outputs + graph.valueInfo { if let shape = value.shape { ranks[value.name] = shape.rank } }
        for tensor in graph.initializers { ranks[tensor.name] = tensor.shape.count }
        for node in graph.nodes {
            guard let out = node.outputs.first, ranks[out] == nil else { continue }
            let first = node.inputs.first.flatMap { ranks[$0] }
            var rank: Int?
            switch node.op {
            case _ where rankKeeping.contains(node.op): rank = first
            case "Add", "Sub", "Mul", "Div", "Pow", "MatMul", "Max", "Min", "Where":
                let known = node.inputs.compactMap { ranks[$0] }
                rank = known.count == node.inputs.count ? known.max() : nil
            case "Gemm", "Flatten": rank = 2
            case "Transpose":
                if case .ints(let perm)? = node.attribute(named: "perm") { rank = perm.count } else { rank = first }
            case "Concat": rank = first
            case "Reshape":
                rank = node.inputs.count > 1 ? graph.initializer(named: node.inputs[1])?.elementCount : nil
            default: rank = nil
            }
            if let rank { ranks[out] = rank }
        }
        return ranks
    }

    private static func rewrap(
        _ graph: Graph, from: String, to: String, weightPerm: [Int], _ selected: (Node) -> Bool
    ) throws(ConversionError) -> Graph {
        var result = graph
        result.nodes = []
        var names = FreshNames(graph: graph)
        func fresh(_ base: String) -> String { names.fresh(base) }
        let enter = to == channelLastDomain ? toNHWC : toNCHW
        let leave = to == channelLastDomain ? toNCHW : toNHWC
        var permuted: [String: String] = [:]
        // What is known of values' types, so that the new names inside the transposes get the
        // permuted shape (Lite's writer gives tensors dims from it, and Resize needs the sizes).
        var known: [String: Value] = [:]
        for value in graph.inputs + graph.outputs + graph.valueInfo { known[value.name] = value }
        func describe(_ name: String, as newName: String, _ perm: [Int64]) {
            guard let value = known[name] else { return }
            var shape = value.shape
            if let dimensions = shape?.dimensions {
                shape = dimensions.count == perm.count ? Shape(perm.map { dimensions[Int($0)] }) : nil
            }
            result.valueInfo.append(Value(name: newName, dtype: value.dtype, shape: shape))
        }
        for (index, node) in graph.nodes.enumerated() {
            guard selected(node), !node.inputs.isEmpty, !node.outputs.isEmpty else {
                if selected(node) {
                    throw ConversionError(
                        .invalidInput, graph: graph.name, nodeIndex: index, nodeName: node.name, op: node.op,
                        field: "input[0]", message: "a channel-last \(node.op) needs an input and an output")
                }
                result.nodes.append(node)
                continue
            }
            var inner = node
            inner.domain = to
            let base = node.name.isEmpty ? "\(node.op)\(index)" : node.name
            let input = fresh("\(node.inputs[0])_\(to == channelLastDomain ? "nhwc" : "nchw")")
            result.nodes.append(transpose(base + "_in", node.inputs[0], input, enter))
            describe(node.inputs[0], as: input, enter)
            inner.inputs[0] = input
            // Conv's weight [out, in/group, kh, kw] and ConvTranspose's [in, out/group, kh, kw] move
            // their kernel axes in front of the last axis alike.
            if node.op == "Conv" || node.op == "ConvTranspose", node.inputs.count > 1 {
                let weight = node.inputs[1]
                if let done = permuted[weight] {
                    inner.inputs[1] = done
                } else {
                    guard let tensor = graph.initializer(named: weight) else {
                        throw ConversionError(
                            .invalidInput, graph: graph.name, nodeIndex: index, nodeName: node.name, op: node.op,
                            field: "input[1]", message: "changing layout needs a constant weight")
                    }
                    var copy = try permute(tensor, weightPerm, graph: graph.name, nodeIndex: index, node: node)
                    copy.name = fresh(weight + (to == channelLastDomain ? "_ohwi" : "_oihw"))
                    result.initializers.append(copy)
                    permuted[weight] = copy.name
                    inner.inputs[1] = copy.name
                }
            }
            // A channel-last PRelu's per-channel slope (any shape with C values) becomes [C, 1, 1],
            // which broadcasts over NCHW data as ONNX reads it.
            if node.op == "PRelu", to == "", node.inputs.count > 1, let slope = graph.initializer(named: node.inputs[1]),
                let count = slope.elementCount, count > 1, slope.shape != [count, 1, 1]
            {
                var copy = slope
                copy.shape = [count, 1, 1]
                copy.name = fresh(slope.name + "_c11")
                result.initializers.append(copy)
                inner.inputs[1] = copy.name
            }
            let inside = fresh("\(node.outputs[0])_\(to == channelLastDomain ? "nhwc" : "nchw")")
            let output = node.outputs[0]
            inner.outputs[0] = inside
            describe(output, as: inside, enter)
            result.nodes.append(inner)
            result.nodes.append(transpose(base + "_out", inside, output, leave))
        }
        // Drop initializers nothing reads any more (weights replaced by their permuted copies).
        var used = Set(result.outputs.map(\.name))
        for node in result.nodes { used.formUnion(node.inputs) }
        let inputNames = Set(result.inputs.map(\.name))
        result.initializers.removeAll { !used.contains($0.name) && !inputNames.contains($0.name) }
        return result
    }

    static func transpose(_ name: String, _ input: String, _ output: String, _ perm: [Int64]) -> Node {
        Node(name: name, op: "Transpose", inputs: [input], outputs: [output], attributes: [.named("perm", .ints(perm))])
    }

    /// Elementwise ops with one data input that commute with any transpose.
    static let elementwiseUnary: Set<String> = [
        "Relu", "Sigmoid", "Tanh", "Clip", "Elu", "LeakyRelu", "HardSwish", "HardSigmoid", "Softplus", "Softsign",
        "Abs", "Neg", "Sqrt", "Erf", "Gelu", "Exp", "Log",
    ]

    /// Moves a Transpose below the elementwise one-input op it feeds (`U(T(x))` becomes `T(U(x))`) when
    /// the transposed value feeds only that op, so the transposes the layout passes put around
    /// Conv → Relu → Conv meet and cancel. Value names stay where readers expect them; the value
    /// between the two ops changes layout, so its type information is dropped.
    public static func sinkTransposes(_ graph: Graph) -> Graph {
        var g = graph
        var changed = true
        while changed {
            changed = false
            var uses: [String: Int] = [:]
            for node in g.nodes { for input in node.inputs { uses[input, default: 0] += 1 } }
            for value in g.outputs { uses[value.name, default: 0] += 1 }
            var producer: [String: Int] = [:]
            for (i, node) in g.nodes.enumerated() { for output in node.outputs { producer[output] = i } }
            for (j, op) in g.nodes.enumerated() where op.domain == "" && elementwiseUnary.contains(op.op) && op.outputs.count == 1 {
                guard let mid = op.inputs.first, uses[mid] == 1, let i = producer[mid], i < j else { continue }
                let t = g.nodes[i]
                guard t.op == "Transpose", t.domain == "", t.outputs.count == 1, let x = t.inputs.first else { continue }
                // Other inputs (Clip's bounds) must be scalars that need no transposing.
                let extras = op.inputs.dropFirst().filter { !$0.isEmpty }
                guard extras.allSatisfy({ g.initializer(named: $0)?.elementCount == 1 }) else { continue }
                var moved = op
                moved.inputs[0] = x
                moved.outputs = [mid]
                var transpose = t
                transpose.inputs = [mid]
                transpose.outputs = op.outputs
                g.nodes[i] = moved
                g.nodes[j] = transpose
                g.valueInfo.removeAll { $0.name == mid }
                changed = true
                break
            }
        }
        return g
    }

    /// Removes pairs of Transposes whose perms compose to the identity: `y = T2(T1(x))` becomes `x`
    /// under the name `y` (the producer of `x` writes `y`) when `x` and `T1`'s output feed nothing
    /// else and `x` is a node output; otherwise readers of `y` read `x`, unless `y` is a graph output.
    public static func cancelTransposes(_ graph: Graph) throws(ConversionError) -> Graph {
        var g = graph
        var changed = true
        while changed {
            changed = false
            var uses: [String: Int] = [:]
            for node in g.nodes { for input in node.inputs { uses[input, default: 0] += 1 } }
            for value in g.outputs { uses[value.name, default: 0] += 1 }
            var producer: [String: Int] = [:]
            for (i, node) in g.nodes.enumerated() { for output in node.outputs { producer[output] = i } }
            let outputNames = Set(g.outputs.map(\.name))
            for (j, outer) in g.nodes.enumerated() where outer.op == "Transpose" && outer.domain == "" {
                guard let mid = outer.inputs.first, let i = producer[mid] else { continue }
                let first = g.nodes[i]
                guard first.op == "Transpose", first.domain == "", let x = first.inputs.first, let y = outer.outputs.first,
                    case .ints(let p1)? = first.attribute(named: "perm"), case .ints(let p2)? = outer.attribute(named: "perm"),
                    p1.count == p2.count, composesToIdentity(p1, p2)
                else { continue }
                if uses[mid, default: 0] > 1 {
                    // The first transpose feeds others too: only this reader's inverse goes.
                    guard !outputNames.contains(y) else { continue }
                    for n in g.nodes.indices { g.nodes[n].inputs = g.nodes[n].inputs.map { $0 == y ? x : $0 } }
                    g.nodes.remove(at: j)
                    g.valueInfo.removeAll { $0.name == y }
                    changed = true
                    break
                }
                if let k = producer[x], uses[x] == 1, !outputNames.contains(x) {
                    // x's producer now writes y; both transposes go.
                    if let slot = g.nodes[k].outputs.firstIndex(of: x) { g.nodes[k].outputs[slot] = y }
                    g.valueInfo.removeAll { $0.name == x }
                } else if !outputNames.contains(y) {
                    for n in g.nodes.indices { g.nodes[n].inputs = g.nodes[n].inputs.map { $0 == y ? x : $0 } }
                } else {
                    continue
                }
                g.nodes.remove(at: max(i, j))
                g.nodes.remove(at: min(i, j))
                g.valueInfo.removeAll { $0.name == mid }
                changed = true
                break
            }
        }
        // Transposes whose every reader went with the pairs above.
        while true {
            var read = Set(g.outputs.map(\.name))
            for node in g.nodes { read.formUnion(node.inputs) }
            let before = g.nodes.count
            g.nodes.removeAll { $0.op == "Transpose" && $0.domain == "" && $0.outputs.allSatisfy { !read.contains($0) } }
            if g.nodes.count == before { break }
        }
        return g
    }

    static func composesToIdentity(_ first: [Int64], _ second: [Int64]) -> Bool {
        // Output axis k of the second reads axis second[k] of the first's output, which is first[second[k]].
        for (k, axis) in second.enumerated() {
            guard axis >= 0, Int(axis) < first.count, first[Int(axis)] == Int64(k) else { return false }
        }
        return true
    }

    /// `tensor` with its axes reordered: result axis k is source axis `perm[k]` (a copy).
    static func permute(_ tensor: Tensor, _ perm: [Int], graph: String, nodeIndex: Int, node: Node) throws(ConversionError) -> Tensor {
        func fail(_ message: String) -> ConversionError {
            ConversionError(.invalidShape, graph: graph, nodeIndex: nodeIndex, nodeName: node.name, op: node.op, field: "input[1]", message: message)
        }
        guard tensor.shape.count == perm.count else { throw fail("weight \(tensor.name) has rank \(tensor.shape.count), expected \(perm.count)") }
        guard let bytes = tensor.bytes, let width = tensor.dtype.bitWidth, width % 8 == 0, let count = tensor.elementCount,
            case let (size, overflow) = count.multipliedReportingOverflow(by: width / 8), !overflow, bytes.count == size
        else { throw fail("weight \(tensor.name) (\(tensor.dtype)) cannot be permuted") }
        return Tensor(name: tensor.name, dtype: tensor.dtype, shape: perm.map { tensor.shape[$0] },
            bytes: TensorBytes(bytes: permuteBytes(bytes.bytes, shape: tensor.shape, perm: perm, width: width / 8)))
    }

    /// Row-major element reorder; `shape` sizes are known to multiply without overflow.
    static func permuteBytes(_ source: [UInt8], shape: [Int], perm: [Int], width: Int) -> [UInt8] {
        let rank = shape.count
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        let outShape = perm.map { shape[$0] }
        let outStrides = perm.map { strides[$0] }
        var out = [UInt8](repeating: 0, count: source.count)
        guard !source.isEmpty else { return out }
        var index = [Int](repeating: 0, count: rank)
        var o = 0
        while true {
            var s = 0
            for k in 0..<rank { s += index[k] * outStrides[k] }
            for b in 0..<width { out[o * width + b] = source[s * width + b] }
            o += 1
            var k = rank - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < outShape[k] { break }
                index[k] = 0
                k -= 1
            }
            if k < 0 { break }
        }
        return out
    }
}
