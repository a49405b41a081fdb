import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// Weight binding, the precision pass and BatchNorm folding, judged by what the interpreter
/// computes against MindSpore's own outputs and by MindSpore's own export of the same weights.
@Suite struct PassesTests {
    static func inputs(_ net: String, _ model: Model) throws -> [String: NDArray] {
        let arrays = try NPZ.read(path: Project.testdata("models/\(net).inputs.npz")).sorted { $0.name < $1.name }.map(\.array)
        let initialized = Set(model.graph.initializers.map(\.name))
        let names = model.graph.inputs.filter { !initialized.contains($0.name) }.map(\.name)
        return Dictionary(uniqueKeysWithValues: zip(names, arrays))
    }

    static func expected(_ net: String) throws -> NDArray {
        try NPZ.read(path: Project.testdata("models/\(net).outputs.npz")).sorted { $0.name < $1.name }[0].array
    }

    static func zeroed(_ model: Model) -> Model {
        var m = model
        for i in m.graph.initializers.indices where m.graph.initializers[i].dtype == .float32 {
            let count = m.graph.initializers[i].elementCount ?? 0
            m.graph.initializers[i].storage = .bytes(TensorBytes(bytes: [UInt8](repeating: 0, count: count * 4)))
        }
        return m
    }

    @Test func checkpointBindsIntoMindSporesOwnONNXExportOfTheSameNet() throws {
        let model = try ModelLoader.load(path: Project.testdata("models/convnet.onnx"))
        let weights = try WeightBinding.checkpointTensors(path: Project.testdata("ckpt/convnet.ckpt"))
        let (bound, report) = WeightBinding.bind(Self.zeroed(model), weights: weights)
        #expect(report.isComplete && report.unused.isEmpty, "\(report.text())")
        #expect(report.bound.count == 9 && report.bound.allSatisfy { $0.rule == "exact" })
        // MindSpore exported the ONNX from the same parameters: the bound bytes are the ONNX's own.
        for original in model.graph.initializers {
            let b = try #require(bound.graph.initializer(named: original.name))
            #expect(b.bytes?.bytes == original.bytes?.bytes, "\(original.name)")
        }
    }

    @Test func mindSporeAndPyTorchSpellingsAndPrefixesBind() throws {
        let model = try ModelLoader.load(path: Project.testdata("models/resblock.onnx"))
        let weights = try WeightBinding.checkpointTensors(path: Project.testdata("ckpt/convnet.ckpt"))
        _ = weights
        // Rename the resblock's own parameters the way other tools would, then bind them back.
        var renamed: [Tensor] = []
        for t in model.graph.initializers where t.dtype == .float32 {
            var r = t
            r.name = "network." + t.name
                .replacingOccurrences(of: ".gamma", with: ".weight").replacingOccurrences(of: ".beta", with: ".bias")
                .replacingOccurrences(of: ".moving_mean", with: ".running_mean").replacingOccurrences(of: ".moving_variance", with: ".running_var")
            renamed.append(r)
        }
        renamed.append(Tensor(name: "network.extra.weight", dtype: .float32, shape: [1], bytes: TensorBytes(bytes: [0, 0, 0, 0])))
        let (bound, report) = WeightBinding.bind(Self.zeroed(model), weights: renamed)
        #expect(report.unused == ["network.extra.weight"])
        #expect(report.mismatched.isEmpty)
        #expect(report.bound.contains { $0.rule == "batchnorm" } && report.bound.contains { $0.rule == "prefix" })
        let unboundFloats = report.unbound.filter { name in model.graph.initializer(named: name)?.dtype == .float32 }
        #expect(unboundFloats.isEmpty, "\(report.text())")
        let out = try Interpreter(model: bound).run(tensors: try Self.inputs("resblock", bound))
        let c = Comparator.compare(out[0].value, try Self.expected("resblock"), tolerance: Tolerance(rtol: 1e-5, atol: 1e-6))
        #expect(c.passed, "max abs \(c.maxAbsError)")
    }

    @Test func shapeAndDtypeMismatchesAreReportedNotForced() throws {
        let model = try ModelLoader.load(path: Project.testdata("models/convnet.onnx"))
        let wrongShape = Tensor(name: "fc.bias", dtype: .float32, shape: [11], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 44)))
        let wrongType = Tensor(name: "conv2.bias", dtype: .float16, shape: [16], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 32)))
        let (bound, report) = WeightBinding.bind(model, weights: [wrongShape, wrongType])
        #expect(report.mismatched.map(\.parameter).sorted() == ["conv2.bias", "fc.bias"])
        #expect(report.unbound.count == 7 && !report.isComplete)
        #expect(bound.graph.initializer(named: "fc.bias") == model.graph.initializer(named: "fc.bias"))
        // A name map binds what no rule would.
        let odd = Tensor(name: "head_b", dtype: .float32, shape: [10], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 40)))
        let (_, mapped) = WeightBinding.bind(model, weights: [odd], nameMap: ["fc.bias": "head_b"])
        #expect(mapped.bound.map(\.rule) == ["map"])
    }

    @Test(arguments: ["resblock", "transformer", "lenet"])
    func float16AndBfloat16StayWithinTheirTolerances(net: String) throws {
        let model = try ModelLoader.load(path: Project.testdata("models/\(net).onnx"))
        let reference = try Interpreter(model: model).run(tensors: try Self.inputs(net, model))[0].value
        for target in [DType.float16, .bfloat16] {
            let (converted, report) = try PrecisionPass.apply(model, to: target)
            #expect(report.convertedTensors > 0 && report.edgeCasts == 2)
            #expect(!converted.graph.initializers.contains { $0.dtype == .float32 && $0.elementCount ?? 0 > 1 })
            let out = try Interpreter(model: converted).run(tensors: try Self.inputs(net, converted))[0].value
            #expect(out.dtype == .float32)
            // Errors accumulate through the layers: allow a few ulps of the target type per layer.
            let tolerance = target == .float16 ? Tolerance(rtol: 2e-2, atol: 2e-2) : Tolerance(rtol: 1e-1, atol: 1e-1)
            let c = Comparator.compare(out, reference, tolerance: tolerance)
            #expect(c.passed, "\(net) \(target): max abs \(c.maxAbsError), cosine \(c.cosineSimilarity)")
            #expect(c.cosineSimilarity > 0.999)
        }
    }

    @Test func batchNormFoldsIntoConvWithoutChangingOutputs() throws {
        let model = try ModelLoader.load(path: Project.testdata("models/resblock.onnx"))
        let (folded, count) = BatchNormFolding.apply(model)
        #expect(count == 6)
        #expect(!folded.graph.nodes.contains { $0.op == "BatchNormalization" })
        #expect(folded.graph.initializers.count < model.graph.initializers.count)
        let out = try Interpreter(model: folded).run(tensors: try Self.inputs("resblock", folded))[0].value
        let c = Comparator.compare(out, try Self.expected("resblock"), tolerance: Tolerance(rtol: 1e-5, atol: 1e-6))
        #expect(c.passed, "max abs \(c.maxAbsError)")
    }
}

/// Constant folding of shape arithmetic on MindSpore's own ONNX export of the transformer block
/// (Constant, Shape, Cast, Reshape-shape chains): fewer nodes, the same outputs.
@Suite struct ConstantFoldingTests {
    @Test func foldsShapeArithmeticWithoutChangingOutputs() throws {
        let model = try ModelLoader.load(path: Project.testdata("models/transformer.onnx"))
        let (folded, count) = ConstantFolding.apply(model)
        #expect(count >= 10, "folded \(count)")
        #expect(folded.graph.nodes.count == model.graph.nodes.count - count)
        #expect(!folded.graph.nodes.contains { $0.op == "Constant" })
        // The model's own initializers are all still there.
        for tensor in model.graph.initializers { #expect(folded.graph.initializer(named: tensor.name) == tensor) }
        let inputs = try PassesTests.inputs("transformer", model)
        let a = try Interpreter(model: model).run(tensors: inputs)[0].value
        let b = try Interpreter(model: folded).run(tensors: inputs)[0].value
        #expect(a == b)
    }

    @Test func randomAndDataDependentNodesStay() throws {
        let model = Model(
            graph: Graph(
                name: "g", inputs: [Value(name: "x", dtype: .float32, shape: ["n", 3])], outputs: [Value(name: "r"), Value(name: "s")],
                nodes: [
                    Node(op: "RandomNormal", inputs: [], outputs: ["r"], attributes: [.named("shape", .ints([2]))]),
                    Node(op: "Shape", inputs: ["x"], outputs: ["s"]),
                ]),
            opsetImports: ["": 21])
        let (folded, count) = ConstantFolding.apply(model)
        #expect(count == 0 && folded == model)
    }
}
