import GraphIR
import Testing
@testable import Verify

/// Hostile inputs for the convolution, pooling and normalisation kernels (each must be refused
/// with the right error code, never trap), and two mathematical identities as oracles:
/// a 1×1 identity kernel reproduces its input, and ConvTranspose is the adjoint of Conv
/// (⟨conv(x), y⟩ = ⟨x, convT(y)⟩ with the same weights and geometry).
@Suite struct ConvKernelTests {
    /// Runs one `op` node over `inputs` (nil for an omitted input) and returns its outputs.
    static func run(
        _ op: String, _ inputs: [NDArray?], _ attributes: [String: AttributeValue] = [:], outputs: Int = 1,
        opset: Int = 22, backend: Backend = .reference, limits: InterpreterLimits = .default
    ) throws(InterpreterError) -> [NDArray] {
        var names: [String] = []
        var values: [Value] = []
        var feed: [String: NDArray] = [:]
        for (i, input) in inputs.enumerated() {
            guard let input else { names.append(""); continue }
            names.append("i\(i)")
            values.append(Value(name: "i\(i)"))
            feed["i\(i)"] = input
        }
        let outs = (0..<outputs).map { "o\($0)" }
        let node = Node(
            op: op, inputs: names, outputs: outs,
            attributes: attributes.sorted { $0.key < $1.key }.map { Attribute(name: $0.key, value: $0.value) })
        let graph = Graph(name: "g", inputs: values, outputs: outs.map { Value(name: $0) }, nodes: [node])
        let model = Model(graph: graph, opsetImports: ["": opset])
        return try Interpreter(model: model, backend: backend, limits: limits).run(tensors: feed).map(\.value)
    }

    static func code(
        _ op: String, _ inputs: [NDArray?], _ attributes: [String: AttributeValue] = [:], outputs: Int = 1,
        opset: Int = 22, limits: InterpreterLimits = .default
    ) -> InterpreterError.Code? {
        for backend in Backend.cpuBackends {
            do {
                _ = try run(op, inputs, attributes, outputs: outputs, opset: opset, backend: backend, limits: limits)
            } catch {
                return error.code
            }
        }
        return nil
    }

    static func random(_ shape: [Int], seed: inout UInt64) -> NDArray {
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            values[i] = Float(Int(seed >> 40) % 2001 - 1000) / 1000
        }
        return NDArray(values, shape: shape)
    }

    let x = NDArray([Float](repeating: 1, count: 2 * 4 * 5 * 5), shape: [2, 4, 5, 5])
    let w = NDArray([Float](repeating: 1, count: 6 * 2 * 3 * 3), shape: [6, 2, 3, 3])

    @Test func convRefusesBadGeometry() {
        #expect(Self.code("Conv", [x, w], ["group": .int(3)]) == .invalidAttribute)
        #expect(Self.code("Conv", [x, w]) == .invalidInput)  // W has 2 input channels, X 4, group 1
        #expect(Self.code("Conv", [x, w.reshaped([6, 2, 9])], ["group": .int(2)]) == .invalidInput)
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "strides": .ints([0, 1])]) == .invalidAttribute)
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "strides": .ints([1])]) == .invalidAttribute)
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "pads": .ints([-1, 0, 0, 0])]) == .invalidAttribute)
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "dilations": .ints([Int64(1) << 40, 1])]) == .invalidAttribute)
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "dilations": .ints([3, 1])]) == .invalidInput)
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "auto_pad": .string(Array("SAME".utf8))]) == .invalidAttribute)
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "kernel_shape": .ints([2, 2])]) == .invalidInput)
        let b = NDArray([Float](repeating: 0, count: 5), shape: [5])
        #expect(Self.code("Conv", [x, w, b], ["group": .int(2)]) == .invalidInput)
        let xi = NDArray([Int64](repeating: 1, count: 100), shape: [1, 4, 5, 5])
        let wi = NDArray([Int64](repeating: 1, count: 36), shape: [2, 2, 3, 3])
        #expect(Self.code("Conv", [xi, wi], ["group": .int(2)]) == .unsupported)
        #expect(Self.code("Conv", [NDArray([Float](repeating: 1, count: 4), shape: [4]), w]) == .invalidInput)
    }

    @Test func outputsOverTheElementLimitAreRefused() {
        let small = InterpreterLimits(maxElements: 1000)
        let huge: Int64 = (1 << 31) - 1
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "pads": .ints([huge, huge, huge, huge])]) == .invalidInput)  // count overflows
        #expect(Self.code("Conv", [x, w], ["group": .int(2), "pads": .ints([1 << 20, 1 << 20, 1 << 20, 1 << 20])]) == .limitExceeded)
        #expect(Self.code("MaxPool", [x], ["kernel_shape": .ints([1, 1]), "pads": .ints([40, 40, 40, 40])], limits: small) == .limitExceeded)
        let wt = NDArray([Float](repeating: 1, count: 4 * 3 * 9), shape: [4, 3, 3, 3])
        #expect(Self.code("ConvTranspose", [x, wt], ["output_shape": .ints([1 << 30, 1 << 30])]) == .limitExceeded)
        #expect(Self.code("ConvTranspose", [x, wt], ["strides": .ints([huge, huge])]) == .invalidInput)  // count overflows
        #expect(Self.code("ConvTranspose", [x, wt], ["strides": .ints([1 << 16, 1 << 16])]) == .limitExceeded)
        let rois = NDArray([Float](repeating: 0, count: 4), shape: [1, 4])
        let batch = NDArray([Int64](repeating: 0, count: 1), shape: [1])
        #expect(Self.code("RoiAlign", [x, rois, batch], ["output_height": .int(1 << 20), "output_width": .int(1 << 20)]) == .limitExceeded)
    }

    /// An empty batch with enormous spatial axes holds no elements, but its spatial products
    /// would overflow: refused before any arithmetic on them.
    @Test func emptyTensorsWithHugeAxesAreRefused() {
        let empty = NDArray([Float](), shape: [0, 1, 1 << 20, 1 << 20])
        let overflowing = NDArray([Float](), shape: [0, 1, 1 << 40, 1 << 40])
        let w1 = NDArray([Float](repeating: 1, count: 1), shape: [1, 1, 1, 1])
        let c1 = NDArray([Float](repeating: 1, count: 1), shape: [1])
        #expect(Self.code("Conv", [empty, w1]) == .limitExceeded)
        #expect(Self.code("Conv", [overflowing, w1]) == .invalidInput)  // the count itself overflows
        #expect(Self.code("ConvTranspose", [empty, w1]) == .limitExceeded)
        #expect(Self.code("MaxPool", [empty], ["kernel_shape": .ints([1, 1])]) == .limitExceeded)
        #expect(Self.code("GlobalAveragePool", [empty]) == .limitExceeded)
        #expect(Self.code("BatchNormalization", [empty, c1, c1, c1, c1]) == .limitExceeded)
        #expect(Self.code("LayerNormalization", [empty, c1]) == .limitExceeded)
        #expect(Self.code("LpNormalization", [empty]) == .limitExceeded)
        #expect(Self.code("LRN", [empty], ["size": .int(1)]) == .limitExceeded)
        let sequence = NDArray([Float](), shape: [0, 1, 1 << 62])
        #expect(Self.code("CausalConvWithState", [sequence, NDArray([Float](repeating: 1, count: 2), shape: [1, 1, 2])], outputs: 2, opset: 27) == .limitExceeded)
        let weights = NDArray([Float](), shape: [1, 0, 1 << 40, 1])
        #expect(Self.code("ConvTranspose", [NDArray([Float](repeating: 1, count: 4), shape: [1, 1, 2, 2]), weights], ["dilations": .ints([1 << 31, 1])]) == .limitExceeded)
        // An empty spatial axis beside a long one: an empty result, without per-axis tables of
        // 2^20 × 2^10 taps.
        let flat = NDArray([Float](), shape: [1, 1, 0, 1 << 20])
        let same: [String: AttributeValue] = [
            "kernel_shape": .ints([1, 1 << 10]), "auto_pad": .string(Array("SAME_UPPER".utf8)), "count_include_pad": .int(1),
        ]
        for backend in Backend.cpuBackends {
            let pooled = try? Self.run("AveragePool", [flat], same, backend: backend)
            #expect(pooled?.first?.shape == [1, 1, 0, 1 << 20])
        }
        do {
            _ = try Self.run("Softmax", [empty], backend: .fast)
            Issue.record("Softmax of an empty tensor with huge axes ran")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test func poolsRefuseBadAttributes() {
        #expect(Self.code("MaxPool", [x]) == .invalidAttribute)  // kernel_shape is required
        #expect(Self.code("MaxPool", [x], ["kernel_shape": .ints([0, 2])]) == .invalidAttribute)
        #expect(Self.code("MaxPool", [x], ["kernel_shape": .ints([9, 9])]) == .invalidInput)
        #expect(Self.code("MaxPool", [x], ["kernel_shape": .ints([2, 2]), "storage_order": .int(7)], outputs: 2) == .invalidAttribute)
        #expect(Self.code("AveragePool", [x], ["kernel_shape": .ints([2, 2, 2])]) == .invalidAttribute)
        #expect(Self.code("LpPool", [x], ["kernel_shape": .ints([2, 2]), "p": .int(0)]) == .invalidAttribute)
        #expect(Self.code("GlobalAveragePool", [NDArray([Float](), shape: [1, 1, 0])]) == .invalidInput)
        #expect(Self.code("GlobalMaxPool", [NDArray([Float](repeating: 0, count: 3), shape: [3])]) == .invalidInput)
    }

    @Test func maxUnpoolChecksIndices() {
        let values = NDArray([Float](repeating: 1, count: 4), shape: [1, 1, 2, 2])
        let attributes: [String: AttributeValue] = ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])]
        #expect(Self.code("MaxUnpool", [values, NDArray([0, 1, 2, 16] as [Int64], shape: [1, 1, 2, 2])], attributes) == .invalidInput)
        #expect(Self.code("MaxUnpool", [values, NDArray([0, -1, 2, 3] as [Int64], shape: [1, 1, 2, 2])], attributes) == .invalidInput)
        #expect(Self.code("MaxUnpool", [values, NDArray([0, 1, 2] as [Int64], shape: [1, 1, 3])], attributes) == .invalidInput)
        let shape = NDArray([1, 1, 1 << 20, 1 << 20] as [Int64], shape: [4])
        #expect(Self.code("MaxUnpool", [values, NDArray([0, 1, 2, 3] as [Int64], shape: [1, 1, 2, 2]), shape], attributes) == .limitExceeded)
    }

    @Test func roiOpsCheckRegions() {
        let rois = NDArray([0, 0, 2, 2] as [Float], shape: [1, 4])
        #expect(Self.code("RoiAlign", [x, rois, NDArray([5] as [Int64], shape: [1])]) == .invalidInput)
        #expect(Self.code("RoiAlign", [x, rois, NDArray([-1] as [Int64], shape: [1])]) == .invalidInput)
        #expect(Self.code("RoiAlign", [x, rois, NDArray([0, 0] as [Int64], shape: [2])]) == .invalidInput)
        let nan = NDArray([0, .nan, 2, 2] as [Float], shape: [1, 4])
        #expect(Self.code("RoiAlign", [x, nan, NDArray([0] as [Int64], shape: [1])]) == .invalidInput)
        #expect(Self.code("RoiAlign", [x, rois, NDArray([0] as [Int64], shape: [1])], ["mode": .string(Array("min".utf8))]) == .invalidAttribute)
        let boxes = NDArray([9, 0, 0, 2, 2] as [Float], shape: [1, 5])
        #expect(Self.code("MaxRoiPool", [x, boxes], ["pooled_shape": .ints([2, 2])]) == .invalidInput)
        #expect(Self.code("MaxRoiPool", [x, NDArray([0, .nan, 0, 1e30, 1e30] as [Float], shape: [1, 5])], ["pooled_shape": .ints([2, 2])]) == nil)
        #expect(Self.code("MaxRoiPool", [x, boxes], ["pooled_shape": .ints([0, 2])]) == .invalidAttribute)
    }

    @Test func normalisationsCheckShapes() {
        let c4 = NDArray([Float](repeating: 1, count: 4), shape: [4])
        let c3 = NDArray([Float](repeating: 1, count: 3), shape: [3])
        #expect(Self.code("BatchNormalization", [x, c3, c4, c4, c4]) == .invalidInput)
        #expect(Self.code("InstanceNormalization", [x, c4, c3]) == .invalidInput)
        #expect(Self.code("LayerNormalization", [x, c4], ["axis": .int(4)], outputs: 3) == .invalidAttribute)
        #expect(Self.code("LayerNormalization", [x, c4], ["axis": .int(-1)]) == .invalidInput)  // [4] vs [5]
        #expect(Self.code("LayerNormalization", [x, NDArray([Float](repeating: 1, count: 5), shape: [5])], ["stash_type": .int(7)]) == .invalidAttribute)
        #expect(Self.code("GroupNormalization", [x, c4, c4], ["num_groups": .int(0)]) == .invalidAttribute)
        #expect(Self.code("GroupNormalization", [x, c4, c4], ["num_groups": .int(3)]) == .invalidAttribute)
        #expect(Self.code("GroupNormalization", [x, c3, c3], ["num_groups": .int(2)]) == .invalidInput)
        #expect(Self.code("LpNormalization", [x], ["p": .int(3)]) == .invalidAttribute)
        #expect(Self.code("LpNormalization", [x], ["axis": .int(-5)]) == .invalidAttribute)
        #expect(Self.code("MeanVarianceNormalization", [x], ["axes": .ints([0, 9])]) == .invalidAttribute)
        #expect(Self.code("LRN", [x], ["size": .int(0)]) == .invalidAttribute)
        #expect(Self.code("LRN", [x]) == .invalidAttribute)
    }

    @Test func quantisedConvsCheckTypesAndZeroPoints() {
        let xq = NDArray(dtype: .uint8, shape: [1, 1, 3, 3], storage: .uint8([UInt8](repeating: 200, count: 9)))
        let wq = NDArray(dtype: .uint8, shape: [2, 1, 2, 2], storage: .uint8([UInt8](repeating: 255, count: 8)))
        let badZero = NDArray(dtype: .uint8, shape: [3], storage: .uint8([1, 2, 3]))
        #expect(Self.code("ConvInteger", [xq, wq, nil, badZero]) == .invalidInput)
        #expect(Self.code("ConvInteger", [x, w]) == .unsupported)
        // 4 taps of 200 × 255 fit int32 exactly.
        let out = try? Self.run("ConvInteger", [xq, wq])
        #expect(out?.first?.storage == .int32([Int32](repeating: 4 * 200 * 255, count: 8)))
        let scale = NDArray([Float(1)], shape: [])
        let zero = NDArray(dtype: .uint8, shape: [], storage: .uint8([0]))
        #expect(Self.code("QLinearConv", [xq, scale, zero, wq, NDArray([1, 1, 1] as [Float], shape: [3]), zero, scale, zero]) == .invalidInput)
        // Saturates to 255.
        let q = try? Self.run("QLinearConv", [xq, scale, zero, wq, scale, zero, scale, zero])
        #expect(q?.first?.storage == .uint8([UInt8](repeating: 255, count: 8)))
    }

    @Test func newerOpsCheckShapes() {
        let x3 = NDArray([Float](repeating: 1, count: 9), shape: [1, 1, 3, 3])
        let w2 = NDArray([Float](repeating: 1, count: 4), shape: [1, 1, 2, 2])
        let offsets = NDArray([Float](repeating: 0, count: 32), shape: [1, 8, 2, 2])
        #expect(Self.code("DeformConv", [x3, w2, NDArray([Float](repeating: 0, count: 16), shape: [1, 4, 2, 2])]) == .invalidInput)
        #expect(Self.code("DeformConv", [x3, w2, offsets], ["offset_group": .int(2)]) == .invalidAttribute)
        let far = NDArray([Float](repeating: .infinity, count: 32), shape: [1, 8, 2, 2])
        let sampled = try? Self.run("DeformConv", [x3, w2, far])
        #expect(sampled?.first?.floats == [0, 0, 0, 0])  // every tap moved off the image
        let seq = NDArray([Float](repeating: 1, count: 8), shape: [1, 2, 4])
        #expect(Self.code("CausalConvWithState", [seq, NDArray([Float](repeating: 1, count: 6), shape: [3, 1, 2])], outputs: 2, opset: 27) == .invalidInput)
        let w3 = NDArray([Float](repeating: 1, count: 6), shape: [2, 1, 3])
        #expect(Self.code("CausalConvWithState", [seq, w3, nil, NDArray([Float](repeating: 0, count: 2), shape: [1, 2, 1])], outputs: 2, opset: 27) == .invalidInput)
        #expect(Self.code("CausalConvWithState", [seq, w3], ["activation": .string(Array("relu".utf8))], outputs: 2, opset: 27) == .invalidAttribute)
    }

    @Test func identityKernelReproducesInput() throws {
        var seed: UInt64 = 7
        let input = Self.random([2, 3, 4, 5], seed: &seed)
        var weights = [Float](repeating: 0, count: 9)
        for c in 0..<3 { weights[c * 3 + c] = 1 }
        for backend in Backend.cpuBackends {
            let out = try Self.run("Conv", [input, NDArray(weights, shape: [3, 3, 1, 1])], backend: backend)
            #expect(out[0] == input)
        }
    }

    /// ⟨conv(x), y⟩ = ⟨x, convT(y)⟩ for grouped, strided, dilated, padded 2-D geometry.
    @Test func convTransposeIsTheAdjointOfConv() throws {
        var seed: UInt64 = 11
        let attributes: [String: AttributeValue] = [
            "group": .int(2), "strides": .ints([2, 1]), "dilations": .ints([1, 2]), "pads": .ints([1, 0, 2, 1]),
        ]
        let input = Self.random([1, 4, 7, 6], seed: &seed)
        let weights = Self.random([6, 2, 3, 2], seed: &seed)
        let y = try Self.run("Conv", [input, weights], attributes)[0]
        let probe = Self.random(y.shape, seed: &seed)
        // ConvTranspose's W is [C_in, M/group, ...] for its own input, the Conv's output: the same layout.
        let back = try Self.run(
            "ConvTranspose", [probe, weights],
            attributes.merging(["output_shape": .ints([7, 6])]) { a, _ in a })[0]
        #expect(back.shape == input.shape)
        let lhs = zip(y.floats!, probe.floats!).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let rhs = zip(input.floats!, back.floats!).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(lhs - rhs) <= 1e-4 * max(1, abs(lhs)))
    }
}
