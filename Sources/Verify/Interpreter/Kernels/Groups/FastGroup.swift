extension FastKernels {
    /// The fast backend's overrides of reference kernels (float32 only; each falls back to the
    /// reference kernel for anything else).
    static var group: [(String, Kernel)] {
        [
            ("MatMul", matMul),
            ("Gemm", gemm),
            ("Conv", conv),
            ("ConvTranspose", convTranspose),
            ("Add", add),
            ("Sub", sub),
            ("Mul", mul),
            ("Div", div),
            ("Relu", relu), ("Clip", clip),
            ("Sigmoid", sigmoid),
            ("Tanh", tanh),
            ("Exp", exp),
            ("Erf", erf),
            ("Gelu", gelu),
            ("Softmax", softmax),
            ("LayerNormalization", layerNormalization),
            ("BatchNormalization", batchNormalization),
            ("MaxPool", maxPool),
            ("AveragePool", averagePool),
            ("GlobalAveragePool", globalAveragePool),
            ("GlobalMaxPool", globalMaxPool),
            ("Transpose", transpose),
        ]
    }
}
