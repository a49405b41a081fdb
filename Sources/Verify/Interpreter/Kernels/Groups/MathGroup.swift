extension Kernels {
    /// Elementwise math and logic, activations, reductions, Cast.
    static var mathGroup: [(String, Kernel)] {
        [
            ("Add", add),
            ("Relu", relu),
        ]
    }
}
