extension Kernels {
    /// Convolution, pooling and normalisation.
    static var convGroup: [(String, Kernel)] {
        [
            ("Conv", conv),
            ("ConvTranspose", convTranspose),
            ("ConvInteger", convInteger),
            ("QLinearConv", qlinearConv),
            ("MaxPool", maxPool),
            ("AveragePool", averagePool),
            ("LpPool", lpPool),
            ("GlobalAveragePool", globalAveragePool),
            ("GlobalMaxPool", globalMaxPool),
            ("GlobalLpPool", globalLpPool),
            ("MaxUnpool", maxUnpool),
            ("MaxRoiPool", maxRoiPool),
            ("RoiAlign", roiAlign),
            ("BatchNormalization", batchNormalization),
            ("InstanceNormalization", instanceNormalization),
            ("LayerNormalization", layerNormalization),
            ("GroupNormalization", groupNormalization),
            ("LpNormalization", lpNormalization),
            ("MeanVarianceNormalization", meanVarianceNormalization),
            ("LRN", lrn),
            ("DeformConv", deformConv),
            ("CausalConvWithState", causalConvWithState),
        ]
    }
}
