// RMSNormalization: Y = X / sqrt(mean(X², over axes axis…rank-1) + epsilon) · scale,
// scale broadcast against X. Computed in Double (stash_type 1 or wider).

import Foundation

extension Kernels {
    static let rmsNormalization: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), scale = try call.tensor(1)
        let vx = try NN.floats(call, x, "X")
        let vs = try NN.floats(call, scale, "scale")
        guard x.rank >= 1 else { throw call.error(.invalidInput, "X must have rank ≥ 1") }
        let axis = try call.axis(try call.int("axis", default: -1), rank: x.rank)
        let epsilon = Double(try call.float("epsilon", default: 1e-5))
        guard let shape = Broadcast.shape([scale.shape, x.shape]), shape == x.shape else {
            throw call.error(.invalidInput, "scale \(scale.shape) does not broadcast to X \(x.shape)")
        }
        let si = Broadcast.sourceIndices(from: scale.shape, to: x.shape)
        let outer = x.shape[..<axis].reduce(1, *), n = x.shape[axis...].reduce(1, *)
        var out = [Double](repeating: 0, count: x.count)
        for o in 0..<outer {
            var sum = 0.0
            for j in 0..<n { sum += vx[o * n + j] * vx[o * n + j] }
            let inv = 1 / sqrt(sum / Double(n) + epsilon)
            for j in 0..<n {
                let i = o * n + j
                out[i] = vx[i] * inv * vs[si[i]]
            }
        }
        return [.tensor(try NN.output(call, out, x.dtype, x.shape))]
    }
}
