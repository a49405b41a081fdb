// Whether an NVIDIA GPU can be used. Every NVIDIA library is loaded at run time (dlopen), so
// mshub builds and runs on machines without CUDA; there the backend reports why it is
// unavailable: which library is missing, that no device exists, or which step of starting the
// backend (context, kernel compilation, cuBLAS) failed.

#if canImport(Glibc)
    import Glibc
#endif

/// The result of probing for CUDA.
public struct CUDAProbe: Sendable, Equatable, CustomStringConvertible {
    /// Whether the cuda backend can run: the driver, a device, NVRTC and cuBLAS all loaded,
    /// and the backend's kernels compiled and loaded on the device.
    public var available: Bool
    /// Devices the driver reports.
    public var deviceCount: Int
    /// The driver's CUDA version (e.g. 12040 for 12.4), when the driver loaded.
    public var driverVersion: Int?
    /// Why the backend cannot run, when it cannot.
    public var reason: String?
    /// The device the backend uses, its libraries and how its kernels were built, when available.
    public var details: String?

    public var description: String {
        if available {
            let version = driverVersion.map { "\($0 / 1000).\($0 % 1000 / 10)" } ?? "?"
            return "cuda: \(deviceCount) device(s), driver \(version)\(details.map { "; \($0)" } ?? "")"
        }
        return "cuda: unavailable (\(reason ?? "unknown reason"))"
    }
}

public enum CUDAAvailability {
    /// Probes once per process: the driver (cuInit, cuDeviceGetCount), then the whole backend
    /// (`CUDARuntime.shared`: NVRTC, cuBLAS, the kernels).
    public static let probe: CUDAProbe = {
        #if os(Linux)
            let driver: CUDADriver
            do throws(DynamicLibrary.LoadError) {
                driver = try CUDADriver.load()
            } catch {
                return CUDAProbe(available: false, deviceCount: 0, driverVersion: nil, reason: error.description)
            }
            var version: Int32 = 0
            let versionStatus = driver.cuDriverGetVersion(&version)
            let driverVersion = versionStatus == 0 ? Int(version) : nil
            let status = driver.cuInit(0)
            guard status == 0 else {
                return CUDAProbe(
                    available: false, deviceCount: 0, driverVersion: driverVersion,
                    reason: "cuInit failed: \(driver.message(status))")
            }
            var count: Int32 = 0
            guard driver.cuDeviceGetCount(&count) == 0, count > 0 else {
                return CUDAProbe(available: false, deviceCount: 0, driverVersion: driverVersion, reason: "the driver reports no CUDA device")
            }
            switch CUDARuntime.shared {
            case .success(let runtime):
                let nvrtc = runtime.nvrtc.version
                let details =
                    "\(runtime.deviceDescription); NVRTC \(nvrtc.major).\(nvrtc.minor) (\(runtime.nvrtc.library.name)), "
                    + "kernels built as \(runtime.imageKind == .cubin ? "sm" : "compute")_\(runtime.architecture); "
                    + "cuBLAS \(runtime.cublas.library.name)"
                return CUDAProbe(available: true, deviceCount: Int(count), driverVersion: driverVersion, reason: nil, details: details)
            case .failure(let error):
                return CUDAProbe(available: false, deviceCount: Int(count), driverVersion: driverVersion, reason: error.description)
            }
        #else
            return CUDAProbe(available: false, deviceCount: 0, driverVersion: nil, reason: "CUDA is only supported on Linux")
        #endif
    }()
}
