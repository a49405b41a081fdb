import Convert
import Formats
import Testing

@Suite struct ConversionErrorTests {
    @Test func locationNamesGraphNodeAndField() {
        let error = ConversionError(
            .unsupportedAttribute, format: .onnx, graph: "main", nodeIndex: 3, nodeName: "conv1",
            op: "Conv", field: "attribute.auto_pad", message: "SAME_LOWER is not supported")
        #expect(error.location == "main:node[3](conv1:Conv).attribute.auto_pad")
        #expect(error.description.hasPrefix("onnx: main:node[3]"))
    }

    @Test func locationWithoutNodeName() {
        let error = ConversionError(.unsupportedOp, nodeIndex: 0, nodeName: "", op: "Foo", message: "x")
        #expect(error.location == "node[0](Foo)")
    }
}
