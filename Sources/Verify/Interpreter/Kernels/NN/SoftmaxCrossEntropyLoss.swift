// SoftmaxCrossEntropyLoss: log-softmax of the scores along the class axis (1), then the
// negative log-likelihood loss with the same weights, ignore_index and reduction. The
// optional second output is the log-probabilities.

import Foundation

extension Kernels {
    static let softmaxCrossEntropyLoss: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        var values = try NN.floats(call, x, "scores")
        guard x.rank >= 2 else { throw call.error(.invalidInput, "scores must have rank ≥ 2, got \(x.shape)") }
        let n = x.shape[0], c = x.shape[1], d = x.shape[2...].reduce(1, *)
        for i in 0..<n {
            for k in 0..<d {
                SoftmaxFamily.apply(.logSoftmax, &values, base: i * c * d + k, stride: d, n: c)
            }
        }
        let loss = try NLLMath.loss(call, values, x.dtype, x.shape)
        return [.tensor(loss), .tensor(try NN.output(call, values, x.dtype, x.shape))]
    }
}
