import Foundation
import Formats
import Testing
import TestSupport

@Suite struct ONNXCheckerTests {
    static func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String = "") -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.opType = op
        node.input = inputs
        node.output = outputs
        node.name = name
        return node
    }

    static func value(_ name: String) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        return info
    }

    /// x -> Relu -> y, IR 8, opset 17.
    static func model(_ nodes: [Onnx_NodeProto], outputs: [String] = ["y"]) -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 17
        model.opsetImport = [opset]
        model.graph.name = "g"
        model.graph.input = [value("x")]
        model.graph.output = outputs.map(value)
        model.graph.node = nodes
        return model
    }

    static func issues(_ model: Onnx_ModelProto) -> [ONNXCheckIssue] {
        ONNXChecker.validate(ONNXDocument(model: model))
    }

    @Test func aWellFormedModelHasNoIssues() {
        #expect(Self.issues(Self.model([Self.node("Relu", ["x"], ["y"])])).isEmpty)
    }

    @Test func inputUsedBeforeItIsDefinedNamesTheNode() throws {
        let model = Self.model([Self.node("Relu", ["h"], ["y"], name: "first"), Self.node("Relu", ["x"], ["h"])])
        let issue = try #require(Self.issues(model).first)
        #expect(issue.rule == .undefinedInput)
        #expect(issue.nodeIndex == 0)
        #expect(issue.nodeName == "first")
        #expect(issue.opType == "Relu")
        #expect(issue.path == "ModelProto.graph.node[0].input[0]")
    }

    @Test func valueAssignedTwice() throws {
        let model = Self.model([Self.node("Relu", ["x"], ["y"]), Self.node("Relu", ["x"], ["y"])])
        let issue = try #require(Self.issues(model).first)
        #expect(issue.rule == .duplicateName)
        #expect(issue.nodeIndex == 1)
    }

    @Test func missingIRVersionAndOpsets() {
        var model = Self.model([Self.node("Relu", ["x"], ["y"])])
        model.clearIrVersion()
        #expect(Self.issues(model).map(\.rule).contains(.irVersion))
        model.irVersion = 8
        model.opsetImport = []
        #expect(Self.issues(model).map(\.rule).contains(.opsetImport))
    }

    @Test func attributeTypeDisagreesWithItsValue() throws {
        var node = Self.node("LeakyRelu", ["x"], ["y"])
        var attribute = Onnx_AttributeProto()
        attribute.name = "alpha"
        attribute.type = .int
        attribute.f = 0.1
        node.attribute = [attribute]
        let issue = try #require(Self.issues(Self.model([node])).first)
        #expect(issue.rule == .attributeType)
        #expect(issue.path == "ModelProto.graph.node[0].attribute[0].type")
    }

    @Test func typedDataCountMustMatchDims() throws {
        var model = Self.model([Self.node("Add", ["x", "c"], ["y"])])
        var tensor = Onnx_TensorProto()
        tensor.name = "c"
        tensor.dataType = 1
        tensor.dims = [2, 3]
        tensor.floatData = [1, 2, 3, 4, 5]
        model.graph.initializer = [tensor]
        let issue = try #require(Self.issues(model).first)
        #expect(issue.rule == .tensorSize)
        #expect(issue.path == "ModelProto.graph.initializer[0].float_data")
    }

    @Test func subgraphsSeeOuterScopeButNotLaterValues() throws {
        var branch = Onnx_GraphProto()
        branch.name = "then"
        branch.node = [Self.node("Relu", ["x"], ["t"]), Self.node("Add", ["t", "late"], ["u"])]
        branch.output = [Self.value("u")]
        var attribute = Onnx_AttributeProto()
        attribute.name = "then_branch"
        attribute.type = .graph
        attribute.g = branch
        var ifNode = Self.node("If", ["x"], ["y"])
        ifNode.attribute = [attribute]
        let model = Self.model([ifNode, Self.node("Relu", ["x"], ["late"])])
        let issues = Self.issues(model)
        #expect(issues.count == 1)
        #expect(issues.first?.path == "ModelProto.graph.node[0].attribute[0].g.node[1].input[1]")
    }

    @Test func graphOutputNeverProduced() {
        let model = Self.model([Self.node("Relu", ["x"], ["y"])], outputs: ["y", "z"])
        #expect(Self.issues(model).map(\.rule) == [.undefinedOutput])
    }
}
