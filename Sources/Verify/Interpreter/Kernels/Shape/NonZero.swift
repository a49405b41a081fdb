extension Kernels {
    /// NonZero: the int64 coordinates of the non-zero elements, one row per axis (row-major order).
    static let nonZero: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let flags: [Bool]
        if let s = x.strings {
            flags = s.map { !$0.isEmpty }
        } else if let v = x.doubles() {
            flags = v.map { $0 != 0 }
        } else {
            throw call.error(.unsupported, "\(x.dtype) is not supported")
        }
        let hits = flags.indices.filter { flags[$0] }
        let rank = x.rank
        let strides = x.strides
        var out = [Int64](repeating: 0, count: rank * hits.count)
        for (j, flat) in hits.enumerated() {
            var rest = flat
            for a in 0..<rank {
                out[a * hits.count + j] = Int64(rest / strides[a])
                rest %= strides[a]
            }
        }
        return [.tensor(NDArray(out, shape: [rank, hits.count]))]
    }
}
