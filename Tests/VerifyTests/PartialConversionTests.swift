import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// `--allow-partial` below the CLI: which nodes the cut removes and why, which outputs it drops
/// and adds, and that the written part computes what the source computes for every output the
/// two share (the interpreter runs both; frontier values are read as the source's intermediates).
@Suite struct PartialConversionTests {
    static func floats(_ name: String, _ values: [Float], _ shape: [Int]) -> Tensor {
        Tensor(name: name, dtype: .float32, shape: shape, bytes: TensorBytes(bytes: values.withUnsafeBytes { Array($0) }))
    }

    /// x → Relu → Mul(w) = b; Sin(b) → Add(bias) → Sigmoid = y2; Tanh(b) = d; Sin(x) → Add(d) = y3.
    /// MindIR has no Sin: nodes 2 and 6 are unsupported, 3, 5 and 7 depend on them.
    static var branching: Model {
        let graph = Graph(
            name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [1, 3, 4])],
            outputs: [Value(name: "d"), Value(name: "y2"), Value(name: "y3")],
            nodes: [
                Node(name: "relu", op: "Relu", inputs: ["x"], outputs: ["a"]),
                Node(name: "scale", op: "Mul", inputs: ["a", "w"], outputs: ["b"]),
                Node(name: "sin", op: "Sin", inputs: ["b"], outputs: ["e"]),
                Node(name: "shift", op: "Add", inputs: ["e", "bias"], outputs: ["c"]),
                Node(name: "tanh", op: "Tanh", inputs: ["b"], outputs: ["d"]),
                Node(name: "gate", op: "Sigmoid", inputs: ["c"], outputs: ["y2"]),
                Node(name: "raw", op: "Sin", inputs: ["x"], outputs: ["r"]),
                Node(name: "mix", op: "Add", inputs: ["r", "d"], outputs: ["y3"]),
            ],
            initializers: [floats("w", [0.5, -1.5, 2, 3], [4]), floats("bias", [1, 2, 3, 4], [4])])
        return Model(graph: graph, opsetImports: ["": 17])
    }

    @Test func theCutRemovesUnsupportedNodesAndTheirDependentsAndKeepsTheFrontier() throws {
        let model = Self.branching
        let unsupported = PartialConversion.unsupportedNodes(model, for: .mindir)
        #expect(unsupported.keys.sorted() == [2, 6])
        let (cut, report, kept) = PartialConversion.cut(model, for: .mindir, removing: unsupported)
        #expect(kept == [0, 1, 4])
        #expect(report.removed.map(\.index) == [2, 3, 5, 6, 7])
        #expect(report.removed.map(\.reason) == [
            .unsupported("no MindSpore primitive in the export table"), .dependsOn(2), .dependsOn(3),
            .unsupported("no MindSpore primitive in the export table"), .dependsOn(6),
        ])
        #expect(report.keptOutputs == ["d"])
        #expect(report.droppedOutputs == ["y2", "y3"])
        // b is read by the removed Sin and made by a kept node; x is a graph input Sin reads.
        #expect(report.addedOutputs == ["b", "x"])
        #expect(report.droppedInitializers == ["bias"])
        #expect(cut.graph.outputs.map(\.name) == ["d", "b", "x"])
        #expect(cut.graph.nodes.map(\.name) == ["relu", "scale", "tanh"])
        #expect(cut.graph.initializers.map(\.name) == ["w"])
        #expect(report.lines()[0].hasPrefix("PARTIAL: 5 of 8 nodes left out, 3 kept"))
        #expect(report.reasonText(report.removed[1]) == "depends on removed node[2] (sin:Sin)")
        #expect(report.lines().contains("  removed node[2] (sin:Sin): unsupported by mindir: no MindSpore primitive in the export table"))
    }

    @Test func thePartialMindIRComputesWhatTheSourceComputesForEverySharedOutput() throws {
        let model = Self.branching
        let (bytes, cut, report) = try PartialConversion.convert(
            model, for: .mindir, types: { PartialTypes.infer($0, names: $1) },
            export: { (m: Model) throws(ConversionError) in try MindIRExporter.encodeModel(m) })
        let encoded = try #require(bytes)
        #expect(report.removed.count == 5)
        // The frontier outputs got their types from a run of the kept part.
        for output in cut.graph.outputs {
            #expect(output.dtype == .float32, "\(output.name)")
            #expect(output.shape == Shape([1, 3, 4]), "\(output.name)")
        }
        let written = try MindIRImporter.importModel(try MindIRCodec.decode(ByteStorage(bytes: encoded)))
        #expect(written.graph.outputs.count == 3)
        #expect(!written.graph.nodes.contains { $0.op == "Sin" })
        let outcome = try PartialVerification.compare(
            result: written, cut: cut, source: model, prepared: model, seed: 3, tolerance: nil, title: "partial")
        #expect(outcome.report.passed, "\(outcome.report.text())")
        #expect(outcome.report.outputs.count == 3)
        #expect(outcome.notCompared.isEmpty)
        // Independently: the source's own values, computed by hand from its definition.
        let inputs = try InputGenerator.random(for: model, seed: 3)
        let x = try #require(inputs["x"]?.doubles())
        let w: [Double] = [0.5, -1.5, 2, 3]
        let b = x.enumerated().map { max($0.element, 0) * w[$0.offset % 4] }
        let run = try Interpreter(model: written).run(tensors: inputs)
        let actualB = try #require(run[1].value.doubles())
        let actualD = try #require(run[0].value.doubles())
        #expect(zip(actualB, b).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(zip(actualD, b.map { tanh($0) }).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(try #require(run[2].value.doubles()) == x)
    }

    /// The tables accept Gemm, MindIR's exporter refuses alpha 2: the located error removes it too.
    @Test func anExporterRefusalThatNamesANodeRemovesItAndTheCutIsMadeAgain() throws {
        let graph = Graph(
            name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [2, 4])],
            outputs: [Value(name: "y"), Value(name: "t")],
            nodes: [
                Node(name: "tanh", op: "Tanh", inputs: ["x"], outputs: ["t"]),
                Node(name: "gemm", op: "Gemm", inputs: ["t", "W"], outputs: ["g"], attributes: [.named("alpha", .float(2))]),
                Node(name: "relu", op: "Relu", inputs: ["g"], outputs: ["y"]),
            ],
            initializers: [Self.floats("W", [Float](repeating: 0.25, count: 12), [4, 3])])
        let model = Model(graph: graph, opsetImports: ["": 17])
        #expect(PartialConversion.unsupportedNodes(model, for: .mindir).isEmpty)
        var attempts = 0
        let (bytes, cut, report) = try PartialConversion.convert(
            model, for: .mindir, types: { PartialTypes.infer($0, names: $1) },
            export: { (m: Model) throws(ConversionError) in
                attempts += 1
                return try MindIRExporter.encodeModel(m)
            })
        #expect(bytes != nil)
        #expect(attempts == 2)
        #expect(report.removed.map(\.index) == [1, 2])
        guard case .unsupported(let note) = report.removed[0].reason else {
            Issue.record("\(report.removed[0].reason)")
            return
        }
        #expect(note.contains("alpha"), "\(note)")
        #expect(report.removed[1].reason == .dependsOn(1))
        #expect(report.keptOutputs == ["t"] && report.droppedOutputs == ["y"] && report.addedOutputs.isEmpty)
        #expect(report.droppedInitializers == ["W"])
        #expect(cut.graph.nodes.map(\.op) == ["Tanh"])
    }

    @Test func aNodeWhoseSubgraphHoldsAnUnsupportedOpIsUnsupported() throws {
        let branch = Graph(
            name: "then", outputs: [Value(name: "z")],
            nodes: [Node(name: "custom", op: "Mystery", domain: "com.example", inputs: ["x"], outputs: ["z"])])
        let other = Graph(name: "else", outputs: [Value(name: "w")], nodes: [Node(op: "Neg", inputs: ["x"], outputs: ["w"])])
        let graph = Graph(
            name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [2]), Value(name: "p", dtype: .bool, shape: [])],
            outputs: [Value(name: "o"), Value(name: "n")],
            nodes: [
                Node(name: "abs", op: "Abs", inputs: ["x"], outputs: ["n"]),
                Node(name: "if", op: "If", inputs: ["p"], outputs: ["o"], attributes: [.named("then_branch", .graph(branch)), .named("else_branch", .graph(other))]),
            ])
        let model = Model(graph: graph, opsetImports: ["": 17])
        let unsupported = PartialConversion.unsupportedNodes(model, for: .onnx)
        #expect(unsupported.keys.sorted() == [1])
        #expect(unsupported[1]?.contains("com.example.Mystery in a subgraph") == true)
        let (cut, report, _) = PartialConversion.cut(model, for: .onnx, removing: unsupported)
        #expect(cut.graph.nodes.map(\.op) == ["Abs"])
        // The If read p directly and x through its branches: both become outputs.
        #expect(report.addedOutputs == ["p", "x"])
        #expect(report.droppedOutputs == ["o"])
    }

    @Test func whenNothingCanBeKeptNothingIsExported() throws {
        let graph = Graph(
            name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [2])], outputs: [Value(name: "y")],
            nodes: [Node(name: "sin", op: "Sin", inputs: ["x"], outputs: ["y"])])
        let (result, _, report) = try PartialConversion.convert(
            Model(graph: graph, opsetImports: ["": 17]), for: .air, types: { _, _ in [:] },
            export: { (m: Model) throws(ConversionError) in try AIRExporter.exportModel(m) })
        #expect(result == nil)
        #expect(report.keepsNothing && report.keptNodes == 0)
    }
}
