extension Kernels {
    /// Squeeze: removes the listed size-1 axes (attribute before opset 13, input after), or all
    /// size-1 axes when none are listed.
    static let squeeze: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let listed = try ShapeSupport.intsFromInputOrAttribute(call, input: 1, attribute: "axes", inputSince: 13)
        let removed: [Int]
        if let listed {
            removed = try ShapeSupport.axes(call, listed, rank: x.rank)
            for a in removed where x.shape[a] != 1 {
                throw call.error(.invalidInput, "axis \(a) of \(x.shape) has size \(x.shape[a]), not 1")
            }
        } else {
            removed = x.shape.indices.filter { x.shape[$0] == 1 }
        }
        let shape = x.shape.indices.filter { !removed.contains($0) }.map { x.shape[$0] }
        return [.tensor(x.reshaped(shape))]
    }
}
