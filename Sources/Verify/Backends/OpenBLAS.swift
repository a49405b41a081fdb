// OpenBLAS, loaded at run time. Loading it ourselves (rather than linking it) lets us pick its
// kernels before it starts: Debian's OpenBLAS 0.3.21 does not know AMD Zen 4 and falls back to
// its Haswell (AVX2) kernels, which run these shapes 2–3× slower than its SkylakeX (AVX-512)
// kernels on the same CPU. A user's OPENBLAS_CORETYPE always wins. Without OpenBLAS the fast
// backend still runs, on plain loops. OpenBLAS runs single-threaded; we split products over
// the cores ourselves.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct OpenBLAS: @unchecked Sendable {
    typealias SGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
        Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void
    typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?
    typealias SetThreads = @convention(c) (Int32) -> Void

    // CBLAS enum values.
    static let rowMajor: Int32 = 101
    static let noTrans: Int32 = 111
    static let trans: Int32 = 112

    let sgemm: SGEMM?
    /// The kernel family OpenBLAS chose, or why it is not used.
    let description: String

    static let shared = OpenBLAS()

    init() {
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, let core = Self.preferredCore() {
            setenv("OPENBLAS_CORETYPE", core, 0)
        }
        var handle: UnsafeMutableRawPointer?
        for name in ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"] {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle != nil { break }
        }
        guard let handle, let symbol = dlsym(handle, "cblas_sgemm") else {
            sgemm = nil
            description = "OpenBLAS not found (plain loops)"
            return
        }
        sgemm = unsafeBitCast(symbol, to: SGEMM.self)
        // One OpenBLAS thread: FastSupport.sgemm splits large products over the cores itself, so
        // no OpenBLAS worker spins on a core that the next kernel's threads need.
        if let threads = dlsym(handle, "openblas_set_num_threads") {
            unsafeBitCast(threads, to: SetThreads.self)(1)
        }
        if let nameSymbol = dlsym(handle, "openblas_get_corename"), let name = unsafeBitCast(nameSymbol, to: CoreName.self)() {
            description = "OpenBLAS (\(String(cString: name)) kernels)"
        } else {
            description = "OpenBLAS"
        }
    }

    /// SkylakeX where the CPU has the AVX-512 subsets those kernels use; nil to let OpenBLAS choose.
    static func preferredCore() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        let needed = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
        return needed.allSatisfy(flags.contains) ? "SkylakeX" : nil
    }
}
