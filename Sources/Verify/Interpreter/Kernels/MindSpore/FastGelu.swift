import Foundation

extension Kernels {
    /// MindSpore FastGeLU (domain com.mindspore): x / (1 + exp(−1.702·|x|)) · exp(0.851·(x − |x|)).
    static let fastGelu: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype.isFloatingPoint else { throw call.error(.unsupported, "FastGelu of \(x.dtype)") }
        return [.tensor(try Elementwise.unary(call, x, float: { v in
            v / (1 + exp(-1.702 * abs(v))) * exp(0.851 * (v - abs(v)))
        }))]
    }
}
