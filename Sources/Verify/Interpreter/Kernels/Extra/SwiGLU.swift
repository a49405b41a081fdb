import Foundation

extension Kernels {
    /// SwiGLU (opset 28): `Y = A * sigmoid(alpha * A) * B` elementwise; A and B must have the
    /// same shape and type (no broadcasting). Computed in Double, rounded once to the output type.
    static let swiGLU: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), b = try call.tensor(1)
        guard a.dtype.isFloatingPoint, !a.dtype.isComplex else {
            throw call.error(.unsupported, "\(a.dtype) is not supported")
        }
        guard a.dtype == b.dtype else {
            throw call.error(.invalidInput, "A is \(a.dtype) but B is \(b.dtype)")
        }
        guard a.shape == b.shape else {
            throw call.error(.invalidInput, "A has shape \(a.shape) but B has shape \(b.shape); SwiGLU does not broadcast")
        }
        let alpha = Double(try call.float("alpha", default: 1))
        guard let av = a.doubles(), let bv = b.doubles() else {
            throw call.error(.unsupported, "\(a.dtype) is not supported")
        }
        var out = [Double](repeating: 0, count: av.count)
        for i in 0..<av.count {
            let g = av[i]
            out[i] = g / (1 + exp(-alpha * g)) * bv[i]
        }
        guard let y = NDArray.fromDoubles(out, dtype: a.dtype, shape: a.shape) else {
            throw call.error(.unsupported, "\(a.dtype) results are not supported")
        }
        return [.tensor(y)]
    }
}
