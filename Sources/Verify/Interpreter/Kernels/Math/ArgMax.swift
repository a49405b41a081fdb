// ArgMax and ArgMin along one axis, int64 indices; ties take the first index, or the last
// with select_last_index.

import GraphIR

extension Kernels {
    static func mathArgExtreme(max: Bool) -> Kernel {
        { call throws(InterpreterError) in
            let x = try call.tensor(0)
            if x.dtype == .string || x.dtype.isComplex {
                throw call.error(.unsupported, "\(x.dtype) input is not supported")
            }
            guard x.rank >= 1 else { throw call.error(.invalidInput, "input must have rank ≥ 1") }
            let axis = try call.axis(try call.int("axis", default: 0), rank: x.rank)
            let keepdims = try call.int("keepdims", default: 1) != 0
            let last = try call.int("select_last_index", default: 0) != 0
            guard x.shape[axis] > 0 else { throw call.error(.invalidInput, "cannot take ArgMax/ArgMin of an empty axis") }
            let (kept, target) = MathSupport.reductionMap(x.shape, axes: [axis])
            let outCount = try call.checkedCount(kept)
            let inner = x.shape[(axis + 1)...].reduce(1, *)
            let size = x.shape[axis]
            var best = [Int64](repeating: -1, count: outCount)
            // Comparison keys: Doubles for floats, Int64 (uint64 compared unsigned) for integers.
            let integral = MathSupport.isIntegral(x.dtype)
            guard let iv = integral ? x.int64s() : [], let dv = integral ? [] : x.doubles() else {
                throw call.error(.unsupported, "\(x.dtype) input is not supported")
            }
            var bestIndexFlat = [Int](repeating: 0, count: outCount)
            for i in 0..<x.count {
                let t = target[i]
                let k = Int64((i / inner) % size)
                if best[t] < 0 { best[t] = k; bestIndexFlat[t] = i; continue }
                let c: Int
                if integral {
                    c = MathSupport.compare(iv[i], iv[bestIndexFlat[t]], x.dtype)
                } else {
                    let a = dv[i], b = dv[bestIndexFlat[t]]
                    // NaN counts as the extreme (numpy's argmax/argmin return the first NaN).
                    if b.isNaN { c = a.isNaN && last ? 0 : (max ? -1 : 1) }
                    else if a.isNaN { c = max ? 1 : -1 }
                    else { c = a < b ? -1 : (a == b ? 0 : 1) }
                }
                let better = max ? c > 0 : c < 0
                if better || (c == 0 && last) { best[t] = k; bestIndexFlat[t] = i }
            }
            let outShape = MathSupport.finalShape(kept, axes: [axis], keepdims: keepdims)
            return [.tensor(NDArray(best, shape: outShape))]
        }
    }

    static let argMax = mathArgExtreme(max: true)
    static let argMin = mathArgExtreme(max: false)
}
