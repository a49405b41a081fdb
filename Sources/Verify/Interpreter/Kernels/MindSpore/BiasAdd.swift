extension Kernels {
    /// MindSpore BiasAdd (domain com.mindspore): adds a rank-1 bias along the channel axis
    /// (axis 1 for NCHW, the last axis for NHWC).
    static let biasAdd: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let bias = try call.tensor(1)
        let format = try call.string("data_format", default: "NCHW")
        guard x.rank >= 2 else { throw call.error(.invalidInput, "BiasAdd needs rank ≥ 2, not \(x.shape)") }
        let axis: Int
        switch format {
        case "NCHW", "NCDHW": axis = 1
        case "NHWC": axis = x.rank - 1
        default: throw call.error(.invalidAttribute, "data_format '\(format)' is not NCHW, NCDHW or NHWC")
        }
        guard bias.rank == 1, bias.shape[0] == x.shape[axis] else {
            throw call.error(.invalidInput, "bias \(bias.shape) does not match axis \(axis) of \(x.shape)")
        }
        var shape = Array(repeating: 1, count: x.rank)
        shape[axis] = bias.shape[0]
        return [.tensor(try Elementwise.binary(call, x, bias.reshaped(shape), float: +, int: { a, b in a &+ b }))]
    }
}
