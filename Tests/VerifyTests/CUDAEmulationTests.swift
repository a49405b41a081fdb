import Formats
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
        // Grouped and depthwise 2-D convolutions are not among the node tests: awkwardShapes runs them.
        #expect(unused.isSubset(of: ["mshub_im2col_taps", "mshub_global_maxpool", "mshub_swish", "mshub_gelu_tanh", "mshub_sign",
                                     "mshub_im2col2d", "mshub_depthwise2d"]),
                "\(unused.sorted())")
        #expect(emulator.gemms > 50)
    }

    /// `verify node-tests --backend cuda` reports how many passing cases put work on the device:
    /// the count per case is what the emulator saw launched and multiplied, and is zero for a case
    /// whose every node falls back to the reference kernels (integer and string ops).
    @Test func nodeTestsCountTheWorkEachCasePutOnTheDevice() throws {
        let emulator = try Self.emulator.get()
        let suite = try ONNXNodeTestCases.require()
        let folder = try NodeTestSuite.Folder(path: suite.root.path)
        let cases = ["test_relu", "test_matmul_2d", "test_bitshift_right_uint8", "test_string_concat"]
        let before = emulator.launches.values.reduce(0, +) + emulator.gemms
        let counted = try CUDASupport.$emulator.withValue(emulator) {
            #expect(Backend.cuda.unavailableReason == nil)
            return NodeTestSuite.runCountingDeviceWork(cases, in: folder, backend: .cuda, jobs: 1)
        }
        let after = emulator.launches.values.reduce(0, +) + emulator.gemms
        for (name, result) in zip(cases, counted) { #expect(result.outcome.passed, "\(name): \(result.outcome.text)") }
        #expect(counted.map(\.deviceWork).reduce(0, +) == after - before)
        #expect(counted[0].deviceWork > 0 && counted[1].deviceWork > 0, "\(counted.map(\.deviceWork))")
        #expect(counted[2].deviceWork == 0 && counted[3].deviceWork == 0, "\(counted.map(\.deviceWork))")
        // Off the cuda backend nothing is counted.
        let reference = NodeTestSuite.runCountingDeviceWork(cases, in: folder, backend: .reference, jobs: 2)
        #expect(reference.allSatisfy { $0.outcome.passed && $0.deviceWork == 0 })
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
        for kernel in ["mshub_im2col2d_images", "mshub_bias_activation", "mshub_layernorm", "mshub_softmax"] {
            #expect(emulator.launches[kernel, default: 0] > 0, "\(kernel) never ran")
        }
    }

    /// Shapes the node tests do not reach: broadcast batch MatMul, grouped, depthwise, batched and
    /// 1-D/3-D Conv (the tap-table im2col), Gemm with a broadcast C and transposes, large reductions.
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
        // Several images through one batched im2col and one strided-batched GEMM.
        try node("Conv", [random([4, 3, 6, 5]), random([5, 3, 3, 3])], [.named("pads", .ints([1, 1, 1, 1]))])
        // Depthwise, several images, strides, uneven pads and dilation: the direct kernel.
        try node("Conv", [random([3, 4, 9, 8]), random([4, 1, 3, 3]), random([4])],
                 [.named("group", .int(4)), .named("strides", .ints([2, 1])), .named("pads", .ints([1, 2, 0, 1])),
                  .named("dilations", .ints([2, 1]))])
        // A channel multiplier of 2 is not depthwise in that sense: per-group products.
        try node("Conv", [random([2, 3, 6, 6]), random([6, 1, 3, 3])], [.named("group", .int(3))])
        for kernel in ["mshub_im2col2d_images", "mshub_depthwise2d", "mshub_im2col2d"] {
            #expect(emulator.launches[kernel, default: 0] > 0, "\(kernel) never ran")
        }
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

    /// Slice (negative steps, clamped ends), Concat (a host part among device parts) and Gather
    /// (negative, repeated 2-D indices) run on the device, as the reference computes them, and a
    /// chain of them keeps its tensors there.
    @Test func sliceConcatAndGatherRunOnTheDevice() throws {
        let emulator = try Self.emulator.get()
        var rng = SplitMix64(seed: 21)
        func random(_ shape: [Int]) -> NDArray {
            NDArray((0..<shape.reduce(1, *)).map { _ in Float(rng.nextUnit() * 2 - 1) }, shape: shape)
        }
        func ints(_ name: String, _ values: [Int64], _ shape: [Int]? = nil) -> Tensor {
            Tensor(name: name, dtype: .int64, shape: shape ?? [values.count], bytes: TensorBytes(bytes: values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }))
        }
        // x [2, 5, 6] -> Slice -> [2, 2, 3]; Concat with a [2, 2, 3] input along 1 -> [2, 4, 3];
        // Gather along 1 with [[3, -1], [0, 0]] -> [2, 2, 2, 3]; Relu keeps it on the device.
        let model = Model(
            graph: Graph(
                name: "movement", inputs: [Value(name: "x", dtype: .float32, shape: Shape([2, 5, 6])), Value(name: "z", dtype: .float32, shape: Shape([2, 2, 3]))],
                outputs: [Value(name: "y", dtype: .float32)],
                nodes: [
                    Node(name: "relu0", op: "Relu", inputs: ["x"], outputs: ["r"]),
                    Node(name: "slice", op: "Slice", inputs: ["r", "starts", "ends", "axes", "steps"], outputs: ["s"]),
                    Node(name: "concat", op: "Concat", inputs: ["s", "z"], outputs: ["c"], attributes: [.named("axis", .int(-2))]),
                    Node(name: "gather", op: "Gather", inputs: ["c", "idx"], outputs: ["g"], attributes: [.named("axis", .int(1))]),
                    Node(name: "relu1", op: "Relu", inputs: ["g"], outputs: ["y"]),
                ],
                initializers: [
                    ints("starts", [4, -1]), ints("ends", [0, -100]), ints("axes", [1, 2]), ints("steps", [-2, -2]),
                    ints("idx", [3, -1, 0, 0], [2, 2]),
                ]),
            opsetImports: ["": 17])
        let feeds = ["x": random([2, 5, 6]), "z": random([2, 2, 3])]
        let expected = try Interpreter(model: model, backend: .reference).run(tensors: feeds)
        let before = ["mshub_strided_copy", "mshub_gather"].map { emulator.launches[$0, default: 0] }
        let downloads = emulator.bytesFromDevice
        let actual = try CUDASupport.$emulator.withValue(emulator) { try Interpreter(model: model, backend: .cuda).run(tensors: feeds) }
        let report = OutputComparison.compare(actual, expected, title: "movement cuda vs reference")
        #expect(report.passed && actual.first?.value.shape == [2, 2, 2, 3], "\(report.text())")
        #expect(actual.first?.value.floats == expected.first?.value.floats, "a copy is exact")
        // One copy for the Slice, one per Concat part, one gather.
        #expect(emulator.launches["mshub_strided_copy", default: 0] - before[0] == 3)
        #expect(emulator.launches["mshub_gather", default: 0] - before[1] == 1)
        // Only the output comes back: 24 floats.
        #expect(emulator.bytesFromDevice - downloads == 24 * 4)
    }

    /// A MobileNet block (1×1 Conv → Clip(0, 6) → depthwise 3×3/2 Conv → Clip → 1×1 Conv): the
    /// Clips fuse into their Convs (bias and clamp in one pass on the device) and the result is
    /// the reference's, with NaN and ±inf in the input.
    @Test func convClipFusionMatchesTheReference() throws {
        let emulator = try Self.emulator.get()
        let model = FastDirectConvTests.mobileNetBlock(boundIsInput: false)
        var seed: UInt64 = 9
        var values = try #require(ConvKernelTests.random([1, 4, 9, 11], seed: &seed).floats)
        (values[3], values[50], values[70]) = (.nan, .infinity, -.infinity)
        let x = NDArray(values, shape: [1, 4, 9, 11])
        let expected = try Interpreter(model: model, backend: .reference).run(tensors: ["x": x])
        let launches = emulator.launches["mshub_bias_activation", default: 0]
        let actual = try CUDASupport.$emulator.withValue(emulator) { () throws -> [(name: String, value: NDArray)] in
            let interpreter = Interpreter(model: model, backend: .cuda)
            #expect(interpreter.runModel.graph.nodes.map(\.op) == ["FusedConv", "FusedConv", "Conv"])
            return try interpreter.run(tensors: ["x": x])
        }
        #expect(emulator.launches["mshub_bias_activation", default: 0] - launches == 2, "one bias-and-clamp pass per fused Conv")
        let got = try #require(actual.first?.value.floats), want = try #require(expected.first?.value.floats)
        #expect(got.count == want.count && got.contains { $0.isNaN })
        for (a, b) in zip(got, want) {
            #expect(a.isNaN == b.isNaN && (a.isNaN || abs(a - b) <= 1e-5 * max(1, abs(b))), "\(a) vs \(b)")
        }
    }

    /// Residual blocks on cuda: Conv → Add → Relu fuses into one Conv whose last pass adds the
    /// shortcut and applies Relu on the device; an addend that broadcasts runs as Conv, then
    /// Add, then Relu. Both agree with the reference.
    @Test func residualFusionMatchesTheReference() throws {
        let emulator = try Self.emulator.get()
        var seed: UInt64 = 19
        let x = ConvKernelTests.random([2, 3, 6, 7], seed: &seed)
        for shortcut in [[2, 8, 6, 7], [1, 8, 1, 1]] {
            let model = Self.chain(
                [2, 3, 6, 7], [("Conv", [.named("pads", .ints([1, 1, 1, 1]))], ["w", "b"]), ("Add", [], ["s"]), ("Relu", [], [])],
                initializers: [
                    FastDirectConvTests.tensor("w", ConvKernelTests.random([8, 3, 3, 3], seed: &seed)),
                    FastDirectConvTests.tensor("b", ConvKernelTests.random([8], seed: &seed)),
                    FastDirectConvTests.tensor("s", ConvKernelTests.random(shortcut, seed: &seed)),
                ])
            let expected = try Interpreter(model: model, backend: .reference).run(tensors: ["x": x])
            let adds = emulator.launches.filter { $0.key.hasPrefix("mshub_add") }.values.reduce(0, +)
            let actual = try CUDASupport.$emulator.withValue(emulator) { () throws -> [(name: String, value: NDArray)] in
                let interpreter = Interpreter(model: model, backend: .cuda)
                #expect(interpreter.runModel.graph.nodes.map(\.op) == ["FusedConv"])
                return try interpreter.run(tensors: ["x": x])
            }
            let addsNow = emulator.launches.filter { $0.key.hasPrefix("mshub_add") }.values.reduce(0, +)
            #expect(addsNow - adds == (shortcut[0] == 2 ? 0 : 1), "\(shortcut): the fused Add ran \(addsNow - adds) times")
            let got = try #require(actual.first?.value.floats), want = try #require(expected.first?.value.floats)
            #expect(got.count == want.count && got.contains { $0 == 0 } && got.contains { $0 > 0 })
            #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "\(shortcut)")
        }
    }

    /// Kernel outputs stay on the device: the same interpreter run twice uploads the weights only
    /// the first time, brings back only the graph output each time, and gives every buffer back
    /// once the interpreter and its values are gone.
    @Test func tensorsStayOnTheDeviceBetweenKernelsAndRuns() throws {
        let emulator = try Self.emulator.get()
        let model = try ModelLoader.load(path: Project.testdata("models/lenet.onnx"))
        let inputs = try InputGenerator.random(for: model, seed: 5)
        let expected = try Interpreter(model: model, backend: .reference).run(tensors: inputs)
        var weightBytes = 0
        for initializer in model.graph.initializers {
            let array = try NDArray(initializer)
            #expect(array.dtype == .float32)
            weightBytes += array.count * 4
        }
        let inputBytes = inputs.values.reduce(0) { $0 + $1.count * 4 }
        let outputBytes = expected.reduce(0) { $0 + $1.value.count * 4 }
        let liveBefore = emulator.liveBuffers
        var uploads: [Int] = [], downloads: [Int] = []
        try CUDASupport.$emulator.withValue(emulator) {
            let interpreter = Interpreter(model: model, backend: .cuda)
            for _ in 0..<2 {
                let up = emulator.bytesToDevice, down = emulator.bytesFromDevice
                let actual = try interpreter.run(tensors: inputs)
                let report = OutputComparison.compare(actual, expected, title: "lenet: cuda vs reference")
                #expect(report.passed, "\(report.text())")
                uploads.append(emulator.bytesToDevice - up)
                downloads.append(emulator.bytesFromDevice - down)
            }
            #expect(emulator.liveBuffers > liveBefore, "the weights stay on the device while the interpreter lives")
        }
        #expect(downloads == [outputBytes, outputBytes], "only the output comes back: \(downloads) bytes, output \(outputBytes)")
        #expect(uploads[0] - uploads[1] == weightBytes, "uploads \(uploads), weights \(weightBytes) bytes")
        #expect(uploads[1] >= inputBytes)
        #expect(emulator.liveBuffers == liveBefore, "\(emulator.liveBuffers - liveBefore) device buffers were never given back")
    }

    static func constant<T>(_ name: String, _ values: [T], shape: [Int]) -> Tensor {
        Tensor(
            name: name, dtype: T.self == Float.self ? .float32 : .int64, shape: shape,
            bytes: TensorBytes(bytes: values.withUnsafeBytes { Array($0) }))
    }

    /// A model of one chain of ops on one float32 input `x`, with `extra` outputs besides the last node's.
    static func chain(_ shape: [Int], _ nodes: [(String, [Attribute], [String])], initializers: [Tensor] = [], extra: [String] = [])
        -> Model
    {
        var graphNodes: [Node] = []
        var previous = "x"
        for (index, (op, attributes, more)) in nodes.enumerated() {
            graphNodes.append(Node(name: "n\(index)", op: op, inputs: [previous] + more, outputs: ["v\(index)"], attributes: attributes))
            previous = "v\(index)"
        }
        return Model(
            graph: Graph(
                name: "chain", inputs: [Value(name: "x", dtype: .float32, shape: Shape(shape))],
                outputs: ([previous] + extra).map { Value(name: $0) }, nodes: graphNodes, initializers: initializers),
            opsetImports: ["": 21])
    }

    /// Reshape, Flatten, Squeeze, Unsqueeze, Identity and Shape of a tensor on the device share
    /// its buffer: nothing comes back but the final output, and the results are the reference's.
    @Test func shapeOnlyOpsKeepTensorsOnTheDevice() throws {
        let emulator = try Self.emulator.get()
        let views = Self.chain(
            [1, 2, 3, 3],
            [("Relu", [], []), ("Flatten", [.named("axis", .int(2))], []), ("Unsqueeze", [], ["axes"]), ("Squeeze", [], []),
             ("Reshape", [], ["target"]), ("Identity", [], []), ("Sigmoid", [], [])],
            initializers: [Self.constant("target", [Int64]([2, -1, 3]), shape: [3]), Self.constant("axes", [Int64]([0]), shape: [1])])
        let shape = Self.chain([1, 2, 3, 3], [("Relu", [], []), ("Shape", [.named("start", .int(1))], [])])
        var rng = SplitMix64(seed: 21)
        let x = NDArray((0..<18).map { _ in Float(rng.nextUnit() * 2 - 1) }, shape: [1, 2, 3, 3])
        for (model, returned) in [(views, 18 * 4), (shape, 0)] {
            let expected = try Interpreter(model: model, backend: .reference).run(tensors: ["x": x])
            let down = emulator.bytesFromDevice
            let actual = try CUDASupport.$emulator.withValue(emulator) { try Interpreter(model: model, backend: .cuda).run(tensors: ["x": x]) }
            #expect(actual.map(\.value) == expected.map(\.value))
            #expect(emulator.bytesFromDevice - down == returned, "\(model.graph.nodes.map(\.op)): \(emulator.bytesFromDevice - down) bytes came back")
        }
        let sizes = try Interpreter(model: shape, backend: .reference).run(tensors: ["x": x])
        #expect(sizes.first?.value == NDArray([Int64]([2, 3, 3]), shape: [3]))
    }

    /// A failure on the device is an error at the node that needed the tensor (or at the graph
    /// output), with no buffer left behind.
    @Test func aDeviceFailureIsAnErrorAtTheNodeThatReadTheTensor() throws {
        let emulator = try Self.emulator.get()
        let x = NDArray([Float](repeating: 0.5, count: 12), shape: [3, 4])
        let liveBefore = emulator.liveBuffers
        // Pow has no cuda kernel: the reference kernel brings Relu's output back, and that copy fails.
        let exponent = Self.constant("p", [Float]([2]), shape: [])
        let midway = Self.chain([3, 4], [("Relu", [], []), ("Pow", [], ["p"]), ("Relu", [], [])], initializers: [exponent])
        let atOutput = Self.chain([3, 4], [("Relu", [], []), ("Sigmoid", [], [])])
        for (model, node) in [(midway, Optional(1)), (atOutput, nil)] {
            try CUDASupport.$emulator.withValue(emulator) {
                emulator.failNextCopyBack = "an illegal memory access was encountered (emulated)"
                do {
                    _ = try Interpreter(model: model, backend: .cuda).run(tensors: ["x": x])
                    Issue.record("the failed copy was not reported")
                } catch let error as InterpreterError {
                    #expect(error.code == .device)
                    #expect(error.message.contains("illegal memory access"), "\(error.message)")
                    #expect(error.nodeIndex == node, "\(error)")
                    if node == nil { #expect(error.message.contains("output 'v1'"), "\(error.message)") }
                } catch {
                    Issue.record("not an interpreter error: \(error)")
                }
            }
        }
        #expect(emulator.failNextCopyBack == nil)
        #expect(emulator.liveBuffers == liveBefore)
    }
}
