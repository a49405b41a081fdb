// Softmax, LogSoftmax and Hardmax: one kernel body, a table of the three row functions.
// Before opset 13 the input is viewed as 2-D [prod(shape[..<axis]), prod(shape[axis...])]
// (default axis 1); from 13 on the op works along the single `axis` (default -1).

import Foundation

extension Kernels {
    static let softmax: Kernel = { call throws(InterpreterError) in try SoftmaxFamily.run(call, .softmax) }
    static let logSoftmax: Kernel = { call throws(InterpreterError) in try SoftmaxFamily.run(call, .logSoftmax) }
    static let hardmax: Kernel = { call throws(InterpreterError) in try SoftmaxFamily.run(call, .hardmax) }
}

enum SoftmaxFamily {
    enum Kind { case softmax, logSoftmax, hardmax }

    static func run(_ call: KernelCall, _ kind: Kind) throws(InterpreterError) -> [RuntimeValue] {
        let x = try call.tensor(0)
        let values = try NN.floats(call, x, call.node.op)
        let legacy = call.opset < 13
        let axis = try call.axis(try call.int("axis", default: legacy ? 1 : -1), rank: x.rank)
        // Rows are `size` elements apart by `inner` stride; legacy mode flattens the tail.
        let outer: Int, size: Int, inner: Int
        if x.rank == 0 {
            (outer, size, inner) = (1, 1, 1)
        } else if legacy {
            outer = x.shape[..<axis].reduce(1, *)
            size = x.shape[axis...].reduce(1, *)
            inner = 1
        } else {
            (outer, size, inner) = NN.split(x.shape, axis: axis)
        }
        var out = values
        // float16/bfloat16 Softmax rounds each step (difference, exponential, sum, quotient)
        // to the input type, as its function body (Sub, Exp, ReduceSum, Div in T) does.
        let round = NN.narrowRounding(x.dtype)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * size * inner + i
                apply(kind, &out, base: base, stride: inner, n: size, round: round, roundEachAdd: x.dtype == .bfloat16)
            }
        }
        return [.tensor(try NN.output(call, out, x.dtype, x.shape))]
    }

    static func apply(
        _ kind: Kind, _ x: inout [Double], base: Int, stride: Int, n: Int, round: (Double) -> Double = { $0 },
        roundEachAdd: Bool = false
    ) {
        guard n > 0 else { return }
        var m = x[base]
        var arg = 0
        for j in 1..<max(n, 1) {
            let v = x[base + j * stride]
            if v > m || (v.isNaN && !m.isNaN) { m = v; arg = j }
        }
        switch kind {
        case .hardmax:
            for j in 0..<n { x[base + j * stride] = j == arg ? 1 : 0 }
        case .softmax:
            var s = 0.0
            for j in 0..<n {
                let e = round(exp(round(x[base + j * stride] - m)))
                x[base + j * stride] = e
                s = roundEachAdd ? round(s + e) : s + e
            }
            s = round(s)
            for j in 0..<n { x[base + j * stride] = round(x[base + j * stride] / s) }
        case .logSoftmax:
            var s = 0.0
            for j in 0..<n { s += exp(x[base + j * stride] - m) }
            let l = log(s)
            for j in 0..<n { x[base + j * stride] = x[base + j * stride] - m - l }
        }
    }
}
