import Foundation

extension Kernels {
    /// GlobalAveragePool: the mean over all spatial positions, per (n, c).
    static let globalAveragePool: Kernel = { call throws(InterpreterError) in
        try GlobalPoolMath.reduce(call) { values in values.reduce(0, +) / Double(values.count) }
    }

    /// GlobalMaxPool: the maximum over all spatial positions, per (n, c).
    static let globalMaxPool: Kernel = { call throws(InterpreterError) in
        try GlobalPoolMath.reduce(call) { values in
            values.dropFirst().reduce(values[values.startIndex]) { $1 > $0 || $1.isNaN ? $1 : $0 }
        }
    }

    /// GlobalLpPool: (Σ |x|^p)^(1/p) over all spatial positions, per (n, c).
    static let globalLpPool: Kernel = { call throws(InterpreterError) in
        let p = try PoolMath.exponent(call)
        return try GlobalPoolMath.reduce(call) { values in pow(values.reduce(0) { $0 + pow(abs($1), p) }, 1 / p) }
    }
}

enum GlobalPoolMath {
    /// Applies `f` to each (n, c) plane; the output keeps the rank with spatial sizes 1.
    static func reduce(_ call: KernelCall, _ f: (ArraySlice<Double>) -> Double) throws(InterpreterError) -> [RuntimeValue] {
        let x = try call.tensor(0)
        let (n, c, spatial) = try ConvSupport.splitShape(call, x)
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let size = spatial.reduce(1, *)
        guard size > 0 else { throw call.error(.invalidInput, "X has an empty spatial axis: \(x.shape)") }
        var out = [Double](repeating: 0, count: n * c)
        for plane in 0..<(n * c) { out[plane] = f(xs[(plane * size)..<((plane + 1) * size)]) }
        let shape = [n, c] + [Int](repeating: 1, count: spatial.count)
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: shape))]
    }
}
