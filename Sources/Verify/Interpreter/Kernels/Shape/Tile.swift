extension Kernels {
    /// Tile: the input repeated `repeats[axis]` times along each axis.
    static let tile: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let repeats = try ShapeSupport.ints(call, try call.tensor(1), "repeats")
        guard repeats.count == x.rank else {
            throw call.error(.invalidInput, "repeats \(repeats) must have one entry per axis of \(x.shape)")
        }
        var shape: [Int] = []
        for (size, r) in zip(x.shape, repeats) {
            guard r >= 0 else { throw call.error(.invalidInput, "repeats \(repeats) has a negative entry") }
            let (s, o) = size.multipliedReportingOverflow(by: r)
            guard !o else { throw call.error(.limitExceeded, "tiled size overflows") }
            shape.append(s)
        }
        let count = try call.checkedCount(shape)
        let strides = x.strides
        var positions: [Int] = []
        positions.reserveCapacity(count)
        try ShapeSupport.forEachIndex(shape) { index throws(InterpreterError) in
            var p = 0
            for a in 0..<index.count { p += (index[a] % x.shape[a]) * strides[a] }
            positions.append(p)
        }
        return [.tensor(ShapeSupport.gather(x, positions, shape: shape))]
    }
}
