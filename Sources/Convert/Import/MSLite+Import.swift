// MindSpore Lite (.ms MetaGraph) -> GraphIR lowering.
//
// Tensors become values named by `Tensor.name` (or `t<index>` when the name is empty or taken by an
// earlier tensor). A tensor no node writes and that is no model input is a constant: it becomes an
// initializer when an op reads it as data, or is folded into an attribute when the op table says the
// operand is an attribute in ONNX (Transpose's perm, Gather's axis …). Ops go through MSLiteOpTable;
// channel-last ops come out as `LayoutPass.channelLastDomain` nodes that `LayoutPass.toChannelFirst`
// then turns into NCHW GraphIR, so the model's own inputs keep the layout Lite declares (NHWC for
// images). An op with no row, or a field value the row cannot express, is a located ConversionError.

import Formats
import GraphIR

/// Lowers MindSpore Lite documents to GraphIR.
public enum MSLiteImporter {
    /// The GraphIR model of `document` (`""` opset 17, or 20 when a Gelu is present).
    /// - Throws: `ConversionError` naming the node (index, name, op) that cannot be lowered.
    public static func importModel(_ document: MSLiteDocument) throws(ConversionError) -> Model {
        guard document.subGraphs.count <= 1 else {
            throw ConversionError(.unsupportedOp, format: .mslite, field: "subGraph",
                message: "\(document.subGraphs.count) subgraphs (control flow) have no GraphIR lowering here")
        }
        let importer = try MSLiteGraphImporter(document)
        var graph = try importer.run()
        graph = try LayoutPass.toChannelFirst(graph)
        var opsets = OrderedMap<String, Int>()
        opsets[""] = graph.nodes.contains { $0.op == "Gelu" } ? 20 : 17
        var version = ""
        if let text = document.version, text.hasPrefix("MindSpore Lite ") { version = String(text.dropFirst(15)) }
        return Model(graph: graph, producerName: "MindSpore Lite", producerVersion: version, opsetImports: opsets)
    }
}

/// What an import function sees of one Lite node.
final class MSLiteImportContext {
    let node: MSLiteNode
    let index: Int
    let primitive: MSLitePrimitive
    fileprivate unowned let importer: MSLiteGraphImporter

    fileprivate init(node: MSLiteNode, index: Int, primitive: MSLitePrimitive, importer: MSLiteGraphImporter) {
        self.node = node
        self.index = index
        self.primitive = primitive
        self.importer = importer
    }

    var op: String { primitive.name }
    var name: String { node.name ?? "" }

    func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(code, format: .mslite, graph: importer.graphName, nodeIndex: index, nodeName: node.name, op: op,
            field: field, message: message)
    }

    var inputCount: Int { node.inputIndex.count }

    private func tensorIndex(_ i: Int) throws(ConversionError) -> Int {
        guard node.inputIndex.indices.contains(i) else { throw error(.invalidInput, "input[\(i)]", "\(op) needs input \(i)") }
        return Int(node.inputIndex[i])
    }

    /// The value name of input `i` (a constant becomes an initializer on first use).
    func input(_ i: Int) throws(ConversionError) -> String {
        let t = try tensorIndex(i)
        return try importer.useAsValue(t, self, field: "input[\(i)]")
    }

    /// The Lite tensor input `i` reads.
    func tensor(_ i: Int) throws(ConversionError) -> MSLiteTensor {
        importer.document.tensors[try tensorIndex(i)]
    }

    /// The Lite tensor at index `t` of `allTensors` (checked when the importer started).
    func importerTensor(_ t: Int) -> MSLiteTensor { importer.document.tensors[t] }

    func isConstant(_ i: Int) -> Bool {
        guard node.inputIndex.indices.contains(i) else { return false }
        return importer.constants.contains(Int(node.inputIndex[i]))
    }

    /// The integer elements of constant input `i` (int32 or int64 data).
    func ints(_ i: Int) throws(ConversionError) -> [Int64] {
        let field = "input[\(i)]"
        guard isConstant(i) else { throw error(.invalidInput, field, "input \(i) of \(op) must be a constant") }
        let t = try tensor(i)
        let width: Int
        switch t.dataType {
        case 31, 34: width = 4
        case 35: width = 8
        default: throw error(.unsupportedDType, field, "input \(i) of \(op) must hold int32 or int64, not TypeId \(t.dataType)")
        }
        let bytes = t.data.bytes
        guard bytes.count % width == 0 else { throw error(.data, field, "\(bytes.count) bytes is no whole number of elements") }
        return stride(from: 0, to: bytes.count, by: width).map { at in
            var bits: UInt64 = 0
            for k in 0..<width { bits |= UInt64(bytes[at + k]) << UInt64(8 * k) }
            return width == 4 ? Int64(Int32(truncatingIfNeeded: bits)) : Int64(bitPattern: bits)
        }
    }

    /// The value name of output `i`.
    func output(_ i: Int) throws(ConversionError) -> String {
        guard node.outputIndex.indices.contains(i) else { throw error(.invalidModel, "output[\(i)]", "\(op) needs output \(i)") }
        return importer.names[Int(node.outputIndex[i])]
    }

    var outputCount: Int { node.outputIndex.count }

    func allOutputs() throws(ConversionError) -> [String] {
        var names: [String] = []
        for i in 0..<outputCount { names.append(try output(i)) }
        return names
    }

    // MARK: Fields

    func int(_ field: String) throws(ConversionError) -> Int64 {
        guard let value = primitive.scalar(field)?.integerValue else { throw error(.invalidAttribute, field, "\(op).\(field) is not an integer") }
        return value
    }

    func float(_ field: String) throws(ConversionError) -> Float {
        guard let value = primitive.scalar(field)?.doubleValue else { throw error(.invalidAttribute, field, "\(op).\(field) is not a number") }
        return Float(value)
    }

    func bool(_ field: String) throws(ConversionError) -> Bool { try int(field) != 0 }

    /// An integer vector field; absent reads as empty.
    func ints(_ field: String) throws(ConversionError) -> [Int64] {
        guard let value = primitive[field] else { return [] }
        guard let list = value.integers else { throw error(.invalidAttribute, field, "\(op).\(field) is not an integer list") }
        return list
    }

    // MARK: Building

    /// A fresh value name starting with `base`.
    func fresh(_ base: String) -> String { importer.fresh(base) }

    /// Adds an int64 initializer (e.g. an ONNX shape or axes operand) and returns its name.
    func int64Constant(_ base: String, _ values: [Int64]) -> String {
        addInitializer(base, .int64, [values.count], values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })
    }

    func float32Scalar(_ base: String, _ value: Float) -> String {
        addInitializer(base, .float32, [], MindIRTensors.float32Bytes([value]))
    }

    func addInitializer(_ base: String, _ dtype: DType, _ shape: [Int], _ bytes: [UInt8]) -> String {
        let name = fresh((name.isEmpty ? op : name) + "_" + base)
        importer.initializers.append(Tensor(name: name, dtype: dtype, shape: shape, bytes: TensorBytes(bytes: bytes)))
        return name
    }

    func emit(_ op: String, domain: String = "", _ inputs: [String], _ outputs: [String], _ attributes: [Attribute] = [], suffix: String = "") {
        importer.nodes.append(Node(name: name + suffix, op: op, domain: domain, inputs: inputs, outputs: outputs, attributes: attributes))
    }

    /// Emits `op` whose single output is Lite output 0, followed by the fused `activation_type` when set.
    func emitActivated(_ op: String, domain: String = "", _ inputs: [String], _ attributes: [Attribute] = []) throws(ConversionError) {
        let out = try output(0)
        let type = try int("activation_type")
        if type == 0 {
            emit(op, domain: domain, inputs, [out], attributes)
            return
        }
        let inner = fresh(out + "_preact")
        emit(op, domain: domain, inputs, [inner], attributes)
        try MSLiteActivations.importActivation(self, type: type, alpha: 0, min: 0, max: 0, approximate: false, input: inner, output: out,
            suffix: "_act", field: "activation_type")
    }
}

final class MSLiteGraphImporter {
    let document: MSLiteDocument
    let graphName: String
    var names: [String] = []
    var constants: Set<Int> = []
    var nodes: [Node] = []
    var initializers: [Tensor] = []
    private var used = FreshNames()
    private var materialized: Set<Int> = []

    init(_ document: MSLiteDocument) throws(ConversionError) {
        self.document = document
        graphName = document.subGraphs.first?.name ?? document.name ?? "main"
        var seen: Set<String> = []
        for (i, tensor) in document.tensors.enumerated() {
            var name = tensor.name ?? ""
            if name.isEmpty || seen.contains(name) { name = "t\(i)" }
            while seen.contains(name) { name += "_" }
            seen.insert(name)
            names.append(name)
        }
        used = FreshNames(seen)
        var produced: Set<Int> = []
        for (n, node) in document.nodes.enumerated() {
            for t in node.inputIndex + node.outputIndex where Int(t) >= document.tensors.count {
                throw ConversionError(.invalidModel, format: .mslite, graph: graphName, nodeIndex: n, nodeName: node.name,
                    op: node.primitive?.name, field: "inputIndex", message: "tensor index \(t) past the \(document.tensors.count) tensors")
            }
            for t in node.outputIndex { produced.insert(Int(t)) }
        }
        for t in document.inputIndex + document.outputIndex where Int(t) >= document.tensors.count {
            throw ConversionError(.invalidModel, format: .mslite, graph: graphName, field: "inputIndex",
                message: "model I/O tensor index \(t) past the \(document.tensors.count) tensors")
        }
        let inputs = Set(document.inputIndex.map(Int.init))
        for i in document.tensors.indices where !produced.contains(i) && !inputs.contains(i) { constants.insert(i) }
    }

    func fresh(_ base: String) -> String { used.fresh(base) }

    func dtype(_ typeId: Int32, field: String, node: Int? = nil) throws(ConversionError) -> DType {
        guard let name = MSLiteDataType.name(typeId), let dtype = DType(rawValue: name) else {
            throw ConversionError(.unsupportedDType, format: .mslite, graph: graphName, nodeIndex: node, field: field,
                message: "TypeId \(typeId) has no GraphIR element type")
        }
        return dtype
    }

    func value(_ t: Int) throws(ConversionError) -> Value {
        let tensor = document.tensors[t]
        let shape = Shape(tensor.dims.map { $0 < 0 ? Dimension.unknown : .fixed(Int($0)) })
        return Value(name: names[t], dtype: try dtype(tensor.dataType, field: "allTensors[\(t)].dataType"), shape: shape)
    }

    /// The value name for tensor `t`; a constant becomes an initializer (a view of the file's bytes).
    func useAsValue(_ t: Int, _ c: MSLiteImportContext, field: String) throws(ConversionError) -> String {
        guard constants.contains(t), !materialized.contains(t) else { return names[t] }
        let tensor = document.tensors[t]
        let dtype = try dtype(tensor.dataType, field: "allTensors[\(t)].dataType", node: c.index)
        let shape = tensor.dims.map { Int($0) }
        guard tensor.externalData.isEmpty, tensor.weightQuantCompressType == 0, !tensor.enableHuffmanCode else {
            throw c.error(.data, field, "constant \(names[t]) uses external, compressed or Huffman-coded data")
        }
        let initializer = Tensor(name: names[t], dtype: dtype, shape: shape, bytes: TensorBytes(tensor.data))
        do {
            try initializer.validate()
        } catch {
            throw c.error(.data, field, "constant \(names[t]): \(error.message)")
        }
        initializers.append(initializer)
        materialized.insert(t)
        return names[t]
    }

    func run() throws(ConversionError) -> Graph {
        var order: [Int] = Array(document.nodes.indices)
        if let sub = document.subGraphs.first, !sub.nodeIndices.isEmpty {
            order = []
            for n in sub.nodeIndices {
                guard Int(n) < document.nodes.count else {
                    throw ConversionError(.invalidModel, format: .mslite, graph: graphName, field: "subGraph[0].nodeIndices",
                        message: "node index \(n) past the \(document.nodes.count) nodes")
                }
                order.append(Int(n))
            }
        }
        for n in order {
            let node = document.nodes[n]
            guard let primitive = node.primitive else {
                throw ConversionError(.invalidModel, format: .mslite, graph: graphName, nodeIndex: n, nodeName: node.name,
                    field: "primitive", message: "the node has no primitive")
            }
            let context = MSLiteImportContext(node: node, index: n, primitive: primitive, importer: self)
            guard let rule = MSLiteOpTable.importRule(primitive.name) else {
                throw context.error(.unsupportedOp, nil, "\(primitive.name) has no GraphIR lowering")
            }
            if node.quantType != 0 && primitive.name != "QuantDTypeCast" {
                throw context.error(.unsupportedAttribute, "quantType", "quantized nodes (quantType \(node.quantType)) have no lowering here")
            }
            try rule.importOp(context)
        }
        var inputs: [Value] = []
        for t in document.inputIndex { inputs.append(try value(Int(t))) }
        var outputs: [Value] = []
        for t in document.outputIndex { outputs.append(try value(Int(t))) }
        let io = Set(document.inputIndex.map(Int.init) + document.outputIndex.map(Int.init))
        var valueInfo: [Value] = []
        let produced = Set(document.nodes.flatMap(\.outputIndex).map(Int.init))
        for t in document.tensors.indices where produced.contains(t) && !io.contains(t) && !document.tensors[t].dims.isEmpty {
            let nodeOutputs = Set(nodes.flatMap(\.outputs))
            if nodeOutputs.contains(names[t]) { valueInfo.append(try value(t)) }
        }
        // One Lite node may become several GraphIR nodes; ONNX wants node names unique.
        var seen: Set<String> = []
        for n in nodes.indices where !nodes[n].name.isEmpty {
            var name = nodes[n].name
            var k = 1
            while seen.contains(name) {
                name = "\(nodes[n].name)_\(k)"
                k += 1
            }
            seen.insert(name)
            nodes[n].name = name
        }
        return Graph(name: graphName, inputs: inputs, outputs: outputs, nodes: nodes, valueInfo: valueInfo, initializers: initializers)
    }
}
