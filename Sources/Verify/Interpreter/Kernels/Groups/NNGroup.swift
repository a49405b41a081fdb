extension Kernels {
    /// Neural-network ops: convolution, pooling, normalisation, softmax, matrix products, RNNs.
    static var nnGroup: [(String, Kernel)] {
        [
            ("MatMul", matMul),
        ]
    }
}
