/// Namespace of the reference kernels; each op's kernel is a static property in its own file.
enum Kernels {}

/// Namespace of the fast backend's kernels.
enum FastKernels {}

/// The kernel tables each backend is assembled from. Each group lives in its own file so that
/// op families can grow independently.
enum KernelGroups {
    static var reference: [[(String, Kernel)]] {
        [Kernels.coreGroup, Kernels.mathGroup, Kernels.shapeGroup, Kernels.nnGroup, Kernels.convGroup, Kernels.extraGroup]
    }

    /// Groups of ops outside the default domain, with their domain.
    static var referenceDomains: [(String, [(String, Kernel)])] {
        [("ai.onnx.preview", Kernels.nnPreviewGroup), ("com.mindspore", Kernels.mindSporeGroup),
            ("ai.onnx.preview.training", Kernels.trainingGroup), ("ai.onnx.ml", Kernels.mlGroup)]
    }

    static var fast: [[(String, Kernel)]] { [FastKernels.group] }
}

extension Kernels {
    /// MindSpore ops that GraphIR keeps in domain `com.mindspore` (no exact ONNX equivalent).
    static var mindSporeGroup: [(String, Kernel)] {
        [("BiasAdd", biasAdd), ("FastGelu", fastGelu)]
    }
}
