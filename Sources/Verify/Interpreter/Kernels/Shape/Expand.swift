extension Kernels {
    /// Expand: broadcasts the input against `shape` (either may have the larger size).
    static let expand: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let requested = try ShapeSupport.ints(call, try call.tensor(1), "shape")
        guard requested.allSatisfy({ $0 >= 0 }) else {
            throw call.error(.invalidInput, "shape \(requested) has a negative size")
        }
        guard let shape = Broadcast.shape([x.shape, requested]) else {
            throw call.error(.invalidInput, "\(x.shape) does not broadcast to \(requested)")
        }
        if try call.checkedCount(shape) == 0 { return [.tensor(ShapeSupport.empty(x, shape: shape))] }
        let positions = Broadcast.sourceIndices(from: x.shape, to: shape)
        return [.tensor(ShapeSupport.gather(x, positions, shape: shape))]
    }
}
