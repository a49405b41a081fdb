// cuBLAS (libcublas.so.N), loaded with dlopen, for the cuda backend's float32 matrix products
// (MatMul, Gemm, and Conv as im2col + GEMM). cuBLAS is column-major; our arrays are row-major,
// so C = op(A)·op(B) is computed as Cᵀ = op(B)ᵀ·op(A)ᵀ, which in column-major terms is the same
// call with A and B (and their sizes) swapped. The handle runs in CUBLAS_DEFAULT_MATH, which
// keeps float32 products in float32 (no TF32 tensor-core rounding), and on the legacy default
// stream, like the backend's own kernels.

import Foundation

/// Pointers into libcublas. cublasStatus_t is an int (0 = CUBLAS_STATUS_SUCCESS); the handle is opaque.
struct CUBLAS: @unchecked Sendable {
    typealias Status = Int32
    typealias Handle = OpaquePointer
    typealias DevicePointer = UInt64

    typealias SGEMM = @convention(c) (
        Handle?, Int32, Int32, Int32, Int32, Int32, UnsafePointer<Float>, DevicePointer, Int32, DevicePointer, Int32,
        UnsafePointer<Float>, DevicePointer, Int32
    ) -> Status
    typealias SGEMMStridedBatched = @convention(c) (
        Handle?, Int32, Int32, Int32, Int32, Int32, UnsafePointer<Float>, DevicePointer, Int32, Int64, DevicePointer,
        Int32, Int64, UnsafePointer<Float>, DevicePointer, Int32, Int64, Int32
    ) -> Status

    let library: DynamicLibrary
    let cublasCreate: @convention(c) (UnsafeMutablePointer<Handle?>) -> Status
    let cublasSetMathMode: (@convention(c) (Handle?, Int32) -> Status)?
    let cublasSgemm: SGEMM
    let cublasSgemmStridedBatched: SGEMMStridedBatched

    /// cublasOperation_t.
    static let noTranspose: Int32 = 0
    static let transpose: Int32 = 1
    /// cublasMath_t CUBLAS_DEFAULT_MATH.
    static let defaultMath: Int32 = 0

    /// The sonames tried when `MSHUB_CUBLAS` is not set, newest CUDA first.
    static let sonames = ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"]

    /// Loads cuBLAS from `MSHUB_CUBLAS` (a file or a folder) or the standard sonames.
    static func load() throws(DynamicLibrary.LoadError) -> CUBLAS {
        let library = try DynamicLibrary.open("cuBLAS (libcublas.so)", names: sonames, variable: "MSHUB_CUBLAS")
        return CUBLAS(
            library: library,
            cublasCreate: try library.function("cublasCreate_v2", as: (@convention(c) (UnsafeMutablePointer<Handle?>) -> Status).self),
            cublasSetMathMode: library.optionalFunction("cublasSetMathMode", as: (@convention(c) (Handle?, Int32) -> Status).self),
            cublasSgemm: try library.function("cublasSgemm_v2", as: SGEMM.self),
            cublasSgemmStridedBatched: try library.function("cublasSgemmStridedBatched", as: SGEMMStridedBatched.self))
    }

    /// A handle bound to the current context, in default (full float32) math.
    func makeHandle() throws(CUDAError) -> Handle {
        var handle: Handle? = nil
        let status = cublasCreate(&handle)
        guard status == 0, let handle else { throw CUDAError("cublasCreate failed: \(Self.message(status))") }
        if let setMode = cublasSetMathMode {
            let mode = setMode(handle, Self.defaultMath)
            guard mode == 0 else { throw CUDAError("cublasSetMathMode failed: \(Self.message(mode))") }
        }
        return handle
    }

    /// The column-major cuBLAS call that computes a row-major product: Cᵀ[n×m] = op(B)ᵀ · op(A)ᵀ,
    /// so cuBLAS's first operand is our B and its second our A, each with its own transposition.
    struct ColumnMajor: Sendable, Equatable {
        var transFirst: Bool, transSecond: Bool
        var m: Int, n: Int, k: Int
        var first: UInt64, ldFirst: Int, strideFirst: Int
        var second: UInt64, ldSecond: Int, strideSecond: Int
        var c: UInt64, ldc: Int, strideC: Int
    }

    static func columnMajor(_ p: CUDAGemm) -> ColumnMajor {
        ColumnMajor(
            transFirst: p.transB, transSecond: p.transA, m: p.n, n: p.m, k: p.k, first: p.b, ldFirst: p.ldb, strideFirst: p.strideB,
            second: p.a, ldSecond: p.lda, strideSecond: p.strideA, c: p.c, ldc: p.ldc, strideC: p.strideC)
    }

    /// Row-major C[m×n] = alpha · op(A) · op(B) + beta · C for `batch` products whose operands
    /// start `strideA`, `strideB`, `strideC` elements apart (a stride of 0 reuses one operand).
    /// `lda`, `ldb`, `ldc` are row-major leading dimensions (row lengths as stored).
    func gemm(_ handle: Handle, _ p: CUDAGemm) throws(CUDAError) {
        guard p.m > 0, p.n > 0, p.batch > 0 else { return }
        for size in [p.m, p.n, p.k, p.lda, p.ldb, p.ldc, p.batch] where size > Int(Int32.max) {
            throw CUDAError("a matrix dimension (\(size)) exceeds cuBLAS's 32-bit sizes")
        }
        var alpha = p.alpha, beta = p.beta
        let g = Self.columnMajor(p)
        let opFirst = g.transFirst ? Self.transpose : Self.noTranspose, opSecond = g.transSecond ? Self.transpose : Self.noTranspose
        let status: Status
        if p.batch == 1 {
            status = cublasSgemm(
                handle, opFirst, opSecond, Int32(g.m), Int32(g.n), Int32(g.k), &alpha, g.first, Int32(g.ldFirst), g.second,
                Int32(g.ldSecond), &beta, g.c, Int32(g.ldc))
        } else {
            status = cublasSgemmStridedBatched(
                handle, opFirst, opSecond, Int32(g.m), Int32(g.n), Int32(g.k), &alpha, g.first, Int32(g.ldFirst),
                Int64(g.strideFirst), g.second, Int32(g.ldSecond), Int64(g.strideSecond), &beta, g.c, Int32(g.ldc),
                Int64(g.strideC), Int32(p.batch))
        }
        guard status == 0 else {
            throw CUDAError("cublasSgemm (\(p.m)×\(p.n)×\(p.k), batch \(p.batch)) failed: \(Self.message(status))")
        }
    }

    /// The cublasStatus_t name of `status` (values from cublas_api.h).
    static func message(_ status: Status) -> String {
        switch status {
        case 1: return "CUBLAS_STATUS_NOT_INITIALIZED"
        case 3: return "CUBLAS_STATUS_ALLOC_FAILED"
        case 7: return "CUBLAS_STATUS_INVALID_VALUE"
        case 8: return "CUBLAS_STATUS_ARCH_MISMATCH"
        case 11: return "CUBLAS_STATUS_MAPPING_ERROR"
        case 13: return "CUBLAS_STATUS_EXECUTION_FAILED"
        case 14: return "CUBLAS_STATUS_INTERNAL_ERROR"
        case 15: return "CUBLAS_STATUS_NOT_SUPPORTED"
        case 16: return "CUBLAS_STATUS_LICENSE_ERROR"
        default: return "cuBLAS status \(status)"
        }
    }
}
