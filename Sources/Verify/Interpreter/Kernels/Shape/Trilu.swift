extension Kernels {
    /// Trilu: keeps the upper (default) or lower triangle of the last two axes relative to the
    /// diagonal offset k (input 1), zeroing the rest.
    static let trilu: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.rank >= 2 else { throw call.error(.invalidInput, "input must have rank 2 or more, not \(x.shape)") }
        let k =
            try call.optionalTensor(1).map { t throws(InterpreterError) in try ShapeSupport.scalarInt(call, t, "k") }
            ?? 0
        let upper = try call.int("upper", default: 1) != 0
        let rows = x.shape[x.rank - 2]
        let columns = x.shape[x.rank - 1]
        let zeroPosition = x.count
        let storage = try ShapeSupport.joined(call, x, try ShapeSupport.zero(call, x.dtype))
        var positions = [Int](repeating: 0, count: x.count)
        for p in 0..<x.count {
            let j = p % columns
            let i = (p / columns) % rows
            // Keep above-or-on diagonal k: j - i >= k; below-or-on: j - i <= k.
            let d = j - i
            let keep = upper ? d >= k : d <= k
            positions[p] = keep ? p : zeroPosition
        }
        return [.tensor(NDArray(dtype: x.dtype, shape: x.shape, storage: storage.gathered(positions)))]
    }
}
