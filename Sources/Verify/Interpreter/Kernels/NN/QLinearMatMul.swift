// QLinearMatMul: the integer product of the centred operands, scaled by
// a_scale · b_scale / y_scale (computed in the scales' own precision, as the spec's
// reference does), rounded half to even, shifted by y_zero_point and saturated.

import Foundation

extension Kernels {
    static let qLinearMatMul: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), aScale = try call.tensor(1), b = try call.tensor(3), bScale = try call.tensor(4)
        let yScale = try call.tensor(6)
        let yZero = try call.optionalTensor(7)
        let a0 = try QuantMatMul.centred(call, a, zeroPoint: try call.optionalTensor(2), rowAxis: true, "a")
        let b0 = try QuantMatMul.centred(call, b, zeroPoint: try call.optionalTensor(5), rowAxis: false, "b")
        let product = try MatMulMath.matmul(call, a0, b0)
        let scaleType = aScale.dtype
        guard scaleType.isFloatingPoint, bScale.dtype == scaleType, yScale.dtype == scaleType else {
            throw call.error(.invalidInput, "scales must share one floating-point type")
        }
        for s in [aScale, bScale, yScale] where s.count != 1 {
            throw call.error(.unsupported, "only per-tensor scales are supported, got shape \(s.shape)")
        }
        guard let sa = aScale.doubles()?.first, let sb = bScale.doubles()?.first, let sy = yScale.doubles()?.first
        else { throw call.error(.invalidInput, "empty scale") }
        func round(_ v: Double) -> Double {
            switch scaleType {
            case .float16: return Double(Float16(v))
            case .float32: return Double(Float(v))
            case .bfloat16: return Double(Float(bitPattern: UInt32(SmallFormats.bfloat16Bits(v)) << 16))
            default: return v
            }
        }
        let multiplier = round(round(sa * sb) / sy)
        let outType = yZero?.dtype ?? a.dtype
        guard QuantMatMul.isQuantType(outType) else { throw call.error(.unsupported, "\(outType) output is not supported") }
        var zy = 0.0
        if let yZero {
            guard yZero.count == 1, let z = yZero.doubles()?.first else {
                throw call.error(.unsupported, "only a per-tensor y_zero_point is supported")
            }
            zy = z
        }
        let (low, high): (Double, Double) = outType == .int8 ? (-128, 127) : (0, 255)
        guard let c = product.int64s() else { throw call.error(.unsupported, "product") }
        let out = c.map { v -> Int64 in
            let d = (Double(v) * multiplier + zy).rounded(.toNearestOrEven)
            return d.isNaN ? 0 : Int64(max(low, min(high, d)))
        }
        guard let y = NDArray.fromInt64s(out, dtype: outType, shape: product.shape) else {
            throw call.error(.unsupported, "\(outType) output is not supported")
        }
        return [.tensor(y)]
    }
}
