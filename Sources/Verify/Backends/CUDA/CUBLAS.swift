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

    /// Row-major C[m×n] = alpha · op(A) · op(B) + beta · C for `batch` products whose operands
    /// start `strideA`, `strideB`, `strideC` elements apart (a stride of 0 reuses one operand).
    /// `lda`, `ldb`, `ldc` are row-major leading dimensions (row lengths as stored).
    func gemm(
        _ handle: Handle, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: DevicePointer, lda: Int, strideA: Int = 0, b: DevicePointer, ldb: Int, strideB: Int = 0, beta: Float,
        c: DevicePointer, ldc: Int, strideC: Int = 0, batch: Int = 1
    ) throws(CUDAError) {
        guard m > 0, n > 0, batch > 0 else { return }
        for size in [m, n, k, lda, ldb, ldc, batch] where size > Int(Int32.max) {
            throw CUDAError("a matrix dimension (\(size)) exceeds cuBLAS's 32-bit sizes")
        }
        var alpha = alpha, beta = beta
        // Column-major view: Cᵀ[n×m] = op(B)ᵀ[n×k] · op(A)ᵀ[k×m].
        let opB = transB ? Self.transpose : Self.noTranspose, opA = transA ? Self.transpose : Self.noTranspose
        let status: Status
        if batch == 1 {
            status = cublasSgemm(
                handle, opB, opA, Int32(n), Int32(m), Int32(k), &alpha, b, Int32(ldb), a, Int32(lda), &beta, c, Int32(ldc))
        } else {
            status = cublasSgemmStridedBatched(
                handle, opB, opA, Int32(n), Int32(m), Int32(k), &alpha, b, Int32(ldb), Int64(strideB), a, Int32(lda),
                Int64(strideA), &beta, c, Int32(ldc), Int64(strideC), Int32(batch))
        }
        guard status == 0 else { throw CUDAError("cublasSgemm (\(m)×\(n)×\(k), batch \(batch)) failed: \(Self.message(status))") }
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
