extension Kernels {
    /// Relu: max(x, 0).
    static let relu: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        // float32 directly: max(x, 0) is exact in any precision, so widening changes nothing.
        if case .float32(let values) = x.storage {
            return [.tensor(NDArray(values.map { $0 > 0 || $0.isNaN ? $0 : 0 }, shape: x.shape))]
        }
        return [.tensor(try Elementwise.unary(call, x, float: { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }, int: { max($0, 0) }))]
    }
}
