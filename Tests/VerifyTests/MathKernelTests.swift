import GraphIR
import Testing
@testable import Verify

/// Hostile and edge inputs for the math kernels: each must end in the right error code (or a
/// value checked against a hand-derived expectation), never a trap.
@Suite struct MathKernelTests {
    /// Runs one node of `op` on `inputs` (named i0, i1, ...; nil = omitted) at `opset`.
    static func run(
        _ op: String, _ inputs: [NDArray?], attributes: [Attribute] = [], outputs: Int = 1, opset: Int = 21,
        limits: InterpreterLimits = .default
    ) -> Result<[NDArray], InterpreterError> {
        let names = inputs.enumerated().map { $0.element == nil ? "" : "i\($0.offset)" }
        let outNames = (0..<outputs).map { "o\($0)" }
        let node = Node(op: op, inputs: names, outputs: outNames, attributes: attributes)
        let graph = Graph(
            name: "g", inputs: names.filter { !$0.isEmpty }.map { Value(name: $0) },
            outputs: outNames.map { Value(name: $0) }, nodes: [node])
        let model = Model(graph: graph, opsetImports: ["": opset])
        var given: [String: NDArray] = [:]
        for (i, x) in inputs.enumerated() { if let x { given["i\(i)"] = x } }
        do {
            return .success(try Interpreter(model: model, limits: limits).run(tensors: given).map(\.value))
        } catch {
            return .failure(error)
        }
    }

    static func code(_ result: Result<[NDArray], InterpreterError>) -> InterpreterError.Code? {
        if case .failure(let e) = result { return e.code }
        return nil
    }

    static func attr(_ name: String, _ value: Int64) -> Attribute { Attribute(name: name, value: .int(value)) }
    static func attr(_ name: String, _ value: [Int64]) -> Attribute { Attribute(name: name, value: .ints(value)) }

    @Test func integerDivisionAndModByZeroAreErrors() {
        let a = NDArray([Int32(7), -7], shape: [2]), zero = NDArray([Int32(0), 1], shape: [2])
        #expect(Self.code(Self.run("Div", [a, zero])) == .invalidInput)
        #expect(Self.code(Self.run("Mod", [a, zero])) == .invalidInput)
        #expect(Self.code(Self.run("Mod", [a, zero], attributes: [Self.attr("fmod", 1)])) == .invalidInput)
    }

    @Test func integerOverflowWrapsInsteadOfTrapping() throws {
        let a = NDArray([Int64.min, Int64.min, 5], shape: [3]), b = NDArray([Int64(-1), -1, -2], shape: [3])
        let q = try Self.run("Div", [a, b]).get()[0]
        #expect(q.int64s() == [Int64.min, Int64.min, -2])  // -2^63 / -1 wraps; 5 / -2 truncates
        let r = try Self.run("Mod", [a, b]).get()[0]
        #expect(r.int64s() == [0, 0, -1])  // numpy: 5 mod -2 = -1
        let abs = try Self.run("Abs", [NDArray([Int64.min, -3], shape: [2])]).get()[0]
        #expect(abs.int64s() == [Int64.min, 3])
        let p = try Self.run("Pow", [NDArray([Int64(3), 2, 2], shape: [3]), NDArray([Int64(200), 62, -1], shape: [3])]).get()[0]
        #expect(p.int64s()?[1] == 1 << 62)
        #expect(p.int64s()?[2] == 0)
    }

    @Test func reductionAxesAreValidated() {
        let x = NDArray([Float](repeating: 1, count: 6), shape: [2, 3])
        #expect(Self.code(Self.run("ReduceSum", [x, NDArray([Int64(2)], shape: [1])], opset: 13)) == .invalidAttribute)
        #expect(Self.code(Self.run("ReduceSum", [x, NDArray([Int64(-3)], shape: [1])], opset: 13)) == .invalidAttribute)
        #expect(Self.code(Self.run("ReduceSum", [x, NDArray([Int64(1), -1], shape: [2])], opset: 13)) == .invalidAttribute)
        #expect(Self.code(Self.run("ReduceMax", [x], attributes: [Self.attr("axes", [Int64.max])], opset: 13)) == .invalidAttribute)
        #expect(Self.code(Self.run("ReduceMean", [x, NDArray([Float(0)], shape: [1])], opset: 18)) == .invalidInput)
        #expect(Self.code(Self.run("ArgMax", [x], attributes: [Self.attr("axis", 5)])) == .invalidAttribute)
        #expect(Self.code(Self.run("ArgMin", [NDArray([Float](), shape: [0])])) == .invalidInput)
    }

    @Test func reductionsOfEmptySetsFollowTheSpec() throws {
        let x = NDArray([Float](), shape: [2, 0])
        let axes = NDArray([Int64(1)], shape: [1])
        #expect(try Self.run("ReduceSum", [x, axes], opset: 18).get()[0].doubles() == [0, 0])
        #expect(try Self.run("ReduceProd", [x, axes], opset: 18).get()[0].doubles() == [1, 1])
        #expect(try Self.run("ReduceMax", [x, axes], opset: 18).get()[0].doubles() == [-.infinity, -.infinity])
        let keep = try Self.run("ReduceMin", [x, axes], attributes: [Self.attr("keepdims", 0)], opset: 18).get()[0]
        #expect(keep.shape == [2])
    }

    @Test func broadcastMismatchAndTypeMismatchAreRefused() {
        let a = NDArray([Float](repeating: 0, count: 6), shape: [2, 3])
        let b = NDArray([Float](repeating: 0, count: 4), shape: [4])
        for op in ["Sub", "Mul", "Div", "Pow", "Equal", "Less", "PRelu"] {
            #expect(Self.code(Self.run(op, [a, b])) == .invalidInput, "\(op)")
        }
        #expect(Self.code(Self.run("Max", [a, b, a])) == .invalidInput)
        #expect(Self.code(Self.run("Sub", [a, NDArray([Int64(1)], shape: [1])])) == .invalidInput)
        #expect(Self.code(Self.run("Where", [NDArray([true], shape: [1]), a, NDArray([Int64(1)], shape: [1])])) == .invalidInput)
        #expect(Self.code(Self.run("Where", [a, a, a])) == .invalidInput)
    }

    @Test func broadcastBeyondTheElementLimitIsRefused() {
        let limits = InterpreterLimits(maxElements: 1000)
        let a = NDArray([Float](repeating: 0, count: 100), shape: [100, 1])
        let b = NDArray([Float](repeating: 0, count: 100), shape: [1, 100])
        #expect(Self.code(Self.run("Mul", [a, b], limits: limits)) == .limitExceeded)
        #expect(Self.code(Self.run("Sum", [a, b], limits: limits)) == .limitExceeded)
        #expect(Self.code(Self.run("Where", [NDArray([true], shape: [1]), a, b], limits: limits)) == .limitExceeded)
    }

    @Test func badAttributesAndTypesAreRefused() {
        let x = NDArray([Float(1), -1], shape: [2])
        #expect(Self.code(Self.run("Cast", [x], attributes: [Self.attr("to", 12345)])) == .invalidAttribute)
        #expect(Self.code(Self.run("Cast", [x])) == .invalidAttribute)
        #expect(Self.code(Self.run("Mod", [x, x], attributes: [Self.attr("fmod", 7)])) == .invalidAttribute)
        #expect(Self.code(Self.run("Gelu", [x], attributes: [Attribute(name: "approximate", value: .string(Array("fast".utf8)))])) == .invalidAttribute)
        #expect(Self.code(Self.run("BitShift", [x, x], attributes: [Attribute(name: "direction", value: .string(Array("LEFT".utf8)))])) == .unsupported)
        let u = NDArray(dtype: .uint8, shape: [1], storage: .uint8([1]))
        #expect(Self.code(Self.run("BitShift", [u, u], attributes: [Attribute(name: "direction", value: .string(Array("UP".utf8)))])) == .invalidAttribute)
        #expect(Self.code(Self.run("Not", [x])) == .invalidInput)
        #expect(Self.code(Self.run("Sqrt", [NDArray(dtype: .string, shape: [1], storage: .string([[65]]))])) == .unsupported)
        let strings = NDArray(dtype: .string, shape: [2], storage: .string([Array("1.5".utf8), Array("x".utf8)]))
        #expect(Self.code(Self.run("Cast", [strings], attributes: [Self.attr("to", 1)])) == .invalidInput)
    }

    @Test func quantizationShapesAreValidated() {
        let x = NDArray([Float](repeating: 1, count: 6), shape: [2, 3])
        let scale = NDArray([Float(1), 1], shape: [2])
        #expect(Self.code(Self.run("QuantizeLinear", [x, scale], attributes: [Self.attr("axis", 1)])) == .invalidInput)
        #expect(Self.code(Self.run("QuantizeLinear", [x, scale], attributes: [Self.attr("axis", 9)])) == .invalidAttribute)
        #expect(Self.code(Self.run("QuantizeLinear", [x, NDArray([Float](repeating: 1, count: 4), shape: [2, 2])],
            attributes: [Self.attr("axis", 1), Self.attr("block_size", 1)])) == .invalidInput)
        #expect(Self.code(Self.run("QuantizeLinear", [x, NDArray([Float](repeating: 1, count: 2), shape: [2, 1])],
            attributes: [Self.attr("axis", 1), Self.attr("block_size", Int64.max)])) == nil)
        #expect(Self.code(Self.run("QuantizeLinear", [x, NDArray([Float](repeating: 1, count: 2), shape: [2, 1])],
            attributes: [Self.attr("axis", 1), Self.attr("block_size", -1)])) == .invalidAttribute)
        #expect(Self.code(Self.run("DequantizeLinear", [NDArray(dtype: .uint8, shape: [2], storage: .uint8([1, 2])),
            NDArray([Float(1)], shape: []), NDArray(dtype: .int8, shape: [], storage: .int8([0]))])) == .invalidInput)
    }

    @Test func valuesAgainstHandDerivedResults() throws {
        // Round half to even; Mod with fmod=0 takes the divisor's sign; Clip of NaN keeps NaN.
        let r = try Self.run("Round", [NDArray([Float(0.5), 1.5, 2.5, -0.5, -1.5], shape: [5])]).get()[0]
        #expect(r.doubles() == [0, 2, 2, -0, -2])
        let m = try Self.run("Mod", [NDArray([Int32(-4), 4, -4, 4], shape: [4]), NDArray([Int32(3), -3, -3, 3], shape: [4])]).get()[0]
        #expect(m.int64s() == [2, -2, -1, 1])
        let c = try Self.run("Clip", [NDArray([Float.nan, 5, -5], shape: [3]), NDArray([Float(-1)], shape: []),
                                       NDArray([Float(1)], shape: [])], opset: 13).get()[0]
        #expect(c.doubles()?[0].isNaN == true)
        #expect(Array(c.doubles()!.dropFirst()) == [1, -1])
        let s = try Self.run("Cast", [NDArray([Float(0.1), 1e-5, 1e20, 123456, -2.5, 27100994], shape: [6])],
                             attributes: [Self.attr("to", 8)]).get()[0]
        #expect(s.strings == [Array("0.1".utf8), Array("1e-05".utf8), Array("1e+20".utf8), Array("123456.0".utf8), Array("-2.5".utf8), Array("2.7100994e+07".utf8)])
        // numpy prints float16 positionally only below 1e3, with the fewest round-tripping digits.
        let h = try Self.run("Cast", [NDArray(dtype: .float16, shape: [3], storage: .float16([53024, 999, 0.000123]))],
                             attributes: [Self.attr("to", 8)]).get()[0]
        #expect(h.strings == [Array("5.302e+04".utf8), Array("999.0".utf8), Array("0.000123".utf8)])
        let u = try Self.run("Max", [NDArray(dtype: .uint64, shape: [1], storage: .uint64([UInt64.max])),
                                     NDArray(dtype: .uint64, shape: [1], storage: .uint64([1]))]).get()[0]
        #expect(u.storage == .uint64([UInt64.max]))
        let big = try Self.run("Cast", [NDArray([Double(1.5e19), 3.9], shape: [2])], attributes: [Self.attr("to", 13)]).get()[0]
        #expect(big.storage == .uint64([15_000_000_000_000_000_000, 3]))
    }

    @Test func powMixesBaseAndExponentTypes() throws {
        let base = NDArray([Float(1), 2, 3], shape: [3])
        let p = try Self.run("Pow", [base, NDArray(dtype: .uint64, shape: [3], storage: .uint64([4, 5, 6]))]).get()[0]
        #expect(p.doubles() == [1, 32, 729])
        let q = try Self.run("Pow", [NDArray([Int32(2), 3, -2], shape: [3]), NDArray([Float(0.5), 2, 3], shape: [3])]).get()[0]
        #expect(q.int64s() == [1, 9, -8])
    }

    @Test func signalOpsRefuseHostileSizes() {
        let limits = InterpreterLimits(maxElements: 1 << 20)
        #expect(Self.code(Self.run("HannWindow", [NDArray.scalar(Int64.max)], opset: 17, limits: limits)) == .limitExceeded)
        #expect(Self.code(Self.run("HannWindow", [NDArray.scalar(-4)], opset: 17)) == .invalidInput)
        let x = NDArray([Float](repeating: 1, count: 8), shape: [1, 4, 2])
        #expect(Self.code(Self.run("DFT", [x, NDArray.scalar(1 << 40)], opset: 20, limits: limits)) == .limitExceeded)
        #expect(Self.code(Self.run("DFT", [x, NDArray.scalar(0)], opset: 20)) == .invalidInput)
        #expect(Self.code(Self.run("DFT", [x, nil, NDArray.scalar(2)], opset: 20)) == .invalidAttribute)
        #expect(Self.code(Self.run("DFT", [x, nil, NDArray.scalar(7)], opset: 20)) == .invalidAttribute)
        let signal = NDArray([Float](repeating: 1, count: 16), shape: [1, 16, 1])
        #expect(Self.code(Self.run("STFT", [signal, NDArray.scalar(0)], opset: 17)) == .invalidInput)
        #expect(Self.code(Self.run("STFT", [signal, NDArray.scalar(4), NDArray([Float](repeating: 1, count: 32), shape: [32])],
            opset: 17)) == .invalidInput)
        #expect(Self.code(Self.run("STFT", [signal, NDArray.scalar(4), nil, NDArray.scalar(8)],
            attributes: [], opset: 17)) == nil)
        let mel: [NDArray?] = [NDArray.scalar(1 << 40), NDArray.scalar(1 << 40), NDArray.scalar(8000),
                               NDArray([Float(0)], shape: []), NDArray([Float(4000)], shape: [])]
        #expect(Self.code(Self.run("MelWeightMatrix", mel, opset: 17)) == .invalidInput)
        let melBig: [NDArray?] = [NDArray.scalar(1000), NDArray.scalar(100_000), NDArray.scalar(8000),
                                  NDArray([Float(0)], shape: []), NDArray([Float(4000)], shape: [])]
        #expect(Self.code(Self.run("MelWeightMatrix", melBig, opset: 17, limits: limits)) == .limitExceeded)
    }

    @Test func dftMatchesHandComputedTransform() throws {
        // x = [1, 2, 3, 4] (real): X = [10, -2+2i, -2, -2-2i]; one-sided keeps the first 3.
        let x = NDArray([Float(1), 2, 3, 4], shape: [1, 4, 1])
        let full = try Self.run("DFT", [x], opset: 20).get()[0]
        #expect(full.shape == [1, 4, 2])
        let v = full.doubles()!
        let expected: [Double] = [10, 0, -2, 2, -2, 0, -2, -2]
        #expect(zip(v, expected).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
        let half = try Self.run("DFT", [x], attributes: [Self.attr("onesided", 1)], opset: 20).get()[0]
        #expect(half.shape == [1, 3, 2])
        // Inverse of the one-sided spectrum gives the signal back.
        let back = try Self.run("DFT", [half, NDArray.scalar(4)], attributes: [Self.attr("inverse", 1), Self.attr("onesided", 1)],
                                opset: 20).get()[0]
        #expect(back.shape == [1, 4, 1])
        #expect(zip(back.doubles()!, [1.0, 2, 3, 4]).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
    }

    @Test func quantizePrecisionAndOutputTypeAttributes() throws {
        let x = NDArray([Float(2.5004)], shape: [1]), scale = NDArray([Float(1)], shape: [])
        // float32 division keeps 2.5004, which rounds to 3; in float16 it becomes 2.5, which rounds to even 2.
        #expect(try Self.run("QuantizeLinear", [x, scale], opset: 25).get()[0].int64s() == [3])
        #expect(try Self.run("QuantizeLinear", [x, scale], attributes: [Self.attr("precision", 10)], opset: 25).get()[0].int64s() == [2])
        #expect(Self.code(Self.run("QuantizeLinear", [x, scale], attributes: [Self.attr("precision", 6)], opset: 25)) == .invalidAttribute)
        let zero = NDArray(dtype: .int8, shape: [], storage: .int8([0]))
        #expect(Self.code(Self.run("QuantizeLinear", [x, scale, zero], attributes: [Self.attr("output_dtype", 2)])) == .invalidAttribute)
        let typed = try Self.run("QuantizeLinear", [x, scale], attributes: [Self.attr("output_dtype", 3)]).get()[0]
        #expect(typed.dtype == .int8)
    }

    @Test func castToE8M0FollowsRoundModes() throws {
        let x = NDArray([Float(3), 2.9, .infinity, 0, 1.1], shape: [5])
        func cast(_ mode: String) throws -> [UInt8] {
            let out = try Self.run("Cast", [x], attributes: [Self.attr("to", 24), Attribute(name: "round_mode", value: .string(Array(mode.utf8)))],
                                   opset: 24).get()[0]
            guard case .bytes8(let bytes) = out.storage else { return [] }
            return bytes
        }
        // Codes are biased exponents: 128 = 2, 127 = 1, 0xFF = NaN, 0 = 2^-127.
        #expect(try cast("up") == [129, 129, 0xFF, 0, 128])
        #expect(try cast("down") == [128, 128, 0xFF, 0, 127])
        #expect(try cast("nearest") == [129, 128, 0xFF, 0, 127])
        #expect(Self.code(Self.run("Cast", [x], attributes: [Self.attr("to", 24), Attribute(name: "round_mode", value: .string(Array("odd".utf8)))],
                                   opset: 24)) == .invalidAttribute)
    }
}
