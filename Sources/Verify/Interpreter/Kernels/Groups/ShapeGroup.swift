extension Kernels {
    /// Shape and data-movement ops, sequences.
    static var shapeGroup: [(String, Kernel)] {
        [
            ("Reshape", reshape),
        ]
    }
}
