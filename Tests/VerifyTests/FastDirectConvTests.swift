import Formats
import Foundation
import GraphIR
import Testing
@testable import Verify

/// The fast backend's direct convolution (AVX-512 tiles over phase planes) and its im2col path,
/// each against the reference Conv (Double accumulation) with the bias, residual and Relu added
/// here in Double; and the Conv → Add → Relu fusion that feeds it.
@Suite struct FastDirectConvTests {
    struct Case: CustomStringConvertible {
        var n: Int, c: Int, m: Int, h: Int, w: Int
        var kernel: [Int], strides: [Int], dilations: [Int], pads: [Int]
        var bias: Bool, residual: Bool, activation: FastConv.Activation
        var group = 1
        var description: String {
            "n\(n) c\(c) m\(m) group \(group) \(h)×\(w) k\(kernel) s\(strides) d\(dilations) p\(pads) bias \(bias) residual \(residual) \(activation)"
        }
    }

    static func cases(count: Int, seed: UInt64, depthwise: Bool = false) -> [Case] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        var out: [Case] = []
        while out.count < count {
            let kernel = [1 + next(7), 1 + next(7)], strides = [1 + next(3), 1 + next(3)], dilations = [1 + next(3), 1 + next(3)]
            let pads = [next(4), next(4), next(4), next(4)]
            let h = 1 + next(30), w = 1 + next(30)
            // Keep geometries whose output is not empty.
            guard h + pads[0] + pads[2] >= (kernel[0] - 1) * dilations[0] + 1,
                w + pads[1] + pads[3] >= (kernel[1] - 1) * dilations[1] + 1
            else { continue }
            let activations: [FastConv.Activation] = [.none, .relu, .clip(-0.25, 0.4), .clip(0, 6)]
            var k = Case(
                n: 1 + next(2), c: 1 + next(9), m: [1, 5, 8, 13, 24, 40][next(6)], h: h, w: w, kernel: kernel,
                strides: strides, dilations: dilations, pads: pads, bias: next(2) == 0, residual: next(2) == 0,
                activation: activations[next(4)])
            if depthwise {
                k.c = 2 + next(40)
                (k.m, k.group) = (k.c, k.c)
            }
            // One case in five pointwise (1×1, unit strides, no padding): the direct kernel then
            // reads the input itself, not phase planes.
            if out.count % 5 == 4 { (k.kernel, k.strides, k.pads) = ([1, 1], [1, 1], [0, 0, 0, 0]) }
            out.append(k)
        }
        return out
    }

    /// The reference Conv's output in Double, plus the residual, through Relu.
    static func expected(_ k: Case, x: NDArray, w: NDArray, b: NDArray?, residual: NDArray?) throws -> [Double] {
        let attributes: [String: AttributeValue] = [
            "strides": .ints(k.strides.map(Int64.init)), "dilations": .ints(k.dilations.map(Int64.init)),
            "pads": .ints(k.pads.map(Int64.init)), "group": .int(Int64(k.group)),
        ]
        func wide(_ a: NDArray) -> NDArray { NDArray(a.floats!.map(Double.init), shape: a.shape) }
        let conv = try ConvKernelTests.run("Conv", [wide(x), wide(w), b.map(wide)], attributes)[0]
        var values = try #require(conv.doubles())
        if let residual {
            let r = try #require(residual.floats)
            for i in values.indices { values[i] += Double(r[i]) }
        }
        switch k.activation {
        case .none: break
        case .relu: values = values.map { $0 > 0 || $0.isNaN ? $0 : 0 }
        case .clip(let low, let high): values = values.map { $0.isNaN ? $0 : min(max($0, Double(low)), Double(high)) }
        }
        return values
    }

    static func attributes(_ k: Case) -> [Attribute] {
        [
            .named("strides", .ints(k.strides.map(Int64.init))), .named("dilations", .ints(k.dilations.map(Int64.init))),
            .named("pads", .ints(k.pads.map(Int64.init))), .named("group", .int(Int64(k.group))),
        ]
    }

    /// Runs each case through the im2col path and, on AVX-512 CPUs, through `kernel` (which must
    /// take it: a nil plan fails), each against the reference in Double; returns how many ran
    /// through `kernel`.
    static func checkPaths(
        _ cases: [Case], seed: UInt64, name: String,
        _ kernel: (KernelCall, ConvMath.Setup, Case, _ x: [Float], _ w: [Float], _ b: [Float]?, _ residual: [Float]?) throws -> [Float]?
    ) throws -> Int {
        var seed = seed
        var ran = 0
        for k in cases {
            let x = ConvKernelTests.random([k.n, k.c, k.h, k.w], seed: &seed)
            let w = ConvKernelTests.random([k.m, k.c / k.group, k.kernel[0], k.kernel[1]], seed: &seed)
            let b = k.bias ? ConvKernelTests.random([k.m], seed: &seed) : nil
            let call = NNKernelTests.call("Conv", [x, w, b], Self.attributes(k))
            let setup = try ConvMath.setup(call, x: x, w: w)
            let residual = k.residual ? ConvKernelTests.random(setup.outputShape, seed: &seed) : nil
            let want = try Self.expected(k, x: x, w: w, b: b, residual: residual)
            let taps = Double(k.c / k.group * k.kernel[0] * k.kernel[1])
            func check(_ got: [Float], _ path: String) {
                #expect(got.count == want.count, "\(path) \(k)")
                let worst = zip(got, want).map { abs(Double($0) - $1) }.max() ?? 0
                #expect(worst <= 1e-6 * (taps + 2), "\(path) \(k): \(worst)")
            }
            let im2col = try #require(
                try FastConv.im2col(
                    call, x: x.floats!, w: w.floats!, bias: b?.floats, residual: residual?.floats, setup: setup, activation: k.activation))
            check(try #require(im2col[0].tensor?.floats), "im2col")
            if FastSupport.avx512 {
                let got = try #require(try kernel(call, setup, k, x.floats!, w.floats!, b?.floats, residual?.floats), "no \(name) plan for \(k)")
                check(got, name)
                ran += 1
            }
        }
        return ran
    }

    @Test func directAndIm2colPathsMatchTheReference() throws {
        let direct = try Self.checkPaths(Self.cases(count: 60, seed: 9), seed: 21, name: "direct") { call, setup, k, x, w, b, r in
            guard let plan = FastDirectConv.plan(setup) else { return nil }
            return try FastDirectConv.run(call, plan: plan, x: x, w: w, bias: b, residual: r, setup: setup, clamp: k.activation.clamp)
        }
        // On a CPU without AVX-512 the fast backend must not pick the direct path.
        #expect(FastSupport.avx512 ? direct == 60 : !FastDirectConv.enabled)
    }

    /// The depthwise kernel (group = C = M) and the im2col path against the reference, over 60
    /// random geometries with bias, residual, Relu and Clip.
    @Test func depthwisePathMatchesTheReference() throws {
        let ran = try Self.checkPaths(Self.cases(count: 60, seed: 17, depthwise: true), seed: 33, name: "depthwise") { call, setup, k, x, w, b, r in
            guard let plan = FastDepthwiseConv.plan(setup) else { return nil }
            return try FastDepthwiseConv.run(call, plan: plan, x: x, w: w, bias: b, residual: r, setup: setup, clamp: k.activation.clamp)
        }
        #expect(FastSupport.avx512 ? ran == 60 : !FastDirectConv.enabled)
    }

    /// Only depthwise 2-D convolutions with one output channel per group get a depthwise plan.
    @Test func depthwisePlanCoversOnlyOneChannelPerGroup() throws {
        let x = NDArray([Float](repeating: 1, count: 4 * 6 * 6), shape: [1, 4, 6, 6])
        func plan(_ m: Int, _ perGroup: Int, group: Int) throws -> FastDirectConv.Plan? {
            let w = NDArray([Float](repeating: 1, count: m * perGroup * 9), shape: [m, perGroup, 3, 3])
            let call = NNKernelTests.call("Conv", [x, w], [.named("group", .int(Int64(group)))])
            return FastDepthwiseConv.plan(try ConvMath.setup(call, x: x, w: w))
        }
        #expect(try plan(4, 1, group: 4) != nil)
        #expect(try plan(8, 1, group: 4) == nil)  // a channel multiplier of 2
        #expect(try plan(4, 2, group: 2) == nil)  // two input channels per group
        #expect(try plan(4, 4, group: 1) == nil)
    }

    /// Grouped and non-2-D convolutions have no direct plan.
    @Test func directPlanCoversOnlyUngrouped2D() throws {
        let x = NDArray([Float](repeating: 1, count: 4 * 6 * 6), shape: [1, 4, 6, 6])
        let grouped = NNKernelTests.call("Conv", [x, NDArray([Float](repeating: 1, count: 4 * 2 * 9), shape: [4, 2, 3, 3])], [.named("group", .int(2))])
        #expect(FastDirectConv.plan(try ConvMath.setup(grouped, x: x, w: try grouped.tensor(1))) == nil)
        let x1 = NDArray([Float](repeating: 1, count: 4 * 6), shape: [1, 4, 6])
        let oneD = NNKernelTests.call("Conv", [x1, NDArray([Float](repeating: 1, count: 8 * 4 * 3), shape: [8, 4, 3])])
        #expect(FastDirectConv.plan(try ConvMath.setup(oneD, x: x1, w: try oneD.tensor(1))) == nil)
    }

    /// NaN in the input stays NaN through the fused Relu; -inf becomes 0.
    @Test func reluKeepsNaN() throws {
        guard FastSupport.avx512 else {
            #expect(!FastDirectConv.enabled)
            return
        }
        var values = [Float](repeating: 0.5, count: 2 * 5 * 5)
        values[0] = .nan
        values[30] = -.infinity
        let x = NDArray(values, shape: [1, 2, 5, 5])
        let w = NDArray([Float](repeating: 1, count: 8 * 2), shape: [8, 2, 1, 1])
        let call = NNKernelTests.call("Conv", [x, w])
        let setup = try ConvMath.setup(call, x: x, w: w)
        let plan = try #require(FastDirectConv.plan(setup))
        let y = try FastDirectConv.run(call, plan: plan, x: values, w: w.floats!, bias: nil, residual: nil, setup: setup, clamp: [0, .infinity])
        for m in 0..<8 {
            #expect(y[m * 25].isNaN)
            #expect(y[m * 25 + 5] == 0)
            #expect(y[m * 25 + 1] == 1)
        }
    }

    /// The planes count against the interpreter's element limit.
    @Test func planesRespectTheMemoryLimit() throws {
        let x = NDArray([Float](repeating: 1, count: 64 * 40 * 40), shape: [1, 64, 40, 40])
        let w = NDArray([Float](repeating: 1, count: 8 * 64), shape: [8, 64, 1, 1])
        let limits = InterpreterLimits(maxElements: 20_000)
        #expect(ConvKernelTests.code("Conv", [x, w], limits: limits) == .limitExceeded)
        do {
            _ = try ConvKernelTests.run("Conv", [x, w], backend: .fast, limits: limits)
            Issue.record("the fast backend ran a convolution over the limit")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    static func tensor(_ name: String, _ a: NDArray) -> Tensor {
        Tensor(name: name, dtype: .float32, shape: a.shape, bytes: TensorBytes(bytes: a.floats!.withUnsafeBytes { Array($0) }))
    }

    /// A residual block whose shortcut is a Conv that comes after the main Conv: the fast
    /// backend fuses Conv → Add → Relu at the Add's place, and agrees with the reference.
    @Test func residualBlockIsFusedInOrder() throws {
        var seed: UInt64 = 8
        let initializers = [
            Self.tensor("w1", ConvKernelTests.random([16, 3, 3, 3], seed: &seed)),
            Self.tensor("b1", ConvKernelTests.random([16], seed: &seed)),
            Self.tensor("w2", ConvKernelTests.random([16, 3, 1, 1], seed: &seed)),
        ]
        let nodes = [
            Node(name: "main", op: "Conv", inputs: ["x", "w1", "b1"], outputs: ["y"], attributes: [.named("pads", .ints([1, 1, 1, 1]))]),
            Node(name: "shortcut", op: "Conv", inputs: ["x", "w2"], outputs: ["s"]),
            Node(name: "add", op: "Add", inputs: ["y", "s"], outputs: ["sum"]),
            Node(name: "relu", op: "Relu", inputs: ["sum"], outputs: ["out"]),
        ]
        let graph = Graph(
            name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [1, 3, 10, 10])], outputs: [Value(name: "out")],
            nodes: nodes, initializers: initializers)
        let model = Model(graph: graph, opsetImports: ["": 17])
        let fast = Interpreter(model: model, backend: .fast)
        let run = fast.runModel.graph.nodes
        #expect(run.map(\.op) == ["Conv", "FusedConv"])
        #expect(run.last?.inputs == ["x", "w1", "b1", "s"])
        #expect(run.last?.outputs == ["out"])
        // The cuda backend runs the same rewrite; without `residual` the Add stays.
        #expect(Interpreter(model: model, backend: .cuda).runModel.graph.nodes == run)
        #expect(FastFusion.apply(model).graph.nodes.map(\.op) == ["Conv", "Conv", "Add", "Relu"])
        let x = ConvKernelTests.random([1, 3, 10, 10], seed: &seed)
        let f = try #require(try fast.run(tensors: ["x": x])[0].value.floats)
        let r = try #require(try Interpreter(model: model, backend: .reference).run(tensors: ["x": x])[0].value.floats)
        #expect(f.count == 16 * 100)
        #expect(zip(f, r).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        #expect(f.contains { $0 == 0 } && f.contains { $0 > 0 })
    }

    /// A MobileNet block: 1×1 Conv → Clip(0, 6) → depthwise 3×3/2 Conv → Clip(upper bound only) →
    /// 1×1 Conv. Both Clips with float32 initializer bounds fuse into their Conv (on the fast and
    /// the cuda backend); a Clip whose bound is a graph input does not. NaN and ±inf in the
    /// input reach the fused clamp, and the fast backend agrees with the reference.
    /// The block of `clipAfterConvIsFusedAndAgreesWithTheReference` (input x [1, 4, 9, 11]).
    static func mobileNetBlock(boundIsInput: Bool) -> Model {
        var seed: UInt64 = 5
        func scalar(_ name: String, _ value: Float) -> Tensor { Self.tensor(name, NDArray([value], shape: [])) }
        let initializers = [
            Self.tensor("w1", ConvKernelTests.random([24, 4, 1, 1], seed: &seed)), Self.tensor("b1", ConvKernelTests.random([24], seed: &seed)),
            Self.tensor("wd", ConvKernelTests.random([24, 1, 3, 3], seed: &seed)), Self.tensor("bd", ConvKernelTests.random([24], seed: &seed)),
            Self.tensor("w2", ConvKernelTests.random([8, 24, 1, 1], seed: &seed)),
            scalar("zero", 0), scalar("six", 6), scalar("cap", 0.5),
        ]
        let nodes = [
            Node(name: "expand", op: "Conv", inputs: ["x", "w1", "b1"], outputs: ["e"]),
            Node(name: "relu6", op: "Clip", inputs: ["e", "zero", "six"], outputs: ["e6"]),
            Node(
                name: "dw", op: "Conv", inputs: ["e6", "wd", "bd"], outputs: ["d"],
                attributes: [.named("group", .int(24)), .named("strides", .ints([2, 2])), .named("pads", .ints([1, 1, 1, 1]))]),
            Node(name: "cap", op: "Clip", inputs: ["d", "", "cap"], outputs: ["dc"]),
            Node(name: "project", op: "Conv", inputs: ["dc", "w2"], outputs: ["out"]),
        ]
        var inputs = [Value(name: "x", dtype: .float32, shape: [1, 4, 9, 11])]
        if boundIsInput { inputs.append(Value(name: "six", dtype: .float32, shape: [])) }
        let graph = Graph(name: "g", inputs: inputs, outputs: [Value(name: "out")], nodes: nodes, initializers: initializers)
        return Model(graph: graph, opsetImports: ["": 13])
    }

    @Test func clipAfterConvIsFusedAndAgreesWithTheReference() throws {
        var seed: UInt64 = 6
        for boundIsInput in [false, true] {
            let model = Self.mobileNetBlock(boundIsInput: boundIsInput)
            let fast = Interpreter(model: model, backend: .fast)
            let ops = fast.runModel.graph.nodes.map(\.op)
            #expect(ops == (boundIsInput ? ["Conv", "Clip", "FusedConv", "Conv"] : ["FusedConv", "FusedConv", "Conv"]), "\(ops)")
            #expect(Interpreter(model: model, backend: .cuda).runModel.graph.nodes.map(\.op) == ops)
            var x = ConvKernelTests.random([1, 4, 9, 11], seed: &seed)
            var values = try #require(x.floats)
            values[3] = .nan
            values[50] = .infinity
            values[70] = -.infinity
            x = NDArray(values, shape: x.shape)
            let f = try #require(try fast.run(tensors: ["x": x])[0].value.floats)
            let r = try #require(try Interpreter(model: model, backend: .reference).run(tensors: ["x": x])[0].value.floats)
            #expect(f.count == 8 * 5 * 6 && r.count == f.count)
            for (a, b) in zip(f, r) {
                #expect(a.isNaN == b.isNaN && (a.isNaN || abs(a - b) <= 1e-5 * max(1, abs(b))), "\(a) vs \(b)")
            }
            #expect(f.contains { $0.isNaN } && f.contains { !$0.isNaN })
        }
    }

    /// An Add that broadcasts (a per-channel addend) is fused too, and runs as Conv, then Add,
    /// then Relu; a Conv output read twice is not fused into the Add.
    @Test func broadcastingAndSharedOutputs() throws {
        var seed: UInt64 = 12
        let initializers = [
            Self.tensor("w", ConvKernelTests.random([8, 2, 3, 3], seed: &seed)),
            Self.tensor("shift", ConvKernelTests.random([1, 8, 1, 1], seed: &seed)),
        ]
        let x = ConvKernelTests.random([1, 2, 7, 7], seed: &seed)
        for shared in [false, true] {
            var nodes = [
                Node(name: "conv", op: "Conv", inputs: ["x", "w"], outputs: ["y"]),
                Node(name: "add", op: "Add", inputs: ["shift", "y"], outputs: ["sum"]),
                Node(name: "relu", op: "Relu", inputs: ["sum"], outputs: ["out"]),
            ]
            var outputs = [Value(name: "out")]
            if shared {
                nodes.append(Node(name: "neg", op: "Neg", inputs: ["y"], outputs: ["other"]))
                outputs.append(Value(name: "other"))
            }
            let graph = Graph(
                name: "g", inputs: [Value(name: "x", dtype: .float32, shape: [1, 2, 7, 7])], outputs: outputs, nodes: nodes,
                initializers: initializers)
            let model = Model(graph: graph, opsetImports: ["": 17])
            let fast = Interpreter(model: model, backend: .fast)
            #expect(fast.runModel.graph.nodes.map(\.op) == (shared ? ["Conv", "Add", "Relu", "Neg"] : ["FusedConv"]))
            let f = try fast.run(tensors: ["x": x]).map(\.value)
            let r = try Interpreter(model: model, backend: .reference).run(tensors: ["x": x]).map(\.value)
            for (a, b) in zip(f, r) {
                #expect(a.shape == b.shape)
                let av = try #require(a.floats), bv = try #require(b.floats)
                #expect(zip(av, bv).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
            }
        }
    }

    /// The AVX-512 max pool against the Swift separable loop: equal values (NaN where NaN), over
    /// random geometries, NaN and -inf inputs, windows clipped at every edge and windows wholly
    /// in the padding (-inf).
    @Test func vectorMaxPoolMatchesTheSwiftLoop() throws {
        guard FastSupport.avx512 else {
            #expect(!FastDirectConv.enabled)
            return
        }
        var state: UInt64 = 77
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        var seed: UInt64 = 4
        var emptyWindows = 0
        for index in 0..<80 {
            let kernel = [1 + next(5), 1 + next(5)], strides = [1 + next(3), 1 + next(3)]
            let pads = [next(6), next(6), next(6), next(6)]
            let input = [1 + next(20), 1 + next(40)]
            var output: [Int] = []
            for axis in 0..<2 {
                let span = input[axis] + pads[axis] + pads[axis + 2] - kernel[axis]
                guard span >= 0 else { break }
                output.append(span / strides[axis] + 1)
            }
            guard output.count == 2 else { continue }
            let g = ConvSupport.Geometry(
                input: input, kernel: kernel, strides: strides, dilations: [1, 1], padsBegin: [pads[0], pads[1]],
                padsEnd: [pads[2], pads[3]], output: output)
            let planes = 1 + next(5)
            var x = ConvKernelTests.random([planes * input[0] * input[1]], seed: &seed).floats!
            if index % 2 == 0 {
                x[next(x.count)] = .nan
                x[next(x.count)] = -.infinity
                x[next(x.count)] = .infinity
            }
            let vector = FastNorm.maxPool2D(x, planes: planes, g, vector: true)
            let loop = FastNorm.maxPool2D(x, planes: planes, g, vector: false)
            #expect(vector.count == loop.count)
            #expect(zip(vector, loop).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(g) planes \(planes)")
            emptyWindows += loop.filter { $0 == -.infinity }.count
        }
        #expect(emptyWindows > 0)
    }
}
