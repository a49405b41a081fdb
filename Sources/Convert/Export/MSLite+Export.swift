// GraphIR -> MindSpore Lite (.ms MetaGraph) raising.
//
// `LayoutPass.toChannelLast` first turns the NCHW spatial ops into channel-last nodes between
// transposes (weights permuted to OHWI), so the Lite graph runs them NHWC as Lite's kernels expect
// while the model's inputs and outputs keep their GraphIR (NCHW) layout. Then every node goes
// through MSLiteOpTable. Values become `allTensors` entries named as in GraphIR: initializers as
// constants (nodeType ValueNode = 0, data a view of the initializer's bytes), everything else as
// activations (nodeType CNode = 2) with the dims GraphIR knows (-1 where a dimension is not fixed)
// and an element type from GraphIR's types or, where those say nothing, the type the op produces.
// Activations of unknown shape but known rank get -1 dims. Tensors read or written NHWC carry
// `format` NHWC (1), as the converter writes them; the rest NCHW (0).
// One subgraph lists every node and tensor. An op with no row is a located ConversionError.

import Formats
import GraphIR

/// Raises GraphIR models to MindSpore Lite documents.
public enum MSLiteExporter {
    /// The Lite document for `model`'s main graph (functions are not supported).
    /// - Throws: `ConversionError` naming the node (index, name, op) that has no Lite form.
    public static func exportModel(_ model: Model) throws(ConversionError) -> MSLiteDocument {
        guard model.functions.isEmpty else {
            throw ConversionError(.unsupportedOp, format: .mslite, graph: model.graph.name, field: "functions",
                message: "models with functions have no Lite form; inline them first")
        }
        let graph = try LayoutPass.toChannelLast(model.graph)
        let exporter = MSLiteGraphExporter(graph)
        return try exporter.run()
    }

    /// Encoded `.ms` bytes for `model`.
    public static func encodeModel(_ model: Model) throws(ConversionError) -> [UInt8] {
        let document = try exportModel(model)
        do {
            return try MSLiteCodec.encode(document)
        } catch {
            throw ConversionError(.invalidModel, format: .mslite, message: "\(error)")
        }
    }
}

/// A Lite op field value, converted to the schema's scalar kind when the op is built.
enum LiteField {
    case i(Int64)
    case f(Float)
    case b(Bool)
    case ints([Int64])
}

/// What an export function sees of one GraphIR node.
final class MSLiteExportContext {
    let node: Node
    let index: Int
    fileprivate unowned let exporter: MSLiteGraphExporter

    fileprivate init(node: Node, index: Int, exporter: MSLiteGraphExporter) {
        self.node = node
        self.index = index
        self.exporter = exporter
    }

    var channelLast: Bool { node.domain == LayoutPass.channelLastDomain }

    func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(code, format: .mslite, graph: exporter.graph.name, nodeIndex: index, nodeName: node.name, op: node.op,
            field: field, message: message)
    }

    func hasInput(_ i: Int) -> Bool { node.inputs.indices.contains(i) && !node.inputs[i].isEmpty }

    private func inputName(_ i: Int) throws(ConversionError) -> String {
        guard hasInput(i) else { throw error(.invalidInput, "input[\(i)]", "\(node.op) needs input \(i)") }
        return node.inputs[i]
    }

    /// The tensor index of input `i` (an initializer becomes a constant tensor on first use).
    func input(_ i: Int) throws(ConversionError) -> UInt32 {
        try exporter.tensor(for: try inputName(i), self, field: "input[\(i)]")
    }

    var outputCount: Int { node.outputs.count }

    func output(_ i: Int) throws(ConversionError) -> UInt32 {
        guard node.outputs.indices.contains(i), !node.outputs[i].isEmpty else {
            throw error(.invalidInput, "output[\(i)]", "\(node.op) output \(i) is not named")
        }
        return try exporter.tensor(for: node.outputs[i], self, field: "output[\(i)]")
    }

    /// The initializer input `i` names, if it names one.
    func initializer(_ i: Int) -> Tensor? {
        guard hasInput(i) else { return nil }
        return exporter.initializers[node.inputs[i]]
    }

    /// The integers of constant input `i` (int32 or int64).
    func ints(_ i: Int) throws(ConversionError) -> [Int64] {
        guard let t = initializer(i), let bytes = t.bytes?.bytes, t.dtype == .int64 || t.dtype == .int32 else {
            throw error(.invalidInput, "input[\(i)]", "input \(i) of \(node.op) must be a constant int32/int64 tensor for Lite")
        }
        let width = t.dtype == .int64 ? 8 : 4
        return stride(from: 0, to: bytes.count - bytes.count % width, by: width).map { at in
            var bits: UInt64 = 0
            for k in 0..<width { bits |= UInt64(bytes[at + k]) << UInt64(8 * k) }
            return width == 4 ? Int64(Int32(truncatingIfNeeded: bits)) : Int64(bitPattern: bits)
        }
    }

    /// A one-element float32, float16 or bfloat16 initializer's value (an fp16 model's Clip bounds).
    func floatScalar(_ i: Int) throws(ConversionError) -> Float? {
        guard let t = initializer(i), let values = MindIRTensors.floats(t), values.count == 1 else { return nil }
        return values[0]
    }

    /// Input `i`'s shape as the exporter knows it: GraphIR's value types, or what the layout pass's
    /// transposes give (the NHWC shape of a channel-last node's input).
    func shape(ofInput i: Int) -> Shape? {
        guard hasInput(i) else { return nil }
        return exporter.types[node.inputs[i]]?.shape ?? exporter.shapes[node.inputs[i]]
    }

    /// The element values of constant float32 input `i`.
    func floats(_ i: Int) -> [Float]? {
        guard let t = initializer(i), t.dtype == .float32 else { return nil }
        return MindIRTensors.floats(t)
    }

    func rank(ofInput i: Int) -> Int? {
        guard hasInput(i) else { return nil }
        return exporter.ranks[node.inputs[i]]
    }

    // MARK: Attributes

    func int(_ name: String, default value: Int64?) throws(ConversionError) -> Int64 {
        switch node.attribute(named: name) {
        case .int(let v)?: return v
        case nil:
            guard let value else { throw error(.invalidAttribute, "attribute.\(name)", "\(node.op) needs attribute \(name)") }
            return value
        default: throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be an int")
        }
    }

    func float(_ name: String, default value: Float) throws(ConversionError) -> Float {
        switch node.attribute(named: name) {
        case .float(let v)?: return v
        case nil: return value
        default: throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be a float")
        }
    }

    func string(_ name: String, default value: String) throws(ConversionError) -> String {
        switch node.attribute(named: name) {
        case nil: return value
        case let attribute?:
            guard let text = attribute.textValue else { throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be a string") }
            return text
        }
    }

    func ints(_ name: String) throws(ConversionError) -> [Int64]? {
        switch node.attribute(named: name) {
        case .ints(let v)?: return v
        case nil: return nil
        default: throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be a list of ints")
        }
    }

    // MARK: Building

    /// A new int32 constant tensor (Lite's form of shapes, perms and axes).
    func int32Constant(_ base: String, _ values: [Int64]) throws(ConversionError) -> UInt32 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for v in values {
            guard let narrow = Int32(exactly: v) else { throw error(.invalidAttribute, base, "\(v) does not fit Lite's int32 \(base)") }
            for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: narrow >> Int32(8 * k))) }
        }
        return try constant(base, typeId: 34, dims: [Int32(clamping: values.count)], bytes: bytes)
    }

    /// Input `i` as an int32 constant (converted from int64), or as it is when it is not constant.
    func int32Input(_ i: Int, _ base: String) throws(ConversionError) -> UInt32 {
        guard initializer(i) != nil else { return try input(i) }
        return try int32Constant(base, try ints(i))
    }

    func constant(_ base: String, typeId: Int32, dims: [Int32], bytes: [UInt8]) throws(ConversionError) -> UInt32 {
        exporter.addTensor(
            MSLiteTensor(name: exporter.fresh((node.name.isEmpty ? node.op : node.name) + "_" + base), dataType: typeId, dims: dims,
                format: 0, nodeType: 0, data: ByteView(bytes: bytes)))
    }

    /// A new activation tensor with the element type of tensor `like`.
    func intermediate(_ base: String, like: UInt32) -> UInt32 {
        let model = exporter.document.tensors[Int(like)]
        return exporter.addTensor(
            MSLiteTensor(name: exporter.fresh((node.name.isEmpty ? node.op : node.name) + "_" + base), dataType: model.dataType,
                dims: [], format: 0, nodeType: 2))
    }

    /// Sets tensor `tensor`'s `format` (Lite's runtime reads some weights' axes from it).
    func setFormat(_ tensor: UInt32, _ format: Int32) {
        exporter.document.tensors[Int(tensor)].format = format
    }

    func setQuantParams(_ tensor: UInt32, _ params: [MSLiteQuantParam]) {
        exporter.document.tensors[Int(tensor)].quantParams = params
    }

    func emit(_ op: String, _ fields: [String: LiteField], _ inputs: [UInt32], _ outputs: [UInt32], suffix: String = "") throws(ConversionError) {
        guard let type = MSLiteSchema.primitiveType(named: op), let table = MSLiteSchema.schema[op] else {
            throw error(.unsupportedOp, nil, "Lite has no op \(op)")
        }
        var object = FlatObject(table: op)
        for (name, value) in fields {
            guard let id = table.fields.firstIndex(where: { $0.name == name }) else {
                throw error(.invalidAttribute, name, "Lite's \(op) has no field \(name)")
            }
            switch (table.fields[id].type, value) {
            case (.scalar(let kind), .i(let v)): object[id] = .int(v, kind)
            case (.scalar(.float32), .f(let v)): object[id] = .float(v)
            case (.scalar(let kind), .b(let v)): object[id] = .int(v ? 1 : 0, kind)
            case (.vector(.int64), .ints(let v)): object[id] = .int64s(v)
            default: throw error(.invalidAttribute, name, "Lite's \(op).\(name) has another kind")
            }
        }
        var liteNode = MSLiteNode(name: node.name + suffix, primitive: MSLitePrimitive(type: type, value: .table(object)),
            inputIndex: inputs, outputIndex: outputs)
        liteNode.deviceType = -1
        exporter.document.nodes.append(liteNode)
        if channelLast {
            exporter.channelLastTensors.insert(inputs[0])
            for t in outputs { exporter.channelLastTensors.insert(t) }
            if op == "Conv2DFusion" { for t in inputs.dropFirst() { exporter.channelLastTensors.insert(t) } }
        }
    }
}

final class MSLiteGraphExporter {
    let graph: Graph
    var document = MSLiteDocument(name: nil)
    var initializers: [String: Tensor] = [:]
    var ranks: [String: Int] = [:]
    var types: [String: Value] = [:]
    var tensorIndex: [String: UInt32] = [:]
    var channelLastTensors: Set<UInt32> = []
    private var used = FreshNames()
    private var dtypes: [String: DType] = [:]

    init(_ graph: Graph) {
        self.graph = graph
        for tensor in graph.initializers { initializers[tensor.name] = tensor }
        ranks = LayoutPass.rankTable(graph)
        for value in graph.valueInfo + graph.inputs + graph.outputs { types[value.name] = value }
        used = FreshNames(graph: graph)
        document.name = graph.name
        // The converter's FmkType for MindSpore models (kFmkTypeMs = 3, what lite-convert passes for
        // MindIR): the source framework field is informational, and Lite 2.0.0 runs our files with it.
        document.fmkType = 3
    }

    func fresh(_ base: String) -> String { used.fresh(base) }

    func addTensor(_ tensor: MSLiteTensor) -> UInt32 {
        document.tensors.append(tensor)
        return UInt32(document.tensors.count - 1)
    }

    func typeId(_ dtype: DType, field: String, _ c: MSLiteExportContext?) throws(ConversionError) -> Int32 {
        guard let id = MSLiteDataType.typeId(forName: dtype.rawValue) else {
            let message = "\(dtype) has no Lite TypeId"
            if let c { throw c.error(.unsupportedDType, field, message) }
            throw ConversionError(.unsupportedDType, format: .mslite, graph: graph.name, field: field, message: message)
        }
        return id
    }

    func tensor(for name: String, _ c: MSLiteExportContext?, field: String) throws(ConversionError) -> UInt32 {
        if let index = tensorIndex[name] { return index }
        let index: UInt32
        if let constant = initializers[name] {
            guard let bytes = constant.bytes else {
                throw c?.error(.unsupportedDType, field, "string constants have no Lite form")
                    ?? ConversionError(.unsupportedDType, format: .mslite, message: "string constant \(name)")
            }
            var dims: [Int32] = []
            for size in constant.shape {
                guard let d = Int32(exactly: size) else {
                    throw c?.error(.invalidShape, field, "dimension \(size) of \(name) does not fit int32")
                        ?? ConversionError(.invalidShape, format: .mslite, message: "dimension \(size) of \(name)")
                }
                dims.append(d)
            }
            let data: ByteView = bytes.chunks.count == 1 ? bytes.chunks[0] : ByteView(bytes: bytes.bytes)
            index = addTensor(MSLiteTensor(name: name, dataType: try typeId(constant.dtype, field: field, c), dims: dims, format: 0,
                nodeType: 0, data: data))
        } else {
            guard let dtype = dtypes[name] ?? types[name]?.dtype else {
                throw c?.error(.invalidModel, field, "the element type of \(name) is not known")
                    ?? ConversionError(.invalidModel, format: .mslite, graph: graph.name, field: field, message: "the element type of \(name) is not known")
            }
            var dims: [Int32] = []
            if let shape = types[name]?.shape ?? shapes[name] {
                for dimension in shape.dimensions { dims.append(dimension.value.flatMap { Int32(exactly: $0) } ?? -1) }
            } else if let rank = ranks[name] {
                // Rank known, sizes not: -1 per dimension (the runtime infers sizes when it builds the
                // model; the rank tells our importer which layout a BatchNorm input has).
                dims = [Int32](repeating: -1, count: rank)
            }
            index = addTensor(MSLiteTensor(name: name, dataType: try typeId(dtype, field: field, c), dims: dims, format: 0, nodeType: 2))
        }
        tensorIndex[name] = index
        return index
    }

    /// The element type a node's outputs get when GraphIR's value types say nothing.
    func outputType(_ node: Node) -> DType? {
        switch node.op {
        case "Cast":
            if case .int(let to)? = node.attribute(named: "to"), let name = ONNXDataType(code: Int32(clamping: to))?.name { return DType(rawValue: name) }
            return nil
        case "Shape": return .int64
        case "DequantizeLinear": return .float32
        case "QuantizeLinear":
            if node.inputs.count > 2, let z = initializers[node.inputs[2]] { return z.dtype }
            return .uint8
        case "Equal", "Less", "Greater": return .bool
        case "Where": return node.inputs.count > 1 ? dtypeOf(node.inputs[1]) : nil
        default: return node.inputs.first.flatMap { dtypeOf($0) }
        }
    }

    /// Shapes the layout pass's transposes (and the elementwise ops around them) give values that
    /// GraphIR has no type for, so channel-last tensors get dims as Lite's converter writes them.
    var shapes: [String: Shape] = [:]

    func propagateShape(_ node: Node) {
        guard let out = node.outputs.first, types[out]?.shape == nil, let source = node.inputs.first,
            let shape = types[source]?.shape ?? shapes[source]
        else { return }
        if node.op == "Transpose", case .ints(let perm)? = node.attribute(named: "perm"), perm.count == shape.rank,
            perm.allSatisfy({ $0 >= 0 && Int($0) < shape.rank })
        {
            shapes[out] = Shape(perm.map { shape.dimensions[Int($0)] })
        } else if node.domain == LayoutPass.channelLastDomain && (node.op == "BatchNormalization" || node.op == "PRelu")
            || node.domain == "" && MSLiteActivations.exportOps.contains(node.op)
        {
            shapes[out] = shape
        }
    }

    func dtypeOf(_ name: String) -> DType? { dtypes[name] ?? types[name]?.dtype ?? initializers[name]?.dtype }

    func run() throws(ConversionError) -> MSLiteDocument {
        for input in graph.inputs where initializers[input.name] == nil {
            guard input.dtype != nil else {
                throw ConversionError(.invalidModel, format: .mslite, graph: graph.name, field: "inputs.\(input.name)",
                    message: "model input \(input.name) has no element type")
            }
            document.inputIndex.append(try tensor(for: input.name, nil, field: "inputs.\(input.name)"))
        }
        for (index, node) in graph.nodes.enumerated() {
            propagateShape(node)
            if let type = outputType(node) {
                for output in node.outputs where !output.isEmpty && types[output]?.dtype == nil { dtypes[output] = type }
            }
            let context = MSLiteExportContext(node: node, index: index, exporter: self)
            guard let rule = MSLiteOpTable.exportRule(op: node.op, domain: node.domain) else {
                let layout = LayoutPass.channelLastOps.contains(node.op) && node.domain == ""
                    ? " (Lite runs it channel-last only on 4-D data)" : ""
                throw context.error(.unsupportedOp, nil, "\(node.domain.isEmpty ? "" : node.domain + ".")\(node.op) has no Lite form\(layout)")
            }
            try rule.exportOp(context)
        }
        for output in graph.outputs {
            document.outputIndex.append(try tensor(for: output.name, nil, field: "outputs.\(output.name)"))
        }
        // NHWC format on what channel-last ops read and write, and on transposes into NHWC.
        for node in document.nodes where node.primitive?.name == "Transpose" {
            if node.inputIndex.count == 2, document.tensors[Int(node.inputIndex[1])].data.bytes == int32Bytes(LayoutPass.toNHWC) {
                channelLastTensors.formUnion(node.outputIndex)
            }
        }
        for t in channelLastTensors { document.tensors[Int(t)].format = 1 }
        document.subGraphs = [
            MSLiteSubGraph(
                name: graph.name.isEmpty ? "main" : graph.name, inputIndices: document.inputIndex, outputIndices: document.outputIndex,
                nodeIndices: (0..<UInt32(document.nodes.count)).map { $0 }, tensorIndices: (0..<UInt32(document.tensors.count)).map { $0 })
        ]
        return document
    }

    func int32Bytes(_ values: [Int64]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: Int32(truncatingIfNeeded: v) >> Int32(8 * $0)) } }
    }
}
