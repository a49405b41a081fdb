// The CUDA driver API (libcuda.so.1), the few entry points the cuda backend uses, loaded with
// dlopen. Types follow cuda.h: CUresult is an int (0 = CUDA_SUCCESS), CUdevice an int,
// CUdeviceptr a 64-bit integer, contexts, modules, functions and streams opaque pointers.
// Versioned symbols are looked up by their real names (`cuMemAlloc_v2`: cuda.h maps the plain
// names onto them with macros, which dlsym does not see).

import Foundation

/// A failed CUDA, NVRTC or cuBLAS call, with the library's own name for the error.
struct CUDAError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Pointers into the driver library.
struct CUDADriver: @unchecked Sendable {
    typealias Result = Int32
    typealias DevicePointer = UInt64
    typealias Handle = OpaquePointer

    let library: DynamicLibrary
    let cuInit: @convention(c) (UInt32) -> Result
    let cuDriverGetVersion: @convention(c) (UnsafeMutablePointer<Int32>) -> Result
    let cuDeviceGetCount: @convention(c) (UnsafeMutablePointer<Int32>) -> Result
    let cuDeviceGet: @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Result
    let cuDeviceGetName: @convention(c) (UnsafeMutablePointer<CChar>, Int32, Int32) -> Result
    let cuDeviceGetAttribute: @convention(c) (UnsafeMutablePointer<Int32>, Int32, Int32) -> Result
    let cuDevicePrimaryCtxRetain: @convention(c) (UnsafeMutablePointer<Handle?>, Int32) -> Result
    let cuCtxSetCurrent: @convention(c) (Handle?) -> Result
    let cuCtxSynchronize: @convention(c) () -> Result
    let cuMemAlloc: @convention(c) (UnsafeMutablePointer<DevicePointer>, Int) -> Result
    let cuMemFree: @convention(c) (DevicePointer) -> Result
    let cuMemcpyHtoD: @convention(c) (DevicePointer, UnsafeRawPointer?, Int) -> Result
    let cuMemcpyDtoH: @convention(c) (UnsafeMutableRawPointer?, DevicePointer, Int) -> Result
    let cuModuleLoadData: @convention(c) (UnsafeMutablePointer<Handle?>, UnsafeRawPointer) -> Result
    let cuModuleGetFunction: @convention(c) (UnsafeMutablePointer<Handle?>, Handle?, UnsafePointer<CChar>) -> Result
    let cuLaunchKernel: @convention(c) (
        Handle?, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, Handle?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Result
    let cuGetErrorName: (@convention(c) (Result, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Result)?
    let cuGetErrorString: (@convention(c) (Result, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Result)?

    /// CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR and _MINOR.
    static let computeCapabilityMajor: Int32 = 75
    static let computeCapabilityMinor: Int32 = 76

    /// Loads libcuda.so.1 (or `MSHUB_LIBCUDA`) and its entry points.
    static func load() throws(DynamicLibrary.LoadError) -> CUDADriver {
        let library = try DynamicLibrary.open(
            "the NVIDIA driver library libcuda.so.1", names: ["libcuda.so.1"], variable: "MSHUB_LIBCUDA")
        return CUDADriver(
            library: library,
            cuInit: try library.function("cuInit", as: (@convention(c) (UInt32) -> Result).self),
            cuDriverGetVersion: try library.function("cuDriverGetVersion", as: (@convention(c) (UnsafeMutablePointer<Int32>) -> Result).self),
            cuDeviceGetCount: try library.function("cuDeviceGetCount", as: (@convention(c) (UnsafeMutablePointer<Int32>) -> Result).self),
            cuDeviceGet: try library.function("cuDeviceGet", as: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Result).self),
            cuDeviceGetName: try library.function(
                "cuDeviceGetName", as: (@convention(c) (UnsafeMutablePointer<CChar>, Int32, Int32) -> Result).self),
            cuDeviceGetAttribute: try library.function(
                "cuDeviceGetAttribute", as: (@convention(c) (UnsafeMutablePointer<Int32>, Int32, Int32) -> Result).self),
            cuDevicePrimaryCtxRetain: try library.function(
                "cuDevicePrimaryCtxRetain", as: (@convention(c) (UnsafeMutablePointer<Handle?>, Int32) -> Result).self),
            cuCtxSetCurrent: try library.function("cuCtxSetCurrent", as: (@convention(c) (Handle?) -> Result).self),
            cuCtxSynchronize: try library.function("cuCtxSynchronize", as: (@convention(c) () -> Result).self),
            cuMemAlloc: try library.function("cuMemAlloc_v2", as: (@convention(c) (UnsafeMutablePointer<DevicePointer>, Int) -> Result).self),
            cuMemFree: try library.function("cuMemFree_v2", as: (@convention(c) (DevicePointer) -> Result).self),
            cuMemcpyHtoD: try library.function(
                "cuMemcpyHtoD_v2", as: (@convention(c) (DevicePointer, UnsafeRawPointer?, Int) -> Result).self),
            cuMemcpyDtoH: try library.function(
                "cuMemcpyDtoH_v2", as: (@convention(c) (UnsafeMutableRawPointer?, DevicePointer, Int) -> Result).self),
            cuModuleLoadData: try library.function(
                "cuModuleLoadData", as: (@convention(c) (UnsafeMutablePointer<Handle?>, UnsafeRawPointer) -> Result).self),
            cuModuleGetFunction: try library.function(
                "cuModuleGetFunction",
                as: (@convention(c) (UnsafeMutablePointer<Handle?>, Handle?, UnsafePointer<CChar>) -> Result).self),
            cuLaunchKernel: try library.function(
                "cuLaunchKernel",
                as: (@convention(c) (
                    Handle?, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, Handle?,
                    UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
                ) -> Result).self),
            cuGetErrorName: library.optionalFunction(
                "cuGetErrorName", as: (@convention(c) (Result, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Result).self),
            cuGetErrorString: library.optionalFunction(
                "cuGetErrorString", as: (@convention(c) (Result, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Result).self))
    }

    /// `CUDA_ERROR_NAME (explanation)` for a CUresult, as the driver words it.
    func message(_ status: Result) -> String {
        var name: UnsafePointer<CChar>? = nil, text: UnsafePointer<CChar>? = nil
        _ = cuGetErrorName?(status, &name)
        _ = cuGetErrorString?(status, &text)
        let n = name.map { String(cString: $0) } ?? "CUDA error \(status)"
        return text.map { "\(n) (\(String(cString: $0)))" } ?? n
    }

    /// Throws a `CUDAError` naming `call` unless `status` is CUDA_SUCCESS.
    func check(_ status: Result, _ call: @autoclosure () -> String) throws(CUDAError) {
        guard status != 0 else { return }
        throw CUDAError("\(call()) failed: \(message(status))")
    }
}
