// NVRTC, NVIDIA's run-time CUDA C++ compiler (libnvrtc.so.N), loaded with dlopen. The cuda
// backend compiles its own kernel source (`CUDAKernelSource`) with it when the backend starts,
// for the device's architecture, so nothing GPU-specific is built or shipped with mshub.
// NVRTC needs no GPU and no driver: the test suite compiles every kernel on machines with
// neither (PyPI's nvidia-cuda-nvrtc-cu12 wheel provides the library; MSHUB_NVRTC points at it).

import Foundation

/// Pointers into libnvrtc. nvrtcResult is an int (0 = NVRTC_SUCCESS); a program is opaque.
struct NVRTC: @unchecked Sendable {
    typealias Status = Int32
    typealias Program = OpaquePointer

    let library: DynamicLibrary
    let nvrtcVersion: @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Status
    let nvrtcGetErrorString: @convention(c) (Status) -> UnsafePointer<CChar>?
    let nvrtcCreateProgram: @convention(c) (
        UnsafeMutablePointer<Program?>, UnsafePointer<CChar>, UnsafePointer<CChar>?, Int32,
        UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?
    ) -> Status
    let nvrtcDestroyProgram: @convention(c) (UnsafeMutablePointer<Program?>) -> Status
    let nvrtcCompileProgram: @convention(c) (Program?, Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> Status
    let nvrtcGetPTXSize: @convention(c) (Program?, UnsafeMutablePointer<Int>) -> Status
    let nvrtcGetPTX: @convention(c) (Program?, UnsafeMutablePointer<CChar>) -> Status
    let nvrtcGetCUBINSize: (@convention(c) (Program?, UnsafeMutablePointer<Int>) -> Status)?
    let nvrtcGetCUBIN: (@convention(c) (Program?, UnsafeMutablePointer<CChar>) -> Status)?
    let nvrtcGetProgramLogSize: @convention(c) (Program?, UnsafeMutablePointer<Int>) -> Status
    let nvrtcGetProgramLog: @convention(c) (Program?, UnsafeMutablePointer<CChar>) -> Status
    let nvrtcGetNumSupportedArchs: (@convention(c) (UnsafeMutablePointer<Int32>) -> Status)?
    let nvrtcGetSupportedArchs: (@convention(c) (UnsafeMutablePointer<Int32>) -> Status)?

    /// The sonames tried when `MSHUB_NVRTC` is not set, newest CUDA first.
    static let sonames = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"]

    /// Loads NVRTC from `MSHUB_NVRTC` (a file or a folder) or the standard sonames.
    static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DynamicLibrary.LoadError) -> NVRTC {
        let library = try DynamicLibrary.open(
            "NVRTC (libnvrtc.so)", names: sonames, variable: "MSHUB_NVRTC", environment: environment)
        typealias SizeFn = @convention(c) (Program?, UnsafeMutablePointer<Int>) -> Status
        typealias BytesFn = @convention(c) (Program?, UnsafeMutablePointer<CChar>) -> Status
        typealias IntFn = @convention(c) (UnsafeMutablePointer<Int32>) -> Status
        return NVRTC(
            library: library,
            nvrtcVersion: try library.function(
                "nvrtcVersion", as: (@convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Status).self),
            nvrtcGetErrorString: try library.function("nvrtcGetErrorString", as: (@convention(c) (Status) -> UnsafePointer<CChar>?).self),
            nvrtcCreateProgram: try library.function(
                "nvrtcCreateProgram",
                as: (@convention(c) (
                    UnsafeMutablePointer<Program?>, UnsafePointer<CChar>, UnsafePointer<CChar>?, Int32,
                    UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?
                ) -> Status).self),
            nvrtcDestroyProgram: try library.function(
                "nvrtcDestroyProgram", as: (@convention(c) (UnsafeMutablePointer<Program?>) -> Status).self),
            nvrtcCompileProgram: try library.function(
                "nvrtcCompileProgram", as: (@convention(c) (Program?, Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> Status).self),
            nvrtcGetPTXSize: try library.function("nvrtcGetPTXSize", as: SizeFn.self),
            nvrtcGetPTX: try library.function("nvrtcGetPTX", as: BytesFn.self),
            nvrtcGetCUBINSize: library.optionalFunction("nvrtcGetCUBINSize", as: SizeFn.self),
            nvrtcGetCUBIN: library.optionalFunction("nvrtcGetCUBIN", as: BytesFn.self),
            nvrtcGetProgramLogSize: try library.function("nvrtcGetProgramLogSize", as: SizeFn.self),
            nvrtcGetProgramLog: try library.function("nvrtcGetProgramLog", as: BytesFn.self),
            nvrtcGetNumSupportedArchs: library.optionalFunction("nvrtcGetNumSupportedArchs", as: IntFn.self),
            nvrtcGetSupportedArchs: library.optionalFunction("nvrtcGetSupportedArchs", as: IntFn.self))
    }

    /// NVRTC's version as (major, minor).
    var version: (major: Int, minor: Int) {
        var major: Int32 = 0, minor: Int32 = 0
        _ = nvrtcVersion(&major, &minor)
        return (Int(major), Int(minor))
    }

    /// The real architectures this NVRTC can generate code for (e.g. 75, 80, 90), ascending;
    /// empty when the library cannot say (before CUDA 11.2).
    var supportedArchitectures: [Int] {
        guard let count = nvrtcGetNumSupportedArchs, let list = nvrtcGetSupportedArchs else { return [] }
        var n: Int32 = 0
        guard count(&n) == 0, n > 0 else { return [] }
        var archs = [Int32](repeating: 0, count: Int(n))
        guard list(&archs) == 0 else { return [] }
        return archs.map(Int.init).sorted()
    }

    /// What a compilation produced.
    enum Output {
        /// Text for a virtual architecture (`compute_XY`), which the driver compiles when loading.
        case ptx
        /// Machine code for a real architecture (`sm_XY`), loaded as is.
        case cubin
    }

    /// Compiles `source` for compute capability `architecture` (90 for 9.0) into PTX or a
    /// cubin; the image ends with a NUL byte, as cuModuleLoadData wants for PTX.
    /// - Throws: a `CUDAError` holding NVRTC's error and the compiler log.
    func compile(_ source: String, name: String, architecture: Int, output: Output) throws(CUDAError) -> [UInt8] {
        var program: Program? = nil
        var status = nvrtcCreateProgram(&program, source, name, 0, nil, nil)
        guard status == 0, program != nil else { throw CUDAError("nvrtcCreateProgram(\(name)) failed: \(message(status))") }
        defer { _ = nvrtcDestroyProgram(&program) }
        // IEEE division and square root, no flush of denormals to zero: the reference backend's
        // arithmetic, which this backend is compared against.
        let options = [
            "--gpu-architecture=\(output == .ptx ? "compute" : "sm")_\(architecture)",
            "--ftz=false", "--prec-div=true", "--prec-sqrt=true",
        ]
        let cOptions = options.map { strdup($0) }
        defer { for option in cOptions { free(option) } }
        status = cOptions.map { UnsafePointer($0) }.withUnsafeBufferPointer { pointers in
            nvrtcCompileProgram(program, Int32(pointers.count), pointers.baseAddress)
        }
        guard status == 0 else {
            throw CUDAError("NVRTC could not compile \(name) for \(architecture): \(message(status))\n\(log(program))")
        }
        var size = 0
        let getSize = output == .ptx ? nvrtcGetPTXSize : nvrtcGetCUBINSize
        let get = output == .ptx ? nvrtcGetPTX : nvrtcGetCUBIN
        guard let getSize, let get else { throw CUDAError("this NVRTC cannot produce cubins (before CUDA 11.1)") }
        status = getSize(program, &size)
        guard status == 0, size > 0 else { throw CUDAError("NVRTC returned no \(output) for \(name): \(message(status))") }
        var image = [UInt8](repeating: 0, count: size + 1)
        status = image.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return -1 }
            return get(program, base.assumingMemoryBound(to: CChar.self))
        }
        guard status == 0 else { throw CUDAError("NVRTC could not hand over the \(output) of \(name): \(message(status))") }
        return image
    }

    /// The compiler's log for `program` (warnings and errors).
    func log(_ program: Program?) -> String {
        var size = 0
        guard nvrtcGetProgramLogSize(program, &size) == 0, size > 1 else { return "" }
        var text = [CChar](repeating: 0, count: size + 1)
        _ = nvrtcGetProgramLog(program, &text)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func message(_ status: Status) -> String {
        nvrtcGetErrorString(status).map { String(cString: $0) } ?? "NVRTC error \(status)"
    }
}
