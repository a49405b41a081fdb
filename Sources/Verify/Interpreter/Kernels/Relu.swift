extension Kernels {
    /// Relu: max(x, 0).
    static let relu: Kernel = { call throws(InterpreterError) in
        [.tensor(try Elementwise.unary(call, try call.tensor(0), float: { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }, int: { max($0, 0) }))]
    }
}
