extension Kernels {
    /// CenterCropPad: each listed axis (default all) centre-cropped or zero-padded to the given
    /// size; an odd remainder goes to the end side.
    static let centerCropPad: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let targets = try ShapeSupport.ints(call, try call.tensor(1), "shape")
        let axes = try ShapeSupport.axes(call, try call.ints("axes") ?? Array(0..<x.rank), rank: x.rank)
        guard targets.count == axes.count, targets.allSatisfy({ $0 >= 0 }) else {
            throw call.error(.invalidInput, "shape \(targets) must give one size of 0 or more per axis (\(axes.count))")
        }
        var shape = x.shape
        // Input coordinate = output coordinate + shift (negative when padding).
        var shift = Array(repeating: 0, count: x.rank)
        for (k, a) in axes.enumerated() {
            shape[a] = targets[k]
            shift[a] = targets[k] <= x.shape[a] ? (x.shape[a] - targets[k]) / 2 : -((targets[k] - x.shape[a]) / 2)
        }
        let count = try call.checkedCount(shape)
        let storage = try ShapeSupport.joined(call, x, try ShapeSupport.zero(call, x.dtype))
        let strides = x.strides
        var positions: [Int] = []
        positions.reserveCapacity(count)
        try ShapeSupport.forEachIndex(shape) { index throws(InterpreterError) in
            var p = 0
            for a in 0..<index.count {
                let i = index[a] + shift[a]
                if i < 0 || i >= x.shape[a] {
                    p = x.count
                    break
                }
                p += i * strides[a]
            }
            positions.append(p)
        }
        return [.tensor(NDArray(dtype: x.dtype, shape: shape, storage: storage.gathered(positions)))]
    }
}
