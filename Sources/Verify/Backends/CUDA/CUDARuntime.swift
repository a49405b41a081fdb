// The cuda backend's device state: the driver, the first GPU's primary context, our kernels
// compiled for that GPU by NVRTC, and a cuBLAS handle. Made once per process on first use
// (`CUDARuntime.shared`), which is also what decides whether the backend is available.
//
// Work is serialised: a kernel takes the runtime's lock for the whole of its device work
// (uploads, launches), so interpreters running on several threads share one GPU
// safely, and every call first makes our context current on the calling thread. The lock is
// recursive: a device buffer given back while a session holds it takes it again. Kernels'
// outputs stay on the device (`DeviceTensor`); freed device buffers are kept for reuse by size
// so that a run does not call cuMemAlloc/cuMemFree per kernel.

import Foundation
import GraphIR

/// The process's CUDA device, context, kernels and cuBLAS handle.
final class CUDARuntime: @unchecked Sendable {
    typealias DevicePointer = UInt64

    let driver: CUDADriver
    let nvrtc: NVRTC
    let cublas: CUBLAS
    let device: Int32
    /// "NVIDIA H200, compute capability 9.0".
    let deviceDescription: String
    /// The architecture the kernels were compiled for (90 for sm_90) and how.
    let architecture: Int
    let imageKind: NVRTC.Output
    let context: OpaquePointer
    let blas: CUBLAS.Handle
    private let functions: [String: OpaquePointer]
    private let lock = NSRecursiveLock()
    /// Freed device buffers by byte size, for reuse; guarded by `lock`.
    private var pool: [Int: [DevicePointer]] = [:]
    private var pooledBytes = 0
    /// The most bytes kept in `pool`; beyond it, buffers are freed.
    static let poolLimit = 2 << 30

    /// The runtime, or why the backend cannot run here (which library or step failed).
    static let shared: Result<CUDARuntime, CUDAError> = Result { () throws(CUDAError) in try CUDARuntime() }

    private init() throws(CUDAError) {
        let driver: CUDADriver, nvrtc: NVRTC, cublas: CUBLAS
        do throws(DynamicLibrary.LoadError) {
            driver = try CUDADriver.load()
        } catch {
            throw CUDAError(error.description)
        }
        try driver.check(driver.cuInit(0), "cuInit")
        var count: Int32 = 0
        try driver.check(driver.cuDeviceGetCount(&count), "cuDeviceGetCount")
        guard count > 0 else { throw CUDAError("the driver reports no CUDA device") }
        // NVRTC and cuBLAS are looked for only once a device is known to exist, so that the
        // reason given on a machine without a GPU is the missing GPU.
        do throws(DynamicLibrary.LoadError) {
            nvrtc = try NVRTC.load()
        } catch {
            throw CUDAError(error.description)
        }
        do throws(DynamicLibrary.LoadError) {
            cublas = try CUBLAS.load()
        } catch {
            throw CUDAError(error.description)
        }
        var device: Int32 = 0
        try driver.check(driver.cuDeviceGet(&device, 0), "cuDeviceGet")
        var major: Int32 = 0, minor: Int32 = 0
        try driver.check(driver.cuDeviceGetAttribute(&major, CUDADriver.computeCapabilityMajor, device), "cuDeviceGetAttribute")
        try driver.check(driver.cuDeviceGetAttribute(&minor, CUDADriver.computeCapabilityMinor, device), "cuDeviceGetAttribute")
        var name = [CChar](repeating: 0, count: 256)
        _ = driver.cuDeviceGetName(&name, Int32(name.count - 1), device)
        let deviceName = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var context: OpaquePointer? = nil
        try driver.check(driver.cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain")
        guard let context else { throw CUDAError("cuDevicePrimaryCtxRetain returned no context") }
        try driver.check(driver.cuCtxSetCurrent(context), "cuCtxSetCurrent")

        // Machine code for the device (or the newest architecture NVRTC knows below it), so
        // that the driver need not understand this NVRTC's PTX version; PTX where that fails.
        let deviceArchitecture = Int(major) * 10 + Int(minor)
        let supported = nvrtc.supportedArchitectures
        let architecture = supported.isEmpty ? deviceArchitecture : (supported.last { $0 <= deviceArchitecture } ?? deviceArchitecture)
        var functions: [String: OpaquePointer] = [:]
        var kind = NVRTC.Output.cubin
        for module in CUDAKernelSource.modules {
            var loaded: OpaquePointer? = nil
            var failures: [String] = []
            for output in kind == .cubin ? [NVRTC.Output.cubin, .ptx] : [.ptx] {
                do throws(CUDAError) {
                    let image = try nvrtc.compile(module.source, name: module.name, architecture: architecture, output: output)
                    var handle: OpaquePointer? = nil
                    let status = image.withUnsafeBytes { raw in
                        raw.baseAddress.map { driver.cuModuleLoadData(&handle, $0) } ?? -1
                    }
                    try driver.check(status, "cuModuleLoadData(\(module.name), \(output))")
                    loaded = handle
                    kind = output
                    break
                } catch {
                    failures.append(error.description)
                }
            }
            guard let loaded else { throw CUDAError(failures.joined(separator: "; ")) }
            for entry in module.entryPoints {
                var function: OpaquePointer? = nil
                try driver.check(driver.cuModuleGetFunction(&function, loaded, entry), "cuModuleGetFunction(\(entry))")
                guard let function else { throw CUDAError("\(module.name) has no kernel \(entry)") }
                functions[entry] = function
            }
        }
        self.driver = driver
        self.nvrtc = nvrtc
        self.cublas = cublas
        self.device = device
        self.deviceDescription = "\(deviceName), compute capability \(major).\(minor)"
        self.architecture = architecture
        self.imageKind = kind
        self.context = context
        self.functions = functions
        self.blas = try cublas.makeHandle()
    }

    /// Runs `body` with the device to itself: the lock held, our context current. Buffers the
    /// session allocated go back to the pool when it ends, whether it succeeds or throws.
    func session<T>(_ body: (CUDASession) throws(CUDAError) -> T) throws(CUDAError) -> T {
        try CUDASession.run(on: self, body)
    }

    func exclusive<T>(_ body: () throws(CUDAError) -> T) throws(CUDAError) -> T {
        lock.lock()
        defer { lock.unlock() }
        try driver.check(driver.cuCtxSetCurrent(context), "cuCtxSetCurrent")
        return try body()
    }

    /// A device buffer of at least `bytes` (from the pool when one of that size is free).
    /// Called with the lock held.
    func acquire(bytes: Int) throws(CUDAError) -> DevicePointer {
        let size = Self.bucket(bytes)
        if var free = pool[size], let pointer = free.popLast() {
            pool[size] = free
            pooledBytes -= size
            return pointer
        }
        var pointer: DevicePointer = 0
        var status = driver.cuMemAlloc(&pointer, size)
        if status != 0 {
            // Out of memory, perhaps because of what the pool holds: give it back and try once more.
            trimPool()
            status = driver.cuMemAlloc(&pointer, size)
        }
        try driver.check(status, "cuMemAlloc(\(size) bytes)")
        return pointer
    }

    /// Returns a buffer to the pool (or frees it past the pool's limit). Called with the lock held.
    func release(_ pointer: DevicePointer, bytes: Int) {
        let size = Self.bucket(bytes)
        if pooledBytes + size > Self.poolLimit {
            _ = driver.cuMemFree(pointer)
            return
        }
        pool[size, default: []].append(pointer)
        pooledBytes += size
    }

    private func trimPool() {
        for (_, pointers) in pool { for pointer in pointers { _ = driver.cuMemFree(pointer) } }
        pool = [:]
        pooledBytes = 0
    }

    /// Allocation sizes: powers of two from 256 bytes, so buffers of similar sizes share a bucket.
    static func bucket(_ bytes: Int) -> Int {
        var size = 256
        while size < bytes { size <<= 1 }
        return size
    }

    func copy(toDevice destination: DevicePointer, from source: UnsafeRawPointer, bytes: Int) throws(CUDAError) {
        try driver.check(driver.cuMemcpyHtoD(destination, source, bytes), "cuMemcpyHtoD(\(bytes) bytes)")
    }

    func copy(fromDevice source: DevicePointer, to destination: UnsafeMutableRawPointer, bytes: Int) throws(CUDAError) {
        try driver.check(driver.cuMemcpyDtoH(destination, source, bytes), "cuMemcpyDtoH(\(bytes) bytes)")
    }

    func synchronize() throws(CUDAError) {
        try driver.check(driver.cuCtxSynchronize(), "a kernel (cuCtxSynchronize)")
    }

    func launch(
        _ kernel: String, blocks: Int, threads: Int, arguments: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    ) throws(CUDAError) {
        guard let function = functions[kernel] else { throw CUDAError("no compiled kernel \(kernel)") }
        let status = driver.cuLaunchKernel(function, UInt32(blocks), 1, 1, UInt32(threads), 1, 1, 0, nil, arguments, nil)
        try driver.check(status, "cuLaunchKernel(\(kernel))")
    }

    func gemm(_ product: CUDAGemm) throws(CUDAError) {
        try cublas.gemm(blas, product)
    }
}

/// What a `CUDASession` drives: the GPU (`CUDARuntime`) or, in tests, a host emulation of the
/// same kernels and of cuBLAS's column-major GEMM, so that everything but the device itself —
/// argument marshalling, shapes, fallbacks, the kernels' arithmetic — is tested without a GPU.
protocol CUDAExecutor: AnyObject, Sendable {
    /// Runs `body` with the device to this thread alone (re-entrant on that thread).
    func exclusive<T>(_ body: () throws(CUDAError) -> T) throws(CUDAError) -> T
    /// A device buffer of at least `bytes`; called inside `exclusive`.
    func acquire(bytes: Int) throws(CUDAError) -> UInt64
    /// Gives back a buffer from `acquire` of `bytes` requested; called inside `exclusive`.
    func release(_ pointer: UInt64, bytes: Int)
    func copy(toDevice destination: UInt64, from source: UnsafeRawPointer, bytes: Int) throws(CUDAError)
    func copy(fromDevice source: UInt64, to destination: UnsafeMutableRawPointer, bytes: Int) throws(CUDAError)
    /// Waits for all queued work; where a failed kernel reports its error.
    func synchronize() throws(CUDAError)
    /// Launches `kernel` on `blocks` × `threads`; `arguments` holds one pointer per parameter.
    func launch(_ kernel: String, blocks: Int, threads: Int, arguments: UnsafeMutablePointer<UnsafeMutableRawPointer?>) throws(CUDAError)
    func gemm(_ product: CUDAGemm) throws(CUDAError)
}

extension CUDARuntime: CUDAExecutor {}

extension CUDAExecutor {
    /// Copies `values` to the device at `address` (which holds at least their bytes).
    func upload<T>(_ values: [T], to address: UInt64) throws(CUDAError) {
        guard !values.isEmpty else { return }
        // withUnsafeBytes rethrows untyped errors: carry the CUDA error out by hand.
        let failure: CUDAError? = values.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            do throws(CUDAError) {
                try copy(toDevice: address, from: base, bytes: raw.count)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// `count` elements of `T` copied back from `address` (the caller waits for queued work first).
    func download<T>(_ address: UInt64, count: Int, as type: T.Type) throws(CUDAError) -> [T] {
        guard count > 0 else { return [] }
        var failure: CUDAError? = nil
        let values = [T](unsafeUninitializedCapacity: count) { out, initialized in
            let bytes = count * MemoryLayout<T>.stride
            guard let base = out.baseAddress else { return }
            let raw = UnsafeMutableRawPointer(base)
            do throws(CUDAError) {
                try copy(fromDevice: address, to: raw, bytes: bytes)
            } catch {
                failure = error
                // The elements are plain numbers; zero them so the array is initialised either way.
                raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            }
            initialized = count
        }
        if let failure { throw failure }
        return values
    }
}

/// A row-major float32 product C = alpha · op(A) · op(B) + beta · C on the device, `batch`
/// times with the operands `stride*` elements apart (see `CUBLAS.gemm`).
struct CUDAGemm: Sendable {
    var transA = false, transB = false
    var m: Int, n: Int, k: Int
    var alpha: Float = 1, beta: Float = 0
    var a: UInt64, lda: Int, strideA = 0
    var b: UInt64, ldb: Int, strideB = 0
    var c: UInt64, ldc: Int, strideC = 0
    var batch = 1
}

/// The device work of one kernel call: allocations, uploads, launches and cuBLAS products, all
/// made while the executor is held (`CUDASession.run`). Work is queued, not waited for: a
/// failure on the device is reported when a tensor is next brought to the host.
final class CUDASession {
    typealias DevicePointer = UInt64
    let executor: any CUDAExecutor
    /// Every buffer handed out, with its requested size, released when the session ends.
    private var allocations: [(DevicePointer, Int)] = []

    private init(executor: any CUDAExecutor) { self.executor = executor }

    /// Runs `body` with `executor` held; the session's buffers are given back when it ends,
    /// whether it succeeds or throws.
    static func run<T>(on executor: any CUDAExecutor, _ body: (CUDASession) throws(CUDAError) -> T) throws(CUDAError) -> T {
        try executor.exclusive { () throws(CUDAError) -> T in
            let session = CUDASession(executor: executor)
            defer { for (pointer, bytes) in session.allocations { executor.release(pointer, bytes: bytes) } }
            return try body(session)
        }
    }

    /// An uninitialised device buffer of `count` elements of `T`.
    func allocate<T>(_ count: Int, of type: T.Type = Float.self) throws(CUDAError) -> DevicePointer {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        let pointer = try executor.acquire(bytes: bytes)
        allocations.append((pointer, bytes))
        return pointer
    }

    /// The device address of a kernel operand, uploading its host elements the first time.
    func address(_ tensor: DeviceTensor) throws(CUDAError) -> DevicePointer {
        try tensor.address(on: executor)
    }

    /// A kernel output of `shape` (`count` elements, already checked) that stays on the device
    /// after the session: the tensor owns its buffer.
    func output(_ shape: [Int], count: Int, dtype: DType = .float32) throws(CUDAError) -> DeviceTensor {
        let bytes = max(1, count) * DeviceTensor.width(dtype)
        let buffer = DeviceBuffer(executor: executor, address: try executor.acquire(bytes: bytes), bytes: bytes)
        return DeviceTensor(buffer: buffer, dtype: dtype, shape: shape, count: count)
    }

    /// A device copy of `values`.
    func upload<T>(_ values: [T]) throws(CUDAError) -> DevicePointer {
        let pointer = try allocate(values.count, of: T.self)
        try executor.upload(values, to: pointer)
        return pointer
    }

    /// Launches an elementwise kernel over `elements` items (a grid-stride loop: any grid works).
    func launch(_ kernel: String, elements: Int, _ arguments: [CUDAArgument]) throws(CUDAError) {
        guard elements > 0 else { return }
        let threads = 256
        try launch(kernel, blocks: min((elements + threads - 1) / threads, 65_535 * 16), threads: threads, arguments)
    }

    /// Launches a row kernel: one block of `CUDAKernelSource.blockSize` threads per row, the
    /// grid capped (the kernels loop over the remaining rows).
    func launch(_ kernel: String, rows: Int, _ arguments: [CUDAArgument]) throws(CUDAError) {
        guard rows > 0 else { return }
        try launch(kernel, blocks: min(rows, 65_535 * 16), threads: CUDAKernelSource.blockSize, arguments)
    }

    private func launch(_ kernel: String, blocks: Int, threads: Int, _ arguments: [CUDAArgument]) throws(CUDAError) {
        // A launch takes one pointer per argument, to a copy of its value.
        let storage = arguments.map { argument -> UnsafeMutableRawPointer in
            let bytes = argument.bytes
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 8), alignment: 16)
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { pointer.copyMemory(from: base, byteCount: raw.count) }
            }
            return pointer
        }
        defer { for pointer in storage { pointer.deallocate() } }
        var pointers: [UnsafeMutableRawPointer?] = storage + [nil]  // never empty, so it has an address
        let failure: CUDAError? = pointers.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return CUDAError("no argument buffer for \(kernel)") }
            do throws(CUDAError) {
                try executor.launch(kernel, blocks: blocks, threads: threads, arguments: base)
                CUDAWorkCounter.add()
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Row-major C = alpha · op(A) · op(B) + beta · C on the device (see `CUBLAS.gemm`).
    func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: DevicePointer, lda: Int, strideA: Int = 0, b: DevicePointer, ldb: Int, strideB: Int = 0, beta: Float = 0,
        c: DevicePointer, ldc: Int, strideC: Int = 0, batch: Int = 1
    ) throws(CUDAError) {
        try executor.gemm(CUDAGemm(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta, a: a, lda: max(lda, 1), strideA: strideA,
            b: b, ldb: max(ldb, 1), strideB: strideB, c: c, ldc: max(ldc, 1), strideC: strideC, batch: batch))
        CUDAWorkCounter.add()
    }
}

/// One kernel argument, as the bytes of its C type.
enum CUDAArgument {
    /// A device pointer (0 for a null pointer).
    case pointer(UInt64)
    /// A C `long long`.
    case int(Int)
    /// A C `int`.
    case int32(Int32)
    /// A C `double`.
    case double(Double)
    /// A struct made only of `long long` fields, in field order.
    case int64s([Int64])

    var bytes: [UInt8] {
        switch self {
        case .pointer(let v): return withUnsafeBytes(of: v) { Array($0) }
        case .int(let v): return withUnsafeBytes(of: Int64(v)) { Array($0) }
        case .int32(let v): return withUnsafeBytes(of: v) { Array($0) }
        case .double(let v): return withUnsafeBytes(of: v) { Array($0) }
        case .int64s(let v): return v.withUnsafeBytes { Array($0) }
        }
    }
}
