// AIR (ge.proto.ModelDef) -> GraphIR lowering.
//
// graph[0] is the model. `Data` ops become graph inputs (ordered by attr index, then file
// order), `Const` ops become initializers (views of the file's bytes) unless every use reads
// them as an attribute (a ConcatV2 axis, for example), `NetOutput`'s inputs become the graph
// outputs, and every other op goes through AIROpTable. A value is named by its producer's
// output descriptor name when it has one (what our exporter writes), otherwise `<op>:<index>`.
// What descriptors say about other values' types becomes `valueInfo`.
//
// Control edges (`op:-1`) only order execution and have no GraphIR form; they are not kept.
// Anything the table does not map is a located ConversionError naming the op.

import Foundation
import Formats
import GraphIR

/// Lowers AIR documents to GraphIR.
public enum AIRImporter {
    /// The GraphIR model for `document`'s main graph. Opset imports are `""` 17 (20 when a Gelu
    /// is present) plus `com.mindspore` 1 when a MindSpore-domain op is present.
    /// - Throws: `ConversionError` naming the op (index, name, type) that cannot be lowered.
    public static func importModel(_ document: AIRDocument) throws(ConversionError) -> Model {
        guard let graph = document.model.graph.first else {
            throw ConversionError(.invalidModel, format: .air, field: "graph", message: "the model has no graph")
        }
        let importer = AIRGraphImporter(graph: graph, document: document)
        let result = try importer.importGraph()
        var opsets = OrderedMap<String, Int>()
        opsets[""] = result.nodes.contains { $0.op == "Gelu" && $0.domain == "" } ? 20 : 17
        if result.nodes.contains(where: { $0.domain == AIROpTable.mindsporeDomain }) {
            opsets[AIROpTable.mindsporeDomain] = 1
        }
        var producer = ""
        if case .s(let data)? = document.model.attr["producer_name"]?.value {
            producer = String(decoding: data, as: UTF8.self)
        }
        return Model(
            graph: result, producerName: producer, producerVersion: document.model.customVersion,
            opsetImports: opsets)
    }
}

/// What an irregular import function sees: the op, and ways to read inputs, constants and attributes.
final class AIRImportContext {
    let op: Ge_Proto_OpDef
    let opIndex: Int
    private let importer: AIRGraphImporter

    fileprivate init(op: Ge_Proto_OpDef, opIndex: Int, importer: AIRGraphImporter) {
        self.op = op
        self.opIndex = opIndex
        self.importer = importer
    }

    var name: String { op.name }

    func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(
            code, format: .air, graph: importer.graph.name, nodeIndex: opIndex, nodeName: op.name, op: op.type,
            field: field, message: message)
    }

    /// Data inputs (control edges left out).
    var inputCount: Int { importer.dataInputs(of: op).count }

    /// The GraphIR value name input `index` reads.
    func input(_ index: Int) throws(ConversionError) -> String {
        let inputs = importer.dataInputs(of: op)
        guard inputs.indices.contains(index) else {
            throw error(.invalidInput, "input[\(index)]", "\(op.type) needs input \(index)")
        }
        return try importer.valueName(inputs[index], self, field: "input[\(index)]")
    }

    /// Every data input's value name, in order.
    func allInputs() throws(ConversionError) -> [String] {
        var names: [String] = []
        for index in 0..<inputCount { names.append(try input(index)) }
        return names
    }

    /// The constant tensor input `index` reads (its producer must be a Const op).
    func constant(_ index: Int) throws(ConversionError) -> Tensor {
        let inputs = importer.dataInputs(of: op)
        guard inputs.indices.contains(index) else {
            throw error(.invalidInput, "input[\(index)]", "\(op.type) needs input \(index)")
        }
        guard let tensor = importer.constants[inputs[index].op] else {
            throw error(.invalidInput, "input[\(index)]", "input \(index) of \(op.type) must come from a Const op")
        }
        return tensor
    }

    /// Value names for outputs 0..<count: unused outputs without a recorded name are "".
    func outputs(_ count: Int) -> [String] { (0..<count).map { importer.outputName(op, $0) } }

    /// Refuses uses of outputs from `count` on (e.g. BatchNorm's batch statistics).
    func requireUnused(from count: Int) throws(ConversionError) {
        for index in count..<max(count, op.outputDesc.count, importer.maxUsedOutput[op.name].map { $0 + 1 } ?? 0)
        where importer.isUsed(op.name, index) {
            throw error(.unsupportedOp, "output[\(index)]", "output \(index) of \(op.type) has no GraphIR equivalent")
        }
    }

    /// The recorded shape of input `index` (this op's input descriptor, else the producer's
    /// output descriptor), if any records one.
    func shape(ofInput index: Int) -> Shape? {
        if op.inputDesc.indices.contains(index), let shape = AIRTypes.valueType(op.inputDesc[index]).shape {
            return shape
        }
        let inputs = importer.dataInputs(of: op)
        guard inputs.indices.contains(index), let producer = importer.opsByName[inputs[index].op],
            producer.outputDesc.indices.contains(inputs[index].index)
        else { return nil }
        return AIRTypes.valueType(producer.outputDesc[inputs[index].index]).shape
    }

    /// Whether input `index` comes from a Const op.
    func isConstant(_ index: Int) -> Bool {
        let inputs = importer.dataInputs(of: op)
        return inputs.indices.contains(index) && importer.constants[inputs[index].op] != nil
    }

    /// Adds an initializer named `<op name>/<suffix>` (with `_1`, `_2` … where a value of the
    /// graph already has that name: our own AIR writer names Consts the same way) and returns its name.
    func addInitializer(_ suffix: String, _ tensor: Tensor) -> String {
        var tensor = tensor
        tensor.name = importer.freshValueName("\(op.name)/\(suffix)")
        importer.extraInitializers.append(tensor)
        return tensor.name
    }

    // MARK: Attributes

    func attr(_ name: String) -> Ge_Proto_AttrDef.OneOf_Value? { op.attr[name]?.value }

    func int(_ name: String, default value: Int64? = nil) throws(ConversionError) -> Int64 {
        switch attr(name) {
        case .i(let v)?: return v
        case nil:
            if let value { return value }
            throw error(.invalidAttribute, "attr.\(name)", "required attribute \(name) is missing")
        default: throw error(.invalidAttribute, "attr.\(name)", "\(name) must be an int")
        }
    }

    func bool(_ name: String, default value: Bool) throws(ConversionError) -> Bool {
        switch attr(name) {
        case .b(let v)?: return v
        case nil: return value
        default: throw error(.invalidAttribute, "attr.\(name)", "\(name) must be a bool")
        }
    }

    func float(_ name: String, default value: Float? = nil) throws(ConversionError) -> Float {
        switch attr(name) {
        case .f(let v)?: return v
        case nil:
            if let value { return value }
            throw error(.invalidAttribute, "attr.\(name)", "required attribute \(name) is missing")
        default: throw error(.invalidAttribute, "attr.\(name)", "\(name) must be a float")
        }
    }

    func ints(_ name: String) throws(ConversionError) -> [Int64]? {
        switch attr(name) {
        case .list(let list)?: return list.i
        case nil: return nil
        default: throw error(.invalidAttribute, "attr.\(name)", "\(name) must be a list of ints")
        }
    }

    func string(_ name: String) throws(ConversionError) -> String? {
        switch attr(name) {
        case .s(let data)?: return String(decoding: data, as: UTF8.self)
        case nil: return nil
        default: throw error(.invalidAttribute, "attr.\(name)", "\(name) must be a string")
        }
    }
}

/// Imports one graph; a class so that import contexts can add initializers.
final class AIRGraphImporter {
    let graph: Ge_Proto_GraphDef
    let document: AIRDocument
    var opsByName: [String: Ge_Proto_OpDef] = [:]
    var opPosition: [String: Int] = [:]
    /// Const op name → its tensor.
    var constants: [String: Tensor] = [:]
    /// (op, output index) pairs some op or NetOutput reads.
    var used: Set<String> = []
    var maxUsedOutput: [String: Int] = [:]
    var extraInitializers: [Tensor] = []
    /// The names an added initializer must not take: every op's name and recorded output names,
    /// except those of Consts read only as attributes (they become no value), and the
    /// initializers added so far.
    private var takenNames: Set<String> = []

    init(graph: Ge_Proto_GraphDef, document: AIRDocument) {
        self.graph = graph
        self.document = document
    }

    /// `wanted`, or `wanted_1`, `wanted_2` … when a value already has that name.
    func freshValueName(_ wanted: String) -> String {
        var name = wanted
        var counter = 0
        while takenNames.contains(name) {
            counter += 1
            name = "\(wanted)_\(counter)"
        }
        takenNames.insert(name)
        return name
    }

    func dataInputs(of op: Ge_Proto_OpDef) -> [AIRInputReference] {
        op.input.compactMap { AIRInputReference($0) }.filter { !$0.isControl }
    }

    func isUsed(_ op: String, _ index: Int) -> Bool { used.contains("\(op)\u{0}\(index)") }

    func outputName(_ op: Ge_Proto_OpDef, _ index: Int) -> String {
        if op.outputDesc.indices.contains(index), !op.outputDesc[index].name.isEmpty { return op.outputDesc[index].name }
        if op.type == "Data" || op.type == "Const" || op.type == "Constant", index == 0 { return op.name }
        return isUsed(op.name, index) ? "\(op.name):\(index)" : ""
    }

    func valueName(_ reference: AIRInputReference, _ context: AIRImportContext?, field: String) throws(ConversionError) -> String {
        guard let producer = opsByName[reference.op] else {
            let message = "input '\(reference)' names no op"
            if let context { throw context.error(.invalidInput, field, message) }
            throw ConversionError(.invalidInput, format: .air, graph: graph.name, field: field, message: message)
        }
        if let context, let position = opPosition[reference.op], position >= context.opIndex {
            throw context.error(.invalidModel, field, "input '\(reference)' is produced later; ops must be in topological order")
        }
        return outputName(producer, reference.index)
    }

    func tensor(of op: Ge_Proto_OpDef, index: Int) throws(ConversionError) -> Tensor {
        guard case .t(let def)? = op.attr["value"]?.value else {
            throw ConversionError(
                .invalidModel, format: .air, graph: graph.name, nodeIndex: index, nodeName: op.name, op: op.type,
                field: "attr.value", message: "a Const op needs a tensor attribute value")
        }
        guard let dtype = AIRTypes.dtype(def.desc.dtype), dtype != .string else {
            throw ConversionError(
                .unsupportedDType, format: .air, graph: graph.name, nodeIndex: index, nodeName: op.name, op: op.type,
                field: "attr.value", message: "GE data type \(def.desc.dtype.rawValue) has no GraphIR equivalent")
        }
        let shape = def.desc.shape.dim.map { Int(clamping: $0) }
        return Tensor(name: outputName(op, 0), dtype: dtype, shape: shape, bytes: document.dataBytes(of: def))
    }

    func importGraph() throws(ConversionError) -> Graph {
        for (index, op) in graph.op.enumerated() {
            guard opsByName[op.name] == nil else {
                throw ConversionError(
                    .invalidModel, format: .air, graph: graph.name, nodeIndex: index, nodeName: op.name, op: op.type,
                    field: "name", message: "op name '\(op.name)' is used twice")
            }
            opsByName[op.name] = op
            opPosition[op.name] = index
        }
        // Which outputs are read, and which Consts are read only as attributes.
        var plainUse: Set<String> = []
        var anyUse: Set<String> = []
        for op in graph.op {
            let inputs = dataInputs(of: op)
            let folded = Set(AIROpTable.row(geType: op.type)?.irregular?.foldedInputs(inputs.count) ?? [])
            for (position, input) in inputs.enumerated() {
                used.insert("\(input.op)\u{0}\(input.index)")
                maxUsedOutput[input.op] = max(maxUsedOutput[input.op] ?? 0, input.index)
                anyUse.insert(input.op)
                if !folded.contains(position) { plainUse.insert(input.op) }
            }
        }
        for op in graph.op {
            let constant = op.type == "Const" || op.type == "Constant"
            guard !constant || plainUse.contains(op.name) || !anyUse.contains(op.name) else { continue }
            takenNames.insert(op.name)
            for desc in op.outputDesc where !desc.name.isEmpty { takenNames.insert(desc.name) }
        }
        var result = Graph(name: graph.name)
        var dataOps: [(index: Int64, position: Int, value: Value)] = []
        var names: Set<String> = []
        var valueInfo: [Value] = []
        var outputs: [Value] = []
        var sawOutput = false
        for (index, op) in graph.op.enumerated() {
            switch op.type {
            case "Data":
                let context = AIRImportContext(op: op, opIndex: index, importer: self)
                let position = try context.int("index", default: Int64(dataOps.count))
                let desc = op.outputDesc.first ?? op.inputDesc.first ?? Ge_Proto_TensorDescriptor()
                let name = outputName(op, 0)
                try claim(name, &names, context)
                dataOps.append((position, index, Value(name: name, type: AIRTypes.valueType(desc))))
            case "Const", "Constant":
                let tensor = try self.tensor(of: op, index: index)
                constants[op.name] = tensor
                if plainUse.contains(op.name) || !anyUse.contains(op.name) {
                    try claim(tensor.name, &names, AIRImportContext(op: op, opIndex: index, importer: self))
                    result.initializers.append(tensor)
                }
            case "NetOutput":
                let context = AIRImportContext(op: op, opIndex: index, importer: self)
                guard !sawOutput else { throw context.error(.invalidModel, nil, "a graph has one NetOutput") }
                sawOutput = true
                for (position, reference) in dataInputs(of: op).enumerated() {
                    let name = try valueName(reference, context, field: "input[\(position)]")
                    let desc = op.inputDesc.indices.contains(position) ? op.inputDesc[position] : Ge_Proto_TensorDescriptor()
                    outputs.append(Value(name: name, type: AIRTypes.valueType(desc)))
                }
            default:
                let context = AIRImportContext(op: op, opIndex: index, importer: self)
                guard let row = AIROpTable.row(geType: op.type) else {
                    throw context.error(.unsupportedOp, nil, "GE op \(op.type) has no GraphIR mapping")
                }
                let before = extraInitializers.count
                let nodes: [Node]
                if let irregular = row.irregular {
                    nodes = try irregular.importOp(context)
                } else {
                    var node = Node(name: op.name, op: row.op, domain: row.domain, inputs: try context.allInputs(), outputs: context.outputs(1))
                    try context.requireUnused(from: 1)
                    for rule in row.attributes {
                        node.attributes.append(Attribute(name: rule.name, value: try AIRAttributeRules.importValue(rule, context)))
                    }
                    nodes = [node]
                }
                for tensor in extraInitializers[before...] {
                    try claim(tensor.name, &names, context)
                    result.initializers.append(tensor)
                }
                for node in nodes {
                    for output in node.outputs where !output.isEmpty {
                        try claim(output, &names, context)
                    }
                    result.nodes.append(node)
                }
                for (position, desc) in op.outputDesc.enumerated() {
                    let name = outputName(op, position)
                    let type = AIRTypes.valueType(desc)
                    guard !name.isEmpty, type.dtype != nil || type.shape != nil else { continue }
                    valueInfo.append(Value(name: name, type: type))
                }
            }
        }
        result.inputs = dataOps.sorted { ($0.index, $0.position) < ($1.index, $1.position) }.map(\.value)
        result.outputs = outputs
        let outputNames = Set(outputs.map(\.name))
        result.valueInfo = valueInfo.filter { !outputNames.contains($0.name) }
        return result
    }

    private func claim(_ name: String, _ names: inout Set<String>, _ context: AIRImportContext) throws(ConversionError) {
        guard names.insert(name).inserted else {
            throw context.error(.invalidModel, "output_desc", "value name '\(name)' is defined twice")
        }
    }
}
