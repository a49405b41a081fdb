// Det: the determinant of each trailing [M, M] matrix, by LU decomposition with partial
// pivoting in Double.

extension Kernels {
    static let det: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let values = try NN.floats(call, x, "X")
        guard x.rank >= 2, x.shape[x.rank - 1] == x.shape[x.rank - 2] else {
            throw call.error(.invalidInput, "X must be [..., M, M], got \(x.shape)")
        }
        let m = x.shape[x.rank - 1]
        let batchShape = Array(x.shape.dropLast(2))
        let batch = batchShape.reduce(1, *)
        var out = [Double](repeating: 0, count: batch)
        for p in 0..<batch {
            var a = Array(values[(p * m * m)..<((p + 1) * m * m)])
            var det = 1.0
            for col in 0..<m {
                var pivot = col
                for row in (col + 1)..<max(m, col + 1) where abs(a[row * m + col]) > abs(a[pivot * m + col]) { pivot = row }
                if a[pivot * m + col] == 0 { det = 0; break }
                if pivot != col {
                    for k in 0..<m { a.swapAt(pivot * m + k, col * m + k) }
                    det = -det
                }
                let d = a[col * m + col]
                det *= d
                for row in (col + 1)..<max(m, col + 1) {
                    let f = a[row * m + col] / d
                    if f == 0 { continue }
                    for k in col..<m { a[row * m + k] -= f * a[col * m + k] }
                }
            }
            out[p] = det
        }
        return [.tensor(try NN.output(call, out, x.dtype, batchShape))]
    }
}
