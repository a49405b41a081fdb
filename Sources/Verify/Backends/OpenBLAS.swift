// OpenBLAS, loaded at run time. Loading it ourselves (rather than linking it) lets us pick its
// kernels before it starts: Debian's OpenBLAS 0.3.21 does not know AMD Zen 4 and falls back to
// its Haswell (AVX2) kernels, which run these shapes 2–3× slower than its SkylakeX (AVX-512)
// kernels on the same CPU. We choose the kernels for the CPU we run on, whatever
// OPENBLAS_CORETYPE says (environments pin it for other programs' sake; this machine's says
// Haswell); MSHUB_OPENBLAS_CORETYPE names a core type to use instead. Without OpenBLAS the fast
// backend still runs, on plain loops. OpenBLAS runs single-threaded; we split products over
// the cores ourselves.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the fast backend's matrix products run on, e.g. "OpenBLAS (SkylakeX kernels)".
public enum FastBackendInfo {
    public static var blas: String { OpenBLAS.shared.description }
}

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
    /// The loaded library (nil without OpenBLAS).
    let handle: UnsafeMutableRawPointer?
    /// The kernel family OpenBLAS chose, or why it is not used.
    let description: String

    static let shared = OpenBLAS()

    init() {
        // OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS once, while it loads: set them
        // for that moment only, so the processes we start (Python peers) keep the environment they
        // were given. One thread: otherwise OpenBLAS starts a server thread at load, which waits
        // by calling sched_yield in a loop and, on a two-core machine, shared a core with one of
        // our workers in about a quarter of the benchmark runs (the CNN then took 2.8 ms, not 1.6).
        let environment = ProcessInfo.processInfo.environment
        let chosen = environment["MSHUB_OPENBLAS_CORETYPE"] ?? Self.preferredCore()
        var loadSettings = ["OPENBLAS_NUM_THREADS": "1"]
        if let chosen { loadSettings["OPENBLAS_CORETYPE"] = chosen }
        let previous = loadSettings.keys.map { ($0, environment[$0]) }
        for (name, value) in loadSettings { setenv(name, value, 1) }
        var handle: UnsafeMutableRawPointer?
        for name in ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"] {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle != nil { break }
        }
        for (name, value) in previous {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
        self.handle = handle
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
        // Read line by line: /proc files report a size of 0, so whole-file reads see nothing.
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line else { break }
            let text = String(cString: line)
            guard text.hasPrefix("flags") else { continue }
            let flags = Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
            let needed = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
            return needed.allSatisfy(flags.contains) ? "SkylakeX" : nil
        }
        return nil
    }
}
