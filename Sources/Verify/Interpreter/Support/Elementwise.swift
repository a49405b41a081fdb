// Shared bodies of elementwise kernels: unary maps and broadcasting binary/variadic ops,
// computed in Double for floating-point types and in Int64 for integer types.

import GraphIR

enum Elementwise {
    /// `x` mapped elementwise. Floating types use `float`; integer types use `int` when given,
    /// else `float` (through Double) with the result converted back to the input type.
    @inline(__always)
    static func unary(
        _ call: KernelCall, _ x: NDArray, float: (Double) -> Double, int: ((Int64) -> Int64)? = nil,
        allowBool: Bool = false
    ) throws(InterpreterError) -> NDArray {
        if x.dtype == .string || (x.dtype == .bool && !allowBool) || x.dtype.isComplex {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
        if x.dtype.isInteger || x.dtype == .bool, let int, let values = x.int64s() {
            guard let out = NDArray.fromInt64s(values.map(int), dtype: x.dtype, shape: x.shape) else {
                throw call.error(.unsupported, "\(x.dtype) result is not supported")
            }
            return out
        }
        if case .float32(let values) = x.storage {
            // One pass, same arithmetic: widen, apply, round back.
            return NDArray(values.map { Float(float(Double($0))) }, shape: x.shape)
        }
        guard let values = x.doubles(), let out = NDArray.fromDoubles(values.map(float), dtype: x.dtype, shape: x.shape)
        else { throw call.error(.unsupported, "\(x.dtype) input is not supported") }
        return out
    }

    /// The broadcast shape of the inputs, or an error naming them.
    static func broadcastShape(_ call: KernelCall, _ arrays: [NDArray]) throws(InterpreterError) -> [Int] {
        guard let shape = Broadcast.shape(arrays.map(\.shape)) else {
            throw call.error(
                .invalidInput, "shapes \(arrays.map { "\($0.shape)" }.joined(separator: ", ")) do not broadcast")
        }
        try call.checkedCount(shape)
        return shape
    }

    /// `a op b` with broadcasting; both must have the same dtype. The result has `resultType`
    /// (default: the inputs' type). Integer inputs use `int` when given (it may throw, e.g.
    /// division by zero), else Double math.
    @inline(__always)
    static func binary(
        _ call: KernelCall, _ a: NDArray, _ b: NDArray, resultType: DType? = nil,
        float: (Double, Double) -> Double, int: ((Int64, Int64) throws(InterpreterError) -> Int64)? = nil,
        sameType: Bool = true
    ) throws(InterpreterError) -> NDArray {
        if sameType && a.dtype != b.dtype {
            throw call.error(.invalidInput, "inputs have different types, \(a.dtype) and \(b.dtype)")
        }
        for x in [a, b] where x.dtype == .string || x.dtype.isComplex {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
        let shape = try broadcastShape(call, [a, b])
        let outType = resultType ?? a.dtype
        if outType == .float32, case .float32(let fa) = a.storage, case .float32(let fb) = b.storage {
            // float32 without the Double arrays: each element widened, combined, rounded back.
            let count = shape.reduce(1, *)
            let out = fa.withUnsafeBufferPointer { pa in
                fb.withUnsafeBufferPointer { pb in
                    if a.shape == b.shape {
                        return (0..<count).map { Float(float(Double(pa[$0]), Double(pb[$0]))) }
                    }
                    let ia = Broadcast.sourceIndices(from: a.shape, to: shape)
                    let ib = Broadcast.sourceIndices(from: b.shape, to: shape)
                    return (0..<count).map { Float(float(Double(pa[ia[$0]]), Double(pb[ib[$0]]))) }
                }
            }
            return NDArray(out, shape: shape)
        }
        let ia = Broadcast.sourceIndices(from: a.shape, to: shape)
        let ib = Broadcast.sourceIndices(from: b.shape, to: shape)
        if (a.dtype.isInteger || a.dtype == .bool), let int, let va = a.int64s(), let vb = b.int64s() {
            var out = [Int64](repeating: 0, count: ia.count)
            for i in 0..<ia.count { out[i] = try int(va[ia[i]], vb[ib[i]]) }
            guard let result = NDArray.fromInt64s(out, dtype: outType, shape: shape) else {
                throw call.error(.unsupported, "\(outType) result is not supported")
            }
            return result
        }
        guard let va = a.doubles(), let vb = b.doubles() else {
            throw call.error(.unsupported, "\(a.dtype) input is not supported")
        }
        var out = [Double](repeating: 0, count: ia.count)
        for i in 0..<ia.count { out[i] = float(va[ia[i]], vb[ib[i]]) }
        guard let result = NDArray.fromDoubles(out, dtype: outType, shape: shape) else {
            throw call.error(.unsupported, "\(outType) result is not supported")
        }
        return result
    }

    /// A comparison or logical op: the result is bool.
    static func predicate(
        _ call: KernelCall, _ a: NDArray, _ b: NDArray, float: (Double, Double) -> Bool,
        int: ((Int64, Int64) -> Bool)? = nil, string: (([UInt8], [UInt8]) -> Bool)? = nil
    ) throws(InterpreterError) -> NDArray {
        guard a.dtype == b.dtype else {
            throw call.error(.invalidInput, "inputs have different types, \(a.dtype) and \(b.dtype)")
        }
        let shape = try broadcastShape(call, [a, b])
        let ia = Broadcast.sourceIndices(from: a.shape, to: shape)
        let ib = Broadcast.sourceIndices(from: b.shape, to: shape)
        var out = [Bool](repeating: false, count: ia.count)
        if let string, let sa = a.strings, let sb = b.strings {
            for i in 0..<ia.count { out[i] = string(sa[ia[i]], sb[ib[i]]) }
        } else if a.dtype.isInteger || a.dtype == .bool, let int, let va = a.int64s(), let vb = b.int64s() {
            if a.dtype == .uint64, case .uint64(let ua) = a.storage, case .uint64(let ub) = b.storage {
                // Compare as unsigned: map to Double would lose precision, Int64 would flip order.
                for i in 0..<ia.count {
                    let x = ua[ia[i]], y = ub[ib[i]]
                    out[i] = int(x < y ? -1 : (x == y ? 0 : 1), 0)
                }
                _ = va; _ = vb
            } else {
                for i in 0..<ia.count { out[i] = int(va[ia[i]], vb[ib[i]]) }
            }
        } else if let va = a.doubles(), let vb = b.doubles() {
            for i in 0..<ia.count { out[i] = float(va[ia[i]], vb[ib[i]]) }
        } else {
            throw call.error(.unsupported, "\(a.dtype) input is not supported")
        }
        return NDArray(out, shape: shape)
    }
}
