import Convert
import Foundation
import Formats
import GraphIR
import Testing
@testable import Verify

/// ReduceSumSquare and ReduceL2 written with ReduceSum for MindIR and AIR: the same values at
/// every opset's axes form, before and after the round trip through each format.
@Suite struct ReductionRewriteTests {
    static func model(_ op: String, opset: Int, axes: [Int64]?, keepdims: Int64, noop: Int64? = nil) -> Model {
        var inputs = ["x"]
        var attributes: [Attribute] = [.named("keepdims", .int(keepdims))]
        var initializers: [Tensor] = []
        if let axes {
            if opset >= 18 {
                initializers.append(Tensor(name: "axes", dtype: .int64, shape: [axes.count], bytes: TensorBytes(bytes: axes.withUnsafeBytes { Array($0) })))
                inputs.append("axes")
            } else {
                attributes.append(.named("axes", .ints(axes)))
            }
        }
        if let noop { attributes.append(.named("noop_with_empty_axes", .int(noop))) }
        let graph = Graph(
            name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [2, 3, 4])], outputs: [Value(name: "y")],
            nodes: [Node(name: "r", op: op, inputs: inputs, outputs: ["y"], attributes: attributes)], initializers: initializers)
        return Model(graph: graph, opsetImports: ["": opset])
    }

    @Test(arguments: [11, 13, 18])
    func rewrittenReductionsKeepTheirValues(opset: Int) throws {
        for op in ["ReduceSumSquare", "ReduceL2"] {
            for (axes, keepdims) in [([1] as [Int64]?, Int64(1)), ([-1, 0], 0), (nil, 0), (nil, 1)] {
                let model = Self.model(op, opset: opset, axes: axes, keepdims: keepdims)
                let inputs = try InputGenerator.random(for: model, seed: 7)
                let expected = try Interpreter(model: model).run(tensors: inputs)
                for target in [ModelFormat.mindir, .air] {
                    let (prepared, notes) = try Converter.prepare(model, for: target, options: ConversionOptions())
                    let label = "\(op) opset \(opset) axes \(axes ?? []) keepdims \(keepdims) -> \(target)"
                    #expect(!prepared.graph.nodes.contains { $0.op == op }, "\(label)")
                    #expect(notes.contains("1 \(op) rewritten as \(ReductionRewrites.rewrites[op] ?? "")"), "\(label): \(notes)")
                    try Converter.checkSupported(prepared, for: target)
                    let plan = Converter.plan(model, to: target)
                    let first = try #require(plan.entries.first)
                    #expect(plan.isSupported && first.op == op && first.count == 1 && first.mapping == .rewritten, "\(label)")
                    #expect(plan.changes.contains("1 × \(op) rewritten as \(ReductionRewrites.rewrites[op] ?? "")"), "\(plan.changes)")
                    let direct = try Interpreter(model: prepared).run(tensors: inputs)
                    let written = try ConversionCheck.roundTrip(prepared, target)
                    let back = try Interpreter(model: written).run(tensors: inputs)
                    for actual in [direct, back] {
                        let report = OutputComparison.compare(actual, expected, title: label)
                        #expect(report.passed, "\(report.text())")
                    }
                }
            }
        }
    }

    /// From opset 18, noop_with_empty_axes with no axes makes the op the identity (x, not x·x):
    /// no rewrite keeps that, so the node stays and the plan says it does not map.
    @Test func theIdentityFormIsLeftAloneAndRefused() throws {
        let model = Self.model("ReduceSumSquare", opset: 18, axes: nil, keepdims: 1, noop: 1)
        let (prepared, _) = try Converter.prepare(model, for: .mindir, options: ConversionOptions())
        #expect(prepared.graph.nodes.map(\.op) == ["ReduceSumSquare"])
        #expect(!Converter.plan(model, to: .mindir).isSupported)
        #expect(throws: ConversionError.self) { try Converter.checkSupported(prepared, for: .mindir) }
        // With a non-empty axes list the flag changes nothing and the rewrite applies.
        let axes = Self.model("ReduceSumSquare", opset: 18, axes: [2], keepdims: 1, noop: 1)
        let (rewritten, _) = try Converter.prepare(axes, for: .mindir, options: ConversionOptions())
        #expect(rewritten.graph.nodes.map(\.op) == ["Mul", "ReduceSum"])
    }
}
