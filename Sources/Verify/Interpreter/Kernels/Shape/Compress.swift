extension Kernels {
    /// Compress: the slices along `axis` (or elements of the flattened input, without one)
    /// whose entry in the boolean `condition` is true; condition may be shorter than the axis.
    static let compress: Kernel = { call throws(InterpreterError) in
        var x = try call.tensor(0)
        let condition = try call.tensor(1)
        guard condition.rank == 1, let flags = condition.doubles()?.map({ $0 != 0 }) else {
            throw call.error(.invalidInput, "condition must be a 1-D tensor")
        }
        let axis: Int
        if let requested = try call.int("axis") {
            guard x.rank > 0 else { throw call.error(.invalidInput, "axis given for a scalar") }
            axis = try call.axis(requested, rank: x.rank)
        } else {
            x = x.reshaped([x.count])
            axis = 0
        }
        let size = x.shape[axis]
        guard flags.count <= size else {
            throw call.error(.invalidInput, "condition has \(flags.count) entries for size \(size)")
        }
        let kept = flags.indices.filter { flags[$0] }
        var shape = x.shape
        shape[axis] = kept.count
        let count = try call.checkedCount(shape)
        if count == 0 { return [.tensor(ShapeSupport.empty(x, shape: shape))] }
        let outer = ShapeSupport.product(x.shape[..<axis])
        let inner = ShapeSupport.product(x.shape[(axis + 1)...])
        var positions: [Int] = []
        positions.reserveCapacity(count)
        for o in 0..<outer {
            for n in kept {
                let base = (o * size + n) * inner
                for i in 0..<inner { positions.append(base + i) }
            }
        }
        return [.tensor(ShapeSupport.gather(x, positions, shape: shape))]
    }
}
