extension Kernels {
    /// GatherND: each innermost row of `indices` (length k) addresses a slice of `data` over its
    /// first `batch_dims` + k axes; the first `batch_dims` axes of data and indices pair up.
    static let gatherND: Kernel = { call throws(InterpreterError) in
        let data = try call.tensor(0)
        let indicesArray = try call.tensor(1)
        let b = try call.int("batch_dims", default: 0)
        guard indicesArray.rank >= 1, data.rank >= 1, b >= 0, b < min(data.rank, indicesArray.rank) else {
            throw call.error(
                .invalidInput, "batch_dims \(b) does not fit data \(data.shape) and indices \(indicesArray.shape)")
        }
        let k = indicesArray.shape[indicesArray.rank - 1]
        guard k >= 1, k <= data.rank - b else {
            throw call.error(
                .invalidInput, "index rows of length \(k) do not fit data \(data.shape) after \(b) batch axes")
        }
        for a in 0..<b where data.shape[a] != indicesArray.shape[a] {
            throw call.error(
                .invalidInput, "batch axis \(a) differs: data \(data.shape), indices \(indicesArray.shape)")
        }
        let indices = try ShapeSupport.ints(call, indicesArray, "indices")
        let shape = Array(indicesArray.shape.dropLast()) + Array(data.shape[(b + k)...])
        let count = try call.checkedCount(shape)
        if count == 0 { return [.tensor(ShapeSupport.empty(data, shape: shape))] }
        let strides = data.strides
        let inner = ShapeSupport.product(data.shape[(b + k)...])
        let batchStride = b > 0 ? strides[b - 1] : 0
        let rowsPerBatch = ShapeSupport.product(indicesArray.shape[b..<(indicesArray.rank - 1)])
        let rows = indices.count / k
        var positions: [Int] = []
        positions.reserveCapacity(count)
        for r in 0..<rows {
            var base = rowsPerBatch > 0 ? (r / rowsPerBatch) * batchStride : 0
            for j in 0..<k {
                let size = data.shape[b + j]
                guard let n = ShapeSupport.index(indices[r * k + j], size: size) else {
                    throw call.error(
                        .invalidInput, "index \(indices[r * k + j]) is out of range for axis \(b + j) of size \(size)")
                }
                base += n * strides[b + j]
            }
            for i in 0..<inner { positions.append(base + i) }
        }
        return [.tensor(ShapeSupport.gather(data, positions, shape: shape))]
    }
}
