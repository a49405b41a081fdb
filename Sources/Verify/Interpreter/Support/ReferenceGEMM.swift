// The reference backend's matrix product in Double: C[m×n] += A[m×k] · B[k×n], row-major.
// Every element is summed over l = 0..<k in order, starting from what C holds (zero or a
// bias), so the result does not depend on tiling or threads. Tiles of 4 rows × 4 columns keep
// their sums in registers while l runs (4 rows × 32 columns in AVX-512 C where the CPU has it,
// with the same order and rounding); tiles of the output run in parallel.

import CFastKernels

enum ReferenceGEMM {
    static let tileColumns = 64

    static func multiplyAdd(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        let rowBlocks = (m + 3) / 4, columnBlocks = (n + tileColumns - 1) / tileColumns
        let out = ParallelLoops.Pointer(base: c)
        ParallelLoops.forEach(rowBlocks * columnBlocks, cost: 4 * tileColumns * k) { tile in
            let i0 = (tile / columnBlocks) * 4, j0 = (tile % columnBlocks) * tileColumns
            let i1 = min(m, i0 + 4), j1 = min(n, j0 + tileColumns)
            var j = j0
            if i1 - i0 == 4 {
                while FastSupport.avx512 && j + 32 <= j1 {
                    mshub_reference_gemm_4x32(
                        Int64(k), a + i0 * lda, Int64(lda), b + j, Int64(ldb), out.base + i0 * ldc + j, Int64(ldc))
                    j += 32
                }
                while j + 4 <= j1 {
                    kernel4x4(k: k, a: a + i0 * lda, lda: lda, b: b + j, ldb: ldb, c: out.base + i0 * ldc + j, ldc: ldc)
                    j += 4
                }
            }
            // Edges: one element at a time, same order of summation.
            for i in i0..<i1 {
                for jj in (i1 - i0 == 4 ? j : j0)..<j1 {
                    var sum = out.base[i * ldc + jj]
                    for l in 0..<k { sum += a[i * lda + l] * b[l * ldb + jj] }
                    out.base[i * ldc + jj] = sum
                }
            }
        }
    }

    @inline(__always)
    static func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    static func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }

    static func kernel4x4(
        k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>,
        ldc: Int
    ) {
        var c0 = load4(c), c1 = load4(c + ldc), c2 = load4(c + 2 * ldc), c3 = load4(c + 3 * ldc)
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda
        for l in 0..<k {
            let row = load4(b + l * ldb)
            c0 += SIMD4(repeating: a0[l]) * row
            c1 += SIMD4(repeating: a1[l]) * row
            c2 += SIMD4(repeating: a2[l]) * row
            c3 += SIMD4(repeating: a3[l]) * row
        }
        store4(c0, c)
        store4(c1, c + ldc)
        store4(c2, c + 2 * ldc)
        store4(c3, c + 3 * ldc)
    }
}
