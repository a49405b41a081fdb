import Foundation
import TestSupport
@testable import Verify

#if canImport(Glibc)
    import Glibc
#endif

/// A host stand-in for the GPU, so that the cuda backend's Swift side (argument marshalling,
/// shapes, strides, fallbacks) and its kernels' arithmetic are tested on machines without one.
///
/// The kernel modules' own CUDA C source is compiled for the CPU by clang++ (the one that comes
/// with the Swift toolchain) with a few definitions standing in for CUDA's: one block of one
/// thread (`MSHUB_BLOCK` 1, so the block reductions are the identity and every grid-stride or
/// row loop walks all its items), `__shared__` arrays as statics (launches are serialised).
/// Each kernel gets a launcher, generated from its parameter list, that takes the same array of
/// argument pointers cuLaunchKernel takes. "Device memory" is host memory (a device pointer is
/// an address), and GEMM is a plain column-major product with cuBLAS's semantics, fed by the
/// same row-major → column-major mapping (`CUBLAS.columnMajor`) the real backend uses.
/// What this does not test: the kernels' thread indexing for more than one thread or block.
final class CUDAEmulator: CUDAExecutor, @unchecked Sendable {
    typealias Launcher = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Void

    private let lock = NSRecursiveLock()
    private var launchers: [String: Launcher] = [:]
    /// Launches per kernel and GEMM calls so far (what the tests ran through the "device").
    private(set) var launches: [String: Int] = [:]
    private(set) var gemms = 0
    /// Bytes copied to and from the "device", and buffers handed out and not yet given back.
    private(set) var bytesToDevice = 0, bytesFromDevice = 0, liveBuffers = 0
    /// A failure the next copy back from the device reports (a kernel that failed on a GPU
    /// reports there), for the tests of error paths.
    var failNextCopyBack: String? = nil

    /// Definitions standing in for CUDA's built-ins on the host.
    static let shim = """
        #include <math.h>
        #include <string.h>
        #include <cmath>
        struct mshub_dim3 { unsigned x, y, z; };
        static const mshub_dim3 threadIdx = {0, 0, 0}, blockIdx = {0, 0, 0}, blockDim = {1, 1, 1}, gridDim = {1, 1, 1};
        #define __global__
        #define __device__ static
        #define __forceinline__ inline
        #define __shared__ static
        #define __syncthreads() ((void)0)
        static inline float __int_as_float(int v) { float f; memcpy(&f, &v, sizeof f); return f; }

        """

    /// clang++ beside `swift` on the PATH, or any clang++ / g++ found there.
    static func compiler() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for name in ["clang++", "g++"] {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw OracleError.missing("a C++ compiler (clang++ from the Swift toolchain, or g++) to build the CUDA emulation")
    }

    /// `extern "C" void NAME__launch(void** a)` for each kernel of `source`, calling it with its arguments.
    static func launchers(for source: String) throws -> String {
        let kernel = try NSRegularExpression(pattern: #"extern "C" __global__ void (\w+)\(([^)]*)\)"#)
        let trailingName = try NSRegularExpression(pattern: #"([A-Za-z_][A-Za-z0-9_]*)\s*$"#)
        var out = ""
        for match in kernel.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
            guard let nameRange = Range(match.range(at: 1), in: source), let paramsRange = Range(match.range(at: 2), in: source) else { continue }
            let name = String(source[nameRange])
            var arguments: [String] = []
            for (index, parameter) in source[paramsRange].split(separator: ",").enumerated() {
                let text = parameter.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let last = trailingName.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                    let lastRange = Range(last.range(at: 1), in: text)
                else { throw OracleError.failed("cannot read parameter '\(text)' of \(name)") }
                let type = text[..<lastRange.lowerBound].trimmingCharacters(in: .whitespaces)
                arguments.append("*(\(type) *)a[\(index)]")
            }
            out += "extern \"C\" void \(name)__launch(void** a) { \(name)(\(arguments.joined(separator: ", "))); }\n"
        }
        return out
    }

    init() throws {
        let compiler = try Self.compiler()
        let folder = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for module in CUDAKernelSource.modules {
            let blockLine = "#define MSHUB_BLOCK \(CUDAKernelSource.blockSize)"
            guard module.source.contains(blockLine) else { throw OracleError.failed("\(module.name) does not define MSHUB_BLOCK as expected") }
            let source = Self.shim + module.source.replacingOccurrences(of: blockLine, with: "#define MSHUB_BLOCK 1") + "\n"
                + (try Self.launchers(for: module.source))
            let file = folder.appendingPathComponent(module.name + ".cpp"), library = folder.appendingPathComponent(module.name + ".so")
            try source.write(to: file, atomically: true, encoding: .utf8)
            let result = try runProcess(compiler, ["-std=c++17", "-O1", "-fPIC", "-shared", "-w", "-o", library.path, file.path])
            guard result.status == 0 else { throw OracleError.failed("\(compiler) \(module.name): \(result.stderr)") }
            guard let handle = dlopen(library.path, RTLD_NOW | RTLD_LOCAL) else {
                throw OracleError.failed("dlopen \(library.path): \(dlerror().map { String(cString: $0) } ?? "")")
            }
            for entry in module.entryPoints {
                guard let symbol = dlsym(handle, entry + "__launch") else { throw OracleError.failed("\(module.name): no launcher for \(entry)") }
                launchers[entry] = unsafeBitCast(symbol, to: Launcher.self)
            }
        }
    }

    func exclusive<T>(_ body: () throws(CUDAError) -> T) throws(CUDAError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func acquire(bytes: Int) throws(CUDAError) -> UInt64 {
        guard let memory = malloc(max(bytes, 16)) else { throw CUDAError("emulator: out of memory") }
        // Poison fresh buffers so that a kernel reading what nothing wrote shows up as NaN.
        memset(memory, 0xFF, max(bytes, 16))
        liveBuffers += 1
        return UInt64(UInt(bitPattern: memory))
    }

    func release(_ pointer: UInt64, bytes: Int) {
        liveBuffers -= 1
        free(UnsafeMutableRawPointer(bitPattern: UInt(pointer)))
    }

    func copy(toDevice destination: UInt64, from source: UnsafeRawPointer, bytes: Int) throws(CUDAError) {
        guard let target = UnsafeMutableRawPointer(bitPattern: UInt(destination)) else { throw CUDAError("emulator: null device pointer") }
        target.copyMemory(from: source, byteCount: bytes)
        bytesToDevice += bytes
    }

    func copy(fromDevice source: UInt64, to destination: UnsafeMutableRawPointer, bytes: Int) throws(CUDAError) {
        guard let origin = UnsafeRawPointer(bitPattern: UInt(source)) else { throw CUDAError("emulator: null device pointer") }
        if let failure = failNextCopyBack {
            failNextCopyBack = nil
            throw CUDAError(failure)
        }
        destination.copyMemory(from: origin, byteCount: bytes)
        bytesFromDevice += bytes
    }

    func synchronize() throws(CUDAError) {}

    func launch(_ kernel: String, blocks: Int, threads: Int, arguments: UnsafeMutablePointer<UnsafeMutableRawPointer?>) throws(CUDAError) {
        guard let launcher = launchers[kernel] else { throw CUDAError("emulator: no kernel \(kernel)") }
        guard blocks > 0, threads > 0 else { throw CUDAError("emulator: empty launch of \(kernel)") }
        launches[kernel, default: 0] += 1
        launcher(arguments)
    }

    /// cublasSgemm(StridedBatched) semantics, column-major, on the mapping the backend uses.
    func gemm(_ product: CUDAGemm) throws(CUDAError) {
        gemms += 1
        guard product.m > 0, product.n > 0, product.batch > 0 else { return }
        let g = CUBLAS.columnMajor(product)
        func floats(_ address: UInt64) throws(CUDAError) -> UnsafeMutablePointer<Float> {
            guard let pointer = UnsafeMutablePointer<Float>(bitPattern: UInt(address)) else { throw CUDAError("emulator: null operand") }
            return pointer
        }
        let first = try floats(g.first), second = try floats(g.second), c = try floats(g.c)
        for p in 0..<product.batch {
            let a = first + p * g.strideFirst, b = second + p * g.strideSecond, out = c + p * g.strideC
            for j in 0..<g.n {
                for i in 0..<g.m {
                    var sum = 0.0
                    for l in 0..<g.k {
                        let x = g.transFirst ? a[l + i * g.ldFirst] : a[i + l * g.ldFirst]
                        let y = g.transSecond ? b[j + l * g.ldSecond] : b[l + j * g.ldSecond]
                        sum += Double(x) * Double(y)
                    }
                    let previous = product.beta == 0 ? 0 : Double(product.beta) * Double(out[i + j * g.ldc])
                    out[i + j * g.ldc] = Float(Double(product.alpha) * sum + previous)
                }
            }
        }
    }
}
