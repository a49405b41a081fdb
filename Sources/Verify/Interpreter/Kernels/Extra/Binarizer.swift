extension Kernels {
    /// ai.onnx.ml Binarizer: 1 where the element is greater than `threshold`, else 0, in the
    /// input's type.
    static let binarizer: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let threshold = Double(try call.float("threshold", default: 0))
        guard x.dtype.isFloatingPoint || x.dtype.isInteger, !x.dtype.isComplex, let v = x.doubles() else {
            throw call.error(.unsupported, "\(x.dtype) is not supported")
        }
        guard let y = NDArray.fromDoubles(v.map { $0 > threshold ? 1 : 0 }, dtype: x.dtype, shape: x.shape) else {
            throw call.error(.unsupported, "\(x.dtype) results are not supported")
        }
        return [.tensor(y)]
    }
}
