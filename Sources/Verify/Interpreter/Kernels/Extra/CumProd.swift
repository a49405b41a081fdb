extension Kernels {
    /// CumProd: running products along the axis given as input 1, optionally exclusive (the
    /// product of the elements before each one, 1 for the first) and/or in reverse.
    static let cumProd: Kernel = { call throws(InterpreterError) in
        [.tensor(try ShapeSupport.cumulative(call, product: true))]
    }
}
