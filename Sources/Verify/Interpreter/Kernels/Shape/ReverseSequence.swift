extension Kernels {
    /// ReverseSequence: for each batch entry b, reverses the first sequence_lens[b] steps along
    /// the time axis (time_axis and batch_axis are 0 and 1 in some order).
    static let reverseSequence: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let lengths = try ShapeSupport.ints(call, try call.tensor(1), "sequence_lens")
        let timeAxis = try call.int("time_axis", default: 0)
        let batchAxis = try call.int("batch_axis", default: 1)
        guard x.rank >= 2, Set([timeAxis, batchAxis]) == Set([0, 1]) else {
            throw call.error(.invalidAttribute, "time_axis and batch_axis must be 0 and 1 of a rank-2+ input")
        }
        let time = x.shape[timeAxis]
        guard lengths.count == x.shape[batchAxis] else {
            throw call.error(
                .invalidInput, "sequence_lens has \(lengths.count) entries for batch size \(x.shape[batchAxis])")
        }
        for l in lengths where l < 0 || l > time {
            throw call.error(.invalidInput, "sequence length \(l) is outside 0...\(time)")
        }
        let strides = x.strides
        var positions: [Int] = []
        positions.reserveCapacity(x.count)
        try ShapeSupport.forEachIndex(x.shape) { index throws(InterpreterError) in
            var source = index
            let t = index[timeAxis]
            let length = lengths[index[batchAxis]]
            if t < length { source[timeAxis] = length - 1 - t }
            var p = 0
            for a in 0..<source.count { p += source[a] * strides[a] }
            positions.append(p)
        }
        return [.tensor(ShapeSupport.gather(x, positions, shape: x.shape))]
    }
}
