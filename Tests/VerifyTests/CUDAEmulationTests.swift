import Foundation
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// The cuda backend run end to end on `CUDAEmulator` (its kernels compiled for the CPU, cuBLAS
/// emulated): the onnx node tests that pass on the reference backend pass on cuda too, the
/// fixture networks match the reference at float32 tolerance, and the kernels the backend
/// launches are the ones expected. On a real GPU, scripts/gpu-check.sh runs the same checks.
@Suite(.serialized) struct CUDAEmulationTests {
    static let emulator: Result<CUDAEmulator, any Error> = Result { try CUDAEmulator() }

    @Test func nodeTestsThatPassOnTheReferencePassOnEmulatedCUDA() throws {
        let emulator = try Self.emulator.get()
        let suite = try ONNXNodeTestCases.require()
        let folder = try NodeTestSuite.Folder(path: suite.root.path)
        var passedReference = 0, passedCUDA = 0
        var regressions: [String] = []
        try CUDASupport.$emulator.withValue(emulator) {
            #expect(Backend.cuda.unavailableReason == nil)
            for name in folder.cases {
                let reference = NodeTestSuite.run(name, in: folder, backend: .reference)
                let cuda = NodeTestSuite.run(name, in: folder, backend: .cuda)
                if reference.passed { passedReference += 1 }
                if cuda.passed { passedCUDA += 1 }
                if reference.passed && !cuda.passed { regressions.append("\(name): \(cuda.text.prefix(300))") }
            }
            _ = try #require(folder.cases.count >= 1800)
        }
        print("emulated cuda: \(passedCUDA) node tests pass (reference: \(passedReference)); kernels launched: \(emulator.launches.count), GEMMs: \(emulator.gemms)")
        #expect(regressions.isEmpty, "\(regressions.count) pass on reference but not on cuda:\n\(regressions.prefix(40).joined(separator: "\n"))")
        #expect(passedCUDA >= passedReference)
        // The node tests reach (nearly) every kernel: those they miss are named here.
        let all = Set(CUDAKernelSource.modules.flatMap(\.entryPoints))
        let unused = all.subtracting(emulator.launches.keys)
        print("kernels no node test launched: \(unused.sorted())")
        #expect(unused.isSubset(of: ["mshub_im2col_taps", "mshub_global_maxpool", "mshub_swish", "mshub_gelu_tanh", "mshub_sign"]),
                "\(unused.sorted())")
        #expect(emulator.gemms > 50)
    }

    /// The MindSpore-made fixture networks and the bench-like shapes: cuda against the reference
    /// at float32 tolerance, with the kernels that should run on the device counted.
    @Test func fixtureNetworksMatchTheReference() throws {
        let emulator = try Self.emulator.get()
        for net in ["lenet", "resblock", "transformer"] {
            for file in ["\(net).onnx", "\(net).mindir"] {
                let model = try ModelLoader.load(path: Project.testdata("models/\(file)"))
                let inputs = try InputGenerator.random(for: model, seed: 3)
                let expected = try Interpreter(model: model, backend: .reference).run(tensors: inputs)
                let before = emulator.launches.values.reduce(0, +)
                let actual = try CUDASupport.$emulator.withValue(emulator) {
                    try Interpreter(model: model, backend: .cuda).run(tensors: inputs)
                }
                let report = OutputComparison.compare(actual, expected, title: "\(file): cuda vs reference")
                #expect(report.passed, "\(report.text())")
                #expect(emulator.launches.values.reduce(0, +) > before, "\(file) ran nothing on the device")
                print("\(file): cuda vs reference, worst abs error \(report.outputs.map(\.maxAbsError).max() ?? .nan)")
            }
        }
        for kernel in ["mshub_im2col2d", "mshub_bias_activation", "mshub_layernorm", "mshub_softmax"] {
            #expect(emulator.launches[kernel, default: 0] > 0, "\(kernel) never ran")
        }
    }

    /// Shapes the node tests do not reach: broadcast batch MatMul, grouped and 1-D/3-D Conv
    /// (the tap-table im2col), Gemm with a broadcast C and transposes, large reductions.
    @Test func awkwardShapesMatchTheReference() throws {
        let emulator = try Self.emulator.get()
        var rng = SplitMix64(seed: 11)
        func random(_ shape: [Int]) -> NDArray {
            NDArray((0..<shape.reduce(1, *)).map { _ in Float(rng.nextUnit() * 2 - 1) }, shape: shape)
        }
        func node(_ op: String, _ inputs: [NDArray], _ attributes: [Attribute] = [], outputs: Int = 1, opset: Int = 21) throws {
            let names = inputs.indices.map { "x\($0)" }
            let outs = (0..<outputs).map { "y\($0)" }
            let model = Model(
                graph: Graph(
                    name: op, inputs: zip(names, inputs).map { Value(name: $0, dtype: .float32, shape: Shape($1.shape)) },
                    outputs: outs.map { Value(name: $0, dtype: .float32) },
                    nodes: [Node(name: op, op: op, inputs: names, outputs: outs, attributes: attributes)]),
                opsetImports: ["": opset])
            let feeds = Dictionary(uniqueKeysWithValues: zip(names, inputs))
            let expected = try Interpreter(model: model, backend: .reference).run(tensors: feeds)
            let actual = try CUDASupport.$emulator.withValue(emulator) { try Interpreter(model: model, backend: .cuda).run(tensors: feeds) }
            let report = OutputComparison.compare(actual, expected, title: "\(op) cuda vs reference")
            #expect(report.passed, "\(op) \(inputs.map(\.shape)): \(report.text())")
            #expect(!report.outputs.isEmpty)
            checked += 1
        }
        var checked = 0
        let gemms = emulator.gemms
        try node("MatMul", [random([2, 1, 3, 4, 5]), random([3, 5, 6])])
        try node("MatMul", [random([4, 1, 5, 3]), random([1, 2, 3, 2])])  // batch broadcast both ways: per-entry GEMMs
        try node("MatMul", [random([5]), random([2, 5, 3])])
        try node("Gemm", [random([4, 3]), random([5, 4]), random([5])], [.named("transA", .int(1)), .named("transB", .int(1)),
                                                                         .named("alpha", .float(0.5)), .named("beta", .float(2))])
        try node("Gemm", [random([3, 4]), random([4, 5]), random([3, 1])])
        try node("Conv", [random([2, 4, 7, 6]), random([6, 2, 3, 2]), random([6])],
                 [.named("group", .int(2)), .named("strides", .ints([2, 1])), .named("pads", .ints([1, 0, 1, 1])),
                  .named("dilations", .ints([1, 2]))])
        try node("Conv", [random([1, 3, 9]), random([4, 3, 3])], [.named("pads", .ints([1, 1]))])
        try node("Conv", [random([1, 2, 4, 5, 3]), random([3, 2, 2, 3, 2])], [.named("strides", .ints([1, 2, 1]))])
        try node("Conv", [random([2, 3, 5, 5]), random([4, 3, 1, 1]), random([4])])  // 1×1: straight GEMM
        #expect(emulator.gemms > gemms)
        try node("ReduceSum", [random([3, 4, 5, 6])], [.named("axes", .ints([0, 2])), .named("keepdims", .int(0))], opset: 11)
        try node("ReduceMax", [random([3, 700])], [.named("axes", .ints([1]))], opset: 13)
        try node("ReduceLogSumExp", [random([2, 3, 4])], [.named("axes", .ints([2, 0]))], opset: 13)
        try node("ReduceL2", [random([5, 6])], opset: 13)
        try node("Softmax", [random([2, 3, 4])], [.named("axis", .int(1))])
        try node("LogSoftmax", [random([2, 3, 4])], [.named("axis", .int(1))], opset: 11)
        try node("Transpose", [random([2, 3, 4, 5])], [.named("perm", .ints([3, 1, 0, 2]))])
        try node("Add", [random([2, 1, 4]), random([3, 1])])
        try node("Div", [random([1]), random([2, 3])])
        try node("PRelu", [random([2, 3, 4]), random([3, 1])])
        try node("MaxPool", [random([1, 2, 7, 7])], [.named("kernel_shape", .ints([3, 3])), .named("strides", .ints([2, 2])),
                                                     .named("ceil_mode", .int(1))], outputs: 2)
        try node("AveragePool", [random([1, 2, 6, 5])], [.named("kernel_shape", .ints([3, 2])), .named("pads", .ints([1, 1, 1, 1])),
                                                         .named("count_include_pad", .int(1))])
        try node("GlobalMaxPool", [random([2, 3, 4, 5])])
        try node("LayerNormalization", [random([2, 3, 8]), random([3, 8]), random([3, 8])], [.named("axis", .int(1))], outputs: 3)
        #expect(emulator.launches["mshub_im2col_taps", default: 0] > 0 && emulator.launches["mshub_global_maxpool", default: 0] > 0)
        print("awkward shapes: \(checked) single-op models, cuda matched the reference")
    }
}
