// The optimizers of domain ai.onnx.preview.training: Adagrad, Adam and Momentum. Each is a pure
// function of its inputs: R (learning rate) and T (update count) as scalars, then N tensors to
// optimize followed by their gradients and their state tensors, and it returns the new tensors
// followed by the new states. Computed per element in Double, rounded once to each output type.

import Foundation

extension Kernels {
    static let adagrad: Kernel = { call throws(InterpreterError) in
        let decay = Double(try call.float("decay_factor", default: 0))
        let epsilon = Double(try call.float("epsilon", default: 1e-6))
        let norm = Double(try call.float("norm_coefficient", default: 0))
        return try ExtraTraining.run(call, states: 1) { r, t, x, g, s in
            let rate = r / (1 + t * decay)
            let gr = norm * x + g
            let h = s[0] + gr * gr
            return (x - rate * gr / (h.squareRoot() + epsilon), [h])
        }
    }

    static let adam: Kernel = { call throws(InterpreterError) in
        let alpha = Double(try call.float("alpha", default: 0.9))
        let beta = Double(try call.float("beta", default: 0.999))
        let epsilon = Double(try call.float("epsilon", default: 1e-6))
        let norm = Double(try call.float("norm_coefficient", default: 0))
        let normPost = Double(try call.float("norm_coefficient_post", default: 0))
        return try ExtraTraining.run(call, states: 2) { r, t, x, g, s in
            let gr = norm * x + g
            let v = alpha * s[0] + (1 - alpha) * gr
            let h = beta * s[1] + (1 - beta) * gr * gr
            let rate = t > 0 ? r * (1 - pow(beta, t)).squareRoot() / (1 - pow(alpha, t)) : r
            let xNew = x - rate * (v / (h.squareRoot() + epsilon))
            return ((1 - normPost) * xNew, [v, h])
        }
    }

    static let momentum: Kernel = { call throws(InterpreterError) in
        guard let alphaF = try call.float("alpha"), let betaF = try call.float("beta"),
            let normF = try call.float("norm_coefficient")
        else { throw call.error(.invalidAttribute, "attributes alpha, beta and norm_coefficient are required") }
        guard let mode = try call.string("mode") else { throw call.error(.invalidAttribute, "attribute 'mode' is required") }
        guard mode == "standard" || mode == "nesterov" else {
            throw call.error(.invalidAttribute, "mode '\(mode)' is neither 'standard' nor 'nesterov'")
        }
        let alpha = Double(alphaF), beta = Double(betaF), norm = Double(normF)
        let nesterov = mode == "nesterov"
        return try ExtraTraining.run(call, states: 1) { r, t, x, g, s in
            let gr = norm * x + g
            let v = alpha * s[0] + (t > 0 ? beta : 1) * gr
            return (nesterov ? x - r * (gr + alpha * v) : x - r * v, [v])
        }
    }
}

enum ExtraTraining {
    /// Splits the inputs into R, T and N groups of (X, G, states...), checks that every group's
    /// tensors share one shape, and applies `update` per element.
    static func run(
        _ call: KernelCall, states: Int,
        _ update: (Double, Double, Double, Double, [Double]) -> (Double, [Double])
    ) throws(InterpreterError) -> [RuntimeValue] {
        let perTensor = 2 + states
        let count = call.inputCount - 2
        guard count > 0, count % perTensor == 0 else {
            throw call.error(.invalidInput, "expected R, T and a multiple of \(perTensor) tensors, got \(call.inputCount) inputs")
        }
        let n = count / perTensor
        let rTensor = try call.tensor(0), tTensor = try call.tensor(1)
        guard rTensor.count == 1, tTensor.count == 1, let r = rTensor.doubles()?.first,
            let t = tTensor.doubles()?.first
        else { throw call.error(.invalidInput, "R and T must be numeric scalars") }
        var outputs = [RuntimeValue?](repeating: nil, count: n * (1 + states))
        for i in 0..<n {
            var group: [NDArray] = []
            for k in 0..<perTensor { group.append(try call.tensor(2 + k * n + i)) }
            let x = group[0]
            var values: [[Double]] = []
            for tensor in group {
                guard tensor.shape == x.shape else {
                    throw call.error(.invalidInput, "tensor \(i) has shape \(x.shape) but a related input has \(tensor.shape)")
                }
                guard tensor.dtype.isFloatingPoint, !tensor.dtype.isComplex, let v = tensor.doubles() else {
                    throw call.error(.unsupported, "\(tensor.dtype) is not supported")
                }
                values.append(v)
            }
            var newX = [Double](repeating: 0, count: x.count)
            var newStates = [[Double]](repeating: newX, count: states)
            for e in 0..<x.count {
                let (xv, sv) = update(r, t, values[0][e], values[1][e], (0..<states).map { values[2 + $0][e] })
                newX[e] = xv
                for k in 0..<states { newStates[k][e] = sv[k] }
            }
            guard let xOut = NDArray.fromDoubles(newX, dtype: x.dtype, shape: x.shape) else {
                throw call.error(.unsupported, "\(x.dtype) results are not supported")
            }
            outputs[i] = .tensor(xOut)
            for k in 0..<states {
                let like = group[2 + k]
                guard let s = NDArray.fromDoubles(newStates[k], dtype: like.dtype, shape: like.shape) else {
                    throw call.error(.unsupported, "\(like.dtype) results are not supported")
                }
                outputs[(1 + k) * n + i] = .tensor(s)
            }
        }
        return outputs.compactMap { $0 }
    }
}
