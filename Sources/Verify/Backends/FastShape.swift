// Fast Transpose for 4-byte elements: the output walked in row-major order, the innermost
// axis in a tight strided loop, outer rows in parallel.

extension FastKernels {
    static let transpose: Kernel = FastSupport.override("Transpose") { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype == .float32, let xs = x.floats, x.rank >= 2, x.count > 0 else { return nil }
        let perm = try call.ints("perm") ?? Array((0..<x.rank).reversed())
        guard perm.count == x.rank, Set(perm).count == perm.count, perm.allSatisfy({ $0 >= 0 && $0 < x.rank }) else {
            return nil  // the reference kernel reports the error
        }
        let inStrides = x.strides
        let shape = perm.map { x.shape[$0] }
        let strides = perm.map { inStrides[$0] }
        let rank = shape.count
        let inner = shape[rank - 1], innerStride = strides[rank - 1]
        let rows = x.count / inner
        let outerShape = Array(shape.dropLast()), outerStrides = Array(strides.dropLast())
        let out = xs.withUnsafeBufferPointer { src in
            FastSupport.floats(count: x.count) { base in
                let shared = FastSupport.SharedPointer(base: base)
                FastSupport.parallelChunks(rows, chunk: max(1, FastSupport.chunk / inner)) { range in
                    // The source offset of the first row of the range, then an odometer over the outer axes.
                    var index = [Int](repeating: 0, count: rank - 1)
                    var remainder = range.lowerBound
                    var offset = 0
                    for axis in stride(from: rank - 2, through: 0, by: -1) {
                        index[axis] = remainder % outerShape[axis]
                        remainder /= outerShape[axis]
                        offset += index[axis] * outerStrides[axis]
                    }
                    for row in range {
                        let dst = shared.base + row * inner
                        if innerStride == 1 {
                            for i in 0..<inner { dst[i] = src[offset + i] }
                        } else {
                            for i in 0..<inner { dst[i] = src[offset + i * innerStride] }
                        }
                        var axis = rank - 2
                        while axis >= 0 {
                            index[axis] += 1
                            offset += outerStrides[axis]
                            if index[axis] < outerShape[axis] { break }
                            offset -= outerStrides[axis] * outerShape[axis]
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
        return [.tensor(NDArray(out, shape: shape))]
    }
}
