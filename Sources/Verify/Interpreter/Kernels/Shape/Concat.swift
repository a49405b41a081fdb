extension Kernels {
    /// Concat: joins the inputs along `axis`.
    static let concat: Kernel = { call throws(InterpreterError) in
        let parts = try call.tensors(from: 0)
        guard let first = parts.first else { throw call.error(.invalidInput, "Concat needs at least one input") }
        // Opsets 1 to 3 default the axis to 1; from 4 on it is required.
        guard let requested = try call.int("axis") ?? (call.opset < 4 ? 1 : nil) else {
            throw call.error(.invalidAttribute, "axis is required")
        }
        guard first.rank > 0 else { throw call.error(.invalidInput, "scalars cannot be concatenated") }
        let axis = try call.axis(requested, rank: first.rank)
        return [.tensor(try ShapeSupport.concat(call, parts, axis: axis))]
    }
}
