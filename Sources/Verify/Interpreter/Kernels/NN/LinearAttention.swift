// LinearAttention: a recurrent attention over a [d_k, d_v] state per batch and KV head.
// Per time step t, with k_t, v_t of that head: "gated" rules first decay the state by
// exp(decay_t) (one value per head, or one per key feature); "delta" rules replace v_t by
// beta_t · (v_t − stateᵀ·k_t); then state += k_t ⊗ v_t, and each query head of the group
// reads out scale · stateᵀ·q_t. Inputs are [batch, time, heads·size]; outputs are the
// readouts [batch, time, q_heads·d_v] and the final state [batch, kv_heads, d_k, d_v].

import Foundation

extension Kernels {
    static let linearAttention: Kernel = { call throws(InterpreterError) in
        let q = try call.tensor(0), k = try call.tensor(1), v = try call.tensor(2)
        let pastState = try call.optionalTensor(3), decay = try call.optionalTensor(4), beta = try call.optionalTensor(5)
        let rule = try call.string("update_rule", default: "gated_delta")
        guard ["linear", "gated", "delta", "gated_delta"].contains(rule) else {
            throw call.error(.invalidAttribute, "update_rule '\(rule)' is not linear, gated, delta or gated_delta")
        }
        guard let hq = try call.int("q_num_heads"), let hkv = try call.int("kv_num_heads"), hq > 0, hkv > 0, hq % hkv == 0
        else { throw call.error(.invalidAttribute, "q_num_heads must be a positive multiple of kv_num_heads") }
        let gating = rule.hasPrefix("gated"), delta = rule.hasSuffix("delta")
        guard gating == (decay != nil), delta == (beta != nil) else {
            throw call.error(.invalidInput, "update_rule '\(rule)' needs decay \(gating ? "given" : "absent") and beta \(delta ? "given" : "absent")")
        }
        let vq = try NN.floats(call, q, "query"), vk = try NN.floats(call, k, "key"), vv = try NN.floats(call, v, "value")
        guard q.rank == 3, k.rank == 3, v.rank == 3, q.shape[2] % hq == 0, k.shape[2] % hkv == 0, v.shape[2] % hkv == 0 else {
            throw call.error(.invalidInput, "query, key, value must be [batch, time, heads·size] with divisible sizes")
        }
        let b = q.shape[0], t = q.shape[1]
        let dk = q.shape[2] / hq, dv = v.shape[2] / hkv
        guard k.shape == [b, t, hkv * dk], v.shape[0] == b, v.shape[1] == t else {
            throw call.error(.invalidInput, "key \(k.shape) / value \(v.shape) do not fit query \(q.shape)")
        }
        let stateShape = [b, hkv, dk, dv]
        let stateCount = try call.checkedCount(stateShape)
        let outShape = [b, t, hq * dv]
        try call.checkedCount(outShape)
        var state = [Double](repeating: 0, count: stateCount)
        var stateType = q.dtype
        if let pastState {
            guard pastState.shape == stateShape else { throw call.error(.invalidInput, "past_state \(pastState.shape) is not \(stateShape)") }
            state = try NN.floats(call, pastState, "past_state")
            stateType = pastState.dtype
        }
        var vd: [Double] = [], perFeature = false
        if let decay {
            guard decay.rank == 3, decay.shape[0] == b, decay.shape[1] == t,
                decay.shape[2] == hkv || decay.shape[2] == hkv * dk
            else { throw call.error(.invalidInput, "decay \(decay.shape) must be [\(b), \(t), \(hkv) or \(hkv * dk)]") }
            vd = try NN.floats(call, decay, "decay")
            perFeature = decay.shape[2] == hkv * dk && !(hkv * dk == hkv)
        }
        var vb: [Double] = [], betaWidth = 1
        if let beta {
            guard beta.rank == 3, beta.shape[0] == b, beta.shape[1] == t, beta.shape[2] == hkv || beta.shape[2] == 1 else {
                throw call.error(.invalidInput, "beta \(beta.shape) must be [\(b), \(t), \(hkv) or 1]")
            }
            vb = try NN.floats(call, beta, "beta")
            betaWidth = beta.shape[2]
        }
        var scale = 1 / sqrt(Double(dk))
        if let s = try call.float("scale"), s != 0 { scale = Double(s) }
        let group = hq / hkv
        var out = [Double](repeating: 0, count: b * t * hq * dv)
        var values = [Double](repeating: 0, count: dv)
        for n in 0..<b {
            for step in 0..<t {
                for h in 0..<hkv {
                    let so = ((n * hkv + h) * dk) * dv
                    let ko = (n * t + step) * hkv * dk + h * dk
                    let vo = (n * t + step) * hkv * dv + h * dv
                    if gating {
                        for i in 0..<dk {
                            let g = perFeature ? vd[(n * t + step) * hkv * dk + h * dk + i] : vd[(n * t + step) * hkv + h]
                            let f = exp(g)
                            for j in 0..<dv { state[so + i * dv + j] *= f }
                        }
                    }
                    for j in 0..<dv { values[j] = vv[vo + j] }
                    if delta {
                        let bt = vb[(n * t + step) * betaWidth + (betaWidth == 1 ? 0 : h)]
                        for j in 0..<dv {
                            var retrieved = 0.0
                            for i in 0..<dk { retrieved += state[so + i * dv + j] * vk[ko + i] }
                            values[j] = bt * (values[j] - retrieved)
                        }
                    }
                    for i in 0..<dk { for j in 0..<dv { state[so + i * dv + j] += vk[ko + i] * values[j] } }
                    for g in 0..<group {
                        let head = h * group + g
                        let qo = (n * t + step) * hq * dk + head * dk
                        let oo = (n * t + step) * hq * dv + head * dv
                        for j in 0..<dv {
                            var s = 0.0
                            for i in 0..<dk { s += vq[qo + i] * state[so + i * dv + j] }
                            out[oo + j] = scale * s
                        }
                    }
                }
            }
        }
        return [.tensor(try NN.output(call, out, q.dtype, outShape)), .tensor(try NN.output(call, state, stateType, stateShape))]
    }
}
