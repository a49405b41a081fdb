import Convert
import Foundation
import Formats
import GraphIR
import Testing
@testable import Verify

/// Hostile inputs to the neural-network kernels: each must be refused with the right error
/// code, never trap and never allocate from an unchecked size.
@Suite struct NNKernelTests {
    static func call(
        _ op: String, _ inputs: [NDArray?], _ attributes: [Attribute] = [], opset: Int = 23,
        limits: InterpreterLimits = .default
    ) -> KernelCall {
        let names = inputs.enumerated().map { $0.element == nil ? "" : "in\($0.offset)" }
        let node = Node(op: op, inputs: names, outputs: ["out0", "out1", "out2", "out3"], attributes: attributes)
        return KernelCall(
            node: node, inputs: inputs.map { $0.map { RuntimeValue.tensor($0) } }, opset: opset, backend: .reference,
            limits: limits, location: (graph: "main", index: 0),
            subgraphRunner: SubgraphRunner { _, _, _ throws(InterpreterError) in [] })
    }

    /// The error code `kernel` throws for the call, or nil when it succeeds.
    static func code(_ kernel: Kernel, _ call: KernelCall) -> InterpreterError.Code? {
        do {
            _ = try kernel(call)
            return nil
        } catch {
            return error.code
        }
    }

    static func floats(_ shape: [Int], _ value: Float = 1) -> NDArray {
        NDArray([Float](repeating: value, count: shape.reduce(1, *)), shape: shape)
    }

    static func string(_ s: String) -> AttributeValue { .string(Array(s.utf8)) }

    @Test func softmaxFamilyRejectsBadAxesAndTypes() {
        let x = Self.floats([2, 3])
        for kernel in [Kernels.softmax, Kernels.logSoftmax, Kernels.hardmax] {
            #expect(Self.code(kernel, Self.call("Softmax", [x], [.named("axis", .int(2))])) == .invalidAttribute)
            #expect(Self.code(kernel, Self.call("Softmax", [x], [.named("axis", .int(-3))])) == .invalidAttribute)
            #expect(Self.code(kernel, Self.call("Softmax", [x], [.named("axis", .int(Int64.min))])) == .invalidAttribute)
            #expect(Self.code(kernel, Self.call("Softmax", [NDArray([Int64(1), 2], shape: [2])])) == .unsupported)
        }
    }

    @Test func softmaxValuesAgreeWithDefinition() throws {
        // softmax([0, ln 3]) = [1/4, 3/4]; the legacy (opset 11) form flattens from axis 1.
        let x = NDArray([0, Float(log(3.0))], shape: [1, 2])
        let out = try Kernels.softmax(Self.call("Softmax", [x], opset: 11))
        guard case .tensor(let y) = out[0], let v = y.doubles() else { Issue.record("no tensor"); return }
        #expect(abs(v[0] - 0.25) < 1e-6 && abs(v[1] - 0.75) < 1e-6)
    }

    @Test func matrixProductsRejectMismatches() {
        #expect(Self.code(Kernels.gemm, Self.call("Gemm", [Self.floats([2, 3]), Self.floats([2, 3])])) == .invalidInput)
        #expect(Self.code(Kernels.gemm, Self.call("Gemm", [Self.floats([2]), Self.floats([2, 3])])) == .invalidInput)
        #expect(
            Self.code(Kernels.gemm, Self.call("Gemm", [Self.floats([2, 3]), Self.floats([3, 4]), Self.floats([3, 4])]))
                == .invalidInput)
        #expect(Self.code(Kernels.matMul, Self.call("MatMul", [Self.floats([2, 3]), Self.floats([4, 5])])) == .invalidInput)
        #expect(Self.code(Kernels.matMul, Self.call("MatMul", [Self.floats([]), Self.floats([3])])) == .invalidInput)
        let u8 = NDArray(dtype: .uint8, shape: [2, 2], storage: .uint8([1, 2, 3, 4]))
        let zeroPoint = NDArray(dtype: .uint8, shape: [3], storage: .uint8([1, 2, 3]))
        #expect(Self.code(Kernels.matMulInteger, Self.call("MatMulInteger", [u8, u8, zeroPoint])) == .invalidInput)
        #expect(Self.code(Kernels.matMulInteger, Self.call("MatMulInteger", [Self.floats([2, 2]), u8])) == .unsupported)
    }

    @Test func qLinearMatMulPerRowScales() throws {
        // a·I with a per-row a_scale [1, 2]: y[i][j] = a[i][j] · scale[i].
        let a = NDArray(dtype: .uint8, shape: [2, 2], storage: .uint8([1, 2, 3, 4]))
        let identity = NDArray(dtype: .uint8, shape: [2, 2], storage: .uint8([1, 0, 0, 1]))
        let zero = NDArray(dtype: .uint8, shape: [], storage: .uint8([0]))
        let one = NDArray([Float(1)], shape: [])
        let rows = NDArray([Float(1), 2], shape: [2])
        let out = try Kernels.qLinearMatMul(Self.call("QLinearMatMul", [a, rows, zero, identity, one, zero, one, zero]))
        guard case .tensor(let y) = out[0] else { Issue.record("no tensor"); return }
        #expect(y.dtype == .uint8 && y.int64s() == [1, 2, 6, 8])
        let wrong = NDArray([Float(1), 2, 3], shape: [3])
        #expect(
            Self.code(Kernels.qLinearMatMul, Self.call("QLinearMatMul", [a, wrong, zero, identity, one, zero, one, zero]))
                == .invalidInput)
    }

    @Test func matMulRefusesOutputsOverTheElementLimit() {
        let limits = InterpreterLimits(maxElements: 100)
        let call = Self.call("MatMul", [Self.floats([20, 1]), Self.floats([1, 20])], limits: limits)
        #expect(Self.code(Kernels.matMul, call) == .limitExceeded)
    }

    @Test func einsumRejectsMalformedEquations() {
        let a = Self.floats([2, 3]), b = Self.floats([3, 4])
        func run(_ equation: String, _ operands: [NDArray], limits: InterpreterLimits = .default) -> InterpreterError.Code? {
            Self.code(
                Kernels.einsum,
                Self.call("Einsum", operands, [.named("equation", Self.string(equation))], limits: limits))
        }
        #expect(run("ij,jk->ik", [a, b]) == nil)
        #expect(run("ij,jk->ik", [a]) == .invalidInput)
        #expect(run("ij,ik->ik", [a, b]) == .invalidInput)  // i is 2 and 3
        #expect(run("ijk,jk->ik", [a, b]) == .invalidInput)  // rank mismatch
        #expect(run("ij,jk->iz", [a, b]) == .invalidAttribute)
        #expect(run("ij,jk->ii", [a, b]) == .invalidAttribute)
        #expect(run("i.j,jk", [a, b]) == .invalidAttribute)
        #expect(run("i1,jk", [a, b]) == .invalidAttribute)
        #expect(run("ij-jk", [a, b]) == .invalidAttribute)
        // The label space (not the output) is what bounds the work.
        let big = Self.floats([1000, 1]), wide = Self.floats([1, 1000])
        #expect(run("ij,kl->", [big, wide], limits: InterpreterLimits(maxElements: 10_000)) == .limitExceeded)
    }

    @Test func einsumTraceAndDiagonal() throws {
        let m = NDArray([1, 2, 3, 4] as [Float], shape: [2, 2])
        let out = try Kernels.einsum(Self.call("Einsum", [m], [.named("equation", Self.string("ii"))]))
        guard case .tensor(let y) = out[0] else { Issue.record("no tensor"); return }
        #expect(y.shape == [] && y.doubles() == [5])
    }

    @Test func einsumIntegersAreExact() throws {
        // (2^40 + 1)(2^22 + 1) = 2^62 + 2^40 + 2^22 + 1, which a Double cannot hold.
        let a = NDArray([Int64(1) << 40 + 1], shape: [1]), b = NDArray([Int64(1) << 22 + 1], shape: [1])
        let out = try Kernels.einsum(Self.call("Einsum", [a, b], [.named("equation", Self.string("i,i->"))]))
        guard case .tensor(let y) = out[0] else { Issue.record("no tensor"); return }
        #expect(y.int64s() == [(Int64(1) << 62) + (Int64(1) << 40) + (Int64(1) << 22) + 1])
    }

    @Test func recurrentOpsRejectBadShapesAndAttributes() {
        let x = Self.floats([2, 1, 3])
        let w = Self.floats([1, 4, 3]), r = Self.floats([1, 4, 4])
        #expect(Self.code(Kernels.rnn, Self.call("RNN", [x, w, r])) == nil)
        #expect(Self.code(Kernels.rnn, Self.call("RNN", [x, w, Self.floats([1, 4, 3])])) == .invalidInput)
        #expect(Self.code(Kernels.rnn, Self.call("RNN", [x, w, r], [.named("hidden_size", .int(5))])) == .invalidInput)
        #expect(
            Self.code(Kernels.rnn, Self.call("RNN", [x, w, r], [.named("direction", Self.string("sideways"))]))
                == .invalidAttribute)
        #expect(
            Self.code(Kernels.rnn, Self.call("RNN", [x, w, r], [.named("activations", .strings([Array("Nope".utf8)]))]))
                == .unsupported)
        // Sequence lengths beyond the sequence, or negative, are refused, not read past.
        let lengths = NDArray([Int32(3)], shape: [1])
        #expect(Self.code(Kernels.rnn, Self.call("RNN", [x, w, r, nil, lengths])) == .invalidInput)
        let negative = NDArray([Int32(-1)], shape: [1])
        #expect(Self.code(Kernels.rnn, Self.call("RNN", [x, w, r, nil, negative])) == .invalidInput)
        // GRU needs 3 gate blocks, LSTM 4; a W whose rows are not a multiple is refused.
        #expect(Self.code(Kernels.gru, Self.call("GRU", [x, Self.floats([1, 4, 3]), r])) == .invalidInput)
        #expect(Self.code(Kernels.lstm, Self.call("LSTM", [x, Self.floats([1, 6, 3]), r])) == .invalidInput)
        #expect(Self.code(Kernels.lstm, Self.call("LSTM", [x, Self.floats([1, 16, 3]), Self.floats([1, 16, 4]), nil, nil, nil, nil, Self.floats([1, 5])])) == .invalidInput)
        #expect(Self.code(Kernels.lstm, Self.call("LSTM", [x, Self.floats([1, 16, 3]), Self.floats([1, 16, 4])], [.named("layout", .int(2))], opset: 14)) == .invalidAttribute)
    }

    @Test func lossesRejectOutOfRangeTargets() {
        let x = Self.floats([2, 3])
        let bad = NDArray([Int64(0), 3], shape: [2])
        #expect(Self.code(Kernels.negativeLogLikelihoodLoss, Self.call("NegativeLogLikelihoodLoss", [x, bad])) == .invalidInput)
        let negative = NDArray([Int64(-1), 0], shape: [2])
        #expect(Self.code(Kernels.softmaxCrossEntropyLoss, Self.call("SoftmaxCrossEntropyLoss", [x, negative])) == .invalidInput)
        // The same target is fine when it is the ignore_index.
        #expect(
            Self.code(
                Kernels.softmaxCrossEntropyLoss,
                Self.call("SoftmaxCrossEntropyLoss", [x, negative], [.named("ignore_index", .int(-1))])) == nil)
        let wrongShape = NDArray([Int64(0)], shape: [1])
        #expect(Self.code(Kernels.negativeLogLikelihoodLoss, Self.call("NegativeLogLikelihoodLoss", [x, wrongShape])) == .invalidInput)
        let target = NDArray([Int64(0), 1], shape: [2])
        #expect(
            Self.code(
                Kernels.negativeLogLikelihoodLoss,
                Self.call("NegativeLogLikelihoodLoss", [x, target], [.named("reduction", Self.string("max"))]))
                == .invalidAttribute)
        #expect(Self.code(Kernels.negativeLogLikelihoodLoss, Self.call("NegativeLogLikelihoodLoss", [x, target, Self.floats([2])])) == .invalidInput)
    }

    @Test func samplingOpsRejectHostileSizes() {
        let theta = Self.floats([1, 2, 3])
        let huge = NDArray([Int64(1), 1, 1 << 20, 1 << 20], shape: [4])
        #expect(Self.code(Kernels.affineGrid, Self.call("AffineGrid", [theta, huge])) == .limitExceeded)
        let overflowing = NDArray([Int64(1), 1, 1 << 40, 1 << 40], shape: [4])
        #expect(Self.code(Kernels.affineGrid, Self.call("AffineGrid", [theta, overflowing])) == .invalidInput)
        let negative = NDArray([Int64(1), 1, -4, 4], shape: [4])
        #expect(Self.code(Kernels.affineGrid, Self.call("AffineGrid", [theta, negative])) == .invalidInput)
        let x = Self.floats([1, 1, 2, 2])
        #expect(Self.code(Kernels.gridSample, Self.call("GridSample", [x, Self.floats([1, 2, 2, 3])])) == .invalidInput)
        #expect(
            Self.code(Kernels.gridSample, Self.call("GridSample", [x, Self.floats([1, 2, 2, 2])], [.named("mode", Self.string("magic"))]))
                == .invalidAttribute)
        // NaN and huge grid coordinates are sampled without trapping.
        let grid = NDArray([.nan, 0, 1e30, -1e30, .infinity, 0, 0.5, 0.5] as [Float], shape: [1, 2, 2, 2])
        for padding in ["zeros", "border", "reflection"] {
            for mode in ["nearest", "bilinear", "bicubic"] {
                let call = Self.call(
                    "GridSample", [x, grid],
                    [.named("mode", Self.string(mode)), .named("padding_mode", Self.string(padding))], opset: 16)
                #expect(Self.code(Kernels.gridSample, call) == nil)
            }
        }
    }

    @Test func rotaryAndAttentionRejectBadPositionsAndHeads() {
        let x = Self.floats([1, 2, 3, 4])  // [batch, heads, seq, head]
        let cache = Self.floats([5, 2])
        let outside = NDArray([Int64(0), 1, 7], shape: [1, 3])
        #expect(Self.code(Kernels.rotaryEmbedding, Self.call("RotaryEmbedding", [x, cache, cache, outside])) == .invalidInput)
        let negative = NDArray([Int64(0), -1, 2], shape: [1, 3])
        #expect(Self.code(Kernels.rotaryEmbedding, Self.call("RotaryEmbedding", [x, cache, cache, negative])) == .invalidInput)
        #expect(
            Self.code(Kernels.rotaryEmbedding, Self.call("RotaryEmbedding", [Self.floats([1, 3, 8]), cache, cache, NDArray([Int64(0), 1, 2], shape: [1, 3])]))
                == .invalidAttribute)  // 3-D input without num_heads
        let q = Self.floats([1, 3, 2, 4]), kv = Self.floats([1, 2, 2, 4])
        #expect(Self.code(Kernels.attention, Self.call("Attention", [q, kv, kv])) == .invalidInput)  // 3 heads over 2
        let q3 = Self.floats([1, 2, 8])
        #expect(Self.code(Kernels.attention, Self.call("Attention", [q3, q3, q3])) == .invalidAttribute)
        let ok = Self.floats([1, 2, 2, 4])
        #expect(Self.code(Kernels.attention, Self.call("Attention", [ok, ok, ok])) == nil)
        #expect(Self.code(Kernels.attention, Self.call("Attention", [ok, ok, ok, Self.floats([2, 3])])) == .invalidInput)
        #expect(Self.code(Kernels.attention, Self.call("Attention", [ok, ok, ok, nil, ok])) == .invalidInput)
        #expect(
            Self.code(Kernels.attention, Self.call("Attention", [ok, ok, ok], [.named("qk_matmul_output_mode", .int(9))]))
                == .invalidAttribute)
    }

    @Test func nonMaxSuppressionAndDetHandleEdgeInputs() throws {
        let boxes = NDArray([0, 0, 1, 1, 0, 0, 1, 1] as [Float], shape: [1, 2, 4])
        let scores = NDArray([Float.nan, 0.5], shape: [1, 1, 2])
        let limit = NDArray([Int64.max], shape: [1])
        let out = try Kernels.nonMaxSuppression(Self.call("NonMaxSuppression", [boxes, scores, limit], opset: 11))
        guard case .tensor(let selected) = out[0] else { Issue.record("no tensor"); return }
        // Identical boxes: only the best-scoring one survives (NaN ranks lowest).
        #expect(selected.shape == [1, 3] && selected.int64s() == [0, 0, 1])
        #expect(Self.code(Kernels.nonMaxSuppression, Self.call("NonMaxSuppression", [boxes, Self.floats([1, 1, 3])])) == .invalidInput)
        #expect(Self.code(Kernels.det, Self.call("Det", [Self.floats([2, 3])])) == .invalidInput)
        let m = NDArray([0, 1, 1, 0] as [Float], shape: [2, 2])
        let d = try Kernels.det(Self.call("Det", [m]))
        guard case .tensor(let dv) = d[0] else { Issue.record("no tensor"); return }
        #expect(dv.doubles() == [-1])
    }

    /// Empty axes and zero sizes: every kernel returns or refuses, none traps.
    @Test func degenerateShapesDoNotTrap() {
        let empty = Self.floats([1, 2, 0, 4])
        _ = Self.code(Kernels.attention, Self.call("Attention", [Self.floats([1, 2, 3, 4]), empty, empty]))
        _ = Self.code(Kernels.attention, Self.call("Attention", [Self.floats([1, 2, 3, 4]), empty, empty, NDArray([Bool](), shape: [3, 0])]))
        _ = Self.code(Kernels.softmax, Self.call("Softmax", [Self.floats([2, 0])]))
        _ = Self.code(Kernels.hardmax, Self.call("Hardmax", [Self.floats([0, 3])], opset: 11))
        _ = Self.code(Kernels.det, Self.call("Det", [Self.floats([0, 0])]))
        _ = Self.code(Kernels.det, Self.call("Det", [Self.floats([3, 0, 0])]))
        _ = Self.code(Kernels.gridSample, Self.call("GridSample", [Self.floats([1, 1, 0, 0]), Self.floats([1, 2, 2, 2])]))
        _ = Self.code(Kernels.gridSample, Self.call("GridSample", [Self.floats([1, 1, 1, 1]), Self.floats([1, 2, 2, 2])], [.named("align_corners", .int(1)), .named("padding_mode", Self.string("reflection"))]))
        _ = Self.code(Kernels.rnn, Self.call("RNN", [Self.floats([0, 1, 3]), Self.floats([1, 0, 3]), Self.floats([1, 0, 0])]))
        _ = Self.code(Kernels.negativeLogLikelihoodLoss, Self.call("NegativeLogLikelihoodLoss", [Self.floats([2, 0]), NDArray([Int64(0), 0], shape: [2])]))
        _ = Self.code(Kernels.einsum, Self.call("Einsum", [Self.floats([0, 3]), Self.floats([3, 0])], [.named("equation", Self.string("...ij,jk...->ik"))]))
        _ = Self.code(Kernels.einsum, Self.call("Einsum", [Self.floats([2, 1, 3]), Self.floats([4, 3])], [.named("equation", Self.string("...j,...j->..."))]))
        _ = Self.code(Kernels.nonMaxSuppression, Self.call("NonMaxSuppression", [Self.floats([1, 0, 4]), Self.floats([1, 3, 0])]))
        _ = Self.code(Kernels.rotaryEmbedding, Self.call("RotaryEmbedding", [Self.floats([1, 1, 1, 0]), Self.floats([1, 0]), Self.floats([1, 0])]))
        _ = Self.code(Kernels.linearAttention, Self.call("LinearAttention", [Self.floats([1, 0, 4]), Self.floats([1, 0, 4]), Self.floats([1, 0, 4])], [.named("q_num_heads", .int(2)), .named("kv_num_heads", .int(2)), .named("update_rule", Self.string("linear"))]))
    }

    @Test func randomOpsAndTrainingDropoutAreRefused() {
        #expect(Self.code(Kernels.randomOp, Self.call("RandomUniform", [])) == .unsupported)
        let ratio = NDArray([Float(0.5)], shape: [])
        let training = NDArray([true], shape: [])
        #expect(Self.code(Kernels.dropout, Self.call("Dropout", [Self.floats([2]), ratio, training])) == .unsupported)
        #expect(Self.code(Kernels.dropout, Self.call("Dropout", [Self.floats([2]), ratio])) == nil)
        #expect(Self.code(Kernels.dropout, Self.call("Dropout", [Self.floats([2]), NDArray([Float(1.5)], shape: [])])) == .invalidInput)
    }

    /// FlexAttention lives in the `ai.onnx.preview` domain, which the backends' group tables do
    /// not register yet: run its onnx node tests (when MSHUB_ONNX_NODE_TESTS names them) with
    /// a registry that adds the preview group. Cases whose subgraphs need ops this build lacks
    /// are skipped; every case that runs must match the expected output.
    @Test func flexAttentionMatchesNodeTests() throws {
        guard let root = ProcessInfo.processInfo.environment["MSHUB_ONNX_NODE_TESTS"], !root.isEmpty else { return }
        var registry = KernelRegistry.standard(.reference)
        registry.register(Kernels.nnPreviewGroup, domain: "ai.onnx.preview")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { $0.hasPrefix("test_flexattention") && !$0.contains("expanded") }.sorted()
        var passed = 0
        for name in names {
            let folder = URL(fileURLWithPath: root).appendingPathComponent(name)
            let model = try ONNXImporter.importModel(try ONNXCodec.decode(path: folder.appendingPathComponent("model.onnx").path))
            let data = folder.appendingPathComponent("test_data_set_0")
            var inputs: [String: RuntimeValue] = [:]
            for (j, input) in model.graph.inputs.enumerated() {
                inputs[input.name] = try RuntimeValue.read(path: data.appendingPathComponent("input_\(j).pb").path, type: input.type)
            }
            let expected = try RuntimeValue.read(
                path: data.appendingPathComponent("output_0.pb").path, type: model.graph.outputs[0].type)
            do {
                let out = try Interpreter(model: model, registry: registry).run(inputs)
                let mismatch = NodeTestSuite.mismatch(out[0].value, expected, rtol: 1e-3, atol: 1e-7)
                #expect(mismatch == nil, "\(name): \(mismatch ?? "")")
                passed += 1
            } catch {
                #expect(error.code == .unsupportedOp && error.op != "FlexAttention", "\(name): \(error)")
            }
        }
        print("FlexAttention node tests run: \(passed) of \(names.count)")
    }
}
