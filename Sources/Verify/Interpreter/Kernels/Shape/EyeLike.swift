import GraphIR

extension Kernels {
    /// EyeLike: a 2-D tensor shaped like the input with ones on diagonal k and zeros elsewhere,
    /// of `dtype` (an ONNX TensorProto data type code) or the input's type.
    static let eyeLike: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.rank == 2 else { throw call.error(.invalidInput, "input must be 2-D, not \(x.shape)") }
        var dtype = x.dtype
        if let code = try call.int("dtype") {
            guard let t = ShapeSupport.onnxType(code) else {
                throw call.error(.invalidAttribute, "dtype \(code) is not supported")
            }
            dtype = t
        }
        if x.count == 0, let none = ArrayStorage.zeros(dtype, count: 0) {
            return [.tensor(NDArray(dtype: dtype, shape: x.shape, storage: none))]
        }
        let k = try call.int("k", default: 0)
        let (rows, columns) = (x.shape[0], x.shape[1])
        var values = [Double](repeating: 0, count: x.count)
        for i in 0..<rows {
            let (j, o) = i.addingReportingOverflow(k)
            if !o, j >= 0, j < columns { values[i * columns + j] = 1 }
        }
        guard let out = NDArray.fromDoubles(values, dtype: dtype, shape: x.shape) else {
            throw call.error(.unsupported, "\(dtype) is not supported")
        }
        return [.tensor(out)]
    }
}
