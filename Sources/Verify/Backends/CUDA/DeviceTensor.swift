// Tensors of the cuda backend that stay on the device between kernels.
//
// A kernel of the cuda backend returns its output as a `DeviceTensor` (`RuntimeValue.device`)
// without copying it back: the next cuda kernel reads it where it is, and only a kernel that
// needs the elements on the host (a reference fallback, a graph output) downloads them, once,
// through `KernelCall`. Host tensors a cuda kernel reads (graph inputs, initializers) are
// wrapped the other way: the first kernel uploads them and later kernels, and later runs of
// the same interpreter for initializers, reuse the copy.
//
// Locks: a tensor's own lock is only ever taken inside the executor's (or with no other lock
// held), so the two cannot deadlock. The executor's lock is recursive, so a buffer released
// while a session holds it (a kernel's output dropped because a later step threw) is fine.

import Foundation
import GraphIR

/// A buffer of device memory, given back to its executor's pool when the last tensor that
/// uses it goes. Work queued on the device stays ordered, so a buffer reused by a later kernel
/// is not written before earlier kernels have read it.
final class DeviceBuffer: @unchecked Sendable {
    let executor: any CUDAExecutor
    let address: UInt64
    let bytes: Int

    init(executor: any CUDAExecutor, address: UInt64, bytes: Int) {
        self.executor = executor
        self.address = address
        self.bytes = bytes
    }

    deinit {
        let executor = self.executor, address = self.address, bytes = self.bytes
        try? executor.exclusive { () throws(CUDAError) in executor.release(address, bytes: bytes) }
    }
}

/// A float32 or int64 tensor of the cuda backend, on the device, on the host, or on both.
public final class DeviceTensor: @unchecked Sendable, CustomStringConvertible {
    public let dtype: DType
    public let shape: [Int]
    /// The element count (the product of `shape`, checked by whoever made the tensor).
    public let count: Int
    private let lock = NSLock()
    private var hostCopy: NDArray?
    private var buffer: DeviceBuffer?

    /// `array` as a tensor the cuda kernels read (uploaded by the first of them) when it is a
    /// non-empty float32 tensor, the only kind they take; nil otherwise.
    static func resident(_ array: NDArray) -> DeviceTensor? {
        array.dtype == .float32 && array.count > 0 ? DeviceTensor(host: array) : nil
    }

    /// A host tensor, uploaded by the first kernel that reads it on the device.
    convenience init(host: NDArray) {
        self.init(dtype: host.dtype, shape: host.shape, count: host.count, buffer: nil, host: host)
    }

    /// A tensor whose elements are (or will be, once queued work ends) in `buffer`.
    convenience init(buffer: DeviceBuffer, dtype: DType, shape: [Int], count: Int) {
        self.init(dtype: dtype, shape: shape, count: count, buffer: buffer, host: nil)
    }

    /// At least one of `buffer` and `host` is given by every caller.
    private init(dtype: DType, shape: [Int], count: Int, buffer: DeviceBuffer?, host: NDArray?) {
        self.dtype = dtype
        self.shape = shape
        self.count = count
        self.buffer = buffer
        self.hostCopy = host
    }

    public var rank: Int { shape.count }
    public var strides: [Int] { NDArray.strides(shape) }
    public var description: String { "\(dtype)\(shape) on the device" }

    /// The same elements under another shape of the same count: the buffer and any host copy are shared.
    func viewed(as newShape: [Int]) -> DeviceTensor {
        lock.lock()
        defer { lock.unlock() }
        return DeviceTensor(dtype: dtype, shape: newShape, count: count, buffer: buffer, host: hostCopy?.reshaped(newShape))
    }

    /// The elements on the host: the copy held, or downloaded once all queued device work has
    /// finished (which is also where a kernel that failed on the device reports it).
    func host() throws(CUDAError) -> NDArray {
        if let held = lock.withLock({ hostCopy }) { return held }
        guard let buffer = lock.withLock({ buffer }) else { throw CUDAError("a device tensor holds no elements") }
        return try buffer.executor.exclusive { () throws(CUDAError) -> NDArray in
            lock.lock()
            defer { lock.unlock() }
            if let hostCopy { return hostCopy }
            try buffer.executor.synchronize()
            let storage: ArrayStorage
            switch dtype {
            case .float32: storage = .float32(try buffer.executor.download(buffer.address, count: count, as: Float.self))
            case .int64: storage = .int64(try buffer.executor.download(buffer.address, count: count, as: Int64.self))
            default: throw CUDAError("device tensors of \(dtype) are not supported")
            }
            let array = NDArray(dtype: dtype, shape: shape, storage: storage)
            hostCopy = array
            return array
        }
    }

    /// The device address of the elements on `executor`, uploading the host copy the first
    /// time. Called inside a session (the executor's lock held).
    func address(on executor: any CUDAExecutor) throws(CUDAError) -> UInt64 {
        let (address, retired) = try placed(on: executor)
        // A buffer on another executor is given back here, outside this tensor's lock (its
        // executor's lock is taken, and locks are only ever taken executor first).
        withExtendedLifetime(retired) {}
        return address
    }

    /// The address on `executor` and, when the elements moved there, the buffer they left.
    private func placed(on executor: any CUDAExecutor) throws(CUDAError) -> (UInt64, DeviceBuffer?) {
        lock.lock()
        defer { lock.unlock() }
        if let buffer, buffer.executor === executor { return (buffer.address, nil) }
        // Not on this executor (a test's emulator after another, say): upload the host copy.
        guard let hostCopy else { throw CUDAError("a tensor on another device was read here") }
        let bytes = max(1, count) * Self.width(dtype)
        let address = try executor.acquire(bytes: bytes)
        let fresh = DeviceBuffer(executor: executor, address: address, bytes: bytes)
        switch hostCopy.storage {
        case .float32(let values): try executor.upload(values, to: address)
        case .int64(let values): try executor.upload(values, to: address)
        default: throw CUDAError("only float32 and int64 tensors go to the device")
        }
        let retired = buffer
        buffer = fresh
        return (address, retired)
    }

    static func width(_ dtype: DType) -> Int { dtype == .int64 ? 8 : 4 }
}

extension DeviceTensor: Equatable {
    /// The same tensor object (elements on the device are not compared).
    public static func == (a: DeviceTensor, b: DeviceTensor) -> Bool { a === b }
}
