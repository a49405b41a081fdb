extension Kernels {
    /// Gather: entries of `data` along `axis` picked by `indices` (negative counts from the end);
    /// the output shape is data's with that axis replaced by indices' shape.
    static let gather: Kernel = { call throws(InterpreterError) in
        let data = try call.tensor(0)
        let indicesArray = try call.tensor(1)
        guard data.rank > 0 else { throw call.error(.invalidInput, "data must have rank 1 or more") }
        let axis = try call.axis(try call.int("axis", default: 0), rank: data.rank)
        let indices = try ShapeSupport.ints(call, indicesArray, "indices")
        let size = data.shape[axis]
        var picked: [Int] = []
        picked.reserveCapacity(indices.count)
        for i in indices {
            guard let n = ShapeSupport.index(i, size: size) else {
                throw call.error(.invalidInput, "index \(i) is out of range for axis \(axis) of size \(size)")
            }
            picked.append(n)
        }
        let shape = Array(data.shape[..<axis]) + indicesArray.shape + Array(data.shape[(axis + 1)...])
        let count = try call.checkedCount(shape)
        if count == 0 { return [.tensor(ShapeSupport.empty(data, shape: shape))] }
        let outer = ShapeSupport.product(data.shape[..<axis])
        let inner = ShapeSupport.product(data.shape[(axis + 1)...])
        var positions: [Int] = []
        positions.reserveCapacity(count)
        for o in 0..<outer {
            for n in picked {
                let base = (o * size + n) * inner
                for i in 0..<inner { positions.append(base + i) }
            }
        }
        return [.tensor(ShapeSupport.gather(data, positions, shape: shape))]
    }
}
