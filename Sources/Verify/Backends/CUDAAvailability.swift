// Whether an NVIDIA GPU can be used: the CUDA driver library is loaded at run time (dlopen), so
// mshub builds and runs on machines without CUDA; there the backend reports why it is unavailable.

#if canImport(Glibc)
    import Glibc
#endif

/// The result of probing for CUDA.
public struct CUDAProbe: Sendable, Equatable, CustomStringConvertible {
    /// Whether a usable device was found.
    public var available: Bool
    /// Devices the driver reports.
    public var deviceCount: Int
    /// The driver's CUDA version (e.g. 12040 for 12.4), when the driver loaded.
    public var driverVersion: Int?
    /// Why the backend cannot run, when it cannot.
    public var reason: String?

    public var description: String {
        if available {
            return "cuda: \(deviceCount) device(s), driver \(driverVersion.map { "\($0 / 1000).\($0 % 1000 / 10)" } ?? "?")"
        }
        return "cuda: unavailable (\(reason ?? "unknown reason"))"
    }
}

public enum CUDAAvailability {
    /// Probes once per process: loads libcuda, calls cuInit(0) and cuDeviceGetCount.
    public static let probe: CUDAProbe = {
        #if os(Linux)
            guard let handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL) else {
                return CUDAProbe(available: false, deviceCount: 0, driverVersion: nil, reason: "the NVIDIA driver library libcuda.so.1 is not installed")
            }
            typealias InitFn = @convention(c) (UInt32) -> Int32
            typealias CountFn = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
            typealias VersionFn = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
            guard let initSymbol = dlsym(handle, "cuInit"), let countSymbol = dlsym(handle, "cuDeviceGetCount"),
                let versionSymbol = dlsym(handle, "cuDriverGetVersion")
            else {
                return CUDAProbe(available: false, deviceCount: 0, driverVersion: nil, reason: "libcuda.so.1 lacks the driver API entry points")
            }
            let cuInit = unsafeBitCast(initSymbol, to: InitFn.self)
            let cuDeviceGetCount = unsafeBitCast(countSymbol, to: CountFn.self)
            let cuDriverGetVersion = unsafeBitCast(versionSymbol, to: VersionFn.self)
            var version: Int32 = 0
            let versionStatus = cuDriverGetVersion(&version)
            let status = cuInit(0)
            guard status == 0 else {
                return CUDAProbe(available: false, deviceCount: 0, driverVersion: versionStatus == 0 ? Int(version) : nil, reason: "cuInit failed with CUDA error \(status)")
            }
            var count: Int32 = 0
            guard cuDeviceGetCount(&count) == 0, count > 0 else {
                return CUDAProbe(available: false, deviceCount: 0, driverVersion: Int(version), reason: "the driver reports no CUDA device")
            }
            return CUDAProbe(
                available: false, deviceCount: Int(count), driverVersion: Int(version),
                reason: "a device is present, but mshub's CUDA kernels are not built in this version (see issue 9)")
        #else
            return CUDAProbe(available: false, deviceCount: 0, driverVersion: nil, reason: "CUDA is only supported on Linux")
        #endif
    }()
}
