// Keeps freed tensor memory in the process between kernels. glibc serves large blocks with
// mmap and returns freed heap tops to the system, so every kernel's fresh output pays a page
// fault per 4 KiB page (a 1.6 MB activation costs more in faults than a Relu over it). Raising
// the mmap and trim thresholds lets the next kernel reuse the pages instead. Applied once per
// process, when the first interpreter is made; the memory limits still bound what a run holds.

#if canImport(Glibc)
    import Glibc
#endif

enum MemoryTuning {
    static let applied: Bool = {
        #if canImport(Glibc)
            // malloc.h is not part of the Glibc module: look mallopt up. M_TRIM_THRESHOLD is -1,
            // M_MMAP_THRESHOLD -3 (glibc's malloc.h).
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(nil, "mallopt") else { return false }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            _ = mallopt(-3, 256 << 20)
            _ = mallopt(-1, 1 << 30)
            return true
        #else
            return false
        #endif
    }()
}
