extension Kernels {
    /// Range: start, start + delta, ... up to (not including) limit; max(ceil((limit - start) /
    /// delta), 0) elements of the inputs' type.
    static let range: Kernel = { call throws(InterpreterError) in
        let start = try call.tensor(0)
        let limit = try call.tensor(1)
        let delta = try call.tensor(2)
        guard start.count == 1, limit.count == 1, delta.count == 1,
            start.dtype == limit.dtype, start.dtype == delta.dtype
        else { throw call.error(.invalidInput, "start, limit and delta must be scalars of one type") }
        let dtype = start.dtype
        if dtype.isInteger, let s = start.int64s()?[0], let l = limit.int64s()?[0], let d = delta.int64s()?[0] {
            guard d != 0 else { throw call.error(.invalidInput, "delta is 0") }
            let span = Double(l) - Double(s)
            let n = max(0, (span / Double(d)).rounded(.up))
            guard n <= Double(call.limits.maxElements) else {
                throw call.error(.limitExceeded, "range of \(n) elements is over the limit")
            }
            let count = Int(n)
            var values: [Int64] = []
            values.reserveCapacity(count)
            var v = s
            for _ in 0..<count {
                values.append(v)
                v = v &+ d
            }
            guard let out = NDArray.fromInt64s(values, dtype: dtype, shape: [count]) else {
                throw call.error(.unsupported, "\(dtype) is not supported")
            }
            return [.tensor(out)]
        }
        guard dtype.isFloatingPoint, let s = start.doubles()?[0], let l = limit.doubles()?[0],
            let d = delta.doubles()?[0]
        else {
            throw call.error(.unsupported, "\(dtype) is not supported")
        }
        let n = max(0, ((l - s) / d).rounded(.up))
        guard d != 0, n.isFinite else {
            throw call.error(.invalidInput, "range from \(s) to \(l) by \(d) is not finite")
        }
        guard n <= Double(call.limits.maxElements) else {
            throw call.error(.limitExceeded, "range of \(n) elements is over the limit")
        }
        let count = Int(n)
        let values = (0..<count).map { s + Double($0) * d }
        guard let out = NDArray.fromDoubles(values, dtype: dtype, shape: [count]) else {
            throw call.error(.unsupported, "\(dtype) is not supported")
        }
        return [.tensor(out)]
    }
}
