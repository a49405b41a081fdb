// Shared pieces of the fast backend: delegation to the reference kernels, a parallel loop
// over chunks, and a float32 GEMM through OpenBLAS.

import CFastKernels
import Dispatch
import Foundation
import GraphIR

enum FastSupport {
    /// Whether this CPU runs the AVX-512 kernels of CFastKernels.
    static let avx512 = mshub_avx512_supported() != 0
    /// Runs the reference kernel of `op` on `call` (the fast kernel's fallback).
    static func reference(_ op: String, _ call: KernelCall) throws(InterpreterError) -> [RuntimeValue] {
        guard let kernel = KernelRegistry.standard(.reference).kernel(op, domain: "") else {
            throw call.error(.unsupportedOp, "no reference kernel for \(op)")
        }
        return try kernel(call)
    }

    /// A kernel that uses `fast` when it returns a result and the reference kernel of `op` when it returns nil.
    static func override(
        _ op: String, _ fast: @escaping @Sendable (KernelCall) throws(InterpreterError) -> [RuntimeValue]?
    ) -> Kernel {
        { call throws(InterpreterError) in
            if let result = try fast(call) { return result }
            return try reference(op, call)
        }
    }

    /// Elements per parallel chunk of elementwise work.
    static let chunk = 1 << 15

    /// A pointer that may be shared by the iterations of a parallel loop writing disjoint parts.
    typealias SharedPointer = ParallelLoops.Pointer

    /// Runs `body(range)` over `0..<count` in chunks of `chunk` items, in parallel when there is
    /// more than one chunk.
    static func parallelChunks(_ count: Int, chunk: Int = FastSupport.chunk, _ body: (Range<Int>) -> Void) {
        let chunk = max(1, chunk)
        let chunks = (count + chunk - 1) / chunk
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        WorkerPool.shared.run(chunks) { i in body(i * chunk..<min(count, (i + 1) * chunk)) }
    }

    struct UncheckedBox<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// A float32 array of `count` elements filled by `fill`, which writes through the pointer.
    static func floats(count: Int, _ fill: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0, let base = buffer.baseAddress { fill(base) }
            initialized = count
        }
    }

    /// C[m×n] = alpha · op(A) · op(B) + beta · C, row-major, through OpenBLAS (or plain loops
    /// where OpenBLAS cannot be loaded).
    static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, split: Bool = true
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        if let blas = OpenBLAS.shared.sgemm {
            let ta = transA ? OpenBLAS.trans : OpenBLAS.noTrans, tb = transB ? OpenBLAS.trans : OpenBLAS.noTrans
            // Large products are split into one part per core, along N when it is wide enough
            // (C[:, j0..<j1] = op(A) · op(B)[:, j0..<j1]) and along M otherwise.
            let (work, overflow) = m.multipliedReportingOverflow(by: n)
            // A product with few rows (a matrix-vector product, a classifier's last layer) is
            // bound by reading B: it is split by B's size, each part reading its own columns.
            let (bElements, bOverflow) = n.multipliedReportingOverflow(by: k)
            let streaming = m <= 8 && !bOverflow && bElements >= splitWork
            let parts = !split ? 1 : streaming ? cores : min(cores, overflow || work.multipliedReportingOverflow(by: k).overflow ? cores : max(1, work * k / splitWork))
            let alongN = n >= 64 * parts || n >= m
            let extent = alongN ? n : m
            let unit = alongN ? 16 : 4
            let piece = ((extent + parts - 1) / parts + unit - 1) / unit * unit
            let count = parts > 1 && piece < extent ? (extent + piece - 1) / piece : 1
            if count == 1 {
                blas(OpenBLAS.rowMajor, ta, tb, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
                return
            }
            let out = SharedPointer(base: c), pa = UncheckedBox(a), pb = UncheckedBox(b)
            WorkerPool.shared.run(count) { part in
                let a = pa.value, b = pb.value
                let start = part * piece, size = min(extent, start + piece) - start
                if alongN {
                    blas(
                        OpenBLAS.rowMajor, ta, tb, Int32(m), Int32(size), Int32(k), alpha, a, Int32(lda),
                        transB ? b + start * ldb : b + start, Int32(ldb), beta, out.base + start, Int32(ldc))
                } else {
                    blas(
                        OpenBLAS.rowMajor, ta, tb, Int32(size), Int32(n), Int32(k), alpha, transA ? a + start : a + start * lda,
                        Int32(lda), b, Int32(ldb), beta, out.base + start * ldc, Int32(ldc))
                }
            }
            return
        }
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
            for p in 0..<k {
                let scale = alpha * (transA ? a[p * lda + i] : a[i * lda + p])
                if transB {
                    for j in 0..<n { row[j] += scale * b[j * ldb + p] }
                } else {
                    let bRow = b + p * ldb
                    for j in 0..<n { row[j] += scale * bRow[j] }
                }
            }
        }
    }

    /// The cores the fast kernels spread work over.
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Multiply-adds per part below which a product is not split.
    static let splitWork = 1 << 20

    /// Whether every size fits OpenBLAS's index type.
    static func fitsBLAS(_ sizes: Int...) -> Bool { sizes.allSatisfy { $0 >= 0 && $0 <= Int(Int32.max) } }
}
