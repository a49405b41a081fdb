extension Kernels {
    /// ai.onnx.ml ArrayFeatureExtractor: selects the elements at `indices` along the last axis of
    /// X. The output keeps X's leading dimensions and has as many last-axis entries as there are
    /// indices; a 1-D X gives a [1, n] output (as onnxruntime does).
    static let arrayFeatureExtractor: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), indices = try call.tensor(1)
        guard x.rank > 0 else { throw call.error(.invalidInput, "X must have rank 1 or more") }
        guard indices.dtype == .int64 || indices.dtype == .int32, let index = indices.ints() else {
            throw call.error(.invalidInput, "indices must be int64")
        }
        guard !index.isEmpty else { throw call.error(.invalidInput, "indices must not be empty") }
        let last = x.shape[x.rank - 1]
        for i in index where i < 0 || i >= last {
            throw call.error(.invalidInput, "index \(i) is outside 0..<\(last)")
        }
        let lead = Array(x.shape.dropLast())
        let shape = x.rank == 1 ? [1, index.count] : lead + [index.count]
        let count = try call.checkedCount(shape)
        let rows = ShapeSupport.product(lead)
        var positions: [Int] = []
        positions.reserveCapacity(count)
        for r in 0..<rows {
            for i in index { positions.append(r * last + i) }
        }
        return [.tensor(NDArray(dtype: x.dtype, shape: shape, storage: x.storage.gathered(positions)))]
    }
}
