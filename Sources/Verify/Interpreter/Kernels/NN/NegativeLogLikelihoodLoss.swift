// NegativeLogLikelihoodLoss: loss[n, d…] = −input[n, target[n, d…], d…] · weight[target],
// zero (with zero weight) where target equals ignore_index; reduced by "none", "sum" or
// "mean" (the weighted mean: Σ loss / Σ weight).

import GraphIR

extension Kernels {
    static let negativeLogLikelihoodLoss: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let values = try NN.floats(call, x, "input")
        return [.tensor(try NLLMath.loss(call, values, x.dtype, x.shape))]
    }
}

enum NLLMath {
    /// The loss of log-probabilities `values` (shape `shape`, [N, C, d…]) against input 1 with
    /// optional weights at input 2.
    static func loss(_ call: KernelCall, _ values: [Double], _ dtype: DType, _ shape: [Int]) throws(InterpreterError)
        -> NDArray
    {
        let target = try call.tensor(1)
        guard shape.count >= 2 else { throw call.error(.invalidInput, "input must have rank ≥ 2, got \(shape)") }
        let n = shape[0], c = shape[1]
        let targetShape = [n] + Array(shape[2...])
        guard target.shape == targetShape, target.dtype == .int32 || target.dtype == .int64, let labels = target.int64s()
        else { throw call.error(.invalidInput, "target \(target.shape) must be integers of shape \(targetShape)") }
        var weights: [Double]? = nil
        if let w = try call.optionalTensor(2) {
            guard w.shape == [c], w.dtype == dtype else { throw call.error(.invalidInput, "weight \(w.shape) must be [\(c)] of \(dtype)") }
            weights = try NN.floats(call, w, "weight")
        }
        let ignore = try call.int("ignore_index").map(Int64.init)
        let reduction = try call.string("reduction", default: "mean")
        guard ["none", "sum", "mean"].contains(reduction) else {
            throw call.error(.invalidAttribute, "reduction '\(reduction)' is not none, sum or mean")
        }
        let d = shape[2...].reduce(1, *)
        var loss = [Double](repeating: 0, count: labels.count)
        var weightSum = 0.0
        for i in 0..<n {
            for k in 0..<d {
                let t = labels[i * d + k]
                if let ignore, t == ignore { continue }
                guard t >= 0, t < Int64(c) else { throw call.error(.invalidInput, "target \(t) is outside [0, \(c))") }
                let w = weights?[Int(t)] ?? 1
                loss[i * d + k] = -values[(i * c + Int(t)) * d + k] * w
                weightSum += w
            }
        }
        switch reduction {
        case "none": return try NN.output(call, loss, dtype, targetShape)
        case "sum": return try NN.output(call, [loss.reduce(0, +)], dtype, [])
        default:
            let denominator = (weights != nil || ignore != nil) ? weightSum : Double(loss.count)
            return try NN.output(call, [loss.reduce(0, +) / denominator], dtype, [])
        }
    }
}
