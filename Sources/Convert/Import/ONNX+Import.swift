// ONNX -> GraphIR lowering.
//
// GraphIR's op set is ONNX's, so nodes and attributes move across unchanged; the work here is
// carrying every field into the neutral types and refusing, with a located `ConversionError`,
// the few ONNX fields GraphIR has no place for (node/graph/tensor metadata_props, training
// info, device configurations, denotations, opaque types, tensor segments, unknown fields).
// Refusing is deliberate: a lowering that quietly lost them would export a different model.
//
// Two normalisations are not losses: external data and typed fields (`float_data`, ...) become
// `TensorBytes` in raw_data layout (views of the mapped file where the codec left one), and a
// value_info without a type and one whose type is an empty `tensor_type` both become the
// unknown `ValueType()` - both say "nothing is known".

import Foundation
import Formats
import GraphIR

/// Lowers ONNX models (`ONNXDocument`) to GraphIR.
public enum ONNXImporter {
    /// The GraphIR model for `document`: graph, functions, opset imports, metadata, producer,
    /// domain, model version and doc strings. Initializers are views into the document's bytes.
    ///
    /// `ModelProto.ir_version` is not kept: the exporter derives it from what the model uses
    /// (see `ONNXExporter.minimumIRVersion(for:)`).
    /// - Throws: `ConversionError` naming the graph, node and field that cannot be represented.
    public static func importModel(_ document: ONNXDocument) throws(ConversionError) -> Model {
        let lowering = ONNXLowering(document: document)
        return try lowering.model()
    }
}

/// Where in the model a lowering step is, for errors and for `ONNXDocument.payload(of:at:)`.
struct ONNXScope {
    /// Human-readable graph path, e.g. `main:node[3].then_branch:then_body`.
    var graph: String
    /// Protobuf field path of the graph (`ModelProto.graph`, `...node[3].attribute[0].g`).
    var path: FieldPath
    var nodeIndex: Int?
    var nodeName: String?
    var op: String?

    func error(_ code: ConversionError.Code, _ field: String?, _ message: String) -> ConversionError {
        ConversionError(
            code, format: .onnx, graph: graph, nodeIndex: nodeIndex, nodeName: nodeName, op: op, field: field,
            message: message)
    }

    func atNode(_ index: Int, _ node: Onnx_NodeProto) -> ONNXScope {
        var scope = self
        scope.nodeIndex = index
        scope.nodeName = node.name
        scope.op = node.opType
        scope.path = path.appending("node", index: index)
        return scope
    }
}

struct ONNXLowering {
    let document: ONNXDocument

    func model() throws(ConversionError) -> Model {
        let proto = document.model
        let top = ONNXScope(graph: "model", path: FieldPath(stringLiteral: "ModelProto"))
        try refuseUnknownFields(proto.unknownFields.data, top, "ModelProto")
        if !proto.trainingInfo.isEmpty {
            throw top.error(.invalidModel, "training_info", "training_info has no GraphIR equivalent")
        }
        if !proto.configuration.isEmpty {
            throw top.error(.invalidModel, "configuration", "device configurations have no GraphIR equivalent")
        }
        let opsets = try opsetImports(proto.opsetImport, top, "opset_import")
        var metadata = OrderedMap<String, String>()
        for (index, entry) in proto.metadataProps.enumerated() {
            guard metadata[entry.key] == nil else {
                throw top.error(
                    .invalidModel, "metadata_props[\(index)]", "metadata key '\(entry.key)' is repeated")
            }
            metadata[entry.key] = entry.value
        }
        let graphScope = ONNXScope(
            graph: proto.graph.name.isEmpty ? "main" : proto.graph.name, path: top.path.appending("graph"))
        let graph = try self.graph(proto.graph, graphScope)
        var functions: [Function] = []
        for (index, function) in proto.functions.enumerated() {
            functions.append(try self.function(function, index: index))
        }
        return Model(
            graph: graph, functions: functions, metadata: metadata, producerName: proto.producerName,
            producerVersion: proto.producerVersion, domain: proto.domain,
            modelVersion: proto.hasModelVersion ? proto.modelVersion : nil, opsetImports: opsets,
            docString: proto.docString)
    }

    func opsetImports(_ entries: [Onnx_OperatorSetIdProto], _ scope: ONNXScope, _ field: String)
        throws(ConversionError) -> OrderedMap<String, Int>
    {
        var opsets = OrderedMap<String, Int>()
        for (index, entry) in entries.enumerated() {
            try refuseUnknownFields(entry.unknownFields.data, scope, "\(field)[\(index)]")
            guard opsets[entry.domain] == nil else {
                throw scope.error(
                    .invalidModel, "\(field)[\(index)]", "domain '\(entry.domain)' is imported more than once")
            }
            guard let version = Int(exactly: entry.version) else {
                throw scope.error(.invalidModel, "\(field)[\(index)]", "version \(entry.version) does not fit Int")
            }
            opsets[entry.domain] = version
        }
        return opsets
    }

    // MARK: Functions

    func function(_ proto: Onnx_FunctionProto, index: Int) throws(ConversionError) -> Function {
        let field = "functions[\(index)]"
        let scope = ONNXScope(
            graph: "function \(proto.domain.isEmpty ? "" : proto.domain + ".")\(proto.name)",
            path: FieldPath(stringLiteral: "ModelProto").appending("functions", index: index))
        try refuseUnknownFields(proto.unknownFields.data, scope, field)
        if !proto.metadataProps.isEmpty {
            throw scope.error(.invalidModel, "\(field).metadata_props", "function metadata_props have no GraphIR equivalent")
        }
        var defaults: [Attribute] = []
        for (position, attribute) in proto.attributeProto.enumerated() {
            defaults.append(try self.attribute(attribute, scope, "\(field).attribute_proto[\(position)]",
                scope.path.appending("attribute_proto", index: position)))
        }
        var valueInfo: [Value] = []
        for (position, info) in proto.valueInfo.enumerated() {
            valueInfo.append(try value(info, scope, "\(field).value_info[\(position)]"))
        }
        var nodes: [Node] = []
        for (position, node) in proto.node.enumerated() {
            nodes.append(try self.node(node, scope.atNode(position, node)))
        }
        let body = Graph(
            name: proto.name, inputs: proto.input.map { Value(name: $0, type: ValueType()) },
            outputs: proto.output.map { Value(name: $0, type: ValueType()) }, nodes: nodes, valueInfo: valueInfo,
            docString: proto.docString)
        return Function(
            domain: proto.domain, overload: proto.overload, body: body, attributeNames: proto.attribute,
            attributeDefaults: defaults, opsetImports: try opsetImports(proto.opsetImport, scope, "\(field).opset_import"))
    }

    // MARK: Graphs and nodes

    func graph(_ proto: Onnx_GraphProto, _ scope: ONNXScope) throws(ConversionError) -> Graph {
        try refuseUnknownFields(proto.unknownFields.data, scope, "GraphProto")
        if !proto.metadataProps.isEmpty {
            throw scope.error(.invalidModel, "metadata_props", "graph metadata_props have no GraphIR equivalent")
        }
        if !proto.quantizationAnnotation.isEmpty {
            throw scope.error(
                .invalidModel, "quantization_annotation", "quantization_annotation has no GraphIR equivalent")
        }
        var inputs: [Value] = []
        for (index, info) in proto.input.enumerated() { inputs.append(try value(info, scope, "input[\(index)]")) }
        var outputs: [Value] = []
        for (index, info) in proto.output.enumerated() { outputs.append(try value(info, scope, "output[\(index)]")) }
        var valueInfo: [Value] = []
        for (index, info) in proto.valueInfo.enumerated() {
            valueInfo.append(try value(info, scope, "value_info[\(index)]"))
        }
        var initializers: [Tensor] = []
        for (index, tensor) in proto.initializer.enumerated() {
            initializers.append(
                try self.tensor(tensor, scope, "initializer[\(index)]", scope.path.appending("initializer", index: index)))
        }
        var sparse: [SparseTensor] = []
        for (index, tensor) in proto.sparseInitializer.enumerated() {
            sparse.append(
                try sparseTensor(
                    tensor, scope, "sparse_initializer[\(index)]",
                    scope.path.appending("sparse_initializer", index: index)))
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(proto.node.count)
        for (index, node) in proto.node.enumerated() {
            nodes.append(try self.node(node, scope.atNode(index, node)))
        }
        return Graph(
            name: proto.name, inputs: inputs, outputs: outputs, nodes: nodes, valueInfo: valueInfo,
            initializers: initializers, sparseInitializers: sparse, docString: proto.docString)
    }

    func node(_ proto: Onnx_NodeProto, _ scope: ONNXScope) throws(ConversionError) -> Node {
        try refuseUnknownFields(proto.unknownFields.data, scope, "NodeProto")
        if !proto.overload.isEmpty {
            throw scope.error(.invalidModel, "overload", "calls of overloaded functions have no GraphIR equivalent")
        }
        if !proto.metadataProps.isEmpty {
            throw scope.error(.invalidModel, "metadata_props", "node metadata_props have no GraphIR equivalent")
        }
        if !proto.deviceConfigurations.isEmpty {
            throw scope.error(
                .invalidModel, "device_configurations", "device configurations have no GraphIR equivalent")
        }
        var attributes: [Attribute] = []
        attributes.reserveCapacity(proto.attribute.count)
        for (index, attribute) in proto.attribute.enumerated() {
            attributes.append(
                try self.attribute(
                    attribute, scope, "attribute[\(index)]", scope.path.appending("attribute", index: index)))
        }
        return Node(
            name: proto.name, op: proto.opType, domain: proto.domain, inputs: proto.input, outputs: proto.output,
            attributes: attributes, docString: proto.docString)
    }

    // MARK: Attributes

    func attribute(_ proto: Onnx_AttributeProto, _ scope: ONNXScope, _ field: String, _ path: FieldPath)
        throws(ConversionError) -> Attribute
    {
        let field = "\(field) '\(proto.name)'"
        try refuseUnknownFields(proto.unknownFields.data, scope, field)
        let kind = try Self.kind(of: proto.type, scope, field)
        // The checker allows one value field; a second one would be lost, so it is refused.
        let filled = [
            proto.hasF, proto.hasI, proto.hasS, proto.hasT, proto.hasG, proto.hasSparseTensor, proto.hasTp,
            !proto.floats.isEmpty, !proto.ints.isEmpty, !proto.strings.isEmpty, !proto.tensors.isEmpty,
            !proto.graphs.isEmpty, !proto.sparseTensors.isEmpty, !proto.typeProtos.isEmpty,
        ].filter { $0 }.count
        if !proto.refAttrName.isEmpty {
            guard filled == 0 else {
                throw scope.error(
                    .invalidAttribute, field, "a ref_attr_name attribute also holds a value, which would be lost")
            }
            return Attribute(
                name: proto.name, value: .reference(attribute: proto.refAttrName, kind: kind), docString: proto.docString)
        }
        guard filled <= 1 else {
            throw scope.error(.invalidAttribute, field, "holds \(filled) value fields; only the one of its type is kept")
        }
        let value: AttributeValue
        switch kind {
        case .float: value = .float(proto.f)
        case .int: value = .int(proto.i)
        case .string: value = .string([UInt8](proto.s))
        case .tensor: value = .tensor(try tensor(proto.t, scope, "\(field).t", path.appending("t")))
        case .graph:
            value = .graph(try graph(proto.g, subgraphScope(scope, proto, proto.g, path.appending("g"))))
        case .sparseTensor:
            value = .sparseTensor(
                try sparseTensor(proto.sparseTensor, scope, "\(field).sparse_tensor", path.appending("sparse_tensor")))
        case .type: value = .type(try valueType(proto.tp, scope, "\(field).tp"))
        case .floats: value = .floats(proto.floats)
        case .ints: value = .ints(proto.ints)
        case .strings: value = .strings(proto.strings.map { [UInt8]($0) })
        case .tensors:
            var tensors: [Tensor] = []
            for (index, tensor) in proto.tensors.enumerated() {
                tensors.append(
                    try self.tensor(tensor, scope, "\(field).tensors[\(index)]", path.appending("tensors", index: index)))
            }
            value = .tensors(tensors)
        case .graphs:
            var graphs: [Graph] = []
            for (index, graph) in proto.graphs.enumerated() {
                graphs.append(
                    try self.graph(graph, subgraphScope(scope, proto, graph, path.appending("graphs", index: index))))
            }
            value = .graphs(graphs)
        case .sparseTensors:
            var tensors: [SparseTensor] = []
            for (index, tensor) in proto.sparseTensors.enumerated() {
                tensors.append(
                    try sparseTensor(
                        tensor, scope, "\(field).sparse_tensors[\(index)]",
                        path.appending("sparse_tensors", index: index)))
            }
            value = .sparseTensors(tensors)
        case .types:
            var types: [ValueType] = []
            for (index, type) in proto.typeProtos.enumerated() {
                types.append(try valueType(type, scope, "\(field).type_protos[\(index)]"))
            }
            value = .types(types)
        }
        return Attribute(name: proto.name, value: value, docString: proto.docString)
    }

    func subgraphScope(_ scope: ONNXScope, _ attribute: Onnx_AttributeProto, _ graph: Onnx_GraphProto, _ path: FieldPath)
        -> ONNXScope
    {
        let node = scope.nodeIndex.map { "node[\($0)]" } ?? "node"
        return ONNXScope(graph: "\(scope.graph):\(node).\(attribute.name):\(graph.name)", path: path)
    }

    static func kind(of type: Onnx_AttributeProto.AttributeType, _ scope: ONNXScope, _ field: String)
        throws(ConversionError) -> AttributeKind
    {
        switch type {
        case .float: return .float
        case .int: return .int
        case .string: return .string
        case .tensor: return .tensor
        case .graph: return .graph
        case .sparseTensor: return .sparseTensor
        case .typeProto: return .type
        case .floats: return .floats
        case .ints: return .ints
        case .strings: return .strings
        case .tensors: return .tensors
        case .graphs: return .graphs
        case .sparseTensors: return .sparseTensors
        case .typeProtos: return .types
        case .undefined:
            throw scope.error(.invalidAttribute, "\(field).type", "the attribute type is not set")
        }
    }

    // MARK: Tensors

    func dtype(_ code: Int32, _ scope: ONNXScope, _ field: String) throws(ConversionError) -> DType {
        guard let type = ONNXDataType(code: code) else {
            throw scope.error(.unsupportedDType, field, "unknown ONNX data type \(code)")
        }
        guard let dtype = DType(rawValue: type.name) else {
            throw scope.error(.unsupportedDType, field, "ONNX data type \(type.name) has no GraphIR equivalent")
        }
        return dtype
    }

    func tensor(_ proto: Onnx_TensorProto, _ scope: ONNXScope, _ field: String, _ path: FieldPath)
        throws(ConversionError) -> Tensor
    {
        try refuseUnknownFields(proto.unknownFields.data, scope, field)
        if !proto.metadataProps.isEmpty {
            throw scope.error(.invalidModel, "\(field).metadata_props", "tensor metadata_props have no GraphIR equivalent")
        }
        if proto.hasSegment {
            throw scope.error(.invalidModel, "\(field).segment", "tensor segments have no GraphIR equivalent")
        }
        let dtype = try self.dtype(proto.dataType, scope, "\(field).data_type")
        let shape = proto.dims.map { Int(truncatingIfNeeded: $0) }
        if dtype == .string {
            guard !proto.hasRawData, proto.dataLocation != .external else {
                throw scope.error(.data, field, "string tensor '\(proto.name)' is not stored in string_data")
            }
            return Tensor(
                name: proto.name, shape: shape, strings: proto.stringData.map { [UInt8]($0) }, docString: proto.docString)
        }
        let typedFields = [
            !proto.floatData.isEmpty, !proto.int32Data.isEmpty, !proto.int64Data.isEmpty, !proto.doubleData.isEmpty,
            !proto.uint64Data.isEmpty, !proto.stringData.isEmpty,
        ].filter { $0 }.count
        let elsewhere = proto.hasRawData || proto.dataLocation == .external
        guard typedFields + (elsewhere ? 1 : 0) <= 1 else {
            throw scope.error(.data, field, "tensor '\(proto.name)' stores its data in more than one field")
        }
        let bytes: TensorBytes
        do {
            bytes = try document.payload(of: proto, at: path)
        } catch {
            throw scope.error(.data, field, "\(error)")
        }
        return Tensor(name: proto.name, dtype: dtype, shape: shape, bytes: bytes, docString: proto.docString)
    }

    func sparseTensor(_ proto: Onnx_SparseTensorProto, _ scope: ONNXScope, _ field: String, _ path: FieldPath)
        throws(ConversionError) -> SparseTensor
    {
        try refuseUnknownFields(proto.unknownFields.data, scope, field)
        let values = try tensor(proto.values, scope, "\(field).values", path.appending("values"))
        let indices = try tensor(proto.indices, scope, "\(field).indices", path.appending("indices"))
        return SparseTensor(values: values, indices: indices, dims: proto.dims.map { Int(truncatingIfNeeded: $0) })
    }

    // MARK: Values and types

    func value(_ proto: Onnx_ValueInfoProto, _ scope: ONNXScope, _ field: String) throws(ConversionError) -> Value {
        let field = "\(field) '\(proto.name)'"
        try refuseUnknownFields(proto.unknownFields.data, scope, field)
        if !proto.metadataProps.isEmpty {
            throw scope.error(.invalidModel, "\(field).metadata_props", "value_info metadata_props have no GraphIR equivalent")
        }
        let type = proto.hasType ? try valueType(proto.type, scope, "\(field).type") : ValueType()
        return Value(name: proto.name, type: type, docString: proto.docString)
    }

    /// `TypeProto` to `ValueType`: the innermost tensor gives dtype and shape, the wrappers
    /// (sequence, map, optional, sparse) become `container`.
    func valueType(_ proto: Onnx_TypeProto, _ scope: ONNXScope, _ field: String) throws(ConversionError) -> ValueType {
        try refuseUnknownFields(proto.unknownFields.data, scope, field)
        if !proto.denotation.isEmpty {
            throw scope.error(.invalidModel, "\(field).denotation", "type denotations have no GraphIR equivalent")
        }
        switch proto.value {
        case nil:
            return ValueType()
        case .tensorType(let tensor):
            return ValueType(
                dtype: tensor.elemType == 0 ? nil : try dtype(tensor.elemType, scope, "\(field).tensor_type.elem_type"),
                shape: tensor.hasShape ? try shape(tensor.shape, scope, "\(field).tensor_type.shape") : nil)
        case .sparseTensorType(let tensor):
            return ValueType(
                dtype: tensor.elemType == 0
                    ? nil : try dtype(tensor.elemType, scope, "\(field).sparse_tensor_type.elem_type"),
                shape: tensor.hasShape ? try shape(tensor.shape, scope, "\(field).sparse_tensor_type.shape") : nil,
                container: .sparseTensor)
        case .sequenceType(let sequence):
            var inner = try wrapped(sequence.hasElemType, sequence.elemType, scope, "\(field).sequence_type.elem_type")
            inner.container = .sequence(inner.container)
            return inner
        case .optionalType(let optional):
            var inner = try wrapped(optional.hasElemType, optional.elemType, scope, "\(field).optional_type.elem_type")
            inner.container = .optional(inner.container)
            return inner
        case .mapType(let map):
            let key = try dtype(map.keyType, scope, "\(field).map_type.key_type")
            var inner = try wrapped(map.hasValueType, map.valueType, scope, "\(field).map_type.value_type")
            inner.container = .map(key: key, value: inner.container)
            return inner
        case .opaqueType:
            throw scope.error(.invalidModel, field, "opaque types have no GraphIR equivalent")
        }
    }

    /// The element type of a container; GraphIR cannot say "a sequence of nothing known", so
    /// a missing or empty element type is refused rather than turned into a tensor.
    func wrapped(_ present: Bool, _ proto: Onnx_TypeProto, _ scope: ONNXScope, _ field: String)
        throws(ConversionError) -> ValueType
    {
        guard present, proto.value != nil else {
            throw scope.error(.invalidModel, field, "a container type without an element type has no GraphIR equivalent")
        }
        return try valueType(proto, scope, field)
    }

    func shape(_ proto: Onnx_TensorShapeProto, _ scope: ONNXScope, _ field: String) throws(ConversionError) -> Shape {
        try refuseUnknownFields(proto.unknownFields.data, scope, field)
        var dimensions: [GraphIR.Dimension] = []
        dimensions.reserveCapacity(proto.dim.count)
        for (index, dim) in proto.dim.enumerated() {
            if !dim.denotation.isEmpty {
                throw scope.error(
                    .invalidModel, "\(field).dim[\(index)].denotation", "dimension denotations have no GraphIR equivalent")
            }
            switch dim.value {
            case .dimValue(let size): dimensions.append(.fixed(Int(truncatingIfNeeded: size)))
            case .dimParam(let name): dimensions.append(.symbolic(name))
            case nil: dimensions.append(.unknown)
            }
        }
        return Shape(dimensions)
    }

    func refuseUnknownFields(_ data: Data, _ scope: ONNXScope, _ field: String) throws(ConversionError) {
        guard data.isEmpty else {
            throw scope.error(
                .invalidModel, field, "\(data.count) bytes of fields unknown to our onnx.proto would be lost")
        }
    }
}
