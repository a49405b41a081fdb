extension Kernels {
    /// Squeeze: removes the listed size-1 axes (attribute before opset 13, input after), or all
    /// size-1 axes when none are listed.
    static let squeeze: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        return [.tensor(x.reshaped(try Kernels.squeezed(call, x.shape)))]
    }

    /// Squeeze's output shape for an input of `shape`.
    static func squeezed(_ call: KernelCall, _ shape: [Int]) throws(InterpreterError) -> [Int] {
        let listed = try ShapeSupport.intsFromInputOrAttribute(call, input: 1, attribute: "axes", inputSince: 13)
        let removed: [Int]
        if let listed {
            removed = try ShapeSupport.axes(call, listed, rank: shape.count)
            for a in removed where shape[a] != 1 {
                throw call.error(.invalidInput, "axis \(a) of \(shape) has size \(shape[a]), not 1")
            }
        } else {
            removed = shape.indices.filter { shape[$0] == 1 }
        }
        return shape.indices.filter { !removed.contains($0) }.map { shape[$0] }
    }
}
