extension Kernels {
    /// Graph plumbing and control flow.
    static var coreGroup: [(String, Kernel)] {
        [
            ("Identity", identity),
            ("Constant", constant),
            ("If", ifKernel),
            ("Loop", loop),
            ("Scan", scan),
        ]
    }
}
