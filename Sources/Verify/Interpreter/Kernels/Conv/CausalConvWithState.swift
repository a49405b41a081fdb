import Foundation

extension Kernels {
    /// CausalConvWithState (opset 27): depthwise causal 1-D convolution over [B, C, L] with a
    /// carried state. The past state (zeros when absent) of k - 1 steps is put before the input,
    /// each channel convolved with its own [1, k] kernel (plus bias), optionally through SiLU;
    /// the second output is the last k - 1 steps of the state-plus-input sequence.
    static let causalConvWithState: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), w = try call.tensor(1)
        guard x.rank == 3 else { throw call.error(.invalidInput, "input must be [batch, channels, length], got \(x.shape)") }
        let batch = x.shape[0], channels = x.shape[1], length = x.shape[2]
        guard w.rank == 3, w.shape[0] == channels, w.shape[1] == 1, w.shape[2] >= 1 else {
            throw call.error(.invalidInput, "weight must be [\(channels), 1, k], got \(w.shape)")
        }
        let k = w.shape[2], history = k - 1
        let activation = try call.string("activation", default: "none")
        guard ["none", "silu", "swish"].contains(activation) else {
            throw call.error(.invalidAttribute, "activation '\(activation)' is not none, silu or swish")
        }
        var bias: [Double]? = nil
        if call.has(2) { bias = try ConvSupport.channelVector(call, 2, count: channels, what: "bias") }
        var past: [Double]? = nil
        if let state = try call.optionalTensor(3) {
            guard state.shape == [batch, channels, history] else {
                throw call.error(.invalidInput, "past_state has shape \(state.shape); expected \([batch, channels, history])")
            }
            past = try ConvSupport.floatValues(call, state, what: "past_state")
        }
        let (total, overflow) = length.addingReportingOverflow(history)
        guard !overflow else { throw call.error(.invalidInput, "sequence length overflows") }
        try ConvSupport.bounded(call, [batch, channels, total])
        let xs = try ConvSupport.floatValues(call, x, what: "input")
        let ws = try ConvSupport.floatValues(call, w, what: "weight")
        var out = [Double](repeating: 0, count: batch * channels * length)
        var present = [Double](repeating: 0, count: batch * channels * history)
        var sequence = [Double](repeating: 0, count: total)
        for b in 0..<batch {
            for ch in 0..<channels {
                let plane = b * channels + ch
                for t in 0..<history { sequence[t] = past?[plane * history + t] ?? 0 }
                for t in 0..<length { sequence[history + t] = xs[plane * length + t] }
                for t in 0..<length {
                    var sum = bias?[ch] ?? 0
                    for j in 0..<k { sum += sequence[t + j] * ws[ch * k + j] }
                    if activation != "none" {
                        // The activation applies to the convolution rounded to the input type.
                        let rounded = ConvSupport.roundedLike(x.dtype, sum)
                        sum = rounded / (1 + exp(-rounded))
                    }
                    out[plane * length + t] = sum
                }
                for t in 0..<history { present[plane * history + t] = sequence[length + t] }
            }
        }
        return [
            .tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape)),
            .tensor(try ConvSupport.output(call, present, dtype: x.dtype, shape: [batch, channels, history])),
        ]
    }
}
