// GraphIR -> MindIR.
//
// Writes a `ModelProto` that `mindspore.load` accepts and `nn.GraphCell` runs: the header of
// FORMATS.md §2.2-2.3 (ir_version "0.1.1", producer_name "MindSpore", model_version "2.10.0",
// little_endian, mind_ir_version 3), graph inputs as `<graph>:<name>` ValueInfos, the
// initializers that nodes read as data as `graph.parameter` (raw_data shares the initializer's
// bytes when they are one view), and one CNode per primitive through `MindIRExportTable`.
// Initializers an op reads as a constant operand (Reshape's shape, Squeeze's axes, ...) become
// Constant nodes instead, as MindSpore writes them. The graph returns `graph.output[0]`: the one
// output's node, or a MakeTuple of several.
//
// Node names follow MindSpore's `<graph>:<debug name>:<unique int>` shape; the loader only needs
// them unique. A GraphIR op without a row is a ConversionError naming the node and the op.

import Foundation
import Formats
import GraphIR

/// Raises GraphIR models to MindIR (`MindIr_ModelProto`).
public enum MindIRExporter {
    /// `ModelProto.model_version`: the MindSpore release whose loader the output is tested with.
    public static let mindSporeVersion = "2.10.0"

    /// The MindIR model for `model`. Parameter payloads are shared with `model` where they are
    /// single views.
    /// - Throws: `ConversionError` naming the graph, node and op that cannot be written.
    public static func exportModel(_ model: Model) throws(ConversionError) -> MindIr_ModelProto {
        if !model.functions.isEmpty {
            throw ConversionError(
                .invalidModel, format: .mindir, field: "functions", message: "GraphIR functions are not written to MindIR")
        }
        var context = MindIRExportContext(graph: model.graph)
        try context.run()
        var proto = MindIr_ModelProto()
        proto.irVersion = "0.1.1"
        proto.producerName = "MindSpore"
        proto.modelVersion = mindSporeVersion
        proto.littleEndian = true
        proto.mindIrVersion = 3
        proto.graph = context.proto
        proto.primitives = context.primitives
        for (key, value) in model.metadata { proto.userInfo[key] = value }
        return proto
    }

    /// Values whose shapes the exporter needs and `model` does not give: the operands of MatMul
    /// nodes (ranks decide between BatchMatMul and a flattened MatMul). A caller that can run the
    /// model (`PartialTypes.annotated` in Verify) adds them as value info before exporting.
    public static func shapesWanted(_ model: Model) -> [String] {
        var known = Set<String>()
        for value in model.graph.valueInfo + model.graph.inputs + model.graph.outputs
        where value.shape.map({ $0.dimensions.allSatisfy(\.isFixed) }) ?? false {
            known.insert(value.name)
        }
        for tensor in model.graph.initializers { known.insert(tensor.name) }
        var wanted: [String] = []
        for node in model.graph.nodes where node.op == "MatMul" && node.domain.isEmpty {
            for input in node.inputs.prefix(2) where !input.isEmpty && !known.contains(input) && !wanted.contains(input) {
                wanted.append(input)
            }
        }
        return wanted
    }

    /// The serialized bytes of `exportModel(model)`.
    public static func encodeModel(_ model: Model) throws(ConversionError) -> [UInt8] {
        let proto = try exportModel(model)
        do {
            return try proto.serializedBytes()
        } catch {
            throw ConversionError(.invalidModel, format: .mindir, message: "cannot serialize the MindIR model: \(error)")
        }
    }
}

/// One GraphIR node being raised, with typed attribute access.
struct MindIRExportCall {
    var node: Node
    var index: Int
    var graph: String

    func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(
            code, format: .mindir, graph: graph, nodeIndex: index, nodeName: node.name, op: node.op, field: field,
            message: message)
    }

    /// Exactly `count` inputs, none left out.
    func requireInputs(_ count: Int) throws(ConversionError) {
        guard node.inputs.count == count, !node.inputs.contains(where: \.isEmpty) else {
            throw error(.invalidInput, "input", "\(node.op) is written with \(count) inputs, the node has \(node.inputs.count)")
        }
    }

    /// At most `count` outputs are produced (the rest left out).
    func requireOutputs(_ count: Int) throws(ConversionError) {
        if node.outputs.enumerated().contains(where: { $0.offset >= count && !$0.element.isEmpty }) {
            throw error(.unsupportedAttribute, "output[\(count)]", "only the first \(count) output(s) of \(node.op) can be written")
        }
    }

    func int(_ name: String, default fallback: Int64? = nil) throws(ConversionError) -> Int64 {
        switch node.attribute(named: name) {
        case .int(let value)?: return value
        case nil:
            if let fallback { return fallback }
            throw error(.invalidAttribute, "attribute.\(name)", "\(node.op) needs attribute '\(name)'")
        default: throw error(.invalidAttribute, "attribute.\(name)", "'\(name)' is not an int")
        }
    }

    func float(_ name: String, default fallback: Float) throws(ConversionError) -> Float {
        switch node.attribute(named: name) {
        case .float(let value)?: return value
        case nil: return fallback
        default: throw error(.invalidAttribute, "attribute.\(name)", "'\(name)' is not a float")
        }
    }

    func intsIfPresent(_ name: String) throws(ConversionError) -> [Int64]? {
        switch node.attribute(named: name) {
        case .ints(let values)?: return values
        case nil: return nil
        default: throw error(.invalidAttribute, "attribute.\(name)", "'\(name)' is not a list of ints")
        }
    }

    func ints(_ name: String, default fallback: [Int64]? = nil) throws(ConversionError) -> [Int64] {
        if let values = try intsIfPresent(name) { return values }
        if let fallback { return fallback }
        throw error(.invalidAttribute, "attribute.\(name)", "\(node.op) needs attribute '\(name)'")
    }

    func string(_ name: String) throws(ConversionError) -> String? {
        guard let value = node.attribute(named: name) else { return nil }
        guard let text = value.textValue else {
            throw error(.invalidAttribute, "attribute.\(name)", "'\(name)' is not a string")
        }
        return text
    }

    /// MindSpore's pad mode ("pad", "same", "valid") and the ONNX pads [top, left, bottom, right].
    func padMode() throws(ConversionError) -> (String, [Int64]) {
        switch try string("auto_pad") ?? "NOTSET" {
        case "SAME_UPPER": return ("same", [0, 0, 0, 0])
        case "VALID": return ("valid", [0, 0, 0, 0])
        case "NOTSET":
            let pads = try ints("pads", default: [0, 0, 0, 0])
            guard pads.count == 4 else {
                throw error(.unsupportedAttribute, "attribute.pads", "only 2-D pads map to MindSpore")
            }
            return ("pad", pads)
        case let other:
            throw error(.unsupportedAttribute, "attribute.auto_pad", "auto_pad \(other) has no MindSpore pad mode")
        }
    }
}

/// The MindIR graph being built.
struct MindIRExportContext {
    let source: Graph
    let graphName: String
    var proto = MindIr_GraphProto()
    var nodes: [MindIr_NodeProto] = []
    var primitives: [MindIr_PrimitiveProto] = []
    var counter = 0
    /// GraphIR value name -> MindIR name.
    var names: [String: String] = [:]
    var initializers: [String: Tensor] = [:]
    var usedParameters: [String] = []
    var types: [String: ValueType] = [:]
    var consumers: [String: Int] = [:]
    /// Outputs of Transpose nodes folded into the MatMul that reads them.
    var folded: [String: String] = [:]

    init(graph: Graph) {
        source = graph
        let base = graph.name.isEmpty ? "graph" : graph.name
        // The loader splits names at ':'; the graph name must not contain one.
        graphName = base.replacingOccurrences(of: ":", with: "_")
    }

    mutating func run() throws(ConversionError) {
        for tensor in source.initializers { initializers[tensor.name] = tensor }
        for value in source.valueInfo + source.outputs + source.inputs { types[value.name] = value.type }
        for tensor in source.initializers {
            types[tensor.name] = ValueType(dtype: tensor.dtype, shape: Shape(tensor.shape))
        }
        for node in source.nodes { for input in node.inputs where !input.isEmpty { consumers[input, default: 0] += 1 } }
        for output in source.outputs { consumers[output.name, default: 0] += 1 }
        findFoldableTransposes()

        var inputs: [MindIr_ValueInfoProto] = []
        for (index, value) in source.inputs.enumerated() {
            var info = MindIr_ValueInfoProto()
            info.name = "\(graphName):\(value.name)"
            info.tensor = [try tensorInfo(value.type, field: "input[\(index)] '\(value.name)'", required: true)]
            inputs.append(info)
            names[value.name] = info.name
        }
        for (index, node) in source.nodes.enumerated() {
            let call = MindIRExportCall(node: node, index: index, graph: graphName)
            guard let rule = MindIRExportTable.byOp[MindIRExportTable.key(node.domain, node.op)] else {
                let qualified = node.domain.isEmpty ? node.op : "\(node.domain).\(node.op)"
                throw call.error(.unsupportedOp, nil, "GraphIR op '\(qualified)' has no MindSpore primitive")
            }
            let results = try rule.raise(&self, call)
            for (position, output) in node.outputs.enumerated() where !output.isEmpty {
                guard position < results.count else {
                    throw call.error(.invalidModel, "output[\(position)]", "the \(node.op) row wrote fewer outputs")
                }
                if !results[position].isEmpty {
                    names[output] = results[position]
                    recordShape(of: output, at: results[position])
                }
            }
        }

        var returned: [String] = []
        for (index, output) in source.outputs.enumerated() {
            guard let name = names[output.name] ?? parameterName(output.name) else {
                throw ConversionError(
                    .invalidModel, format: .mindir, graph: graphName, field: "output[\(index)]",
                    message: "graph output '\(output.name)' is produced by no node")
            }
            returned.append(name)
        }
        guard !returned.isEmpty else {
            throw ConversionError(.invalidModel, format: .mindir, graph: graphName, field: "output", message: "the graph has no outputs")
        }
        var outputInfo = MindIr_ValueInfoProto()
        if returned.count == 1 {
            outputInfo.name = returned[0]
            if let tensor = try? tensorInfo(source.outputs[0].type, field: "output[0]", required: false) {
                outputInfo.tensor = [tensor]
            }
        } else {
            outputInfo.name = apply("MakeTuple", operands: returned, debug: "MakeTuple", primitiveForm: true)
        }

        var parameters: [MindIr_TensorProto] = []
        for name in usedParameters {
            guard let tensor = initializers[name] else { continue }
            parameters.append(try parameter(tensor))
        }
        proto.name = graphName
        proto.input = inputs
        proto.parameter = parameters
        proto.node = nodes
        proto.output = [outputInfo]
    }

    // MARK: Values

    /// The node `shape` attribute (the output abstract) where GraphIR knows the value's type, as
    /// MindSpore writes it: TENSORS with one TensorProto of data_type and dims. The loader does not
    /// need it; readers (ours included) use it for ranks.
    mutating func recordShape(of value: String, at mindirName: String) {
        guard let type = types[value], type.container == .tensor, type.dtype != nil, type.shape != nil,
            let tensor = try? tensorInfo(type, field: "", required: false),
            let position = nodes.lastIndex(where: { $0.output.first == mindirName && $0.opType != "Constant" }),
            !nodes[position].attribute.contains(where: { $0.name == "shape" })
        else { return }
        var shape = MindIr_AttributeProto()
        shape.name = "shape"
        shape.type = .tensors
        shape.tensors = [tensor]
        nodes[position].attribute.append(shape)
    }

    func tensorInfo(_ type: ValueType, field: String, required: Bool) throws(ConversionError) -> MindIr_TensorProto {
        var tensor = MindIr_TensorProto()
        guard type.container == .tensor, let dtype = type.dtype, let code = MindIRTypes.dataType(dtype) else {
            throw ConversionError(
                .unsupportedDType, format: .mindir, graph: graphName, field: field,
                message: "a MindIR graph input needs a tensor type MindIR has")
        }
        tensor.dataType = code
        tensor.dims = (type.shape?.dimensions ?? []).map { $0.value.map(Int64.init) ?? -1 }
        return tensor
    }

    func parameter(_ tensor: Tensor) throws(ConversionError) -> MindIr_TensorProto {
        var proto = MindIr_TensorProto()
        proto.name = "\(graphName):\(tensor.name)"
        guard let code = MindIRTypes.dataType(tensor.dtype), let bytes = tensor.bytes else {
            throw ConversionError(
                .unsupportedDType, format: .mindir, graph: graphName, field: "initializer '\(tensor.name)'",
                message: "\(tensor.dtype) initializers cannot be MindIR parameters")
        }
        proto.dataType = code
        proto.dims = tensor.shape.map { Int64($0) }
        proto.rawData = bytes.isContiguous ? ONNXCodec.wrap(bytes.contiguous()) : Data(bytes.bytes)
        proto.refKey = tensor.name
        return proto
    }

    mutating func parameterName(_ name: String) -> String? {
        guard initializers[name] != nil else { return nil }
        let mindir = "\(graphName):\(name)"
        if names[name] == nil {
            names[name] = mindir
            usedParameters.append(name)
        }
        return mindir
    }

    func rank(_ name: String) -> Int? { types[name]?.shape?.rank }

    func shape(_ name: String) -> [Int64]? { types[name]?.shape?.staticSizes?.map { Int64($0) } }

    func staticShape(_ call: MindIRExportCall, _ index: Int) throws(ConversionError) -> [Int64] {
        guard index < call.node.inputs.count, let shape = shape(call.node.inputs[index]) else {
            throw call.error(.invalidShape, "input[\(index)]", "\(call.node.op) needs the static shape of input \(index)")
        }
        return shape
    }

    /// The MindIR name for data input `index` of the node (an initializer becomes a parameter).
    mutating func data(_ call: MindIRExportCall, _ index: Int) throws(ConversionError) -> String {
        guard index < call.node.inputs.count, !call.node.inputs[index].isEmpty else {
            throw call.error(.invalidInput, "input[\(index)]", "\(call.node.op) needs input \(index)")
        }
        return try value(call.node.inputs[index], call, index)
    }

    mutating func value(_ name: String, _ call: MindIRExportCall, _ index: Int) throws(ConversionError) -> String {
        if let mindir = names[name] { return mindir }
        if let mindir = parameterName(name) { return mindir }
        throw call.error(.invalidInput, "input[\(index)]", "'\(name)' is defined by no input, initializer or earlier node")
    }

    func constantTensor(_ call: MindIRExportCall, _ index: Int) throws(ConversionError) -> Tensor {
        guard index < call.node.inputs.count, let tensor = initializers[call.node.inputs[index]] else {
            throw call.error(
                .invalidInput, "input[\(index)]", "\(call.node.op) input \(index) must be an initializer (a constant)")
        }
        return tensor
    }

    func constantInts(_ call: MindIRExportCall, _ index: Int) throws(ConversionError) -> [Int64] {
        guard let values = MindIRTensors.integers(try constantTensor(call, index)) else {
            throw call.error(.invalidInput, "input[\(index)]", "\(call.node.op) input \(index) is not an integer tensor")
        }
        return values
    }

    func constantFloats(_ call: MindIRExportCall, _ index: Int) throws(ConversionError) -> [Float] {
        guard let values = MindIRTensors.floats(try constantTensor(call, index)) else {
            throw call.error(.invalidInput, "input[\(index)]", "\(call.node.op) input \(index) is not a float32, float16 or bfloat16 constant")
        }
        return values
    }

    // MARK: Transposes folded into MatMul

    mutating func findFoldableTransposes() {
        var producers: [String: Node] = [:]
        for node in source.nodes { for output in node.outputs where !output.isEmpty { producers[output] = node } }
        for node in source.nodes where node.op == "MatMul" && node.domain.isEmpty {
            for input in node.inputs.prefix(2) {
                guard let producer = producers[input], producer.op == "Transpose", producer.domain.isEmpty,
                    consumers[input] == 1, producer.inputs.count == 1,
                    case .ints(let perm)? = producer.attribute(named: "perm"), perm.count >= 2
                else { continue }
                let rank = perm.count
                var swapped = (0..<Int64(rank)).map { $0 }
                swapped.swapAt(rank - 2, rank - 1)
                guard perm == swapped else { continue }
                // MindIR's BatchMatMul says "transposed", not how: a reader needs the operand's
                // rank to undo it, so fold only where the rank is written (a graph input or
                // parameter, or a node whose shape attribute can be written: dtype known).
                let operand = producer.inputs[0]
                let isInputOrParameter = initializers[operand] != nil || source.inputs.contains { $0.name == operand }
                if isInputOrParameter {
                    guard types[operand]?.shape?.rank == rank else { continue }
                } else {
                    guard var type = types[operand], type.container == .tensor, type.dtype != nil else { continue }
                    if type.shape == nil { type.shape = Shape(Array(repeating: GraphIR.Dimension.unknown, count: rank)) }
                    guard type.shape?.rank == rank else { continue }
                    types[operand] = type
                }
                folded[input] = operand
            }
        }
    }

    func foldableTranspose(_ name: String) -> String? { folded[name] }

    func isFolded(_ node: Node) -> Bool { node.outputs.count == 1 && folded[node.outputs[0]] != nil }

    // MARK: Writing nodes

    /// A Constant node holding `value`; returns its name.
    mutating func constant(_ value: MindIRConstant) -> String {
        counter += 1
        var node = MindIr_NodeProto()
        node.name = "ValueNode_\(counter)"
        node.output = [node.name]
        node.opType = "Constant"
        node.attribute = [MindIRAttributes.value(value)]
        nodes.append(node)
        return node.name
    }

    /// A primitive and the CNode that applies it to `operands`; returns the node's name.
    mutating func apply(
        _ primitive: String, operands: [String], call: MindIRExportCall? = nil, attributes: [MindIr_AttributeProto] = [],
        debug: String? = nil, primitiveForm: Bool = false
    ) -> String {
        counter += 1
        var prim = MindIr_PrimitiveProto()
        prim.name = "\(primitive):\(counter)"
        prim.opType = primitive
        prim.attribute = attributes
        prim.primType = primitiveForm ? .primitive : .primitiveFunction
        primitives.append(prim)
        var node = MindIr_NodeProto()
        node.name = "\(graphName):\(debug ?? primitive)_\(counter):\(counter)"
        node.output = [node.name]
        node.input = operands
        node.opType = "REF::\(prim.name)"
        nodes.append(node)
        return node.name
    }

    mutating func getItem(_ tuple: String, _ index: Int) -> String {
        let position = constant(.int(Int64(index)))
        return apply("TupleGetItem", operands: [tuple, position], debug: "TupleGetItem", primitiveForm: true)
    }
}
