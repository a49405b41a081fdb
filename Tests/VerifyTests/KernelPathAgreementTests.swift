import Formats
import Foundation
import GraphIR
import Testing
@testable import Verify

/// The specialised 2-D paths (reference Conv as columns × Double GEMM, fast pools walking
/// windows, fast Transpose, the reference matrix product's 4×4 tiles) against the general
/// N-D paths and against plain loops written here. A 2-D case run with a trailing unit axis
/// added takes the general tap-table path, so the two must agree.
@Suite struct KernelPathAgreementTests {
    struct Geometry: CustomStringConvertible {
        var kernel: [Int], strides: [Int], dilations: [Int], pads: [Int], group: Int
        var description: String { "k\(kernel) s\(strides) d\(dilations) p\(pads) g\(group)" }
    }

    static func geometries(count: Int, seed: UInt64) -> [Geometry] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        return (0..<count).map { _ in
            Geometry(
                kernel: [1 + next(4), 1 + next(4)], strides: [1 + next(3), 1 + next(3)], dilations: [1 + next(2), 1 + next(2)],
                pads: [next(3), next(3), next(3), next(3)], group: [1, 2][next(2)])
        }
    }

    /// `x` with a unit axis appended, so the kernels see three spatial axes.
    static func lifted(_ x: NDArray) -> NDArray { x.reshaped(x.shape + [1]) }

    static func doubles(_ shape: [Int], seed: inout UInt64) -> NDArray {
        let f = ConvKernelTests.random(shape, seed: &seed)
        return NDArray(f.floats!.map { Double($0) + 1e-3 }, shape: shape)
    }

    @Test func referenceConv2DMatchesTheTapTablePath() throws {
        var seed: UInt64 = 11
        var compared = 0
        for g in Self.geometries(count: 40, seed: 5) {
            let x = Self.doubles([2, 4, 9, 8], seed: &seed)
            let w = Self.doubles([6, 4 / g.group, g.kernel[0], g.kernel[1]], seed: &seed)
            let b = Self.doubles([6], seed: &seed)
            let attributes: [String: AttributeValue] = [
                "strides": .ints(g.strides.map(Int64.init)), "dilations": .ints(g.dilations.map(Int64.init)),
                "pads": .ints(g.pads.map(Int64.init)), "group": .int(Int64(g.group)),
            ]
            let flat: NDArray
            do {
                flat = try ConvKernelTests.run("Conv", [x, w, b], attributes)[0]
            } catch {
                // Geometry too large for the input: both paths must refuse it.
                #expect(error.code == .invalidInput, "\(g)")
                continue
            }
            let liftedAttributes: [String: AttributeValue] = [
                "strides": .ints(g.strides.map(Int64.init) + [1]), "dilations": .ints(g.dilations.map(Int64.init) + [1]),
                "pads": .ints([Int64(g.pads[0]), Int64(g.pads[1]), 0, Int64(g.pads[2]), Int64(g.pads[3]), 0]),
                "group": .int(Int64(g.group)),
            ]
            let general = try ConvKernelTests.run("Conv", [Self.lifted(x), Self.lifted(w), b], liftedAttributes)[0]
            #expect(general.shape == flat.shape + [1], "\(g)")
            let a = try #require(flat.doubles()), c = try #require(general.doubles())
            let worst = zip(a, c).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst < 1e-12, "\(g): \(worst)")
            compared += 1
        }
        #expect(compared >= 20)
    }

    /// The reference's depthwise loop gives the column-matrix product's bits: over random
    /// geometries (strides, dilations, pads past the kernel), with NaN and ±inf in the input, an
    /// infinite weight (its padding taps add inf · 0 = NaN) and a -0 bias.
    @Test func referenceDepthwiseIsBitIdenticalToTheColumnPath() throws {
        var seed: UInt64 = 13
        var compared = 0, withNaN = 0
        for (index, g) in Self.geometries(count: 40, seed: 8).enumerated() {
            let channels = 5
            var xv = try #require(Self.doubles([2, channels, 9, 8], seed: &seed).doubles())
            (xv[0], xv[17], xv[100]) = (.nan, .infinity, -.infinity)
            var wv = try #require(Self.doubles([channels, 1, g.kernel[0], g.kernel[1]], seed: &seed).doubles())
            if index % 4 == 0 { wv[wv.count - 1] = .infinity }
            var bias = try #require(Self.doubles([channels], seed: &seed).doubles())
            bias[1] = -0.0
            let x = NDArray(xv, shape: [2, channels, 9, 8]), w = NDArray(wv, shape: [channels, 1, g.kernel[0], g.kernel[1]])
            let call = NNKernelTests.call("Conv", [x, w], [
                .named("strides", .ints(g.strides.map(Int64.init))), .named("dilations", .ints(g.dilations.map(Int64.init))),
                .named("pads", .ints(g.pads.map(Int64.init))), .named("group", .int(Int64(channels))),
            ])
            guard let setup = try? ConvMath.setup(call, x: x, w: w), setup.geometry.outputCount > 0 else { continue }
            let fast = ConvMath.convolve2D(x: xv, w: wv, setup: setup, bias: bias)
            let columns = ConvMath.convolve2D(x: xv, w: wv, setup: setup, bias: bias, columnsOnly: true)
            #expect(fast.count == columns.count)
            let differing = zip(fast, columns).filter { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }
            #expect(differing.isEmpty, "\(g): \(differing.prefix(3))")
            if fast.contains(where: \.isNaN) { withNaN += 1 }
            compared += 1
        }
        #expect(compared >= 20 && withNaN >= 10, "\(compared) compared, \(withNaN) with NaN")
    }

    @Test(arguments: ["MaxPool", "AveragePool"])
    func fastPools2DMatchTheTapTablePath(op: String) throws {
        var seed: UInt64 = 3
        var compared = 0
        for (index, g) in Self.geometries(count: 40, seed: 9).enumerated() where g.dilations == [1, 1] {
            var x = ConvKernelTests.random([2, 3, 10, 9], seed: &seed)
            if index % 3 == 0, case .float32(var values) = x.storage {
                values[index % values.count] = .nan
                values[(index * 7) % values.count] = -.infinity
                x.storage = .float32(values)
            }
            let pads = g.pads.enumerated().map { Int64(min($0.element, g.kernel[$0.offset % 2] - 1)) }
            var attributes: [String: AttributeValue] = [
                "kernel_shape": .ints(g.kernel.map(Int64.init)), "strides": .ints(g.strides.map(Int64.init)),
                "pads": .ints(pads), "ceil_mode": .int(Int64(index % 2)),
            ]
            if op == "AveragePool" { attributes["count_include_pad"] = .int(Int64(index / 2 % 2)) }
            let flat = try ConvKernelTests.run(op, [x], attributes, backend: .fast)[0]
            var lifted = attributes
            lifted["kernel_shape"] = .ints(g.kernel.map(Int64.init) + [1])
            lifted["strides"] = .ints(g.strides.map(Int64.init) + [1])
            lifted["pads"] = .ints([pads[0], pads[1], 0, pads[2], pads[3], 0])
            let general = try ConvKernelTests.run(op, [Self.lifted(x)], lifted, backend: .fast)[0]
            let reference = try ConvKernelTests.run(op, [x], attributes, backend: .reference)[0]
            let a = try #require(flat.floats), c = try #require(general.floats), r = try #require(reference.floats)
            #expect(general.shape == flat.shape + [1], "\(g)")
            // Same values, NaN where the other has NaN.
            #expect(zip(a, c).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(op) \(g) vs tap table")
            #expect(zip(a, r).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-6 * max(1, abs($1)) }, "\(op) \(g) vs reference")
            compared += 1
        }
        #expect(compared >= 6)
    }

    @Test func fastTransposeMatchesTheReference() throws {
        var seed: UInt64 = 21
        let x = ConvKernelTests.random([3, 4, 5, 6], seed: &seed)
        for perm in [[0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 1, 3], [1, 3, 0, 2], [2, 0, 3, 1], [0, 1, 3, 2]] {
            let attributes: [String: AttributeValue] = ["perm": .ints(perm.map(Int64.init))]
            let fast = try ConvKernelTests.run("Transpose", [x], attributes, backend: .fast)[0]
            let reference = try ConvKernelTests.run("Transpose", [x], attributes, backend: .reference)[0]
            #expect(fast == reference, "perm \(perm)")
        }
    }

    @Test func referenceMatMulSumsEachElementInOrder() throws {
        var seed: UInt64 = 8
        // Sizes around the 4×4 tiles and the 64-column blocks, and a batch that broadcasts.
        for (m, k, n) in [(1, 1, 1), (3, 5, 7), (4, 9, 4), (9, 33, 70), (17, 3, 131)] {
            let a = Self.doubles([2, m, k], seed: &seed), b = Self.doubles([k, n], seed: &seed)
            let out = try ConvKernelTests.run("MatMul", [a, b])[0]
            let av = try #require(a.doubles()), bv = try #require(b.doubles())
            var expected = [Double](repeating: 0, count: 2 * m * n)
            for p in 0..<2 {
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0
                        for l in 0..<k { sum += av[p * m * k + i * k + l] * bv[l * n + j] }
                        expected[p * m * n + i * n + j] = sum
                    }
                }
            }
            #expect(out.doubles() == expected, "m \(m) k \(k) n \(n)")
        }
    }

    /// Conv → BatchNormalization → Relu: the fast backend folds and fuses it (the graph it runs
    /// has one FusedConv), and still agrees with the reference; with the weights also a graph
    /// input (replaceable at run time) nothing is folded.
    @Test func fastBackendFusesConvBatchNormRelu() throws {
        var seed: UInt64 = 5
        func floats(_ shape: [Int], offset: Float = 0) -> Tensor {
            let a = ConvKernelTests.random(shape, seed: &seed)
            let values = a.floats!.map { $0 + offset }
            return Tensor(name: "", dtype: .float32, shape: shape, bytes: TensorBytes(bytes: values.withUnsafeBytes { Array($0) }))
        }
        var initializers: [Tensor] = []
        for (name, shape, offset) in [("w", [8, 3, 3, 3], Float(0)), ("gamma", [8], 1.5), ("beta", [8], 0), ("mean", [8], 0), ("var", [8], 2)] {
            var t = floats(shape, offset: offset)
            t.name = name
            initializers.append(t)
        }
        let nodes = [
            Node(name: "conv", op: "Conv", inputs: ["x", "w"], outputs: ["c"], attributes: [.named("pads", .ints([1, 1, 1, 1]))]),
            Node(name: "bn", op: "BatchNormalization", inputs: ["c", "gamma", "beta", "mean", "var"], outputs: ["n"]),
            Node(name: "relu", op: "Relu", inputs: ["n"], outputs: ["y"]),
        ]
        let x = ConvKernelTests.random([1, 3, 12, 12], seed: &seed)
        for weightsAreInputs in [false, true] {
            let inputs = [Value(name: "x", dtype: .float32, shape: [1, 3, 12, 12])]
                + (weightsAreInputs ? [Value(name: "w", dtype: .float32, shape: [8, 3, 3, 3])] : [])
            let graph = Graph(name: "g", inputs: inputs, outputs: [Value(name: "y")], nodes: nodes, initializers: initializers)
            let model = Model(graph: graph, opsetImports: ["": 17])
            let fast = Interpreter(model: model, backend: .fast)
            let ops = fast.runModel.graph.nodes.map(\.op)
            #expect(ops == (weightsAreInputs ? ["Conv", "BatchNormalization", "Relu"] : ["FusedConv"]))
            let f = try fast.run(tensors: ["x": x])[0].value
            let r = try Interpreter(model: model, backend: .reference).run(tensors: ["x": x])[0].value
            let fv = try #require(f.floats), rv = try #require(r.floats)
            #expect(f.shape == [1, 8, 12, 12])
            #expect(zip(fv, rv).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
            #expect(fv.contains { $0 == 0 } && fv.contains { $0 > 0 })
        }
    }

    /// A fused Conv on float64 has no fast path: it runs the reference Conv, then the reference Relu.
    @Test func fusedConvFallsBackForOtherTypes() throws {
        var seed: UInt64 = 6
        let x = Self.doubles([1, 2, 5, 5], seed: &seed), w = Self.doubles([3, 2, 3, 3], seed: &seed)
        let nodes = [
            Node(name: "conv", op: "Conv", inputs: ["x", "w"], outputs: ["c"]),
            Node(name: "relu", op: "Relu", inputs: ["c"], outputs: ["y"]),
        ]
        let graph = Graph(name: "g", inputs: [Value(name: "x"), Value(name: "w")], outputs: [Value(name: "y")], nodes: nodes)
        let model = Model(graph: graph, opsetImports: ["": 17])
        let fast = Interpreter(model: model, backend: .fast)
        #expect(fast.runModel.graph.nodes.map(\.op) == ["FusedConv"])
        let f = try fast.run(tensors: ["x": x, "w": w])[0].value
        let r = try Interpreter(model: model, backend: .reference).run(tensors: ["x": x, "w": w])[0].value
        #expect(f.dtype == .float64)
        #expect(f == r)
    }
}
