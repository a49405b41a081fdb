import Formats
import Testing

@testable import GraphIR

@Suite struct GraphValidationTests {
    @Test func smallGraphPasses() throws {
        let graph = smallGraph()
        try graph.validate()
        #expect(graph.validationErrors().isEmpty)
    }

    @Test func omittedOptionalInputsAndOutputsAreIgnored() throws {
        var graph = smallGraph()
        graph.nodes.insert(Node(op: "Dropout", inputs: ["x", "", ""], outputs: ["d", ""]), at: 0)
        graph.nodes.insert(Node(op: "Dropout", inputs: ["d"], outputs: ["e", ""]), at: 1)
        try graph.validate()
    }

    @Test func initializerMayShareAGraphInputName() throws {
        var graph = smallGraph()
        graph.inputs.append(input("w"))
        try graph.validate()
    }

    @Test func duplicateNodeOutput() throws {
        var graph = smallGraph()
        graph.nodes.append(Node(name: "again", op: "Neg", inputs: ["x"], outputs: ["t"]))
        graph.outputs.append(input("t"))
        #expect(summary(graph.validationErrors()) == ["duplicateDefinition@2"])
        let error = try #require(graph.validationErrors().first)
        #expect(error.field == "output[0]")
        #expect(error.nodeName == "again")
        #expect(error.op == "Neg")
    }

    @Test func nodeOutputMayNotRedefineInputOrInitializer() {
        var graph = smallGraph()
        graph.nodes[1].outputs = ["x"]
        graph.nodes.append(Node(op: "Relu", inputs: ["t"], outputs: ["w"]))
        graph.nodes.append(Node(op: "Relu", inputs: ["t"], outputs: ["y"]))
        #expect(summary(graph.validationErrors()) == ["duplicateDefinition@1", "duplicateDefinition@2"])
    }

    @Test func duplicateInputsAndInitializers() {
        var graph = smallGraph()
        graph.inputs.append(input("x"))
        graph.initializers.append(floatTensor("w", [2, 2]))
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["duplicateDefinition@-", "duplicateDefinition@-"])
        #expect(errors.map(\.field) == ["input[1]", "initializer[1] 'w'"])
    }

    @Test func useBeforeDefinition() throws {
        var graph = smallGraph()
        graph.nodes.swapAt(0, 1)
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["undefinedInput@0"])
        let error = try #require(errors.first)
        #expect(error.field == "input[0]")
        #expect(error.graph == "main")
        #expect(error.description == "graph 'main': node[0] 'relu' (Relu): input 't' is used before it is defined (by node[1])")
        #expect(throws: error) { try graph.validate() }
    }

    @Test func nodeReadingItsOwnOutput() {
        let graph = Graph(
            name: "loop", inputs: [input("x")], outputs: [input("y")],
            nodes: [Node(op: "Add", inputs: ["x", "y"], outputs: ["y"])])
        #expect(summary(graph.validationErrors()) == ["undefinedInput@0"])
    }

    @Test func undefinedName() throws {
        var graph = smallGraph()
        graph.nodes[1].inputs = ["t", "nowhere"]
        let error = try #require(graph.validationErrors().first)
        #expect(error.code == .undefinedInput)
        #expect(error.nodeIndex == 1)
        #expect(error.field == "input[1]")
        #expect(error.message == "input 'nowhere' is not defined")
    }

    @Test func undefinedGraphOutput() throws {
        var graph = smallGraph()
        graph.outputs.append(input("z"))
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["undefinedOutput@-"])
        #expect(errors.first?.field == "output[1]")
        // Inputs and initializers are valid outputs.
        graph.outputs = [input("x"), input("w")]
        try graph.validate()
    }

    @Test func emptyNames() {
        var graph = smallGraph()
        graph.inputs.append(input(""))
        graph.nodes[0].op = ""
        graph.outputs.append(input(""))
        #expect(summary(graph.validationErrors()) == ["emptyName@-", "emptyName@0", "emptyName@-"])
    }

    @Test func initializerByteMismatch() throws {
        var graph = smallGraph()
        graph.initializers = [floatTensor("w", [2, 2], byteCount: 15)]
        let error = try #require(graph.validationErrors().first)
        #expect(error.code == .byteCountMismatch)
        #expect(error.nodeIndex == nil)
        #expect(error.field == "initializer[0] 'w'")
        #expect(error.description.hasPrefix("graph 'main': initializer[0] 'w': tensor 'w'"))
    }

    @Test func attributeTensorByteMismatch() {
        var graph = smallGraph()
        graph.nodes.append(
            Node(op: "Constant", inputs: [], outputs: ["c"], attributes: [.named("value", .tensor(floatTensor("", [3], byteCount: 8)))]))
        graph.nodes.append(
            Node(op: "Custom", inputs: [], outputs: ["d"], attributes: [.named("ts", .tensors([floatTensor("", [1]), floatTensor("", [2], byteCount: 4)]))]))
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["byteCountMismatch@2", "byteCountMismatch@3"])
        #expect(errors.map(\.field) == ["attribute 'value'", "attribute 'ts'[1]"])
    }

    @Test func duplicateAttribute() {
        var graph = smallGraph()
        graph.nodes[1].attributes = [.named("alpha", .float(1)), .named("alpha", .float(2))]
        #expect(summary(graph.validationErrors()) == ["duplicateAttribute@1"])
    }

    @Test func negativeDimensions() {
        var graph = smallGraph()
        graph.inputs[0].shape = [2, -2]
        graph.valueInfo[0].shape = ["N", -1]
        #expect(summary(graph.validationErrors()) == ["badShape@-", "badShape@-"])
        graph = smallGraph()
        graph.initializers = [floatTensor("w", [-2, 2], byteCount: 16)]
        #expect(summary(graph.validationErrors()) == ["badShape@-"])
    }

    // MARK: Subgraphs

    /// main: x -> Relu -> t; If(cond) { then: Identity(t) } else { Identity(x) } -> y
    func graphWithIf(then thenBranch: Graph, else elseBranch: Graph, extraNodes: [Node] = []) -> Graph {
        Graph(
            name: "main",
            inputs: [input("x"), Value(name: "cond", dtype: .bool, shape: [])],
            outputs: [input("y")],
            nodes: [Node(name: "relu", op: "Relu", inputs: ["x"], outputs: ["t"])] + extraNodes + [
                Node(
                    name: "if1", op: "If", inputs: ["cond"], outputs: ["y"],
                    attributes: [.named("then_branch", .graph(thenBranch)), .named("else_branch", .graph(elseBranch))])
            ])
    }

    @Test func subgraphMayReadOuterScope() throws {
        let graph = graphWithIf(then: branch("then", reading: "t", output: "t1"), else: branch("else", reading: "x", output: "x1"))
        try graph.validate()
        // An outer value can also be the subgraph's output directly.
        let direct = Graph(name: "then", outputs: [Value(name: "t")])
        try graphWithIf(then: direct, else: branch("else", reading: "x", output: "x1")).validate()
    }

    @Test func undefinedNameInSubgraph() throws {
        let graph = graphWithIf(then: branch("then", reading: "t", output: "t1"), else: branch("else", reading: "ghost", output: "g1"))
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["undefinedInput@0"])
        let error = try #require(errors.first)
        #expect(error.graph == "else")
        #expect(error.enclosing == "graph 'main': node[1] 'if1' (If): attribute 'else_branch'")
        #expect(error.description == "graph 'main': node[1] 'if1' (If): attribute 'else_branch': graph 'else': node[0] 'else_id' (Identity): input 'ghost' is not defined")
    }

    @Test func subgraphCannotReadValuesDefinedAfterItsNode() {
        let later = Node(name: "late", op: "Neg", inputs: ["x"], outputs: ["late_value"])
        var graph = graphWithIf(then: branch("then", reading: "late_value", output: "t1"), else: branch("else", reading: "x", output: "x1"))
        graph.nodes.append(later)
        #expect(summary(graph.validationErrors()) == ["undefinedInput@0"])
        // Nor its own node's outputs.
        let own = graphWithIf(then: branch("then", reading: "y", output: "t1"), else: branch("else", reading: "x", output: "x1"))
        #expect(summary(own.validationErrors()) == ["undefinedInput@0"])
        // Subgraph values are not visible to later outer nodes.
        var leaky = graphWithIf(then: branch("then", reading: "t", output: "t1"), else: branch("else", reading: "x", output: "x1"))
        leaky.nodes.append(Node(op: "Neg", inputs: ["t1"], outputs: ["n"]))
        #expect(summary(leaky.validationErrors()) == ["undefinedInput@2"])
    }

    @Test func subgraphOutputMayNotShadowOuterName() throws {
        let graph = graphWithIf(then: branch("then", reading: "x", output: "t"), else: branch("else", reading: "x", output: "x1"))
        let error = try #require(graph.validationErrors().first)
        #expect(error.code == .duplicateDefinition)
        #expect(error.graph == "then")
        #expect(error.nodeIndex == 0)
    }

    @Test func subgraphInputMayShadowOuterName() throws {
        let body = Graph(
            name: "body", inputs: [input("t")], outputs: [input("u")],
            nodes: [Node(op: "Neg", inputs: ["t"], outputs: ["u"])])
        try graphWithIf(then: body, else: branch("else", reading: "x", output: "x1")).validate()
    }

    @Test func subgraphErrorsAreCollectedWithOuterOnes() {
        var graph = graphWithIf(then: branch("then", reading: "ghost", output: "t1"), else: branch("else", reading: "x", output: "x1"))
        graph.outputs.append(input("missing"))
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["undefinedInput@0", "undefinedOutput@-"])
        #expect(errors.map(\.graph) == ["then", "main"])
    }

    @Test func subgraphListsAreChecked() {
        let node = Node(
            name: "multi", op: "Custom", inputs: ["x"], outputs: ["m"],
            attributes: [.named("bodies", .graphs([branch("a", reading: "x", output: "a1"), branch("b", reading: "nope", output: "b1")]))])
        let graph = Graph(name: "main", inputs: [input("x")], outputs: [input("m")], nodes: [node])
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["undefinedInput@0"])
        #expect(errors.first?.enclosing == "graph 'main': node[0] 'multi' (Custom): attribute 'bodies'[1]")
    }

    @Test func validatingASubgraphAloneWithOuterScope() throws {
        let body = branch("then", reading: "t", output: "t1")
        #expect(summary(body.validationErrors()) == ["undefinedInput@0"])
        try body.validate(outerScope: ["t"])
    }

    /// A graph whose single node holds a subgraph, `levels` deep; the innermost reads `x`.
    func nested(_ levels: Int) -> Graph {
        var graph = branch("level\(levels)", reading: "x", output: "out\(levels)")
        if levels > 0 {
            for level in stride(from: levels - 1, through: 0, by: -1) {
                graph = Graph(
                    name: "level\(level)", outputs: [Value(name: "out\(level)")],
                    nodes: [Node(op: "Wrap", inputs: [], outputs: ["out\(level)"], attributes: [.named("body", .graph(graph))])])
            }
        }
        graph.inputs = [input("x")]
        return graph
    }

    @Test func depthLimit() throws {
        try nested(3).validate(maxSubgraphDepth: 3)
        let errors = nested(3).validationErrors(maxSubgraphDepth: 2)
        #expect(summary(errors) == ["recursionTooDeep@0"])
        #expect(errors.first?.graph == "level2")
        #expect(errors.first?.field == "attribute 'body'")
        #expect(summary(nested(1).validationErrors(maxSubgraphDepth: 0)) == ["recursionTooDeep@0"])
        try nested(0).validate(maxSubgraphDepth: 0)
    }

    @Test func defaultDepthLimitIs64() throws {
        #expect(Graph.defaultMaxSubgraphDepth == 64)
        try nested(64).validate()
        #expect(summary(nested(65).validationErrors()) == ["recursionTooDeep@0"])
        // Far deeper input stops at the limit instead of walking (or overflowing the stack).
        #expect(summary(nested(2_000).validationErrors()) == ["recursionTooDeep@0"])
    }

    @Test func validateThrowsTheFirstOfAllErrors() throws {
        var graph = smallGraph()
        graph.nodes.swapAt(0, 1)
        graph.outputs.append(input("z"))
        graph.initializers = [floatTensor("w", [2, 2], byteCount: 3)]
        let errors = graph.validationErrors()
        #expect(summary(errors) == ["byteCountMismatch@-", "undefinedInput@0", "undefinedOutput@-"])
        #expect(throws: errors[0]) { try graph.validate() }
    }
}
