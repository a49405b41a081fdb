extension Kernels {
    /// Identity (any value: tensor, sequence or optional).
    static let identity: Kernel = { call throws(InterpreterError) in [try call.value(0)] }
}
