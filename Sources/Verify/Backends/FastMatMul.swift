// Fast float32 MatMul and Gemm through OpenBLAS sgemm. Other element types, and anything
// these kernels do not handle, go to the reference kernels.

import Dispatch

extension FastKernels {
    /// MatMul (numpy semantics, batch axes broadcast): one sgemm per batch entry.
    static let matMul: Kernel = FastSupport.override("MatMul") { call throws(InterpreterError) in
        let a0 = try call.tensor(0), b0 = try call.tensor(1)
        guard a0.dtype == .float32, b0.dtype == .float32, a0.rank >= 1, b0.rank >= 1,
            let av = a0.floats, let bv = b0.floats, !av.isEmpty, !bv.isEmpty
        else { return nil }
        let a = a0.rank == 1 ? a0.reshaped([1, a0.shape[0]]) : a0
        let b = b0.rank == 1 ? b0.reshaped([b0.shape[0], 1]) : b0
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let n = b.shape[b.rank - 1]
        guard k == b.shape[b.rank - 2], FastSupport.fitsBLAS(m, n, k),
            let batch = Broadcast.shape([Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2))])
        else { return nil }
        var outShape = batch + [m, n]
        let count = try call.checkedCount(outShape)
        let aBatch = Broadcast.sourceIndices(from: Array(a.shape.dropLast(2)), to: batch)
        let bBatch = Broadcast.sourceIndices(from: Array(b.shape.dropLast(2)), to: batch)
        let out = av.withUnsafeBufferPointer { pa in
            bv.withUnsafeBufferPointer { pb in
                FastSupport.floats(count: count) { pc in
                    // Both inputs are non-empty (checked above), so their buffers have addresses.
                    guard let a = pa.baseAddress, let b = pb.baseAddress else { return }
                    // Several small products: one per core at a time, each on one thread.
                    let perCore = aBatch.count > 1 && m * n * k < FastSupport.splitWork * FastSupport.cores
                    let sa = FastSupport.UncheckedBox(a), sb = FastSupport.UncheckedBox(b)
                    let sc = FastSupport.SharedPointer(base: pc)
                    let product = { (p: Int) in
                        FastSupport.sgemm(
                            transA: false, transB: false, m: m, n: n, k: k, alpha: 1,
                            a: sa.value + aBatch[p] * m * k, lda: max(k, 1),
                            b: sb.value + bBatch[p] * k * n, ldb: max(n, 1), beta: 0,
                            c: sc.base + p * m * n, ldc: max(n, 1), split: !perCore)
                    }
                    if perCore {
                        WorkerPool.shared.run(aBatch.count, product)
                    } else {
                        for p in 0..<aBatch.count { product(p) }
                    }
                }
            }
        }
        if a0.rank == 1 { outShape.remove(at: outShape.count - 2) }
        if b0.rank == 1 { outShape.removeLast() }
        return [.tensor(NDArray(out, shape: outShape))]
    }

    /// Gemm (opset 7+): alpha · op(A) · op(B) + beta · C, C broadcast to [M, N].
    static let gemm: Kernel = FastSupport.override("Gemm") { call throws(InterpreterError) in
        guard call.opset >= 7 else { return nil }
        let a = try call.tensor(0), b = try call.tensor(1)
        let c = try call.optionalTensor(2)
        guard a.dtype == .float32, b.dtype == .float32, a.rank == 2, b.rank == 2, c == nil || c?.dtype == .float32,
            let av = a.floats, let bv = b.floats, !av.isEmpty, !bv.isEmpty
        else { return nil }
        let transA = try call.int("transA", default: 0) != 0, transB = try call.int("transB", default: 0) != 0
        let alpha = try call.float("alpha", default: 1), beta = try call.float("beta", default: 1)
        let m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1]
        let kb = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
        guard k == kb, FastSupport.fitsBLAS(m, n, k) else { return nil }
        let count = try call.checkedCount([m, n])
        var source: [Int]? = nil
        if let c {
            guard c.rank <= 2, Broadcast.shape([c.shape, [m, n]]) == [m, n] else { return nil }
            source = Broadcast.sourceIndices(from: c.shape, to: [m, n])
        }
        let cv = c?.floats ?? []
        let aShape = a.shape, bShape = b.shape
        let out = av.withUnsafeBufferPointer { pa in
            bv.withUnsafeBufferPointer { pb in
                FastSupport.floats(count: count) { pc in
                    guard let a = pa.baseAddress, let b = pb.baseAddress else { return }
                    if let source {
                        for i in 0..<count { pc[i] = cv[source[i]] }
                    }
                    FastSupport.sgemm(
                        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                        a: a, lda: max(aShape[1], 1), b: b, ldb: max(bShape[1], 1),
                        beta: source == nil ? 0 : beta, c: pc, ldc: max(n, 1))
                }
            }
        }
        return [.tensor(NDArray(out, shape: [m, n]))]
    }
}
