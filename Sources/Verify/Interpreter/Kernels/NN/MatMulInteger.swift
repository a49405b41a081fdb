// MatMulInteger: (A - a_zero_point) @ (B - b_zero_point) in 32-bit integers. A 1-D zero
// point of A is per row (its length is A's row count), one of B per column.

import GraphIR

extension Kernels {
    static let matMulInteger: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), b = try call.tensor(1)
        let a0 = try QuantMatMul.centred(call, a, zeroPoint: try call.optionalTensor(2), rowAxis: true, "A")
        let b0 = try QuantMatMul.centred(call, b, zeroPoint: try call.optionalTensor(3), rowAxis: false, "B")
        let product = try MatMulMath.matmul(call, a0, b0)
        guard let values = product.int64s(), let out = NDArray.fromInt64s(values, dtype: .int32, shape: product.shape) else {
            throw call.error(.unsupported, "result is not supported")
        }
        return [.tensor(out)]
    }
}

/// Helpers shared by the quantised matrix products.
enum QuantMatMul {
    static func isQuantType(_ t: DType) -> Bool { t == .int8 || t == .uint8 }

    /// A per-row (A, `rowAxis`) or per-column (B) operand shaped for broadcasting against `x`.
    static func perAxis(_ call: KernelCall, _ p: NDArray, of x: NDArray, rowAxis: Bool, _ what: String)
        throws(InterpreterError) -> NDArray
    {
        var shaped = p
        if p.rank == 1, p.count != 1, x.rank >= 2 { shaped = p.reshaped(rowAxis ? [p.count, 1] : [1, p.count]) }
        guard let shape = Broadcast.shape([shaped.shape, x.shape]), shape == x.shape else {
            throw call.error(.invalidInput, "\(what) \(p.shape) does not fit \(x.shape)")
        }
        return shaped
    }

    /// `x - zeroPoint` as an int64 array.
    static func centred(_ call: KernelCall, _ x: NDArray, zeroPoint: NDArray?, rowAxis: Bool, _ what: String)
        throws(InterpreterError) -> NDArray
    {
        guard isQuantType(x.dtype), let vx = x.int64s() else {
            throw call.error(.unsupported, "\(what): \(x.dtype) is not supported (int8/uint8 only)")
        }
        guard let zeroPoint else { return NDArray(vx, shape: x.shape) }
        guard zeroPoint.dtype == x.dtype, let vz = zeroPoint.int64s() else {
            throw call.error(.invalidInput, "\(what) zero point must be \(x.dtype), got \(zeroPoint.dtype)")
        }
        let z = try perAxis(call, zeroPoint, of: x, rowAxis: rowAxis, "\(what) zero point")
        let index = Broadcast.sourceIndices(from: z.shape, to: x.shape)
        var out = vx
        for i in 0..<out.count { out[i] -= vz[index[i]] }
        return NDArray(out, shape: x.shape)
    }
}
