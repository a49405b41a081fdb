// MindIR -> GraphIR lowering.
//
// A MindIR graph is a list of CNodes in dependency order. Each node's `output[0]` names it; its
// `op_type` is `Constant` (a value node), `REF::<primitive unique name>` (resolved through
// `ModelProto.primitives`), or `REF::<graph name>` (a call to one of `ModelProto.functions`,
// inlined here). There is no Return node: `graph.output[0]` names the returned node
// (FORMATS.md §2.4). Weights are `graph.parameter`, inputs `graph.input`; monad inputs
// (`UMonadType`, `IOMonadType`) carry side-effect order only and leave the data flow.
//
// The walk keeps, for every MindIR name, what it stands for in GraphIR (`MindIRValue`): a tensor
// value, a constant not yet placed anywhere, a tuple (MakeTuple, or a node with several
// outputs), or a monad. Plumbing primitives (Load, UpdateState, Depend, MakeTuple, TupleGetItem)
// only rearrange these and emit nothing. Every other primitive goes through
// `MindIRImportTable`; a primitive without a row is a ConversionError naming node and primitive.
// Constants reach GraphIR only where an op reads them: as attributes, or as initializers named
// `<node name>/<input name>` where ONNX takes them as inputs.

import Foundation
import Formats
import GraphIR

/// Lowers MindIR models (`MindIr_ModelProto`) to GraphIR.
public enum MindIRImporter {
    /// Reads the bytes of a `TensorProto` (a parameter) found at `graph.parameter[index]`.
    public typealias PayloadReader = (_ tensor: MindIr_TensorProto, _ index: Int) throws(ConversionError) -> TensorBytes

    /// The GraphIR model for `model`: graph inputs (dtype and shape; −1 dims unknown), weights as
    /// initializers, ops through the primitive table, outputs from `graph.output[0]`.
    /// `producerName` and `producerVersion` are `producer_name` and `model_version` (MindSpore's
    /// version); `user_info` becomes metadata, sorted by key.
    ///
    /// `payload` reads a parameter's bytes; the default copies `raw_data` and refuses external
    /// data (a document that resolved the external files passes its own reader, which can hand
    /// out views of the mapped files).
    /// - Throws: `ConversionError` naming the graph, node, primitive and operand that cannot be lowered.
    public static func importModel(_ model: MindIr_ModelProto, payload: PayloadReader? = nil) throws(ConversionError)
        -> Model
    {
        // (`payload ?? inlinePayload` crashes the 6.3 compiler on typed-throws function types.)
        if let payload {
            var lowering = MindIRLowering(model: model, payload: payload)
            return try lowering.run()
        }
        var lowering = MindIRLowering(model: model, payload: inlinePayload)
        return try lowering.run()
    }

    /// `raw_data` copied into owned bytes; external data is an error.
    public static func inlinePayload(_ tensor: MindIr_TensorProto, _ index: Int) throws(ConversionError) -> TensorBytes {
        if tensor.hasExternalData {
            throw ConversionError(
                .data, format: .mindir, field: "graph.parameter[\(index)].external_data",
                message: "parameter '\(tensor.name)' is stored in \(tensor.externalData.location); open the model with its external data")
        }
        return TensorBytes(bytes: [UInt8](tensor.rawData))
    }
}

/// What a MindIR name stands for during the walk.
indirect enum MindIRValue: Sendable {
    /// A GraphIR value name.
    case tensor(String)
    /// A `Constant` node's value; `node` is its MindIR name.
    case constant(MindIRConstant, node: String)
    case tuple([MindIRValue])
    /// An output GraphIR does not have (BatchNorm's saved statistics); reading it is an error.
    case unavailable(String)
    case monad

    var isNone: Bool {
        if case .constant(.none, _) = self { return true }
        return false
    }
}

/// One primitive node being lowered: its operands (monads removed), primitive attributes and
/// the output shapes MindSpore recorded in the node's `shape` attribute.
struct MindIRCall {
    var graph: String
    var nodeIndex: Int
    /// The GraphIR node name (the MindIR node name, prefixed inside inlined functions).
    var name: String
    /// The GraphIR name of output 0.
    var output: String
    var primitive: String
    var operands: [MindIRValue]
    var rule: MindIRImportRule
    var attributes: [String: MindIRConstant]
    var outputShapes: [[Int64]?]
    var outputTypes: [DType?]

    func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(
            code, format: .mindir, graph: graph, nodeIndex: nodeIndex, nodeName: name, op: primitive, field: field,
            message: message)
    }

    /// The constant operand or primitive attribute `name`, or nil when neither is there.
    func argumentIfPresent(_ name: String, alternatives: [String] = []) throws(ConversionError) -> MindIRConstant? {
        if let position = rule.arguments.firstIndex(of: name) {
            let index = rule.dataInputs + position
            if index < operands.count {
                switch operands[index] {
                case .constant(let value, _): return value
                default:
                    throw error(
                        .unsupportedAttribute, name, "operand \(index) ('\(name)') is computed at run time, not a constant")
                }
            }
        }
        for key in [name] + alternatives {
            if let value = attributes[key] { return value }
        }
        return nil
    }

    func argument(_ name: String, alternatives: [String] = []) throws(ConversionError) -> MindIRConstant {
        guard let value = try argumentIfPresent(name, alternatives: alternatives) else {
            throw error(.invalidAttribute, name, "'\(name)' is neither an operand nor a primitive attribute")
        }
        return value
    }

    func int(_ name: String, default fallback: Int64? = nil) throws(ConversionError) -> Int64 {
        guard let value = try argumentIfPresent(name) else {
            if let fallback { return fallback }
            throw error(.invalidAttribute, name, "'\(name)' is missing")
        }
        guard let int = value.intValue else { throw error(.invalidAttribute, name, "'\(name)' is not an integer") }
        return int
    }

    func float(_ name: String, default fallback: Float) throws(ConversionError) -> Float {
        guard let value = try argumentIfPresent(name) else { return fallback }
        guard let float = value.floatValue else { throw error(.invalidAttribute, name, "'\(name)' is not a float") }
        return float
    }

    func ints(_ name: String, default fallback: [Int64]? = nil, alternatives: [String] = []) throws(ConversionError)
        -> [Int64]
    {
        guard let value = try argumentIfPresent(name, alternatives: alternatives) else {
            if let fallback { return fallback }
            throw error(.invalidAttribute, name, "'\(name)' is missing")
        }
        if case .none = value, let fallback { return fallback }
        guard let ints = value.intsValue else { throw error(.invalidAttribute, name, "'\(name)' is not a list of integers") }
        return ints
    }

    /// Two spatial values (H, W) from one value, a pair, or MindSpore's NCHW 4-tuple (1, 1, h, w).
    func spatial(_ name: String, default fallback: [Int64]? = nil) throws(ConversionError) -> [Int64] {
        let values = try ints(name, default: fallback)
        switch values.count {
        case 1: return [values[0], values[0]]
        case 2: return values
        case 4: return Array(values[2...])
        default: throw error(.invalidAttribute, name, "'\(name)' has \(values.count) values; expected 1, 2 or 4")
        }
    }

    /// `format`/`data_format` must be NCHW (string, or 0 in the integer form).
    func requireNCHW(_ name: String, alternatives: [String] = []) throws(ConversionError) {
        guard let value = try argumentIfPresent(name, alternatives: alternatives) else { return }
        switch value {
        case .string(let text) where text == "NCHW": return
        case .int(0): return
        default: throw error(.unsupportedAttribute, name, "only NCHW is supported, not \(value)")
        }
    }

    /// `pads` [top, left, bottom, right] for pad mode "pad", else `auto_pad`.
    func padding(mode modeName: String, pads padsName: String?) throws(ConversionError) -> Attribute {
        let mode: String
        switch try argument(modeName) {
        case .string(let text): mode = text.lowercased()
        case .int(0): mode = "pad"
        case .int(1): mode = "same"
        case .int(2): mode = "valid"
        case let other: throw error(.invalidAttribute, modeName, "unknown pad mode \(other)")
        }
        switch mode {
        case "same": return .named("auto_pad", .text("SAME_UPPER"))
        case "valid": return .named("auto_pad", .text("VALID"))
        case "pad":
            guard let padsName else { throw error(.unsupportedAttribute, modeName, "pad mode 'pad' is not supported here") }
            let pads = try ints(padsName)
            // MindSpore: (top, bottom, left, right); ONNX: (top, left, bottom, right).
            switch pads.count {
            case 1: return .named("pads", .ints([pads[0], pads[0], pads[0], pads[0]]))
            case 4: return .named("pads", .ints([pads[0], pads[2], pads[1], pads[3]]))
            default: throw error(.invalidAttribute, padsName, "'\(padsName)' has \(pads.count) values; expected 1 or 4")
            }
        default: throw error(.invalidAttribute, modeName, "unknown pad mode '\(mode)'")
        }
    }
}

/// The GraphIR being built while walking.
struct MindIRImportContext {
    static let mindsporeDomain = "com.mindspore"

    var nodes: [Node] = []
    var initializers: [Tensor] = []
    var initializerNames: Set<String> = []
    var types: [String: (dtype: DType?, shape: [Int64]?)] = [:]
    var usesGelu = false

    mutating func addInitializer(_ tensor: Tensor) -> String {
        if initializerNames.insert(tensor.name).inserted {
            initializers.append(tensor)
            types[tensor.name] = (tensor.dtype, tensor.shape.map { Int64($0) })
        }
        return tensor.name
    }

    func rank(of name: String) -> Int? { types[name]?.shape?.count }

    /// Adds the node for `call` and returns its output(s) as a MindIR value.
    mutating func emit(
        _ call: MindIRCall, op: String, domain: String = "", inputs: [String], attributes: [Attribute] = [],
        outputs count: Int = 1
    ) -> MindIRValue {
        let names = count == 1 ? [call.output] : (0..<count).map { "\(call.output)/\($0)" }
        nodes.append(Node(name: call.name, op: op, domain: domain, inputs: inputs, outputs: names, attributes: attributes))
        for (index, name) in names.enumerated() where index < call.outputShapes.count {
            types[name] = (call.outputTypes[index], call.outputShapes[index])
        }
        return count == 1 ? .tensor(names[0]) : .tuple(names.map { .tensor($0) })
    }

    /// A node MindSpore gives `count` outputs of which GraphIR keeps the first.
    func firstOnly(_ call: MindIRCall, _ first: MindIRValue, of count: Int) -> MindIRValue {
        let rest = (1..<max(count, 1)).map { index in
            MindIRValue.unavailable("output \(index) of \(call.primitive) node '\(call.name)' has no GraphIR equivalent")
        }
        return .tuple([first] + rest)
    }

    mutating func dataInputs(_ call: MindIRCall, count: Int) throws(ConversionError) -> [String] {
        var names: [String] = []
        for index in 0..<count { names.append(try tensor(call, operand: index, inputName: "input\(index)")) }
        return names
    }

    mutating func tensor(_ call: MindIRCall, operand index: Int, inputName: String) throws(ConversionError) -> String {
        guard index < call.operands.count else {
            throw call.error(.invalidInput, "input[\(index)]", "\(call.primitive) needs operand \(index)")
        }
        return try tensor(call.operands[index], call, inputName: inputName, field: "input[\(index)]")
    }

    /// The GraphIR value for a data operand; a constant becomes an initializer `<node>/<input>`.
    mutating func tensor(_ value: MindIRValue, _ call: MindIRCall, inputName: String, field: String)
        throws(ConversionError) -> String
    {
        switch value {
        case .tensor(let name): return name
        case .constant(let constant, _):
            let name = "\(call.name)/\(inputName)"
            switch constant {
            case .tensor(var tensor):
                tensor.name = name
                return addInitializer(tensor)
            case .int(let int): return addInitializer(MindIRTensors.int64Tensor(name, [int], shape: []))
            case .float(let float): return addInitializer(MindIRTensors.float32Scalar(name, float))
            case .bool(let bool):
                return addInitializer(Tensor(name: name, dtype: .bool, shape: [], bytes: TensorBytes(bytes: [bool ? 1 : 0])))
            default:
                throw call.error(.invalidInput, field, "constant \(constant) cannot be a tensor operand")
            }
        case .tuple: throw call.error(.invalidInput, field, "a tuple where \(call.primitive) reads a tensor")
        case .monad: throw call.error(.invalidInput, field, "a monad where \(call.primitive) reads a tensor")
        case .unavailable(let why): throw call.error(.invalidInput, field, why)
        }
    }
}

struct MindIRLowering {
    let model: MindIr_ModelProto
    let payload: MindIRImporter.PayloadReader
    var primitives: [String: MindIr_PrimitiveProto] = [:]
    var functions: [String: MindIr_GraphProto] = [:]
    var context = MindIRImportContext()
    static let maxInlineDepth = 8

    init(model: MindIr_ModelProto, payload: @escaping MindIRImporter.PayloadReader) {
        self.model = model
        self.payload = payload
    }

    func error(_ code: ConversionError.Code, _ field: String, _ message: String, graph: String? = nil) -> ConversionError {
        ConversionError(code, format: .mindir, graph: graph, field: field, message: message)
    }

    mutating func run() throws(ConversionError) -> Model {
        guard model.hasGraph else { throw error(.invalidModel, "graph", "the model has no graph") }
        for (index, primitive) in model.primitives.enumerated() {
            guard primitives[primitive.name] == nil else {
                throw error(.invalidModel, "primitives[\(index)]", "primitive '\(primitive.name)' is defined twice")
            }
            primitives[primitive.name] = primitive
        }
        for function in model.functions { functions[function.name] = function }
        let graph = model.graph
        let graphName = graph.name

        // Inputs and parameters: GraphIR names drop the `<graph>:` prefix (as MindSpore's loader
        // does) unless that would make two names equal.
        let declared = graph.input.map(\.name) + graph.parameter.map(\.name)
        var shortCounts: [String: Int] = [:]
        for name in declared { shortCounts[Self.shortName(name), default: 0] += 1 }
        func clean(_ name: String) -> String {
            let short = Self.shortName(name)
            return shortCounts[short] == 1 && !short.isEmpty ? short : name
        }

        var env: [String: MindIRValue] = [:]
        var inputs: [Value] = []
        for (index, info) in graph.input.enumerated() {
            if info.denotation == "UMonadType" || info.denotation == "IOMonadType" {
                env[info.name] = .monad
                continue
            }
            guard let tensor = info.tensor.first else {
                throw error(
                    .invalidModel, "graph.input[\(index)]", "input '\(info.name)' is not a tensor (\(info.denotation))",
                    graph: graphName)
            }
            guard let dtype = MindIRTypes.dtype(dataType: tensor.dataType) else {
                throw error(
                    .unsupportedDType, "graph.input[\(index)].tensor[0].data_type",
                    "unknown MindIR data type \(tensor.dataType)", graph: graphName)
            }
            let name = clean(info.name)
            let shape = Shape(tensor.dims.map { $0 < 0 ? GraphIR.Dimension.unknown : .fixed(Int(truncatingIfNeeded: $0)) })
            inputs.append(Value(name: name, dtype: dtype, shape: shape))
            context.types[name] = (dtype, tensor.dims)
            env[info.name] = .tensor(name)
        }
        for (index, parameter) in graph.parameter.enumerated() {
            let field = "graph.parameter[\(index)]"
            guard let dtype = MindIRTypes.dtype(dataType: parameter.dataType), dtype != .string else {
                throw error(.unsupportedDType, "\(field).data_type", "unsupported MindIR data type \(parameter.dataType)", graph: graphName)
            }
            var shape: [Int] = []
            for dim in parameter.dims {
                guard dim >= 0, let size = Int(exactly: dim) else {
                    throw error(.invalidShape, "\(field).dims", "parameter '\(parameter.name)' has dimension \(dim)", graph: graphName)
                }
                shape.append(size)
            }
            let bytes = try payload(parameter, index)
            let tensor = Tensor(name: clean(parameter.name), dtype: dtype, shape: shape, bytes: bytes)
            do {
                try tensor.validate()
            } catch {
                throw self.error(.data, field, "\(error)", graph: graphName)
            }
            env[parameter.name] = .tensor(context.addInitializer(tensor))
        }

        let result = try lower(graph, env: &env, prefix: "", depth: 0)
        var outputs: [Value] = []
        for (index, value) in Self.flatten(result).enumerated() {
            guard case .tensor(let name) = value else {
                throw error(
                    .invalidModel, "graph.output[0]", "returned element \(index) is not a computed tensor", graph: graphName)
            }
            let type = context.types[name]
            let shape = type?.shape.map { Shape($0.map { $0 < 0 ? GraphIR.Dimension.unknown : .fixed(Int(truncatingIfNeeded: $0)) }) }
            outputs.append(Value(name: name, dtype: type?.dtype, shape: shape))
        }

        // What MindSpore recorded of intermediate values (node `shape` attributes) as value_info,
        // so later passes and exporters know ranks and shapes.
        let returnedNames = Set(outputs.map(\.name))
        var valueInfo: [Value] = []
        for node in context.nodes {
            for name in node.outputs where !returnedNames.contains(name) {
                guard let type = context.types[name], type.dtype != nil || type.shape != nil else { continue }
                let shape = type.shape.map { Shape($0.map { $0 < 0 ? GraphIR.Dimension.unknown : .fixed(Int(truncatingIfNeeded: $0)) }) }
                valueInfo.append(Value(name: name, dtype: type.dtype, shape: shape))
            }
        }

        var opsets: OrderedMap<String, Int> = ["": context.usesGelu ? 20 : 17]
        if context.nodes.contains(where: { $0.domain == MindIRImportContext.mindsporeDomain }) {
            opsets[MindIRImportContext.mindsporeDomain] = 1
        }
        var metadata = OrderedMap<String, String>()
        for key in model.userInfo.keys.sorted() { metadata[key] = model.userInfo[key] }
        return Model(
            graph: Graph(
                name: graphName, inputs: inputs, outputs: outputs, nodes: context.nodes, valueInfo: valueInfo,
                initializers: context.initializers),
            metadata: metadata, producerName: model.producerName, producerVersion: model.modelVersion,
            domain: model.domain, opsetImports: opsets, docString: model.docString)
    }

    static func shortName(_ name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    static func flatten(_ value: MindIRValue) -> [MindIRValue] {
        if case .tuple(let elements) = value { return elements.flatMap { flatten($0) } }
        return [value]
    }

    /// Walks `graph`'s nodes and returns what `graph.output[0]` names.
    mutating func lower(_ graph: MindIr_GraphProto, env: inout [String: MindIRValue], prefix: String, depth: Int)
        throws(ConversionError) -> MindIRValue
    {
        let graphName = graph.name
        for (index, node) in graph.node.enumerated() {
            let nodeName = node.name.isEmpty ? (node.output.first ?? "") : node.name
            func nodeError(_ code: ConversionError.Code, _ field: String?, _ message: String, op: String? = nil)
                -> ConversionError
            {
                ConversionError(
                    code, format: .mindir, graph: graphName, nodeIndex: index, nodeName: prefix + nodeName,
                    op: op ?? node.opType, field: field, message: message)
            }
            guard let output = node.output.first, node.hasOpType else {
                throw nodeError(.invalidModel, nil, "a node needs an op_type and an output")
            }
            if node.opType == "Constant" {
                guard let attribute = node.attribute.first(where: { $0.name == "value" }) ?? node.attribute.first else {
                    throw nodeError(.invalidModel, "attribute", "a Constant node without a value")
                }
                let value: MindIRConstant
                do {
                    value = try Self.constant(attribute, depth: 0)
                } catch let problem {
                    throw nodeError(.unsupportedAttribute, "attribute.value", problem.message)
                }
                env[output] = value == .monad ? .monad : .constant(value, node: prefix + output)
                continue
            }
            guard node.opType.hasPrefix("REF::") else {
                throw nodeError(.unsupportedOp, "op_type", "op_type '\(node.opType)' is neither Constant nor REF::")
            }
            let reference = String(node.opType.dropFirst(5))
            var operands: [MindIRValue] = []
            for (position, input) in node.input.enumerated() {
                guard let value = env[input] else {
                    throw nodeError(.invalidInput, "input[\(position)]", "'\(input)' names nothing defined before this node")
                }
                operands.append(value)
            }
            if let primitive = primitives[reference] {
                env[output] = try call(
                    primitive, node: node, index: index, name: prefix + nodeName, output: prefix + output,
                    operands: operands, graph: graphName)
            } else if let function = functions[reference] {
                guard depth < Self.maxInlineDepth else {
                    throw nodeError(.invalidModel, "op_type", "function calls nest deeper than \(Self.maxInlineDepth)")
                }
                guard function.parameter.isEmpty, function.input.count == operands.count else {
                    throw nodeError(
                        .unsupportedOp, "op_type",
                        "call of function graph '\(reference)' with \(operands.count) arguments for \(function.input.count) inputs (or weights inside it) cannot be inlined")
                }
                var inner: [String: MindIRValue] = [:]
                for (input, operand) in zip(function.input, operands) { inner[input.name] = operand }
                env[output] = try lower(function, env: &inner, prefix: "\(prefix)\(nodeName)/", depth: depth + 1)
            } else {
                throw nodeError(
                    .unsupportedOp, "op_type", "'\(reference)' is neither a primitive of the model nor a function graph")
            }
        }
        guard let returned = graph.output.first else {
            throw error(.invalidModel, "output", "graph '\(graphName)' has no output", graph: graphName)
        }
        guard let value = env[returned.name] else {
            throw error(.invalidModel, "output[0]", "the output '\(returned.name)' names no node", graph: graphName)
        }
        return value
    }

    mutating func call(
        _ primitive: MindIr_PrimitiveProto, node: MindIr_NodeProto, index: Int, name: String, output: String,
        operands: [MindIRValue], graph: String
    ) throws(ConversionError) -> MindIRValue {
        let op = primitive.opType
        func nodeError(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
            ConversionError(
                code, format: .mindir, graph: graph, nodeIndex: index, nodeName: name, op: op, field: field,
                message: message)
        }
        switch op {
        case "Load", "Depend":
            guard let first = operands.first else { throw nodeError(.invalidInput, "input[0]", "\(op) without operands") }
            return first
        case "UpdateState":
            return .monad
        case "MakeTuple":
            return .tuple(operands)
        case "TupleGetItem":
            guard operands.count == 2, case .tuple(let elements) = operands[0] else {
                throw nodeError(.invalidInput, "input[0]", "TupleGetItem of something that is not a tuple")
            }
            guard case .constant(let constant, _) = operands[1], let position = constant.intValue,
                position >= 0, position < Int64(elements.count)
            else {
                throw nodeError(.invalidInput, "input[1]", "TupleGetItem index is not a constant within the tuple's \(elements.count) elements")
            }
            let element = elements[Int(position)]
            if case .unavailable(let why) = element { throw nodeError(.unsupportedOp, "input[1]", why) }
            return element
        default:
            break
        }
        guard let rule = MindIRImportTable.byPrimitive[op] else {
            throw nodeError(.unsupportedOp, nil, "MindSpore primitive '\(op)' has no GraphIR mapping")
        }
        var attributes: [String: MindIRConstant] = [:]
        for attribute in primitive.attribute {
            if let value = try? Self.constant(attribute, depth: 0) { attributes[attribute.name] = value }
        }
        var shapes: [[Int64]?] = []
        var dtypes: [DType?] = []
        if let shape = node.attribute.first(where: { $0.name == "shape" }) {
            let parts = shape.type == .tuple || shape.type == .list ? shape.values : [shape]
            for part in parts {
                if part.type == .tensors, let tensor = part.tensors.first {
                    shapes.append(tensor.dims)
                    dtypes.append(MindIRTypes.dtype(dataType: tensor.dataType))
                } else {
                    shapes.append(nil)
                    dtypes.append(nil)
                }
            }
        }
        let call = MindIRCall(
            graph: graph, nodeIndex: index, name: name, output: output, primitive: op,
            operands: operands.filter { if case .monad = $0 { return false } else { return true } }, rule: rule,
            attributes: attributes, outputShapes: shapes, outputTypes: dtypes)
        return try rule.lower(&context, call)
    }

    struct ConstantProblem: Error { var message: String }

    /// Decodes the type-tagged attribute encoding of FORMATS.md §2.4.
    static func constant(_ attribute: MindIr_AttributeProto, depth: Int) throws(ConstantProblem) -> MindIRConstant {
        guard depth < 32 else { throw ConstantProblem(message: "sequences nest deeper than 32") }
        func scalarInt() throws(ConstantProblem) -> Int64 {
            if attribute.hasI { return attribute.i }
            if let first = attribute.ints.first { return first }
            throw ConstantProblem(message: "\(attribute.type) value without i or ints")
        }
        switch attribute.type {
        case .bool: return .bool(try scalarInt() != 0)
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: return .int(try scalarInt())
        case .float:
            if attribute.hasF { return .float(attribute.f) }
            if let first = attribute.floats.first { return .float(first) }
            throw ConstantProblem(message: "FLOAT value without f or floats")
        case .double:
            if attribute.hasD { return .double(attribute.d) }
            if let first = attribute.doubles.first { return .double(first) }
            throw ConstantProblem(message: "DOUBLE value without d or doubles")
        case .string:
            let bytes = attribute.hasS ? attribute.s : (attribute.strings.first ?? Data())
            return .string(String(decoding: bytes, as: UTF8.self))
        case .tuple, .list:
            var elements: [MindIRConstant] = []
            for value in attribute.values { elements.append(try constant(value, depth: depth + 1)) }
            return .sequence(elements)
        case .none: return .none
        case .umonad, .iomonad: return .monad
        case .tensors, .tensor:
            guard let proto = attribute.tensors.first ?? (attribute.hasT ? attribute.t : nil) else {
                throw ConstantProblem(message: "TENSORS value without a tensor")
            }
            guard let dtype = MindIRTypes.dtype(dataType: proto.dataType), dtype != .string else {
                throw ConstantProblem(message: "unsupported tensor data type \(proto.dataType)")
            }
            if !proto.hasRawData && proto.dims.isEmpty { return .type(dtype) }
            var shape: [Int] = []
            for dim in proto.dims {
                guard dim >= 0, let size = Int(exactly: dim) else { throw ConstantProblem(message: "tensor dimension \(dim)") }
                shape.append(size)
            }
            let tensor = Tensor(name: "", dtype: dtype, shape: shape, bytes: TensorBytes(bytes: [UInt8](proto.rawData)))
            do {
                try tensor.validate()
            } catch {
                throw ConstantProblem(message: "\(error)")
            }
            return .tensor(tensor)
        default:
            throw ConstantProblem(message: "value type \(attribute.type) is not supported")
        }
    }
}
