extension Kernels {
    /// Unsqueeze: inserts size-1 axes at the listed positions of the output (attribute before
    /// opset 13, input after).
    static let unsqueeze: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        return [.tensor(x.reshaped(try Kernels.unsqueezed(call, x.shape)))]
    }

    /// Unsqueeze's output shape for an input of `inputShape`.
    static func unsqueezed(_ call: KernelCall, _ inputShape: [Int]) throws(InterpreterError) -> [Int] {
        guard let listed = try ShapeSupport.intsFromInputOrAttribute(call, input: 1, attribute: "axes", inputSince: 13)
        else {
            throw call.error(.invalidInput, "axes are required")
        }
        guard listed.count <= call.limits.maxElements else { throw call.error(.invalidInput, "too many axes") }
        let rank = inputShape.count + listed.count
        let inserted = try ShapeSupport.axes(call, listed, rank: rank)
        var shape: [Int] = []
        var next = 0
        for a in 0..<rank {
            if inserted.contains(a) {
                shape.append(1)
            } else {
                shape.append(inputShape[next])
                next += 1
            }
        }
        return shape
    }
}
