// FlexAttention (ai.onnx.preview): softmax(mod(scale · Q·Kᵀ)) · V on rank-4 inputs, with
// optional score_mod and prob_mod subgraphs applied to the whole score and probability
// tensors [batch, q_heads, q_len, kv_len]. K/V heads are shared by q_heads/kv_heads
// consecutive query heads. Scores are formed in the input type (√scale applied to Q and K
// separately, as the spec's function body does) and the softmax runs in softmax_precision
// (default float32, or double for double inputs); the result is cast back to V's type.

import Foundation
import GraphIR

extension Kernels {
    static let flexAttention: Kernel = { call throws(InterpreterError) in
        let q = try call.tensor(0), k = try call.tensor(1), v = try call.tensor(2)
        try NN.requireSameType(call, [k, v], as: q.dtype)
        let vq = try NN.floats(call, q, "Q"), vk = try NN.floats(call, k, "K"), vv = try NN.floats(call, v, "V")
        guard q.rank == 4, k.rank == 4, v.rank == 4 else {
            throw call.error(.invalidInput, "Q, K, V must be 4-D: \(q.shape), \(k.shape), \(v.shape)")
        }
        let (batch, hq, lq, e) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let (hkv, s, dv) = (k.shape[1], k.shape[2], v.shape[3])
        guard k.shape[0] == batch, v.shape[0] == batch, k.shape[3] == e, v.shape[1] == hkv, v.shape[2] == s,
            hkv > 0, hq % hkv == 0
        else { throw call.error(.invalidInput, "K \(k.shape) and V \(v.shape) do not fit Q \(q.shape)") }
        var scale = 1 / sqrt(Double(e))
        if let x = try call.float("scale") { scale = Double(x) }
        var computeType: DType = q.dtype == .float64 ? .float64 : .float32
        if let p = try call.int("softmax_precision") {
            let types: [Int: DType] = [1: .float32, 10: .float16, 11: .float64, 16: .bfloat16]
            guard let t = types[p] else { throw call.error(.invalidAttribute, "softmax_precision \(p) is not supported") }
            computeType = t
        }
        let scoreShape = [batch, hq, lq, s]
        let count = try call.checkedCount(scoreShape)
        let outShape = [batch, hq, lq, dv]
        try call.checkedCount(outShape)
        let rd = NN.narrowRounding(q.dtype)
        let root = rd(Double(Float(scale).squareRoot()))
        let group = hq / hkv
        var scores = [Double](repeating: 0, count: count)
        for b in 0..<batch { for h in 0..<hq {
            let kh = h / group
            for i in 0..<lq { for j in 0..<s {
                var acc = 0.0
                let qo = ((b * hq + h) * lq + i) * e, ko = ((b * hkv + kh) * s + j) * e
                for d in 0..<e { acc += rd(vq[qo + d] * root) * rd(vk[ko + d] * root) }
                scores[((b * hq + h) * lq + i) * s + j] = rd(acc)
            } }
        } }
        func applyMod(_ name: String, _ values: [Double]) throws(InterpreterError) -> [Double] {
            guard call.attribute(name) != nil else { return values }
            let graph = try call.graph(name)
            let input = try NN.output(call, values, computeType, scoreShape)
            let outputs = try call.run(graph, inputs: [.tensor(input)], label: name)
            guard outputs.count == 1, case .tensor(let t) = outputs[0], t.count == count, let d = t.doubles() else {
                throw call.error(.invalidInput, "\(name) must produce one tensor of shape \(scoreShape)")
            }
            return try NN.output(call, d, computeType, scoreShape).doubles() ?? d
        }
        var probabilities = try applyMod("score_mod", scores)
        let round = NN.narrowRounding(computeType)
        for row in 0..<(count / max(s, 1)) {
            NN.softmaxRow(&probabilities, base: row * s, n: s, round: round, roundEachAdd: computeType == .bfloat16)
        }
        probabilities = try applyMod("prob_mod", probabilities)
        var out = [Double](repeating: 0, count: outShape.reduce(1, *))
        for b in 0..<batch { for h in 0..<hq {
            let kh = h / group
            for i in 0..<lq { for d in 0..<dv {
                var acc = 0.0
                let po = ((b * hq + h) * lq + i) * s
                for j in 0..<s { acc += probabilities[po + j] * vv[((b * hkv + kh) * s + j) * dv + d] }
                out[((b * hq + h) * lq + i) * dv + d] = acc
            } }
        } }
        return [.tensor(try NN.output(call, out, v.dtype, outShape))]
    }
}
