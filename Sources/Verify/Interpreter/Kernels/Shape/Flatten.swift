extension Kernels {
    /// Flatten: a matrix whose rows run over the axes before `axis` (0...rank, negative allowed).
    static let flatten: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        return [.tensor(x.reshaped(try Kernels.flattened(call, x.shape)))]
    }

    /// Flatten's output shape for an input of `shape`.
    static func flattened(_ call: KernelCall, _ shape: [Int]) throws(InterpreterError) -> [Int] {
        let requested = try call.int("axis", default: 1)
        let axis = requested < 0 ? requested &+ shape.count : requested
        guard axis >= 0, axis <= shape.count else {
            throw call.error(.invalidAttribute, "axis \(requested) is out of range for rank \(shape.count)")
        }
        let rows = ShapeSupport.product(shape[..<axis])
        let columns = ShapeSupport.product(shape[axis...])
        guard rows < Int.max, columns < Int.max else {
            throw call.error(.invalidInput, "flattened sizes of \(shape) overflow")
        }
        return [rows, columns]
    }
}
