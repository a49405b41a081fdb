import Foundation

extension Kernels {
    /// LpNormalization: x divided by its L1 or L2 norm along `axis`; a zero norm gives 0.
    static let lpNormalization: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let axis = try call.axis(try call.int("axis", default: -1), rank: x.rank)
        try ConvSupport.bounded(call, x.shape)
        let p = try call.int("p", default: 2)
        guard p == 1 || p == 2 else { throw call.error(.invalidAttribute, "p \(p) must be 1 or 2") }
        let xs = try ConvSupport.floatValues(call, x, what: "input")
        let (outer, size, inner) = NormMath.split(x.shape, axis: axis)
        var out = [Double](repeating: 0, count: xs.count)
        for o in 0..<outer {
            for i in 0..<inner {
                var norm = 0.0
                for k in 0..<size {
                    let v = xs[(o * size + k) * inner + i]
                    norm += p == 1 ? abs(v) : v * v
                }
                if p == 2 { norm = norm.squareRoot() }
                for k in 0..<size {
                    let at = (o * size + k) * inner + i
                    out[at] = norm == 0 ? 0 : xs[at] / norm
                }
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape))]
    }

    /// MeanVarianceNormalization: (x - mean) / (sqrt(E[x²] - mean²) + 1e-9) over `axes`
    /// (default [0, 2, 3]).
    static let meanVarianceNormalization: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        try ConvSupport.bounded(call, x.shape)
        let given = try call.ints("axes") ?? [0, 2, 3]
        var reduced = [Bool](repeating: false, count: x.rank)
        for a in given {
            let axis = try call.axis(a, rank: x.rank)
            guard x.rank > 0 else { break }
            reduced[axis] = true
        }
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        // Group elements by their position on the kept axes.
        let keptShape = x.shape.enumerated().map { reduced[$0.offset] ? 1 : $0.element }
        let keep = Broadcast.sourceIndices(from: keptShape, to: x.shape)
        let groups = keptShape.reduce(1, *)
        var sums = [Double](repeating: 0, count: groups), squares = sums, counts = sums
        for (i, g) in keep.enumerated() {
            sums[g] += xs[i]
            squares[g] += xs[i] * xs[i]
            counts[g] += 1
        }
        var out = [Double](repeating: 0, count: xs.count)
        for (i, g) in keep.enumerated() {
            let mean = sums[g] / counts[g]
            let variance = squares[g] / counts[g] - mean * mean
            out[i] = (xs[i] - mean) / (max(variance, 0).squareRoot() + 1e-9)
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape))]
    }

    /// LRN: x / (bias + alpha / size · Σ x²)^beta, the sum over a window of `size` channels
    /// (floor((size-1)/2) before, ceil((size-1)/2) after).
    static let lrn: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let (n, c, spatialShape) = try ConvSupport.splitShape(call, x, minSpatial: 0)
        guard let size = try call.int("size"), size >= 1, size <= ConvSupport.attributeBound else {
            throw call.error(.invalidAttribute, "size must be a positive int")
        }
        let alpha = Double(try call.float("alpha", default: 1e-4))
        let beta = Double(try call.float("beta", default: 0.75))
        let bias = Double(try call.float("bias", default: 1))
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let spatial = spatialShape.reduce(1, *)
        let before = (size - 1) / 2, after = size - 1 - before
        var out = [Double](repeating: 0, count: xs.count)
        for b in 0..<n {
            for ch in 0..<c {
                let low = max(0, ch - before), high = min(c - 1, ch + min(after, c))
                for i in 0..<spatial {
                    var sum = 0.0
                    if low <= high {
                        for k in low...high { let v = xs[(b * c + k) * spatial + i]; sum += v * v }
                    }
                    let at = (b * c + ch) * spatial + i
                    out[at] = xs[at] / pow(bias + alpha / Double(size) * sum, beta)
                }
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape))]
    }
}

extension NormMath {
    /// The sizes before, along and after `axis`.
    static func split(_ shape: [Int], axis: Int) -> (Int, Int, Int) {
        guard !shape.isEmpty else { return (1, 1, 1) }
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }
}
