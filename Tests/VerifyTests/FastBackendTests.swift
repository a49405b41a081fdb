import Foundation
import GraphIR
import Testing
@testable import Verify

/// The fast backend against the reference on inputs large enough that the fast kernels'
/// float32 GEMM visibly differs in rounding from the reference's Double accumulation: the
/// results must agree to 1e-4 relative, and must not be bit-identical everywhere (which would
/// mean the fast path fell back to the reference).
@Suite struct FastBackendTests {
    static func both(
        _ op: String, _ inputs: [NDArray?], _ attributes: [String: AttributeValue] = [:]
    ) throws -> (fast: NDArray, reference: NDArray) {
        let fast = try ConvKernelTests.run(op, inputs, attributes, backend: .fast)[0]
        let reference = try ConvKernelTests.run(op, inputs, attributes, backend: .reference)[0]
        return (fast, reference)
    }

    /// The largest |fast - reference| relative to the largest |reference|, and whether any element differs.
    static func compare(_ pair: (fast: NDArray, reference: NDArray)) -> (relative: Double, differs: Bool) {
        guard pair.fast.shape == pair.reference.shape, let f = pair.fast.floats, let r = pair.reference.floats else {
            return (.infinity, true)
        }
        let scale = r.reduce(0.0) { max($0, abs(Double($1))) }
        let worst = zip(f, r).reduce(0.0) { max($0, abs(Double($1.0) - Double($1.1))) }
        return (worst / max(scale, 1e-30), zip(f, r).contains { $0 != $1 })
    }

    @Test func batchedMatMulUsesGEMM() throws {
        var seed: UInt64 = 1
        let a = ConvKernelTests.random([3, 1, 48, 512], seed: &seed)
        let b = ConvKernelTests.random([4, 512, 40], seed: &seed)
        let pair = try Self.both("MatMul", [a, b])
        #expect(pair.fast.shape == [3, 4, 48, 40])
        let (relative, differs) = Self.compare(pair)
        #expect(relative < 1e-4)
        #expect(differs)
    }

    @Test func groupedStridedConvUsesIm2colGEMM() throws {
        var seed: UInt64 = 2
        let x = ConvKernelTests.random([2, 64, 15, 13], seed: &seed)
        let w = ConvKernelTests.random([32, 32, 3, 3], seed: &seed)
        let b = ConvKernelTests.random([32], seed: &seed)
        let attributes: [String: AttributeValue] = [
            "group": .int(2), "strides": .ints([2, 1]), "dilations": .ints([1, 2]), "pads": .ints([1, 2, 0, 1]),
        ]
        let pair = try Self.both("Conv", [x, w, b], attributes)
        let (relative, differs) = Self.compare(pair)
        #expect(relative < 1e-4)
        #expect(differs)
    }

    @Test func groupedConvTransposeUsesGEMMAndCol2im() throws {
        var seed: UInt64 = 7
        let x = ConvKernelTests.random([2, 64, 9, 7], seed: &seed)
        let w = ConvKernelTests.random([64, 12, 3, 4], seed: &seed)
        let b = ConvKernelTests.random([24], seed: &seed)
        let attributes: [String: AttributeValue] = [
            "group": .int(2), "strides": .ints([2, 3]), "dilations": .ints([2, 1]), "pads": .ints([1, 0, 2, 1]),
            "output_padding": .ints([1, 0]),
        ]
        let pair = try Self.both("ConvTranspose", [x, w, b], attributes)
        #expect(pair.fast.shape == [2, 24, 19, 21])
        let (relative, differs) = Self.compare(pair)
        #expect(relative < 1e-4)
        #expect(differs)
    }

    @Test func pointwiseConvReadsInputDirectly() throws {
        var seed: UInt64 = 3
        let x = ConvKernelTests.random([1, 300, 6, 6], seed: &seed)
        let w = ConvKernelTests.random([8, 300, 1, 1], seed: &seed)
        let (relative, _) = Self.compare(try Self.both("Conv", [x, w]))
        #expect(relative < 1e-4)
    }

    /// Gemm against a Double computation written here (the reference Gemm lives in another group).
    @Test func gemmHandlesTransposesScalesAndBroadcastC() throws {
        var seed: UInt64 = 4
        let a = ConvKernelTests.random([300, 20], seed: &seed)  // transA: [K, M] = [300, 20]
        let b = ConvKernelTests.random([30, 300], seed: &seed)  // transB: [N, K] = [30, 300]
        let c = ConvKernelTests.random([30], seed: &seed)
        let attributes: [String: AttributeValue] = [
            "transA": .int(1), "transB": .int(1), "alpha": .float(0.5), "beta": .float(-2),
        ]
        let out = try ConvKernelTests.run("Gemm", [a, b, c], attributes, opset: 13, backend: .fast)[0]
        #expect(out.shape == [20, 30])
        let av = a.floats!, bv = b.floats!, cv = c.floats!, ov = out.floats!
        var worst = 0.0
        for i in 0..<20 {
            for j in 0..<30 {
                var s = 0.0
                for k in 0..<300 { s += Double(av[k * 20 + i]) * Double(bv[j * 300 + k]) }
                let expected = 0.5 * s - 2 * Double(cv[j])
                worst = max(worst, abs(expected - Double(ov[i * 30 + j])))
            }
        }
        #expect(worst < 1e-4)
    }

    @Test func elementwiseAndNormalisationsMatchReference() throws {
        var seed: UInt64 = 5
        let x = ConvKernelTests.random([4, 8, 40, 40], seed: &seed)
        let y = ConvKernelTests.random([40], seed: &seed)
        #expect(Self.compare(try Self.both("Add", [x, y])).relative == 0)  // trailing operand
        let perChannel = ConvKernelTests.random([8, 1, 1], seed: &seed)
        #expect(Self.compare(try Self.both("Add", [perChannel, x])).relative == 0)  // general broadcast
        #expect(Self.compare(try Self.both("Add", [y.reshaped([1, 40]), x])).relative == 0)  // leading 1s, swapped
        // Sub, Mul and Div against Double arithmetic here (their reference kernels are another group's).
        let xv = x.floats!, yv = y.floats!
        let ops: [(String, (Double, Double) -> Double)] = [("Sub", { $0 - $1 }), ("Mul", { $0 * $1 }), ("Div", { $0 / $1 })]
        for (op, f) in ops {
            let out = try ConvKernelTests.run(op, [x, y], backend: .fast)[0]
            #expect(out.shape == x.shape)
            let expected = xv.indices.map { Float(f(Double(xv[$0]), Double(yv[$0 % 40]))) }
            #expect(out.floats == expected, "\(op)")
        }
        let three = NDArray([Float(3)], shape: [])
        let quotient = try ConvKernelTests.run("Div", [three, x], backend: .fast)[0]
        #expect(quotient.floats == xv.map { Float(3 / Double($0)) })
        let scale = ConvKernelTests.random([8], seed: &seed), bias = ConvKernelTests.random([8], seed: &seed)
        let variance = NDArray((0..<8).map { Float($0) + 0.5 }, shape: [8])
        #expect(Self.compare(try Self.both("BatchNormalization", [x, scale, bias, bias, variance])).relative < 1e-5)
        let pool: [String: AttributeValue] = ["kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1])]
        #expect(Self.compare(try Self.both("MaxPool", [x], pool)).relative == 0)
        let average = pool.merging(["count_include_pad": .int(1)]) { a, _ in a }
        #expect(Self.compare(try Self.both("AveragePool", [x], average)).relative < 1e-6)
        #expect(Self.compare(try Self.both("GlobalAveragePool", [x])).relative < 1e-6)
        #expect(Self.compare(try Self.both("GlobalMaxPool", [x])).relative == 0)
        let lnScale = ConvKernelTests.random([40], seed: &seed)
        #expect(Self.compare(try Self.both("LayerNormalization", [x, lnScale, y])).relative < 1e-5)
    }

    /// Unary activations and Softmax against Double math here, to float32 rounding error.
    @Test func activationsAndSoftmaxMatchDoubleMath() throws {
        var seed: UInt64 = 6
        let x = ConvKernelTests.random([3, 70, 200], seed: &seed)
        let xv = x.floats!.map { Double($0) * 4 }
        let scaled = NDArray(xv.map { Float($0) }, shape: x.shape)
        let cases: [(String, [String: AttributeValue], (Double) -> Double)] = [
            ("Relu", [:], { max($0, 0) }),
            ("Sigmoid", [:], { 1 / (1 + Foundation.exp(-$0)) }),
            ("Tanh", [:], { Foundation.tanh($0) }),
            ("Exp", [:], { Foundation.exp($0) }),
            ("Erf", [:], { Foundation.erf($0) }),
            ("Gelu", [:], { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }),
            ("Gelu", ["approximate": .string(Array("tanh".utf8))], {
                0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0)))
            }),
        ]
        for (op, attributes, f) in cases {
            let out = try ConvKernelTests.run(op, [scaled], attributes, backend: .fast)[0].floats!
            let worst = zip(out, xv).reduce(0.0) { w, p in
                let e = f(Double(Float(p.1)))
                return max(w, abs(Double(p.0) - e) / max(abs(e), 1e-3))
            }
            #expect(worst < 1e-5, "\(op) \(attributes)")
        }
        for axis in [0, 1, -1] {
            let out = try ConvKernelTests.run("Softmax", [scaled], ["axis": .int(Int64(axis))], backend: .fast)[0].floats!
            let (outer, size, inner) = NormMath.split(x.shape, axis: (axis + 3) % 3)
            var worst = 0.0
            for o in 0..<outer {
                for i in 0..<inner {
                    let at = (0..<size).map { (o * size + $0) * inner + i }
                    let peak = at.map { Double(Float(xv[$0])) }.max()!
                    let total = at.reduce(0.0) { $0 + Foundation.exp(Double(Float(xv[$1])) - peak) }
                    for p in at { worst = max(worst, abs(Double(out[p]) - Foundation.exp(Double(Float(xv[p])) - peak) / total)) }
                }
            }
            #expect(worst < 1e-6, "Softmax axis \(axis)")
        }
    }

    /// Clip on the fast and the reference backend gives ONNX's values computed here, bit for bit: bounds as inputs (one
    /// or both absent, low above high), as attributes before opset 11 (and their defaults), with
    /// NaN, ±inf and -0 in the input.
    @Test func clipMatchesTheReferenceBitForBit() throws {
        var seed: UInt64 = 14
        var values = ConvKernelTests.random([4, 50, 30], seed: &seed).floats!.map { $0 * 8 }
        (values[0], values[1], values[2], values[3]) = (.nan, .infinity, -.infinity, -0.0)
        let x = NDArray(values, shape: [4, 50, 30])
        func scalar(_ v: Float) -> NDArray { NDArray([v], shape: []) }
        let big = Double(Float.greatestFiniteMagnitude)
        let cases: [([NDArray?], [String: AttributeValue], Int, Double, Double)] = [
            ([x, scalar(0), scalar(6)], [:], 13, 0, 6), ([x, nil, scalar(0.5)], [:], 13, -.infinity, 0.5),
            ([x, scalar(-1)], [:], 13, -1, .infinity), ([x, scalar(2), scalar(-2)], [:], 13, 2, -2), ([x], [:], 13, -.infinity, .infinity),
            ([x], ["min": .float(-1.5), "max": .float(3)], 6, -1.5, 3), ([x], [:], 6, -big, big),
        ]
        for (inputs, attributes, opset, low, high) in cases {
            let fast = try #require(try ConvKernelTests.run("Clip", inputs, attributes, opset: opset, backend: .fast)[0].floats)
            let reference = try #require(try ConvKernelTests.run("Clip", inputs, attributes, opset: opset, backend: .reference)[0].floats)
            // ONNX's definition, computed here on the widened value.
            let expected = values.map { v in v.isNaN ? v : Float(min(max(Double(v), low), high)) }
            for (name, got) in [("fast", fast), ("reference", reference)] {
                #expect(got.count == expected.count)
                let differing = zip(got, expected).filter { !($0.isNaN && $1.isNaN) && $0.bitPattern != $1.bitPattern }
                #expect(differing.isEmpty, "\(name) opset \(opset) [\(low), \(high)]: \(differing.prefix(3))")
            }
        }
    }

    @Test func nonFloat32FallsBackToReference() throws {
        let a = NDArray([1, 2, 3, 4] as [Double], shape: [2, 2])
        let pair = try Self.both("Conv", [a.reshaped([1, 1, 2, 2]), a.reshaped([1, 1, 2, 2])])
        #expect(pair.fast == pair.reference)
        #expect(pair.fast.storage == .float64([30]))
    }
}
