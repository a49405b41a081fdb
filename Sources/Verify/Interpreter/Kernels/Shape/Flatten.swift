extension Kernels {
    /// Flatten: a matrix whose rows run over the axes before `axis` (0...rank, negative allowed).
    static let flatten: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let requested = try call.int("axis", default: 1)
        let axis = requested < 0 ? requested &+ x.rank : requested
        guard axis >= 0, axis <= x.rank else {
            throw call.error(.invalidAttribute, "axis \(requested) is out of range for rank \(x.rank)")
        }
        let rows = ShapeSupport.product(x.shape[..<axis])
        let columns = ShapeSupport.product(x.shape[axis...])
        guard rows < Int.max, columns < Int.max else {
            throw call.error(.invalidInput, "flattened sizes of \(x.shape) overflow")
        }
        return [.tensor(x.reshaped([rows, columns]))]
    }
}
