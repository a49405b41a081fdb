// QLinearMatMul: the integer product of the centred operands, scaled by
// a_scale · b_scale / y_scale (computed in the scales' own precision, as the spec's
// reference does), rounded half to even, shifted by y_zero_point and saturated. Scales and
// zero points may be per row of a and y and per column of b.

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
        // Scales and y_zero_point are per tensor (one element) or, for matrix operands, per row
        // of a and y (length M) and per column of b (length N).
        let matrices = a.rank >= 2 && b.rank >= 2
        let m = matrices ? product.shape[product.rank - 2] : 1, n = matrices ? product.shape[product.rank - 1] : 1
        func perAxis(_ t: NDArray, _ length: Int, _ what: String) throws(InterpreterError) -> [Double] {
            guard let v = t.doubles(), t.count == 1 || (matrices && t.rank == 1 && t.count == length) else {
                throw call.error(.invalidInput, "\(what) \(t.shape) is neither one value nor \(length) values")
            }
            return v
        }
        let sa = try perAxis(aScale, m, "a_scale"), sb = try perAxis(bScale, n, "b_scale")
        let sy = try perAxis(yScale, m, "y_scale")
        func round(_ v: Double) -> Double {
            switch scaleType {
            case .float16: return Double(Float16(v))
            case .float32: return Double(Float(v))
            case .bfloat16: return Double(Float(bitPattern: UInt32(SmallFormats.bfloat16Bits(v)) << 16))
            default: return v
            }
        }
        let outType = yZero?.dtype ?? a.dtype
        guard QuantMatMul.isQuantType(outType) else { throw call.error(.unsupported, "\(outType) output is not supported") }
        let zy = try yZero.map { t throws(InterpreterError) in try perAxis(t, m, "y_zero_point") } ?? [0]
        let (low, high): (Double, Double) = outType == .int8 ? (-128, 127) : (0, 255)
        guard let c = product.int64s() else { throw call.error(.unsupported, "product") }
        var out = [Int64](repeating: 0, count: c.count)
        for flat in 0..<c.count {
            let i = (flat / n) % m, j = flat % n
            let multiplier = round(round(sa[sa.count == 1 ? 0 : i] * sb[sb.count == 1 ? 0 : j]) / sy[sy.count == 1 ? 0 : i])
            let d = (Double(c[flat]) * multiplier + zy[zy.count == 1 ? 0 : i]).rounded(.toNearestOrEven)
            out[flat] = d.isNaN ? 0 : Int64(max(low, min(high, d)))
        }
        guard let y = NDArray.fromInt64s(out, dtype: outType, shape: product.shape) else {
            throw call.error(.unsupported, "\(outType) output is not supported")
        }
        return [.tensor(y)]
    }
}
