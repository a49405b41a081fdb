// Attention (opset 23+): softmax(scale · Q·Kᵀ [softcapped] + bias) · V over heads, with
// 3-D inputs split into heads by q_num_heads/kv_num_heads, grouped-query attention (each
// K/V head serves q_heads/kv_heads consecutive Q heads), a KV cache (past_key/past_value
// are prepended and returned as present_*), and a bias combining attn_mask (bool: false
// masks; float: added; a short last axis is padded as masked), is_causal (bottom-right
// aligned: query i sees key j ≤ i + offset, offset being the cache length or
// nonpad_kv_seqlen[b] − q_len), left/right sliding windows and nonpad_kv_seqlen padding.
// A query row whose bias is entirely −inf attends nothing: its probabilities and output are 0.
// qk_matmul_output is the (softcapped) scores for modes 0 and 1, scores + bias for mode 2,
// and the probabilities for mode 3.

import Foundation
import GraphIR

extension Kernels {
    static let attention: Kernel = { call throws(InterpreterError) in
        let q = try call.tensor(0), k = try call.tensor(1), v = try call.tensor(2)
        let mask = try call.optionalTensor(3)
        let pastK = try call.optionalTensor(4), pastV = try call.optionalTensor(5)
        let nonpad = try call.optionalTensor(6)
        let dtype = q.dtype
        try NN.requireSameType(call, [k, v, pastK, pastV], as: dtype)
        let vq = try NN.floats(call, q, "Q"), vk = try NN.floats(call, k, "K"), vv = try NN.floats(call, v, "V")
        guard q.rank == k.rank, q.rank == v.rank, q.rank == 3 || q.rank == 4 else {
            throw call.error(.invalidInput, "Q, K, V must all be 3-D or 4-D: \(q.shape), \(k.shape), \(v.shape)")
        }
        guard (pastK == nil) == (pastV == nil) else { throw call.error(.invalidInput, "past_key and past_value go together") }
        let batch = q.shape[0]
        guard k.shape[0] == batch, v.shape[0] == batch else { throw call.error(.invalidInput, "batch sizes differ") }
        // Heads, lengths and head sizes; `at` gives the flat index of (b, h, s, d) in the input.
        let hq: Int, hkv: Int, sq: Int, skvNew: Int, dq: Int, dv: Int
        if q.rank == 4 {
            (hq, sq, dq) = (q.shape[1], q.shape[2], q.shape[3])
            (hkv, skvNew) = (k.shape[1], k.shape[2])
            guard k.shape[3] == dq, v.shape[1] == hkv, v.shape[2] == skvNew else {
                throw call.error(.invalidInput, "K \(k.shape) and V \(v.shape) do not fit Q \(q.shape)")
            }
            dv = v.shape[3]
        } else {
            guard let nq = try call.int("q_num_heads"), let nkv = try call.int("kv_num_heads"), nq > 0, nkv > 0,
                q.shape[2] % nq == 0, k.shape[2] % nkv == 0, v.shape[2] % nkv == 0
            else { throw call.error(.invalidAttribute, "3-D inputs need q_num_heads and kv_num_heads dividing the hidden sizes") }
            (hq, hkv, sq, skvNew) = (nq, nkv, q.shape[1], k.shape[1])
            (dq, dv) = (q.shape[2] / nq, v.shape[2] / nkv)
            guard k.shape[2] / nkv == dq, v.shape[1] == skvNew else {
                throw call.error(.invalidInput, "K \(k.shape) and V \(v.shape) do not fit Q \(q.shape)")
            }
        }
        guard hkv > 0, hq % hkv == 0 else { throw call.error(.invalidInput, "\(hq) query heads are not a multiple of \(hkv) KV heads") }
        func at(_ shape: [Int], _ b: Int, _ h: Int, _ s: Int, _ d: Int, heads: Int, size: Int) -> Int {
            shape.count == 4 ? ((b * heads + h) * shape[2] + s) * size + d : ((b * shape[1] + s) * heads + h) * size + d
        }
        // present_key / present_value: [batch, hkv, past + new, d].
        let past = pastK.map { $0.rank == 4 ? $0.shape[2] : 0 } ?? 0
        if let pastK, let pastV {
            guard pastK.rank == 4, pastK.shape == [batch, hkv, past, dq], pastV.shape == [batch, hkv, past, dv] else {
                throw call.error(.invalidInput, "past_key \(pastK.shape) / past_value \(pastV.shape) do not fit")
            }
            guard nonpad == nil else { throw call.error(.invalidInput, "nonpad_kv_seqlen cannot be combined with a past cache") }
        }
        let skv = past + skvNew
        let kShape = [batch, hkv, skv, dq], vShape = [batch, hkv, skv, dv]
        try call.checkedCount(kShape)
        try call.checkedCount(vShape)
        let scoreShape = [batch, hq, sq, skv]
        try call.checkedCount(scoreShape)
        let pk = try pastK.map { t throws(InterpreterError) in try NN.floats(call, t, "past_key") } ?? []
        let pv = try pastV.map { t throws(InterpreterError) in try NN.floats(call, t, "past_value") } ?? []
        var keys = [Double](repeating: 0, count: kShape.reduce(1, *))
        var values = [Double](repeating: 0, count: vShape.reduce(1, *))
        for b in 0..<batch { for h in 0..<hkv { for s in 0..<skv {
            for d in 0..<dq {
                keys[((b * hkv + h) * skv + s) * dq + d] = s < past ? pk[((b * hkv + h) * past + s) * dq + d]
                    : vk[at(k.shape, b, h, s - past, d, heads: hkv, size: dq)]
            }
            for d in 0..<dv {
                values[((b * hkv + h) * skv + s) * dv + d] = s < past ? pv[((b * hkv + h) * past + s) * dv + d]
                    : vv[at(v.shape, b, h, s - past, d, heads: hkv, size: dv)]
            }
        } } }

        // The additive bias, [batch, hq, sq, skv].
        let count = scoreShape.reduce(1, *)
        var bias = [Double](repeating: 0, count: count)
        if let mask {
            guard mask.rank >= 1, mask.rank <= 4, let last = mask.shape.last, last <= skv else {
                throw call.error(.invalidInput, "attn_mask \(mask.shape) does not fit [\(batch), \(hq), \(sq), \(skv)]")
            }
            var padded = mask.shape
            padded[padded.count - 1] = skv
            guard let shape = Broadcast.shape([padded, scoreShape]), shape == scoreShape else {
                throw call.error(.invalidInput, "attn_mask \(mask.shape) does not broadcast to \(scoreShape)")
            }
            let isBool = mask.dtype == .bool
            guard isBool || mask.dtype.isFloatingPoint, let vm = mask.doubles() else {
                throw call.error(.unsupported, "attn_mask of \(mask.dtype) is not supported")
            }
            let index = Broadcast.sourceIndices(from: padded, to: scoreShape)
            for i in 0..<count {
                let flat = index[i]
                let row = flat / skv, col = flat % skv
                if col >= last { bias[i] = -.infinity; continue }
                let m = vm[row * last + col]
                bias[i] = isBool ? (m != 0 ? 0 : -.infinity) : m
            }
        }
        var lengths: [Int]? = nil
        if let nonpad {
            guard nonpad.shape == [batch], nonpad.dtype == .int64 || nonpad.dtype == .int32, let l = nonpad.ints() else {
                throw call.error(.invalidInput, "nonpad_kv_seqlen must be integers of shape [\(batch)]")
            }
            guard l.allSatisfy({ (0...skv).contains($0) }) else {
                throw call.error(.invalidInput, "nonpad_kv_seqlen \(l) must lie in 0...\(skv)")
            }
            lengths = l
        }
        let causal = try call.int("is_causal", default: 0) != 0
        let left = try call.int("left_window_size", default: -1), right = try call.int("right_window_size", default: -1)
        guard left >= -1, right >= -1 else { throw call.error(.invalidAttribute, "window sizes must be -1 or nonnegative") }
        if causal || left >= 0 || right >= 0 || lengths != nil {
            for b in 0..<batch {
                let offset = lengths.map { $0[b] - sq } ?? past
                for h in 0..<hq { for i in 0..<sq { for j in 0..<skv {
                    let diff = i + offset - j
                    var allowed = true
                    if causal && diff < 0 { allowed = false }
                    if left >= 0 && diff > left { allowed = false }
                    if right >= 0 && -diff > right { allowed = false }
                    if let lengths, j >= lengths[b] { allowed = false }
                    if !allowed { bias[((b * hq + h) * sq + i) * skv + j] = -.infinity }
                } } }
            }
        }

        var scale = 1 / sqrt(Double(dq))
        if let s = try call.float("scale") { scale = Double(s) }
        let softcap = Double(try call.float("softcap", default: 0))
        let mode = try call.int("qk_matmul_output_mode", default: 0)
        guard (0...3).contains(mode) else { throw call.error(.invalidAttribute, "qk_matmul_output_mode \(mode) is not 0–3") }
        // For 16-bit inputs every step rounds to the input type, as the spec's function body
        // does: √scale applied to Q and K separately, the products, softcap, bias, softmax
        // (unless softmax_precision widens it), and the probabilities before meeting V.
        let rd = NN.narrowRounding(dtype)
        var softmaxRound = rd
        // bfloat16 sums are sequential with every partial sum rounded (no wider accumulator).
        var roundEachAdd = dtype == .bfloat16
        if let p = try call.int("softmax_precision") {
            // ONNX element type codes: 1 float, 10 float16, 11 double, 16 bfloat16.
            let types: [Int: DType] = [1: .float32, 10: .float16, 11: .float64, 16: .bfloat16]
            guard let t = types[p] else {
                throw call.error(.invalidAttribute, "softmax_precision \(p) is not float, float16, double or bfloat16")
            }
            softmaxRound = NN.narrowRounding(t)
            roundEachAdd = t == .bfloat16
        }
        let root = rd(sqrt(scale))
        let narrow = dtype == .float16 || dtype == .bfloat16
        let group = hq / hkv
        var scores = [Double](repeating: 0, count: count)
        for b in 0..<batch { for h in 0..<hq {
            let kh = h / group
            for i in 0..<sq { for j in 0..<skv {
                var s = 0.0
                let ko = ((b * hkv + kh) * skv + j) * dq
                if narrow {
                    for d in 0..<dq { s += rd(vq[at(q.shape, b, h, i, d, heads: hq, size: dq)] * root) * rd(keys[ko + d] * root) }
                    s = rd(s)
                } else {
                    for d in 0..<dq { s += vq[at(q.shape, b, h, i, d, heads: hq, size: dq)] * keys[ko + d] }
                    s *= scale
                }
                if softcap > 0 { s = rd(rd(tanh(rd(s / softcap))) * softcap) }
                scores[((b * hq + h) * sq + i) * skv + j] = s
            } }
        } }
        var probabilities = scores
        for i in 0..<count { probabilities[i] = rd(probabilities[i] + bias[i]) }
        let withBias = probabilities
        for row in 0..<(count / max(skv, 1)) {
            let base = row * skv
            var allMasked = skv > 0
            for j in 0..<skv where bias[base + j] != -.infinity { allMasked = false; break }
            if allMasked {
                for j in 0..<skv { probabilities[base + j] = 0 }
            } else {
                NN.softmaxRow(&probabilities, base: base, n: skv, round: softmaxRound, roundEachAdd: roundEachAdd)
            }
        }
        // The probabilities meet V in the input precision, as the spec's function body does.
        let rounded = try NN.output(call, probabilities, dtype, scoreShape).doubles() ?? probabilities
        let yShape = q.rank == 4 ? [batch, hq, sq, dv] : [batch, sq, hq * dv]
        try call.checkedCount(yShape)
        var y = [Double](repeating: 0, count: yShape.reduce(1, *))
        for b in 0..<batch { for h in 0..<hq {
            let kh = h / group
            for i in 0..<sq { for d in 0..<dv {
                var s = 0.0
                let po = ((b * hq + h) * sq + i) * skv
                for j in 0..<skv { s += rounded[po + j] * values[((b * hkv + kh) * skv + j) * dv + d] }
                let o = q.rank == 4 ? ((b * hq + h) * sq + i) * dv + d : ((b * sq + i) * hq + h) * dv + d
                y[o] = s
            } }
        } }
        let qkOut: [Double]
        switch mode {
        case 2: qkOut = withBias
        case 3: qkOut = probabilities
        default: qkOut = scores
        }
        return [
            .tensor(try NN.output(call, y, dtype, yShape)), .tensor(try NN.output(call, keys, dtype, kShape)),
            .tensor(try NN.output(call, values, dtype, vShape)), .tensor(try NN.output(call, qkOut, dtype, scoreShape)),
        ]
    }
}
