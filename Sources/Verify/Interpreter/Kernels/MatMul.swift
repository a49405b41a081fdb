extension Kernels {
    /// MatMul with numpy semantics: 1-D operands are promoted and the added axis removed,
    /// batch axes broadcast. Accumulates in Double (Int64 for integers).
    static let matMul: Kernel = { call throws(InterpreterError) in
        [.tensor(try MatMulMath.matmul(call, try call.tensor(0), try call.tensor(1)))]
    }
}

enum MatMulMath {
    static func matmul(_ call: KernelCall, _ a0: NDArray, _ b0: NDArray) throws(InterpreterError) -> NDArray {
        guard a0.dtype == b0.dtype else { throw call.error(.invalidInput, "inputs have types \(a0.dtype) and \(b0.dtype)") }
        guard a0.dtype.isInteger || a0.dtype.isFloatingPoint else {
            throw call.error(.unsupported, "\(a0.dtype) is not supported")
        }
        guard a0.rank >= 1, b0.rank >= 1 else { throw call.error(.invalidInput, "MatMul needs rank ≥ 1 inputs") }
        let a = a0.rank == 1 ? a0.reshaped([1, a0.shape[0]]) : a0
        let b = b0.rank == 1 ? b0.reshaped([b0.shape[0], 1]) : b0
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1]
        guard k == k2 else { throw call.error(.invalidInput, "inner sizes differ: \(a0.shape) × \(b0.shape)") }
        guard let batch = Broadcast.shape([Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2))]) else {
            throw call.error(.invalidInput, "batch axes of \(a0.shape) and \(b0.shape) do not broadcast")
        }
        var outShape = batch + [m, n]
        try call.checkedCount(outShape)
        let batchCount = batch.reduce(1, *)
        let aBatch = Broadcast.sourceIndices(from: Array(a.shape.dropLast(2)), to: batch)
        let bBatch = Broadcast.sourceIndices(from: Array(b.shape.dropLast(2)), to: batch)
        let isInt = a.dtype.isInteger
        var result = [Double](repeating: 0, count: batchCount * m * n)
        var intResult = [Int64](repeating: 0, count: isInt ? batchCount * m * n : 0)
        if isInt {
            guard let va = a.int64s(), let vb = b.int64s() else { throw call.error(.unsupported, "\(a.dtype) is not supported") }
            for p in 0..<batchCount {
                let ao = aBatch[p] * m * k, bo = bBatch[p] * k * n, co = p * m * n
                for i in 0..<m { for j in 0..<n {
                    var s: Int64 = 0
                    for l in 0..<k { s = s &+ va[ao + i * k + l] &* vb[bo + l * n + j] }
                    intResult[co + i * n + j] = s
                } }
            }
        } else {
            guard let va = a.doubles(), let vb = b.doubles() else { throw call.error(.unsupported, "\(a.dtype) is not supported") }
            va.withUnsafeBufferPointer { pa in
                vb.withUnsafeBufferPointer { pb in
                    result.withUnsafeMutableBufferPointer { pc in
                        guard let a = pa.baseAddress, let b = pb.baseAddress, let c = pc.baseAddress else { return }
                        for p in 0..<batchCount {
                            ReferenceGEMM.multiplyAdd(
                                m: m, n: n, k: k, a: a + aBatch[p] * m * k, lda: k, b: b + bBatch[p] * k * n, ldb: n,
                                c: c + p * m * n, ldc: n)
                        }
                    }
                }
            }
        }
        if a0.rank == 1 { outShape.remove(at: outShape.count - 2) }
        if b0.rank == 1 { outShape.removeLast() }
        let out = isInt ? NDArray.fromInt64s(intResult, dtype: a.dtype, shape: outShape)
            : NDArray.fromDoubles(result, dtype: a.dtype, shape: outShape)
        guard let out else { throw call.error(.unsupported, "\(a.dtype) is not supported") }
        return out
    }
}
