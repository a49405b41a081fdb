import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// Hand-built ONNX protos through the lowering: each attribute kind, If/Loop subgraphs,
/// symbolic dims, container types, sparse initializers, functions, and located refusals.
@Suite struct ONNXImportTests {
    // MARK: Builders

    static func tensor(_ name: String, dims: [Int64], floats: [Float]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = dims
        tensor.dataType = 1
        tensor.floatData = floats
        return tensor
    }

    static func int64Tensor(_ name: String, dims: [Int64], values: [Int64]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = dims
        tensor.dataType = 7
        tensor.rawData = Data(values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } })
        return tensor
    }

    static func valueInfo(_ name: String, elem: Int32, dims: [Onnx_TensorShapeProto.Dimension]?) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = elem
        if let dims {
            var shape = Onnx_TensorShapeProto()
            shape.dim = dims
            tensor.shape = shape
        }
        info.type.tensorType = tensor
        return info
    }

    static func dim(_ value: Int64) -> Onnx_TensorShapeProto.Dimension {
        var dim = Onnx_TensorShapeProto.Dimension()
        dim.dimValue = value
        return dim
    }

    static func dim(_ name: String) -> Onnx_TensorShapeProto.Dimension {
        var dim = Onnx_TensorShapeProto.Dimension()
        dim.dimParam = name
        return dim
    }

    static func node(_ op: String, _ inputs: [String], _ outputs: [String], _ attributes: [Onnx_AttributeProto] = [])
        -> Onnx_NodeProto
    {
        var node = Onnx_NodeProto()
        node.opType = op
        node.input = inputs
        node.output = outputs
        node.attribute = attributes
        return node
    }

    static func attribute(_ name: String, _ type: Onnx_AttributeProto.AttributeType, _ fill: (inout Onnx_AttributeProto) -> Void)
        -> Onnx_AttributeProto
    {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = type
        fill(&attribute)
        return attribute
    }

    static func model(_ graph: Onnx_GraphProto, opset: Int64 = 21) -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = 10
        var opsetID = Onnx_OperatorSetIdProto()
        opsetID.version = opset
        model.opsetImport = [opsetID]
        model.graph = graph
        return model
    }

    /// Lowers `model`, raises it again, and checks the result is the same model structurally.
    static func roundTrip(_ model: Onnx_ModelProto) throws -> (Model, Onnx_ModelProto) {
        let document = ONNXDocument(model: model)
        let lowered = try ONNXImporter.importModel(document)
        let raised = try ONNXExporter.exportModel(lowered)
        let diff = ONNXStructure(left: document, right: ONNXDocument(model: raised)).difference()
        #expect(diff == nil, "\(diff ?? "")")
        #expect(try ONNXImporter.importModel(ONNXDocument(model: raised)) == lowered)
        return (lowered, raised)
    }

    // MARK: Tests

    @Test func everyAttributeKindSurvives() throws {
        var subgraph = Onnx_GraphProto()
        subgraph.name = "body"
        subgraph.output = [Self.valueInfo("x", elem: 1, dims: nil)]
        var typeProto = Onnx_TypeProto()
        typeProto.tensorType.elemType = 7
        var sparse = Onnx_SparseTensorProto()
        sparse.values = Self.tensor("sp", dims: [2], floats: [1, 2])
        sparse.indices = Self.int64Tensor("", dims: [2], values: [0, 5])
        sparse.dims = [2, 3]
        let attributes: [Onnx_AttributeProto] = [
            Self.attribute("f", .float) { $0.f = -0.0 },
            Self.attribute("i", .int) { $0.i = -7 },
            Self.attribute("s", .string) { $0.s = Data([0xFF, 0x00, 0x41]) },
            Self.attribute("t", .tensor) { $0.t = Self.tensor("", dims: [2], floats: [1.5, .nan]) },
            Self.attribute("g", .graph) { $0.g = subgraph },
            Self.attribute("sparse", .sparseTensor) { $0.sparseTensor = sparse },
            Self.attribute("tp", .typeProto) { $0.tp = typeProto },
            Self.attribute("floats", .floats) { $0.floats = [1, 2.5] },
            Self.attribute("ints", .ints) { $0.ints = [] },
            Self.attribute("strings", .strings) { $0.strings = [Data("a".utf8), Data()] },
            Self.attribute("tensors", .tensors) { $0.tensors = [Self.int64Tensor("", dims: [], values: [3])] },
            Self.attribute("graphs", .graphs) { $0.graphs = [subgraph, subgraph] },
            Self.attribute("sparse_tensors", .sparseTensors) { $0.sparseTensors = [sparse] },
            Self.attribute("type_protos", .typeProtos) { $0.typeProtos = [typeProto, typeProto] },
        ]
        var graph = Onnx_GraphProto()
        graph.name = "main"
        graph.input = [Self.valueInfo("x", elem: 1, dims: [Self.dim(2)])]
        graph.output = [Self.valueInfo("y", elem: 1, dims: nil)]
        var custom = Self.node("Custom", ["x"], ["y"], attributes)
        custom.domain = "com.example"
        graph.node = [custom]
        let (model, _) = try Self.roundTrip(Self.model(graph))
        let node = try #require(model.graph.nodes.first)
        #expect(node.attributes.map(\.value.kind) == [
            .float, .int, .string, .tensor, .graph, .sparseTensor, .type, .floats, .ints, .strings, .tensors, .graphs,
            .sparseTensors, .types,
        ])
        #expect(node.attribute(named: "f") == .float(-0.0))
        #expect(node.attribute(named: "s") == .string([0xFF, 0x00, 0x41]))
        #expect(node.attribute(named: "tp") == .type(ValueType(dtype: .int64)))
        if case .tensor(let tensor)? = node.attribute(named: "t") {
            #expect(tensor.bytes?.count == 8 && tensor.dtype == .float32)
        } else {
            Issue.record("t is not a tensor")
        }
        if case .sparseTensor(let value)? = node.attribute(named: "sparse") {
            #expect(value.dims == [2, 3] && value.name == "sp")
            #expect(throws: Never.self) { try value.validate() }
        } else {
            Issue.record("sparse is not a sparse tensor")
        }
    }

    @Test func ifAndLoopSubgraphsReadOuterValues() throws {
        // if cond then (y = x + w) else (y = x); Loop carrying x, body reading outer w.
        var thenBranch = Onnx_GraphProto()
        thenBranch.name = "then"
        thenBranch.node = [Self.node("Add", ["x", "w"], ["t_out"])]
        thenBranch.output = [Self.valueInfo("t_out", elem: 1, dims: [Self.dim("N")])]
        var elseBranch = Onnx_GraphProto()
        elseBranch.name = "else"
        elseBranch.node = [Self.node("Identity", ["x"], ["e_out"])]
        elseBranch.output = [Self.valueInfo("e_out", elem: 1, dims: [Self.dim("N")])]
        var body = Onnx_GraphProto()
        body.name = "loop_body"
        body.input = [
            Self.valueInfo("i", elem: 7, dims: []), Self.valueInfo("c", elem: 9, dims: []),
            Self.valueInfo("acc", elem: 1, dims: [Self.dim("N")]),
        ]
        body.node = [Self.node("Identity", ["c"], ["c_out"]), Self.node("Add", ["acc", "w"], ["acc_out"])]
        body.output = [Self.valueInfo("c_out", elem: 9, dims: []), Self.valueInfo("acc_out", elem: 1, dims: [Self.dim("N")])]

        var graph = Onnx_GraphProto()
        graph.name = "main"
        graph.input = [
            Self.valueInfo("cond", elem: 9, dims: []), Self.valueInfo("x", elem: 1, dims: [Self.dim("N")]),
            Self.valueInfo("trip", elem: 7, dims: []),
        ]
        graph.initializer = [Self.tensor("w", dims: [1], floats: [2])]
        graph.node = [
            Self.node("If", ["cond"], ["y"], [
                Self.attribute("then_branch", .graph) { $0.g = thenBranch },
                Self.attribute("else_branch", .graph) { $0.g = elseBranch },
            ]),
            Self.node("Loop", ["trip", "cond", "y"], ["z"], [Self.attribute("body", .graph) { $0.g = body }]),
        ]
        graph.output = [Self.valueInfo("z", elem: 1, dims: [Self.dim("N")])]
        let (model, raised) = try Self.roundTrip(Self.model(graph, opset: 19))
        #expect(throws: Never.self) { try model.validate() }
        let ifNode = model.graph.nodes[0]
        #expect(ifNode.attribute(named: "then_branch")?.subgraphs.first?.nodes.first?.inputs == ["x", "w"])
        let loopBody = try #require(model.graph.nodes[1].attribute(named: "body")?.subgraphs.first)
        #expect(loopBody.inputs.map(\.name) == ["i", "c", "acc"])
        #expect(loopBody.outputs.last?.shape == ["N"])
        #expect(raised.graph.node[1].attribute[0].g.name == "loop_body")
        #expect(raised.irVersion == 9)  // opset 19 shipped with IR 9
    }

    @Test func symbolicUnknownAndFixedDimsAndContainerTypes() throws {
        var graph = Onnx_GraphProto()
        graph.name = "main"
        graph.input = [Self.valueInfo("x", elem: 10, dims: [Self.dim("batch"), Self.dim(3), Onnx_TensorShapeProto.Dimension()])]
        // seq(map(int64, tensor(float))), optional(seq(tensor(int32))), sparse_tensor(float [4,4])
        var mapType = Onnx_TypeProto()
        mapType.mapType.keyType = 7
        mapType.mapType.valueType.tensorType.elemType = 1
        var seqOfMap = Onnx_ValueInfoProto()
        seqOfMap.name = "s"
        seqOfMap.type.sequenceType.elemType = mapType
        var optional = Onnx_ValueInfoProto()
        optional.name = "o"
        var seq = Onnx_TypeProto()
        seq.sequenceType.elemType.tensorType.elemType = 6
        optional.type.optionalType.elemType = seq
        var sparse = Onnx_ValueInfoProto()
        sparse.name = "sp"
        sparse.type.sparseTensorType.elemType = 1
        sparse.type.sparseTensorType.shape.dim = [Self.dim(4), Self.dim(4)]
        var untyped = Onnx_ValueInfoProto()
        untyped.name = "u"
        graph.valueInfo = [seqOfMap, optional, sparse, untyped]
        graph.output = [Self.valueInfo("x", elem: 10, dims: nil)]
        let (model, raised) = try Self.roundTrip(Self.model(graph))
        #expect(model.graph.inputs[0].shape == Shape([.symbolic("batch"), .fixed(3), .unknown]))
        #expect(model.graph.inputs[0].dtype == .float16)
        #expect(model.graph.outputs[0].shape == nil)
        #expect(model.graph.valueInfo.map(\.type) == [
            ValueType(dtype: .float32, container: .sequence(.map(key: .int64, value: .tensor))),
            ValueType(dtype: .int32, container: .optional(.sequence(.tensor))),
            ValueType(dtype: .float32, shape: [4, 4], container: .sparseTensor),
            ValueType(),
        ])
        #expect(!raised.graph.valueInfo[3].hasType)
        #expect(raised.irVersion == 10)
    }

    @Test func sparseInitializersKeepValuesIndicesAndDims() throws {
        var sparse = Onnx_SparseTensorProto()
        sparse.values = Self.tensor("w", dims: [3], floats: [1, 2, 3])
        sparse.indices = Self.int64Tensor("", dims: [3, 2], values: [0, 0, 1, 2, 3, 3])
        sparse.dims = [4, 4]
        var graph = Onnx_GraphProto()
        graph.name = "main"
        graph.input = [Self.valueInfo("x", elem: 1, dims: [Self.dim(4), Self.dim(4)])]
        graph.sparseInitializer = [sparse]
        graph.node = [Self.node("Add", ["x", "w"], ["y"])]
        graph.output = [Self.valueInfo("y", elem: 1, dims: [Self.dim(4), Self.dim(4)])]
        let (model, raised) = try Self.roundTrip(Self.model(graph, opset: 11))
        let lowered = try #require(model.graph.sparseInitializers.first)
        #expect(lowered.name == "w" && lowered.dims == [4, 4] && lowered.indices.shape == [3, 2])
        #expect(lowered.values.bytes?.bytes == [1, 2, 3].flatMap { (value: Float) in
            withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        })
        #expect(throws: Never.self) { try lowered.validate() }
        #expect(raised.graph.sparseInitializer.count == 1)
        #expect(raised.irVersion == 6)
    }

    @Test func functionsKeepAttributeDefaultsReferencesAndOpsets() throws {
        var function = Onnx_FunctionProto()
        function.name = "Scale"
        function.domain = "custom"
        function.input = ["x"]
        function.output = ["y"]
        function.attribute = ["alpha"]
        function.attributeProto = [Self.attribute("beta", .float) { $0.f = 0.5 }]
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 18
        function.opsetImport = [opset]
        function.node = [
            Self.node("Constant", [], ["a"], [
                Self.attribute("value_float", .float) { $0.refAttrName = "alpha" }
            ]),
            Self.node("Mul", ["x", "a"], ["y"]),
        ]
        var graph = Onnx_GraphProto()
        graph.name = "main"
        graph.input = [Self.valueInfo("x", elem: 1, dims: [Self.dim(2)])]
        var call = Self.node("Scale", ["x"], ["y"], [Self.attribute("alpha", .float) { $0.f = 3 }])
        call.domain = "custom"
        graph.node = [call]
        graph.output = [Self.valueInfo("y", elem: 1, dims: [Self.dim(2)])]
        var proto = Self.model(graph, opset: 18)
        var customOpset = Onnx_OperatorSetIdProto()
        customOpset.domain = "custom"
        customOpset.version = 1
        proto.opsetImport.append(customOpset)
        proto.functions = [function]
        proto.metadataProps = [{ var e = Onnx_StringStringEntryProto(); e.key = "k"; e.value = "v"; return e }()]
        let (model, raised) = try Self.roundTrip(proto)
        let lowered = try #require(model.functions.first)
        #expect(lowered.name == "Scale" && lowered.domain == "custom")
        #expect(lowered.attributeNames == ["alpha"])
        #expect(lowered.attributeDefaults == [Attribute(name: "beta", value: .float(0.5))])
        #expect(lowered.body.nodes[0].attribute(named: "value_float") == .reference(attribute: "alpha", kind: .float))
        #expect(lowered.opsetImports == ["": 18])
        #expect(model.opsetImports == ["": 18, "custom": 1])
        #expect(model.metadata == ["k": "v"])
        #expect(raised.functions[0].node[0].attribute[0].refAttrName == "alpha")
        #expect(raised.irVersion == 9)  // function attribute defaults need IR 9
    }

    @Test func fieldsGraphIRCannotHoldAreRefusedWithTheirLocation() throws {
        var graph = Onnx_GraphProto()
        graph.name = "main"
        graph.input = [Self.valueInfo("x", elem: 1, dims: [Self.dim(2)])]
        var tagged = Self.node("Relu", ["x"], ["y"])
        tagged.name = "relu1"
        tagged.metadataProps = [{ var e = Onnx_StringStringEntryProto(); e.key = "k"; return e }()]
        graph.node = [Self.node("Identity", ["x"], ["x1"]), tagged]
        let error = #expect(throws: ConversionError.self) {
            try ONNXImporter.importModel(ONNXDocument(model: Self.model(graph)))
        }
        #expect(error?.code == .invalidModel)
        #expect(error?.nodeIndex == 1 && error?.nodeName == "relu1" && error?.op == "Relu")
        #expect(error?.field == "metadata_props")

        // A data type GraphIR lacks (float6) is named with its field.
        var six = graph
        six.node = []
        six.initializer = [{ var t = Onnx_TensorProto(); t.name = "w"; t.dataType = 27; return t }()]
        let dtypeError = #expect(throws: ConversionError.self) {
            try ONNXImporter.importModel(ONNXDocument(model: Self.model(six)))
        }
        #expect(dtypeError?.code == .unsupportedDType)
        #expect(dtypeError?.field == "initializer[0].data_type")

        // Unset attribute type inside an If branch: located in the subgraph.
        var branch = Onnx_GraphProto()
        branch.name = "then"
        branch.node = [Self.node("Cast", ["x"], ["c"], [Self.attribute("to", .undefined) { $0.i = 1 }])]
        var outer = graph
        outer.node = [Self.node("If", ["x"], ["y"], [Self.attribute("then_branch", .graph) { $0.g = branch }])]
        let nested = #expect(throws: ConversionError.self) {
            try ONNXImporter.importModel(ONNXDocument(model: Self.model(outer)))
        }
        #expect(nested?.code == .invalidAttribute)
        #expect(nested?.graph == "main:node[0].then_branch:then")
        #expect(nested?.nodeIndex == 0 && nested?.op == "Cast")
    }
}
