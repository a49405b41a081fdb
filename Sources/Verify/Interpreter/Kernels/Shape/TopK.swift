extension Kernels {
    /// TopK: the k largest (or smallest) entries along `axis` and their int64 indices; equal
    /// values keep the lower index first. `k` is an attribute before opset 10, an input after.
    static let topK: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.rank > 0 else { throw call.error(.invalidInput, "input must have rank 1 or more") }
        let axis = try call.axis(try call.int("axis", default: -1), rank: x.rank)
        let k: Int
        if call.opset >= 10 {
            k = try ShapeSupport.scalarInt(call, try call.tensor(1), "k")
        } else {
            k = try call.int("k") ?? -1
        }
        let size = x.shape[axis]
        guard k >= 0, k <= size else { throw call.error(.invalidInput, "k \(k) is outside 0...\(size)") }
        let largest = try call.int("largest", default: 1) != 0
        let numbers = try ShapeSupport.numbers(call, x)
        // Ordering of two positions: value first (NaN counted largest), then lower index first.
        let before: (Int, Int) -> Bool
        switch numbers {
        case .doubles(let v):
            before = { i, j in
                let a = v[i]
                let b = v[j]
                if a.isNaN || b.isNaN {
                    if a.isNaN && b.isNaN { return i < j }
                    return largest ? a.isNaN : b.isNaN
                }
                if a != b { return largest ? a > b : a < b }
                return i < j
            }
        case .integers(let v):
            before = { i, j in v[i] != v[j] ? (largest ? v[i] > v[j] : v[i] < v[j]) : i < j }
        case .unsigned(let v):
            before = { i, j in v[i] != v[j] ? (largest ? v[i] > v[j] : v[i] < v[j]) : i < j }
        }
        var shape = x.shape
        shape[axis] = k
        let count = try call.checkedCount(shape)
        if count == 0 {
            return [.tensor(ShapeSupport.empty(x, shape: shape)), .tensor(NDArray([Int64](), shape: shape))]
        }
        let outer = ShapeSupport.product(x.shape[..<axis])
        let inner = ShapeSupport.product(x.shape[(axis + 1)...])
        var positions = [Int](repeating: 0, count: count)
        var indices = [Int64](repeating: 0, count: count)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * size * inner + i
                let order = (0..<size).map { base + $0 * inner }.sorted(by: before)
                for r in 0..<k {
                    let out = (o * k + r) * inner + i
                    positions[out] = order[r]
                    indices[out] = Int64((order[r] - base) / inner)
                }
            }
        }
        return [.tensor(ShapeSupport.gather(x, positions, shape: shape)), .tensor(NDArray(indices, shape: shape))]
    }
}
