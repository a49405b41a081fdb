extension Kernels {
    /// ConstantOfShape: a tensor of the given shape filled with the one element of `value`
    /// (default: float32 zero).
    static let constantOfShape: Kernel = { call throws(InterpreterError) in
        let shape = try ShapeSupport.ints(call, try call.tensor(0), "shape")
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw call.error(.invalidInput, "shape \(shape) has a negative size")
        }
        let value = try call.tensorAttribute("value") ?? NDArray([Float(0)], shape: [1])
        guard value.count == 1 else {
            throw call.error(.invalidAttribute, "value must hold one element, not \(value.shape)")
        }
        let count = try call.checkedCount(shape)
        return [.tensor(ShapeSupport.filled(value, shape: shape, count: count))]
    }
}
