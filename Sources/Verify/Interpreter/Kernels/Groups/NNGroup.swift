extension Kernels {
    /// Neural-network ops: matrix products, softmax family, RNNs, attention, losses, sampling.
    static var nnGroup: [(String, Kernel)] {
        [
            ("MatMul", matMul),
            ("Gemm", gemm),
            ("MatMulInteger", matMulInteger),
            ("QLinearMatMul", qLinearMatMul),
            ("Einsum", einsum),
            ("Softmax", softmax),
            ("LogSoftmax", logSoftmax),
            ("Hardmax", hardmax),
            ("Dropout", dropout),
            ("RNN", rnn),
            ("GRU", gru),
            ("LSTM", lstm),
            ("Attention", attention),
            ("LinearAttention", linearAttention),
            ("RotaryEmbedding", rotaryEmbedding),
            ("RMSNormalization", rmsNormalization),
            ("NegativeLogLikelihoodLoss", negativeLogLikelihoodLoss),
            ("SoftmaxCrossEntropyLoss", softmaxCrossEntropyLoss),
            ("Det", det),
            ("AffineGrid", affineGrid),
            ("GridSample", gridSample),
            ("NonMaxSuppression", nonMaxSuppression),
            ("Bernoulli", randomOp),
            ("RandomNormal", randomOp),
            ("RandomNormalLike", randomOp),
            ("RandomUniform", randomOp),
            ("RandomUniformLike", randomOp),
            ("Multinomial", randomOp),
        ]
    }
}

extension Kernels {
    /// Neural-network ops of the `ai.onnx.preview` domain (to be registered under that domain).
    static var nnPreviewGroup: [(String, Kernel)] {
        [
            ("FlexAttention", flexAttention),
        ]
    }
}
