// GraphIR -> AIR (ge.proto.ModelDef) lowering.
//
// Every GraphIR node becomes one GE op through AIROpTable (a Transpose-free table: BatchMatMul
// transposes are already explicit nodes in GraphIR). Graph inputs become `Data` ops (attr index,
// output descriptor with dtype/shape/layout), initializers become `Const` ops (attr value =
// TensorDef whose data shares the initializer's bytes), graph outputs feed one `NetOutput`.
// Each op's output descriptors carry the GraphIR value names (`TensorDescriptor.name`) and what
// is known of their types, so the importer gives back the same names.
//
// Constants that GE takes as attributes (Squeeze axes, Relu6's 0 and 6, OneHot's depth and
// values) are read from their initializers; an initializer used only that way is not written.
// Constants GE takes as inputs that GraphIR holds as attributes (Concat/Gather axis, Split's
// axis) become Const ops named `<node name>/<GE input name>`.
//
// Not carried: model metadata, domain, model version, doc strings and functions (a model with
// functions or subgraph attributes is refused); symbolic dimensions are written as -1.
//
// GraphIR -> AIR -> GraphIR gives back an equal model except for: initializer order (Consts are
// written at first use, attribute-borne constants are recreated at their node); attribute order
// within a node (the importer writes the contract's order); attributes left at their ONNX
// default come back explicit; empty or repeated node names come back as the unique names the
// exporter gave (`<op>_<index>`, `<name>_<n>`); symbolic dimensions come back unknown; valueInfo
// comes back in node order; opset imports are derived (`""` 17, or 20 with Gelu; `com.mindspore`
// 1 when used).

import Foundation
import Formats
import GraphIR

/// Lowers GraphIR models to AIR.
public enum AIRExporter {
    /// The `ge.proto.ModelDef` for `model`: graph[0] holds Data, Const, the mapped ops and
    /// NetOutput; `ModelDef.name` is the graph name, `custom_version` the producer version.
    /// - Throws: `ConversionError` naming the node and op that has no AIR form.
    public static func exportModel(_ model: Model) throws(ConversionError) -> Ge_Proto_ModelDef {
        guard model.functions.isEmpty else {
            throw ConversionError(
                .invalidModel, format: .air, graph: model.graph.name, field: "functions",
                message: "AIR has no functions; \(model.functions.count) would be lost")
        }
        let exporter = AIRGraphExporter(graph: model.graph)
        let graph = try exporter.export()
        var result = Ge_Proto_ModelDef()
        result.name = model.graph.name
        result.version = 1
        result.customVersion = model.producerVersion
        if !model.producerName.isEmpty {
            var producer = Ge_Proto_AttrDef()
            producer.s = Data(model.producerName.utf8)
            result.attr["producer_name"] = producer
        }
        result.graph = [graph]
        return result
    }
}

/// What an irregular export function sees: the node, and ways to resolve values and add constants.
final class AIRExportContext {
    let node: Node
    let nodeIndex: Int
    let nodeName: String
    private let graphName: String
    private let exporter: AIRGraphExporter
    /// Attributes read so far; anything left over is refused as unmapped.
    private(set) var consumed: Set<String> = []

    fileprivate init(node: Node, nodeIndex: Int, nodeName: String, graphName: String, exporter: AIRGraphExporter) {
        self.node = node
        self.nodeIndex = nodeIndex
        self.nodeName = nodeName
        self.graphName = graphName
        self.exporter = exporter
    }

    func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(
            code, format: .air, graph: graphName, nodeIndex: nodeIndex, nodeName: node.name, op: node.op,
            field: field, message: message)
    }

    // MARK: Attributes

    func attribute(_ name: String) -> AttributeValue? {
        consumed.insert(name)
        return node.attribute(named: name)
    }

    func int(_ name: String, default value: Int64? = nil) throws(ConversionError) -> Int64 {
        switch attribute(name) {
        case .int(let v)?: return v
        case nil:
            if let value { return value }
            throw error(.invalidAttribute, "attribute.\(name)", "required attribute \(name) is missing")
        default: throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be an int")
        }
    }

    func float(_ name: String, default value: Float? = nil) throws(ConversionError) -> Float {
        switch attribute(name) {
        case .float(let v)?: return v
        case nil:
            if let value { return value }
            throw error(.invalidAttribute, "attribute.\(name)", "required attribute \(name) is missing")
        default: throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be a float")
        }
    }

    func ints(_ name: String) throws(ConversionError) -> [Int64]? {
        switch attribute(name) {
        case .ints(let v)?: return v
        case nil: return nil
        default: throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be a list of ints")
        }
    }

    func string(_ name: String) throws(ConversionError) -> String? {
        switch attribute(name) {
        case .string(let bytes)?:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw error(.invalidAttribute, "attribute.\(name)", "\(name) is not UTF-8")
            }
            return text
        case nil: return nil
        default: throw error(.invalidAttribute, "attribute.\(name)", "\(name) must be a string")
        }
    }

    // MARK: Inputs

    /// The reference (`op:index`) to input `index`, emitting the initializer's Const on first use.
    func input(_ index: Int) throws(ConversionError) -> String {
        guard node.inputs.indices.contains(index), !node.inputs[index].isEmpty else {
            throw error(.invalidInput, "input[\(index)]", "input \(index) is missing")
        }
        return try exporter.reference(node.inputs[index], self, field: "input[\(index)]")
    }

    /// References to every input, in order; optional inputs left out must be trailing.
    func allInputs() throws(ConversionError) -> [String] {
        var references: [String] = []
        var ended = false
        for (index, name) in node.inputs.enumerated() {
            if name.isEmpty {
                ended = true
                continue
            }
            guard !ended else {
                throw error(.invalidInput, "input[\(index)]", "GE inputs are positional; an omitted input must be last")
            }
            references.append(try input(index))
        }
        return references
    }

    /// Whether input `index` is given.
    func hasInput(_ index: Int) -> Bool { node.inputs.indices.contains(index) && !node.inputs[index].isEmpty }

    /// The initializer that input `index` names; it is read here, not written as a Const.
    func constant(_ index: Int) throws(ConversionError) -> Tensor {
        guard hasInput(index) else { throw error(.invalidInput, "input[\(index)]", "input \(index) is missing") }
        guard let tensor = exporter.initializers[node.inputs[index]] else {
            throw error(
                .invalidInput, "input[\(index)]",
                "input \(index) ('\(node.inputs[index])') must be an initializer: AIR takes it as an attribute")
        }
        return tensor
    }

    /// A new Const op holding `tensor`, named `<node name>/<suffix>`; returns its reference.
    func addConst(_ suffix: String, _ tensor: Tensor) throws(ConversionError) -> String {
        try exporter.addConst(named: "\(nodeName)/\(suffix)", tensor, self)
    }

    /// The recorded shape of input `index`, if known.
    func shape(ofInput index: Int) -> Shape? {
        guard hasInput(index) else { return nil }
        return exporter.types[node.inputs[index]]?.shape
    }

    /// The recorded rank of input `index`, if known.
    func rank(ofInput index: Int) -> Int? {
        guard hasInput(index) else { return nil }
        return exporter.types[node.inputs[index]]?.shape?.rank
    }
}

/// Exports one graph; a class so that export contexts can add Consts while a node is lowered.
final class AIRGraphExporter {
    let graph: Graph
    var ops: [Ge_Proto_OpDef] = []
    var opNames: Set<String> = []
    /// Value name → (op name, output index).
    var producers: [String: (op: String, index: Int)] = [:]
    var initializers: [String: Tensor] = [:]
    var types: [String: ValueType] = [:]

    init(graph: Graph) {
        self.graph = graph
        for tensor in graph.initializers { initializers[tensor.name] = tensor }
        for value in graph.valueInfo + graph.inputs + graph.outputs { types[value.name] = value.type }
        for tensor in graph.initializers where types[tensor.name] == nil {
            types[tensor.name] = ValueType(dtype: tensor.dtype, shape: Shape(tensor.shape))
        }
    }

    func graphError(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(code, format: .air, graph: graph.name, field: field, message: message)
    }

    func uniqueName(_ wanted: String, fallback: String) -> String {
        var name = wanted.isEmpty ? fallback : wanted
        if opNames.contains(name) {
            var counter = 1
            while opNames.contains("\(name)_\(counter)") { counter += 1 }
            name = "\(name)_\(counter)"
        }
        opNames.insert(name)
        return name
    }

    func export() throws(ConversionError) -> Ge_Proto_GraphDef {
        var result = Ge_Proto_GraphDef()
        result.name = graph.name
        // Graph inputs that are also initializers are defaults in ONNX; AIR has no such thing.
        for (index, input) in graph.inputs.enumerated() {
            guard initializers[input.name] == nil else {
                throw graphError(.invalidModel, "inputs[\(index)]", "input '\(input.name)' has an initializer default; AIR has none")
            }
            let name = uniqueName(input.name, fallback: "input_\(index)")
            var op = Ge_Proto_OpDef()
            op.name = name
            op.type = "Data"
            op.attr["index"] = AIRAttr.int(Int64(index))
            var desc = AIRTypes.descriptor(input.type, name: input.name)
            op.inputDesc = [desc]
            desc.name = input.name
            op.outputDesc = [desc]
            producers[input.name] = (name, 0)
            valueOfReference["\(name):0"] = input.name
            ops.append(op)
            result.input.append("\(name):0")
        }
        for (index, node) in graph.nodes.enumerated() {
            try exportNode(node, index: index)
        }
        // Outputs.
        var output = Ge_Proto_OpDef()
        output.type = "NetOutput"
        output.name = uniqueName("NetOutput", fallback: "NetOutput")
        for (index, value) in graph.outputs.enumerated() {
            let reference = try reference(value.name, nil, field: "outputs[\(index)]")
            output.input.append(reference)
            output.inputDesc.append(AIRTypes.descriptor(value.type, name: value.name))
            result.output.append(reference)
        }
        // Initializers nothing read stay as Consts: nothing is dropped.
        for tensor in graph.initializers where producers[tensor.name] == nil && !folded.contains(tensor.name) {
            _ = try reference(tensor.name, nil, field: "initializers")
        }
        ops.append(output)
        result.op = ops
        return result
    }

    /// Initializers read as attributes by some node.
    var folded: Set<String> = []

    func exportNode(_ node: Node, index: Int) throws(ConversionError) {
        let name = uniqueName(node.name, fallback: "\(node.op)_\(index)")
        let context = AIRExportContext(node: node, nodeIndex: index, nodeName: name, graphName: graph.name, exporter: self)
        guard let row = AIROpTable.row(op: node.op, domain: node.domain) else {
            let shown = node.domain.isEmpty ? node.op : "\(node.domain).\(node.op)"
            throw context.error(.unsupportedOp, nil, "\(shown) has no AIR (Graph Engine) mapping")
        }
        var draft: AIROpDraft
        if let irregular = row.irregular {
            draft = try irregular.export(context)
        } else {
            draft = AIROpDraft(type: row.geType, inputs: try context.allInputs(), attributes: [:], outputCount: node.outputs.count)
            for rule in row.attributes {
                draft.attributes[rule.geName] = try AIRAttributeRules.export(rule, context)
            }
        }
        for attribute in node.attributes where !context.consumed.contains(attribute.name) {
            throw context.error(
                .unsupportedAttribute, "attribute.\(attribute.name)",
                "attribute \(attribute.name) has no place in GE \(draft.type)")
        }
        for input in node.inputs where !input.isEmpty && initializers[input] != nil && producers[input] == nil {
            folded.insert(input)
        }
        var op = Ge_Proto_OpDef()
        op.name = name
        op.type = draft.type
        op.input = draft.inputs
        op.attr = draft.attributes
        op.inputDesc = draft.inputs.map { reference in
            let source = producerValue(reference)
            return AIRTypes.descriptor(source.flatMap { types[$0] } ?? ValueType(), name: "")
        }
        let count = max(draft.outputCount, node.outputs.count)
        for output in 0..<count {
            let valueName = output < node.outputs.count ? node.outputs[output] : ""
            op.outputDesc.append(AIRTypes.descriptor(valueName.isEmpty ? ValueType() : (types[valueName] ?? ValueType()), name: valueName))
            if !valueName.isEmpty {
                guard producers[valueName] == nil else {
                    throw context.error(.invalidModel, "output[\(output)]", "value '\(valueName)' is defined twice")
                }
                producers[valueName] = (name, output)
                valueOfReference["\(name):\(output)"] = valueName
            }
        }
        ops.append(op)
    }

    /// Reference (`op:index`) → the GraphIR value it reads.
    var valueOfReference: [String: String] = [:]

    /// The GraphIR value a reference reads, if known.
    func producerValue(_ reference: String) -> String? { valueOfReference[reference] }

    /// `op:index` for a value; an initializer's Const is written on first use.
    func reference(_ value: String, _ context: AIRExportContext?, field: String) throws(ConversionError) -> String {
        if let producer = producers[value] { return "\(producer.op):\(producer.index)" }
        if let tensor = initializers[value] {
            let name = uniqueName(value, fallback: "const_\(ops.count)")
            try appendConst(name: name, valueName: value, tensor, context)
            return "\(name):0"
        }
        if let context { throw context.error(.invalidInput, field, "value '\(value)' is not defined before this node") }
        throw graphError(.invalidInput, field, "value '\(value)' is not defined")
    }

    func addConst(named wanted: String, _ tensor: Tensor, _ context: AIRExportContext) throws(ConversionError) -> String {
        let name = uniqueName(wanted, fallback: wanted)
        try appendConst(name: name, valueName: "", tensor, context)
        return "\(name):0"
    }

    func appendConst(name: String, valueName: String, _ tensor: Tensor, _ context: AIRExportContext?) throws(ConversionError) {
        var op = Ge_Proto_OpDef()
        op.name = name
        op.type = "Const"
        let tensorDef: Ge_Proto_TensorDef
        do {
            tensorDef = try AIRTypes.tensorDef(tensor)
        } catch {
            if let context { throw context.error(error.code, error.field, error.message) }
            throw graphError(error.code, "initializer \(tensor.name)", error.message)
        }
        var value = Ge_Proto_AttrDef()
        value.t = tensorDef
        op.attr["value"] = value
        var desc = tensorDef.desc
        desc.name = valueName
        op.outputDesc = [desc]
        if !valueName.isEmpty {
            producers[valueName] = (name, 0)
            valueOfReference["\(name):0"] = valueName
        }
        ops.append(op)
    }
}

/// Attribute values on the GE side.
enum AIRAttr {
    static func int(_ v: Int64) -> Ge_Proto_AttrDef {
        var a = Ge_Proto_AttrDef()
        a.i = v
        return a
    }
    static func float(_ v: Float) -> Ge_Proto_AttrDef {
        var a = Ge_Proto_AttrDef()
        a.f = v
        return a
    }
    static func bool(_ v: Bool) -> Ge_Proto_AttrDef {
        var a = Ge_Proto_AttrDef()
        a.b = v
        return a
    }
    static func string(_ v: String) -> Ge_Proto_AttrDef {
        var a = Ge_Proto_AttrDef()
        a.s = Data(v.utf8)
        return a
    }
    static func ints(_ v: [Int64]) -> Ge_Proto_AttrDef {
        var list = Ge_Proto_AttrDef.ListValue()
        list.i = v
        list.valType = .vtListInt
        var a = Ge_Proto_AttrDef()
        a.list = list
        return a
    }
}

/// Plain attribute rules, both directions.
enum AIRAttributeRules {
    static func export(_ rule: AIRAttributeRule, _ context: AIRExportContext) throws(ConversionError) -> Ge_Proto_AttrDef {
        let field = "attribute.\(rule.name)"
        guard let value = context.attribute(rule.name) ?? rule.defaultValue else {
            throw context.error(.invalidAttribute, field, "required attribute \(rule.name) is missing")
        }
        switch (rule.kind, value) {
        case (.int, .int(let v)): return AIRAttr.int(v)
        case (.float, .float(let v)): return AIRAttr.float(v)
        case (.ints, .ints(let v)): return AIRAttr.ints(v)
        case (.string, .string(let bytes)):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw context.error(.invalidAttribute, field, "\(rule.name) is not UTF-8")
            }
            return AIRAttr.string(text)
        case (.boolAsInt, .int(let v)):
            guard v == 0 || v == 1 else { throw context.error(.invalidAttribute, field, "\(rule.name) must be 0 or 1") }
            return AIRAttr.bool(v == 1)
        default:
            throw context.error(.invalidAttribute, field, "\(rule.name) has kind \(value.kind)")
        }
    }

    static func importValue(_ rule: AIRAttributeRule, _ context: AIRImportContext) throws(ConversionError) -> AttributeValue {
        let field = "attr.\(rule.geName)"
        guard let attr = context.op.attr[rule.geName] else {
            if let value = rule.defaultValue { return value }
            throw context.error(.invalidAttribute, field, "required attribute \(rule.geName) is missing")
        }
        switch (rule.kind, attr.value) {
        case (.int, .i(let v)?): return .int(v)
        case (.float, .f(let v)?): return .float(v)
        case (.ints, .list(let list)?): return .ints(list.i)
        case (.string, .s(let data)?): return .string([UInt8](data))
        case (.boolAsInt, .b(let v)?): return .int(v ? 1 : 0)
        default: throw context.error(.invalidAttribute, field, "\(rule.geName) has an unexpected kind")
        }
    }
}

/// Types, descriptors and tensors between GraphIR and GE.
enum AIRTypes {
    struct Failure: Error {
        let code: ConversionError.Code
        let field: String?
        let message: String
    }

    static func code(_ dtype: DType) -> Ge_Proto_DataType? {
        guard let type = AIRDataType(name: dtype.rawValue) else { return nil }
        return Ge_Proto_DataType(rawValue: Int(type.code))
    }

    static func dtype(_ code: Ge_Proto_DataType) -> DType? {
        guard let type = AIRDataType(code: Int64(code.rawValue)) else { return nil }
        return DType(rawValue: type.name)
    }

    static func descriptor(_ type: ValueType, name: String) -> Ge_Proto_TensorDescriptor {
        var desc = Ge_Proto_TensorDescriptor()
        desc.name = name
        if let dtype = type.dtype, let code = code(dtype) { desc.dtype = code }
        if let shape = type.shape {
            var def = Ge_Proto_ShapeDef()
            def.dim = shape.dimensions.map { Int64($0.value ?? -1) }
            desc.shape = def
            desc.layout = shape.rank == 4 ? "NCHW" : "ND"
        }
        return desc
    }

    /// The GraphIR type a descriptor records (nil parts where it records nothing).
    static func valueType(_ desc: Ge_Proto_TensorDescriptor) -> ValueType {
        var type = ValueType()
        type.dtype = dtype(desc.dtype)
        if desc.hasShape, desc.shape.dim != [-2] {
            type.shape = Shape(desc.shape.dim.map { $0 >= 0 && $0 <= Int64(Int.max) ? Dimension.fixed(Int($0)) : .unknown })
        }
        return type
    }

    static func tensorDef(_ tensor: Tensor) throws(Failure) -> Ge_Proto_TensorDef {
        guard let bytes = tensor.bytes, let code = code(tensor.dtype) else {
            throw Failure(code: .unsupportedDType, field: nil, message: "\(tensor.dtype) tensors have no AIR form")
        }
        var def = Ge_Proto_TensorDef()
        var desc = Ge_Proto_TensorDescriptor()
        desc.dtype = code
        var shape = Ge_Proto_ShapeDef()
        shape.dim = tensor.shape.map { Int64($0) }
        desc.shape = shape
        desc.layout = tensor.shape.count == 4 ? "NCHW" : "ND"
        def.desc = desc
        def.data = bytes.isContiguous ? AIRCodec.wrap(bytes.contiguous()) : Data(bytes.bytes)
        return def
    }
}
