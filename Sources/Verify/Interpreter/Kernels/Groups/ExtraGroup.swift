extension Kernels {
    /// Default-domain ops outside the other families: BitCast, CumProd, SwiGLU.
    static var extraGroup: [(String, Kernel)] {
        [("BitCast", bitCast), ("CumProd", cumProd), ("SwiGLU", swiGLU)]
    }

    /// Optimizers of domain ai.onnx.preview.training.
    static var trainingGroup: [(String, Kernel)] {
        [("Adagrad", adagrad), ("Adam", adam), ("Momentum", momentum)]
    }

    /// Traditional-ML ops of domain ai.onnx.ml.
    static var mlGroup: [(String, Kernel)] {
        [
            ("Binarizer", binarizer), ("ArrayFeatureExtractor", arrayFeatureExtractor),
            ("LabelEncoder", labelEncoder), ("TreeEnsemble", treeEnsemble),
        ]
    }
}
