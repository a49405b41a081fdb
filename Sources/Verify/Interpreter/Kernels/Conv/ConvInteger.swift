extension Kernels {
    /// ConvInteger: convolution of 8-bit integers less their zero points, int32 result.
    /// Products of 8-bit values summed over at most 2^30 taps stay below 2^53, so the Double
    /// accumulation is exact.
    static let convInteger: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), w = try call.tensor(1)
        for t in [x, w] where t.dtype != .uint8 && t.dtype != .int8 {
            throw call.error(.unsupported, "ConvInteger of \(t.dtype) is not supported")
        }
        let setup = try ConvMath.setup(call, x: x, w: w)
        let xz = try QuantConv.zeroPoint(call, 2, like: x, channels: 1, what: "x_zero_point")
        let wz = try QuantConv.zeroPoint(call, 3, like: w, channels: setup.m, what: "w_zero_point")
        guard let xv = x.doubles(), let wv = w.doubles() else { throw call.error(.unsupported, "input types") }
        let xs = xv.map { $0 - xz[0] }
        let ws = QuantConv.shifted(wv, zeroPoints: wz, channels: setup.m)
        let out = try ConvMath.convolve(call, x: xs, w: ws, setup: setup, bias: nil)
        guard let result = NDArray.fromInt64s(out.map { Int64($0) }, dtype: .int32, shape: setup.outputShape) else {
            throw call.error(.unsupported, "int32 output")
        }
        return [.tensor(result)]
    }
}

/// Zero points and scales of the quantised convolutions.
enum QuantConv {
    /// A zero point input (scalar, or one per channel when `channels` > 1) of `like`'s type; zeros when absent.
    static func zeroPoint(
        _ call: KernelCall, _ index: Int, like: NDArray, channels: Int, what: String
    ) throws(InterpreterError) -> [Double] {
        guard let z = try call.optionalTensor(index) else { return [0] }
        guard z.dtype == like.dtype else { throw call.error(.invalidInput, "\(what) is \(z.dtype), expected \(like.dtype)") }
        guard z.count == 1 || (z.count == channels && z.rank == 1) else {
            throw call.error(.invalidInput, "\(what) has shape \(z.shape); expected a scalar or \(channels) values")
        }
        guard let v = z.doubles() else { throw call.error(.unsupported, "\(what) type") }
        return v
    }

    /// Weights [M, ...] less their zero point (one, or one per output channel).
    static func shifted(_ w: [Double], zeroPoints: [Double], channels: Int) -> [Double] {
        if zeroPoints.count == 1 { return w.map { $0 - zeroPoints[0] } }
        let per = channels == 0 ? 0 : w.count / channels
        var out = w
        for i in 0..<out.count { out[i] -= zeroPoints[i / max(per, 1)] }
        return out
    }
}
