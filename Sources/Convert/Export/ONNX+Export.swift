// GraphIR -> ONNX.
//
// Every GraphIR field has an ONNX field (the IR was modelled on ONNX), so this direction only
// fails for storage that contradicts its dtype. Fixed-width tensors are written to `raw_data`:
// a one-chunk `TensorBytes` is wrapped without copying (`ONNXCodec.wrap`), so exporting a model
// whose weights are views of a mapped file costs no weight copies until the proto is encoded.
//
// IR version. GraphIR does not carry ONNX's `ir_version`: it is a property of the file format,
// not of the computation. The exporter writes the lowest IR version that can hold what the model
// uses - the version the onnx release table pairs with each imported opset (ai.onnx, ai.onnx.ml,
// ai.onnx.training), raised for features and element types added later (sparse tensors 6,
// optional/sparse types and model functions 8, function attribute defaults and float8 9, 4-bit
// ints 10, float4 11, float8e8m0 12, 2-bit ints 13). Lowest rather than newest, so that older
// runtimes load what we write; `ONNXExportOptions.irVersion` pins a version instead.

import Foundation
import Formats
import GraphIR

/// Choices the exporter cannot make from the model alone.
public struct ONNXExportOptions: Sendable, Equatable {
    /// `ModelProto.ir_version` to write; nil derives it (`ONNXExporter.minimumIRVersion(for:)`).
    public var irVersion: Int64?

    public init(irVersion: Int64? = nil) {
        self.irVersion = irVersion
    }
}

/// Raises GraphIR models to ONNX (`Onnx_ModelProto`, encoded with `ONNXCodec.encode`).
public enum ONNXExporter {
    /// The ONNX model for `model`. Tensor payloads are shared with `model`, not copied.
    /// - Throws: `ConversionError` naming the graph, node and field that cannot be written.
    public static func exportModel(_ model: Model, options: ONNXExportOptions = ONNXExportOptions())
        throws(ConversionError) -> Onnx_ModelProto
    {
        var proto = Onnx_ModelProto()
        proto.irVersion = options.irVersion ?? minimumIRVersion(for: model)
        proto.opsetImport = operatorSets(model.opsetImports)
        proto.producerName = model.producerName
        proto.producerVersion = model.producerVersion
        proto.domain = model.domain
        if let version = model.modelVersion { proto.modelVersion = version }
        proto.docString = model.docString
        let main = model.graph.name.isEmpty ? "main" : model.graph.name
        proto.graph = try ONNXRaising.graph(model.graph, scope: main)
        proto.metadataProps = model.metadata.map { entry in
            var pair = Onnx_StringStringEntryProto()
            pair.key = entry.key
            pair.value = entry.value
            return pair
        }
        var functions: [Onnx_FunctionProto] = []
        for function in model.functions {
            functions.append(try ONNXRaising.function(function))
        }
        proto.functions = functions
        return proto
    }

    /// The encoded ONNX bytes for `model` (`exportModel` then `ONNXCodec.encode`).
    public static func encodeModel(_ model: Model, options: ONNXExportOptions = ONNXExportOptions())
        throws(ConversionError) -> [UInt8]
    {
        let proto = try exportModel(model, options: options)
        do {
            return try ONNXCodec.encode(proto)
        } catch {
            throw ConversionError(.invalidModel, format: .onnx, message: "\(error)")
        }
    }

    /// The lowest `ir_version` that supports every opset, feature and element type `model` uses
    /// (never below 3, the first version with `opset_import`).
    public static func minimumIRVersion(for model: Model) -> Int64 {
        var survey = ONNXFeatureSurvey()
        for (domain, version) in model.opsetImports { survey.opset(domain, version) }
        survey.graph(model.graph)
        for function in model.functions {
            survey.require(8)
            if !function.attributeDefaults.isEmpty { survey.require(9) }
            for (domain, version) in function.opsetImports { survey.opset(domain, version) }
            for attribute in function.attributeDefaults { survey.attribute(attribute.value) }
            survey.graph(function.body)
        }
        return survey.version
    }

    static func operatorSets(_ opsets: OrderedMap<String, Int>) -> [Onnx_OperatorSetIdProto] {
        opsets.map { entry in
            var opset = Onnx_OperatorSetIdProto()
            opset.domain = entry.key
            opset.version = Int64(entry.value)
            return opset
        }
    }
}

/// Walks a model for the IR version its contents need.
struct ONNXFeatureSurvey {
    private(set) var version: Int64 = 3

    mutating func require(_ needed: Int64) { version = max(version, needed) }

    /// From onnx's release table: the IR version that shipped with each opset version.
    mutating func opset(_ domain: String, _ opset: Int) {
        switch domain {
        case "", "ai.onnx":
            let firsts: [(opset: Int, ir: Int64)] = [
                (9, 4), (10, 5), (11, 6), (12, 7), (15, 8), (19, 9), (21, 10), (23, 11), (24, 12), (25, 13), (28, 14),
            ]
            for entry in firsts where opset >= entry.opset { require(entry.ir) }
        case "ai.onnx.ml":
            let firsts: [(opset: Int, ir: Int64)] = [(2, 6), (3, 8), (4, 9), (5, 10)]
            for entry in firsts where opset >= entry.opset { require(entry.ir) }
        case "ai.onnx.training", "ai.onnx.preview.training":
            require(7)  // both first shipped in onnx 1.7 (IR 7)
        default:
            break  // custom domains say nothing about the file format
        }
    }

    mutating func dtype(_ dtype: DType?) {
        switch dtype {
        case .float8e4m3fn?, .float8e4m3fnuz?, .float8e5m2?, .float8e5m2fnuz?: require(9)
        case .int4?, .uint4?: require(10)
        case .float4e2m1?: require(11)
        case .float8e8m0?: require(12)
        case .int2?, .uint2?: require(13)
        default: break
        }
    }

    mutating func type(_ type: ValueType) {
        dtype(type.dtype)
        container(type.container)
    }

    mutating func container(_ container: ValueType.Container) {
        switch container {
        case .tensor: break
        case .sparseTensor: require(8)
        case .sequence(let inner): self.container(inner)
        case .map(let key, let inner):
            dtype(key)
            self.container(inner)
        case .optional(let inner):
            require(8)
            self.container(inner)
        }
    }

    mutating func graph(_ graph: Graph) {
        for value in graph.inputs { type(value.type) }
        for value in graph.outputs { type(value.type) }
        for value in graph.valueInfo { type(value.type) }
        for tensor in graph.initializers { dtype(tensor.dtype) }
        if !graph.sparseInitializers.isEmpty { require(6) }
        for sparse in graph.sparseInitializers { dtype(sparse.values.dtype) }
        for node in graph.nodes {
            for attribute in node.attributes { self.attribute(attribute.value) }
        }
    }

    mutating func attribute(_ value: AttributeValue) {
        switch value {
        case .tensor(let tensor): dtype(tensor.dtype)
        case .tensors(let tensors): for tensor in tensors { dtype(tensor.dtype) }
        case .sparseTensor(let sparse):
            require(6)
            dtype(sparse.values.dtype)
        case .sparseTensors(let tensors):
            require(6)
            for sparse in tensors { dtype(sparse.values.dtype) }
        case .graph(let graph): self.graph(graph)
        case .graphs(let graphs): for graph in graphs { self.graph(graph) }
        case .type(let type): self.type(type)
        case .types(let types): for type in types { self.type(type) }
        case .int, .float, .string, .ints, .floats, .strings, .reference: break
        }
    }
}

/// The GraphIR -> proto builders.
enum ONNXRaising {
    /// ONNX data type codes by GraphIR dtype, from `ONNXDataType`'s table (names match).
    static let codes: [DType: Int32] = {
        var codes: [DType: Int32] = [:]
        for code in ONNXDataType.allCodes {
            if let type = ONNXDataType(code: code), let dtype = DType(rawValue: type.name) { codes[dtype] = code }
        }
        return codes
    }()

    struct Scope {
        var graph: String
        var nodeIndex: Int?
        var nodeName: String?
        var op: String?

        func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
            ConversionError(
                code, format: .onnx, graph: graph, nodeIndex: nodeIndex, nodeName: nodeName, op: op, field: field,
                message: message)
        }
    }

    static func code(_ dtype: DType, _ scope: Scope, _ field: String) throws(ConversionError) -> Int32 {
        guard let code = codes[dtype] else {
            throw scope.error(.unsupportedDType, field, "\(dtype) has no ONNX data type")
        }
        return code
    }

    static func function(_ function: Function) throws(ConversionError) -> Onnx_FunctionProto {
        let scope = Scope(graph: "function \(function.domain.isEmpty ? "" : function.domain + ".")\(function.name)")
        var proto = Onnx_FunctionProto()
        proto.name = function.name
        proto.domain = function.domain
        proto.overload = function.overload
        proto.input = function.body.inputs.map(\.name)
        proto.output = function.body.outputs.map(\.name)
        proto.attribute = function.attributeNames
        var defaults: [Onnx_AttributeProto] = []
        for (index, attribute) in function.attributeDefaults.enumerated() {
            defaults.append(try self.attribute(attribute, scope, "attribute_proto[\(index)]"))
        }
        proto.attributeProto = defaults
        var nodes: [Onnx_NodeProto] = []
        for (index, node) in function.body.nodes.enumerated() {
            nodes.append(try self.node(node, Scope(graph: scope.graph, nodeIndex: index, nodeName: node.name, op: node.op)))
        }
        proto.node = nodes
        proto.docString = function.body.docString
        proto.opsetImport = ONNXExporter.operatorSets(function.opsetImports)
        var valueInfo: [Onnx_ValueInfoProto] = []
        for (index, value) in function.body.valueInfo.enumerated() {
            valueInfo.append(try self.value(value, scope, "value_info[\(index)]"))
        }
        proto.valueInfo = valueInfo
        // A function's signature is names only; types or initializers in the body would be lost.
        for (index, value) in (function.body.inputs + function.body.outputs).enumerated()
        where value.type != ValueType() || !value.docString.isEmpty {
            throw scope.error(
                .invalidModel, "input/output[\(index)] '\(value.name)'",
                "FunctionProto inputs and outputs are names only; this one has a type or doc string")
        }
        if !function.body.initializers.isEmpty || !function.body.sparseInitializers.isEmpty {
            throw scope.error(.invalidModel, "initializer", "FunctionProto has no initializers; use Constant nodes")
        }
        return proto
    }

    static func graph(_ graph: Graph, scope name: String) throws(ConversionError) -> Onnx_GraphProto {
        let scope = Scope(graph: name)
        var proto = Onnx_GraphProto()
        proto.name = graph.name
        proto.docString = graph.docString
        var values: [Onnx_ValueInfoProto] = []
        for (index, value) in graph.inputs.enumerated() { values.append(try self.value(value, scope, "input[\(index)]")) }
        proto.input = values
        values = []
        for (index, value) in graph.outputs.enumerated() {
            values.append(try self.value(value, scope, "output[\(index)]"))
        }
        proto.output = values
        values = []
        for (index, value) in graph.valueInfo.enumerated() {
            values.append(try self.value(value, scope, "value_info[\(index)]"))
        }
        proto.valueInfo = values
        var tensors: [Onnx_TensorProto] = []
        tensors.reserveCapacity(graph.initializers.count)
        for (index, tensor) in graph.initializers.enumerated() {
            tensors.append(try self.tensor(tensor, scope, "initializer[\(index)]"))
        }
        proto.initializer = tensors
        var sparse: [Onnx_SparseTensorProto] = []
        for (index, tensor) in graph.sparseInitializers.enumerated() {
            sparse.append(try sparseTensor(tensor, scope, "sparse_initializer[\(index)]"))
        }
        proto.sparseInitializer = sparse
        var nodes: [Onnx_NodeProto] = []
        nodes.reserveCapacity(graph.nodes.count)
        for (index, node) in graph.nodes.enumerated() {
            nodes.append(try self.node(node, Scope(graph: name, nodeIndex: index, nodeName: node.name, op: node.op)))
        }
        proto.node = nodes
        return proto
    }

    static func node(_ node: Node, _ scope: Scope) throws(ConversionError) -> Onnx_NodeProto {
        var proto = Onnx_NodeProto()
        proto.name = node.name
        proto.opType = node.op
        proto.domain = node.domain
        proto.input = node.inputs
        proto.output = node.outputs
        proto.docString = node.docString
        var attributes: [Onnx_AttributeProto] = []
        attributes.reserveCapacity(node.attributes.count)
        for (index, attribute) in node.attributes.enumerated() {
            attributes.append(try self.attribute(attribute, scope, "attribute[\(index)]"))
        }
        proto.attribute = attributes
        return proto
    }

    static func attributeType(_ kind: AttributeKind) -> Onnx_AttributeProto.AttributeType {
        switch kind {
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .tensor: return .tensor
        case .graph: return .graph
        case .sparseTensor: return .sparseTensor
        case .type: return .typeProto
        case .ints: return .ints
        case .floats: return .floats
        case .strings: return .strings
        case .tensors: return .tensors
        case .graphs: return .graphs
        case .sparseTensors: return .sparseTensors
        case .types: return .typeProtos
        }
    }

    static func attribute(_ attribute: Attribute, _ scope: Scope, _ field: String) throws(ConversionError)
        -> Onnx_AttributeProto
    {
        let field = "\(field) '\(attribute.name)'"
        var proto = Onnx_AttributeProto()
        proto.name = attribute.name
        proto.docString = attribute.docString
        proto.type = attributeType(attribute.value.kind)
        let node = scope.nodeIndex.map { "node[\($0)]" } ?? "node"
        func subgraph(_ graph: Graph) throws(ConversionError) -> Onnx_GraphProto {
            try self.graph(graph, scope: "\(scope.graph):\(node).\(attribute.name):\(graph.name)")
        }
        switch attribute.value {
        case .int(let value): proto.i = value
        case .float(let value): proto.f = value
        case .string(let bytes): proto.s = Data(bytes)
        case .tensor(let tensor): proto.t = try self.tensor(tensor, scope, "\(field).t")
        case .graph(let graph): proto.g = try subgraph(graph)
        case .sparseTensor(let sparse): proto.sparseTensor = try sparseTensor(sparse, scope, "\(field).sparse_tensor")
        case .type(let type): proto.tp = try typeProto(type, scope, "\(field).tp")
        case .ints(let values): proto.ints = values
        case .floats(let values): proto.floats = values
        case .strings(let values): proto.strings = values.map { Data($0) }
        case .tensors(let tensors):
            var protos: [Onnx_TensorProto] = []
            for (index, tensor) in tensors.enumerated() {
                protos.append(try self.tensor(tensor, scope, "\(field).tensors[\(index)]"))
            }
            proto.tensors = protos
        case .graphs(let graphs):
            var protos: [Onnx_GraphProto] = []
            for graph in graphs { protos.append(try subgraph(graph)) }
            proto.graphs = protos
        case .sparseTensors(let tensors):
            var protos: [Onnx_SparseTensorProto] = []
            for (index, sparse) in tensors.enumerated() {
                protos.append(try sparseTensor(sparse, scope, "\(field).sparse_tensors[\(index)]"))
            }
            proto.sparseTensors = protos
        case .types(let types):
            var protos: [Onnx_TypeProto] = []
            for (index, type) in types.enumerated() {
                protos.append(try typeProto(type, scope, "\(field).type_protos[\(index)]"))
            }
            proto.typeProtos = protos
        case .reference(let name, _): proto.refAttrName = name
        }
        return proto
    }

    /// A tensor with its payload in `raw_data` (shared, not copied, when it is one view) or,
    /// for strings, in `string_data`.
    static func tensor(_ tensor: Tensor, _ scope: Scope, _ field: String) throws(ConversionError) -> Onnx_TensorProto {
        var proto = Onnx_TensorProto()
        proto.name = tensor.name
        proto.dims = tensor.shape.map { Int64($0) }
        proto.dataType = try code(tensor.dtype, scope, "\(field).data_type")
        proto.docString = tensor.docString
        switch (tensor.dtype, tensor.storage) {
        case (.string, .strings(let strings)):
            proto.stringData = strings.map { Data($0) }
        case (.string, .bytes):
            throw scope.error(.data, field, "string tensor '\(tensor.name)' is stored as raw bytes")
        case (_, .strings):
            throw scope.error(.data, field, "\(tensor.dtype) tensor '\(tensor.name)' is stored as strings")
        case (_, .bytes(let bytes)):
            proto.rawData = bytes.isContiguous ? ONNXCodec.wrap(bytes.contiguous()) : Data(bytes.bytes)
        }
        return proto
    }

    static func sparseTensor(_ sparse: SparseTensor, _ scope: Scope, _ field: String) throws(ConversionError)
        -> Onnx_SparseTensorProto
    {
        var proto = Onnx_SparseTensorProto()
        proto.values = try tensor(sparse.values, scope, "\(field).values")
        proto.indices = try tensor(sparse.indices, scope, "\(field).indices")
        proto.dims = sparse.dims.map { Int64($0) }
        return proto
    }

    static func value(_ value: Value, _ scope: Scope, _ field: String) throws(ConversionError) -> Onnx_ValueInfoProto {
        var proto = Onnx_ValueInfoProto()
        proto.name = value.name
        proto.docString = value.docString
        // Nothing known is written as no type at all (ONNX's way of saying the same).
        if value.type != ValueType() {
            proto.type = try typeProto(value.type, scope, "\(field) '\(value.name)'.type")
        }
        return proto
    }

    static func typeProto(_ type: ValueType, _ scope: Scope, _ field: String) throws(ConversionError) -> Onnx_TypeProto {
        try typeProto(type.container, dtype: type.dtype, shape: type.shape, scope, field)
    }

    static func typeProto(
        _ container: ValueType.Container, dtype: DType?, shape: Shape?, _ scope: Scope, _ field: String
    ) throws(ConversionError) -> Onnx_TypeProto {
        var proto = Onnx_TypeProto()
        switch container {
        case .tensor:
            var tensor = Onnx_TypeProto.Tensor()
            if let dtype { tensor.elemType = try code(dtype, scope, "\(field).elem_type") }
            if let shape { tensor.shape = shapeProto(shape) }
            proto.tensorType = tensor
        case .sparseTensor:
            var tensor = Onnx_TypeProto.SparseTensor()
            if let dtype { tensor.elemType = try code(dtype, scope, "\(field).elem_type") }
            if let shape { tensor.shape = shapeProto(shape) }
            proto.sparseTensorType = tensor
        case .sequence(let inner):
            var sequence = Onnx_TypeProto.Sequence()
            sequence.elemType = try typeProto(inner, dtype: dtype, shape: shape, scope, field)
            proto.sequenceType = sequence
        case .optional(let inner):
            var optional = Onnx_TypeProto.Optional()
            optional.elemType = try typeProto(inner, dtype: dtype, shape: shape, scope, field)
            proto.optionalType = optional
        case .map(let key, let inner):
            var map = Onnx_TypeProto.Map()
            map.keyType = try code(key, scope, "\(field).key_type")
            map.valueType = try typeProto(inner, dtype: dtype, shape: shape, scope, field)
            proto.mapType = map
        }
        return proto
    }

    static func shapeProto(_ shape: Shape) -> Onnx_TensorShapeProto {
        var proto = Onnx_TensorShapeProto()
        proto.dim = shape.dimensions.map { dimension in
            var dim = Onnx_TensorShapeProto.Dimension()
            switch dimension {
            case .fixed(let size): dim.dimValue = Int64(size)
            case .symbolic(let name): dim.dimParam = name
            case .unknown: break
            }
            return dim
        }
        return proto
    }
}
