// Gemm: Y = alpha · op(A) · op(B) + beta · C, op = optional transpose, C broadcast to [M, N]
// (optional from opset 11). Accumulates in Double.

extension Kernels {
    static let gemm: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), b = try call.tensor(1)
        let c = try call.optionalTensor(2)
        guard a.rank == 2, b.rank == 2 else {
            throw call.error(.invalidInput, "A and B must be 2-D, got \(a.shape) and \(b.shape)")
        }
        guard a.dtype == b.dtype, c == nil || c!.dtype == a.dtype else {
            throw call.error(.invalidInput, "inputs have different types")
        }
        guard a.dtype != .bool, a.dtype != .string, !a.dtype.isComplex else {
            throw call.error(.unsupported, "\(a.dtype) is not supported")
        }
        let transA = try call.int("transA", default: 0) != 0
        let transB = try call.int("transB", default: 0) != 0
        let alpha = Double(try call.float("alpha", default: 1))
        let beta = Double(try call.float("beta", default: 1))
        let m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1]
        let kb = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
        guard k == kb else { throw call.error(.invalidInput, "inner sizes differ: A \(a.shape), B \(b.shape)") }
        try call.checkedCount([m, n])
        guard let va = a.doubles(), let vb = b.doubles() else { throw call.error(.unsupported, "\(a.dtype) is not supported") }
        var cIndex: [Int] = []
        var vc: [Double] = []
        if let c {
            guard c.rank <= 2, let shape = Broadcast.shape([c.shape, [m, n]]), shape == [m, n] else {
                throw call.error(.invalidInput, "C \(c.shape) does not broadcast to [\(m), \(n)]")
            }
            cIndex = Broadcast.sourceIndices(from: c.shape, to: [m, n])
            vc = c.doubles() ?? []
        }
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for l in 0..<k {
                    let x = transA ? va[l * m + i] : va[i * k + l]
                    let y = transB ? vb[j * k + l] : vb[l * n + j]
                    s += x * y
                }
                var r = alpha * s
                if c != nil { r += beta * vc[cIndex[i * n + j]] }
                out[i * n + j] = r
            }
        }
        return [.tensor(try NN.output(call, out, a.dtype, [m, n]))]
    }
}
