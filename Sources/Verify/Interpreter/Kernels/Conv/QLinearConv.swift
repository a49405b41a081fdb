import Foundation

extension Kernels {
    /// QLinearConv: dequantised convolution requantised to y's scale and zero point
    /// (round half to even, saturating to the 8-bit type of y_zero_point).
    static let qlinearConv: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), w = try call.tensor(3)
        for t in [x, w] where t.dtype != .uint8 && t.dtype != .int8 {
            throw call.error(.unsupported, "QLinearConv of \(t.dtype) is not supported")
        }
        let setup = try ConvMath.setup(call, x: x, w: w)
        let xScale = try QLinearConvParts.scale(call, 1, channels: 1, what: "x_scale")
        let wScale = try QLinearConvParts.scale(call, 4, channels: setup.m, what: "w_scale")
        let yScale = try QLinearConvParts.scale(call, 6, channels: 1, what: "y_scale")
        let xz = try QuantConv.zeroPoint(call, 2, like: x, channels: 1, what: "x_zero_point")
        let wz = try QuantConv.zeroPoint(call, 5, like: w, channels: setup.m, what: "w_zero_point")
        var yType = x.dtype
        var yz = 0.0
        if let z = try call.optionalTensor(7) {
            guard z.count == 1, z.dtype == .uint8 || z.dtype == .int8, let v = z.doubles() else {
                throw call.error(.invalidInput, "y_zero_point must be one uint8 or int8 value, got \(z.dtype)\(z.shape)")
            }
            yType = z.dtype
            yz = v[0]
        }
        var bias: [Double]? = nil
        if let b = try call.optionalTensor(8) {
            guard b.dtype == .int32, b.count == setup.m, let v = b.doubles() else {
                throw call.error(.invalidInput, "B must be \(setup.m) int32 values, got \(b.dtype)\(b.shape)")
            }
            bias = v
        }
        guard let xv = x.doubles(), let wv = w.doubles() else { throw call.error(.unsupported, "input types") }
        let xs = xv.map { $0 - xz[0] }
        let ws = QuantConv.shifted(wv, zeroPoints: wz, channels: setup.m)
        let acc = try ConvMath.convolve(call, x: xs, w: ws, setup: setup, bias: bias)
        let perChannel = setup.outputShape.dropFirst(2).reduce(1, *)
        let low: Double = yType == .uint8 ? 0 : -128, high: Double = yType == .uint8 ? 255 : 127
        var out = [Double](repeating: 0, count: acc.count)
        for i in 0..<acc.count {
            let m = perChannel == 0 ? 0 : (i / perChannel) % max(setup.m, 1)
            let ws = wScale.count == 1 ? wScale[0] : wScale[m]
            let v = (acc[i] * (xScale[0] * ws / yScale[0])).rounded(.toNearestOrEven) + yz
            out[i] = v.isNaN ? yz : min(max(v, low), high)
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: yType, shape: setup.outputShape))]
    }
}

enum QLinearConvParts {
    /// A float scale input: a scalar, or one per channel when `channels` > 1.
    static func scale(_ call: KernelCall, _ index: Int, channels: Int, what: String) throws(InterpreterError) -> [Double] {
        let t = try call.tensor(index)
        guard t.count == 1 || (t.rank == 1 && t.count == channels) else {
            throw call.error(.invalidInput, "\(what) has shape \(t.shape); expected a scalar or \(channels) values")
        }
        return try ConvSupport.floatValues(call, t, what: what)
    }
}
