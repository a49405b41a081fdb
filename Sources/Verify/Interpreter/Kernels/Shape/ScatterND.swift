extension Kernels {
    /// ScatterND: each innermost row of `indices` (length k) addresses a slice of `data` over its
    /// first k axes, which the matching slice of `updates` replaces (or is combined into, by
    /// `reduction`, opset 16 on).
    static let scatterND: Kernel = { call throws(InterpreterError) in
        let data = try call.tensor(0)
        let indicesArray = try call.tensor(1)
        let updates = try call.tensor(2)
        guard indicesArray.rank >= 1 else { throw call.error(.invalidInput, "indices must have rank 1 or more") }
        let k = indicesArray.shape[indicesArray.rank - 1]
        guard k >= 1, k <= data.rank else {
            throw call.error(.invalidInput, "index rows of length \(k) do not fit data \(data.shape)")
        }
        let expected = Array(indicesArray.shape.dropLast()) + Array(data.shape[k...])
        guard updates.shape == expected else {
            throw call.error(.invalidInput, "updates \(updates.shape) must have shape \(expected)")
        }
        if updates.count == 0 { return [.tensor(data)] }
        let indices = try ShapeSupport.ints(call, indicesArray, "indices")
        let strides = data.strides
        let inner = ShapeSupport.product(data.shape[k...])
        let rows = indices.count / k
        var positions: [Int] = []
        positions.reserveCapacity(updates.count)
        for r in 0..<rows {
            var base = 0
            for j in 0..<k {
                guard let n = ShapeSupport.index(indices[r * k + j], size: data.shape[j]) else {
                    throw call.error(
                        .invalidInput,
                        "index \(indices[r * k + j]) is out of range for axis \(j) of size \(data.shape[j])")
                }
                base += n * strides[j]
            }
            for i in 0..<inner { positions.append(base + i) }
        }
        let reduction = try call.string("reduction", default: "none")
        return [.tensor(try ShapeSupport.scatter(call, data, updates, positions, reduction: reduction))]
    }
}
