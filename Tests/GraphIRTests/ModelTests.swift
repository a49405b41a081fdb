import Formats
import Testing

@testable import GraphIR

@Suite struct ModelTests {
    @Test func orderedMapKeepsOrder() {
        var map: OrderedMap<String, String> = ["z": "1", "a": "2", "m": "3"]
        #expect(map.keys == ["z", "a", "m"])
        map["a"] = "changed"
        map["b"] = "new"
        #expect(map.keys == ["z", "a", "m", "b"])
        #expect(map["a"] == "changed")
        map["z"] = nil
        #expect(map.keys == ["a", "m", "b"])
        #expect(map.removeValue(forKey: "m") == "3")
        #expect(Array(map.map(\.key)) == ["a", "b"])
        #expect(OrderedMap([("k", 1), ("j", 2), ("k", 3)]).entries.map(\.value) == [3, 2])
        // Order is part of equality.
        let ab: OrderedMap<String, Int> = ["a": 1, "b": 2]
        let ba: OrderedMap<String, Int> = ["b": 2, "a": 1]
        #expect(ab != ba)
    }

    @Test func validModel() throws {
        let model = Model(
            graph: smallGraph(), metadata: ["author": "me", "license": "MIT"], producerName: "test",
            producerVersion: "1", opsetImports: ["": 17, "com.microsoft": 1])
        try model.validate()
        #expect(model.graphs.map(\.name) == ["main"])
        #expect(model.opsetImports.keys == ["", "com.microsoft"])
        #expect(model.metadata["license"] == "MIT")
    }

    @Test func functionsAreSeparateScopes() throws {
        let body = Graph(
            name: "MyRelu", inputs: [Value(name: "a")], outputs: [Value(name: "b")],
            nodes: [Node(op: "Relu", inputs: ["a"], outputs: ["b"])])
        var model = Model(graph: smallGraph(), functions: [Function(domain: "custom", body: body)])
        try model.validate()
        #expect(model.graphs.map(\.name) == ["main", "MyRelu"])
        // A function body cannot read the main graph's values.
        model.functions[0].body.nodes[0].inputs = ["x"]
        let errors = model.validationErrors()
        #expect(summary(errors) == ["undefinedInput@0"])
        #expect(errors.first?.graph == "MyRelu")
    }

    @Test func duplicateFunction() {
        let body = Graph(
            name: "F", inputs: [Value(name: "a")], outputs: [Value(name: "a")])
        let model = Model(
            graph: smallGraph(),
            functions: [Function(domain: "d", body: body), Function(domain: "d", body: body), Function(domain: "e", body: body)])
        let errors = model.validationErrors()
        #expect(summary(errors) == ["duplicateDefinition@-"])
        #expect(errors.first?.field == "function[1]")
    }

    @Test func functionAttributeDefaultsAreChecked() {
        let body = Graph(name: "F", inputs: [Value(name: "a")], outputs: [Value(name: "a")])
        let function = Function(
            body: body, attributeNames: ["k"], attributeDefaults: [.named("k", .tensor(floatTensor("", [2], byteCount: 1)))])
        let errors = Model(graph: smallGraph(), functions: [function]).validationErrors()
        #expect(summary(errors) == ["byteCountMismatch@-"])
        #expect(errors.first?.graph == "F")
    }

    @Test func modelValidateThrowsFirstError() {
        var main = smallGraph()
        main.outputs.append(input("nope"))
        let model = Model(graph: main)
        #expect(throws: GraphError.self) { try model.validate() }
        #expect(summary(model.validationErrors()) == ["undefinedOutput@-"])
    }

    @Test func attributeEqualityUsesFloatBits() {
        #expect(AttributeValue.float(.nan) == .float(.nan))
        #expect(AttributeValue.floats([1, .nan]) == .floats([1, .nan]))
        #expect(AttributeValue.float(0) != .float(-0.0))
        #expect(AttributeValue.int(1) != .ints([1]))
        #expect(AttributeValue.text("same") == .string(Array("same".utf8)))
        #expect(AttributeValue.text("é").textValue == "é")
        #expect(AttributeValue.string([0xff]).textValue == nil)
        #expect(AttributeValue.reference(attribute: "alpha", kind: .float).kind == .float)
        #expect(AttributeValue.graphs([smallGraph()]).subgraphs.count == 1)
    }

    @Test func nodeAttributeEditing() {
        var node = Node(op: "Conv", inputs: ["x", "w"], outputs: ["y"], attributes: [.named("group", .int(1))])
        node.setAttribute("pads", .ints([0, 0, 0, 0]))
        node.setAttribute("group", .int(2))
        #expect(node.attributes.map(\.name) == ["group", "pads"])
        #expect(node.attribute(named: "group") == .int(2))
        node.setAttribute("group", nil)
        #expect(node.attribute(named: "group") == nil)
    }

    @Test func valueTypes() {
        var value = Value(name: "seq", type: ValueType(dtype: .float32, shape: ["N"], container: .sequence(.map(key: .int64, value: .tensor))))
        #expect(value.dtype == .float32)
        value.shape = [3]
        #expect(value.type.shape == [3])
        #expect(value != Value(name: "seq", dtype: .float32, shape: [3]))
    }

    @Test func graphsCompareByContent() {
        #expect(smallGraph() == smallGraph())
        var other = smallGraph()
        other.initializers = [Tensor(name: "w", dtype: .float32, shape: [2, 2], bytes: TensorBytes(bytes: [UInt8](repeating: 1, count: 16)))]
        #expect(smallGraph() != other)
    }
}
