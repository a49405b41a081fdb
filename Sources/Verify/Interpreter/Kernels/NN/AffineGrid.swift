// AffineGrid: for theta [N, 2, 3] (or [N, 3, 4]) and size [N, C, H, W] (or [N, C, D, H, W]),
// the sampling grid [N, H, W, 2] (or [N, D, H, W, 3]) of theta applied to the normalised
// base coordinates (x along W, y along H, z along D). Base coordinates span [-1, 1] through
// the corner pixel centres with align_corners, else through the pixel edges.

extension Kernels {
    static let affineGrid: Kernel = { call throws(InterpreterError) in
        let theta = try call.tensor(0), size = try call.tensor(1)
        let vt = try NN.floats(call, theta, "theta")
        let alignCorners = try call.int("align_corners", default: 0) != 0
        guard size.rank == 1, size.dtype == .int64, let dims = size.ints(), dims.count == 4 || dims.count == 5 else {
            throw call.error(.invalidInput, "size must be an int64 vector of 4 or 5 entries")
        }
        let r = dims.count - 2
        let n = dims[0]
        guard theta.shape == [n, r, r + 1] else {
            throw call.error(.invalidInput, "theta \(theta.shape) must be [\(n), \(r), \(r + 1)] for size \(dims)")
        }
        let spatial = Array(dims[2...])
        let outShape = [n] + spatial + [r]
        try call.checkedCount(outShape)
        func base(_ i: Int, _ length: Int) -> Double {
            if alignCorners { return length == 1 ? -1 : -1 + 2 * Double(i) / Double(length - 1) }
            return (2 * Double(i) + 1) / Double(length) - 1
        }
        let points = spatial.reduce(1, *)
        var out = [Double](repeating: 0, count: n * points * r)
        var coordinate = [Double](repeating: 0, count: r + 1)
        for b in 0..<n {
            for p in 0..<points {
                // Spatial index (d, h, w) of point p; coordinate order is (x, y[, z]) = reversed.
                var rest = p
                for axis in stride(from: r - 1, through: 0, by: -1) {
                    let i = rest % spatial[axis]
                    rest /= spatial[axis]
                    coordinate[r - 1 - axis] = base(i, spatial[axis])
                }
                coordinate[r] = 1
                for row in 0..<r {
                    var s = 0.0
                    for k in 0...r { s += vt[(b * r + row) * (r + 1) + k] * coordinate[k] }
                    out[(b * points + p) * r + row] = s
                }
            }
        }
        return [.tensor(try NN.output(call, out, theta.dtype, outShape))]
    }
}
