// The variadic broadcasting ops Max, Min, Sum, Mean.

import GraphIR

extension Kernels {
    /// Max: elementwise maximum of all inputs (NaN propagates).
    static let maxOp: Kernel = { call throws(InterpreterError) in
        let inputs = try call.tensors()
        let dtype = inputs.first?.dtype ?? .float32
        return [.tensor(try MathSupport.variadic(
            call, inputs, float: MathSupport.maximum,
            int: { a, b in MathSupport.compare(a, b, dtype) >= 0 ? a : b }))]
    }

    /// Min: elementwise minimum of all inputs (NaN propagates).
    static let minOp: Kernel = { call throws(InterpreterError) in
        let inputs = try call.tensors()
        let dtype = inputs.first?.dtype ?? .float32
        return [.tensor(try MathSupport.variadic(
            call, inputs, float: MathSupport.minimum,
            int: { a, b in MathSupport.compare(a, b, dtype) <= 0 ? a : b }))]
    }

    /// Sum: elementwise sum of all inputs.
    static let sumOp: Kernel = { call throws(InterpreterError) in
        [.tensor(try MathSupport.variadic(call, try call.tensors(), float: +, int: { a, b in a &+ b }))]
    }

    /// Mean: elementwise mean of all inputs (accumulated in Double).
    static let mean: Kernel = { call throws(InterpreterError) in
        let inputs = try call.tensors()
        let n = Double(inputs.count)
        return [.tensor(try MathSupport.variadic(call, inputs, float: +, int: nil, finish: { $0 / n }))]
    }
}
