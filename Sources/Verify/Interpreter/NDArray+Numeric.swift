// Element conversions between an `NDArray`'s storage and the two arithmetic domains the
// reference kernels compute in: Double for floating-point math, Int64 for integer math.

import Foundation
import GraphIR

extension NDArray {
    /// The elements as Double (floats exactly, integers exactly up to 2^53, bool as 0/1, the
    /// 8-bit and smaller formats decoded); nil for strings.
    public func doubles() -> [Double]? {
        switch storage {
        case .float32(let a): return a.map(Double.init)
        case .float64(let a): return a
        case .float16(let a): return a.map(Double.init)
        case .bfloat16(let a): return a.map { Double(Float(bitPattern: UInt32($0) << 16)) }
        case .int8(let a): return a.map(Double.init)
        case .int16(let a): return a.map(Double.init)
        case .int32(let a): return a.map(Double.init)
        case .int64(let a): return a.map(Double.init)
        case .uint8(let a): return a.map(Double.init)
        case .uint16(let a): return a.map(Double.init)
        case .uint32(let a): return a.map(Double.init)
        case .uint64(let a): return a.map { Double($0) }  // not `Double.init`, which resolves to init(bitPattern:)
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string: return nil
        case .bytes8(let a): return a.map { SmallFormats.decode($0, as: dtype) }
        }
    }

    /// The elements as Int64 (floats truncated toward zero and clamped, NaN as 0; uint64 above
    /// Int64.max wraps); nil for strings.
    public func int64s() -> [Int64]? {
        switch storage {
        case .int64(let a): return a
        case .int32(let a): return a.map(Int64.init)
        case .int16(let a): return a.map(Int64.init)
        case .int8(let a): return a.map(Int64.init)
        case .uint8(let a): return a.map(Int64.init)
        case .uint16(let a): return a.map(Int64.init)
        case .uint32(let a): return a.map(Int64.init)
        case .uint64(let a): return a.map { Int64(bitPattern: $0) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string: return nil
        default: return doubles()?.map(NDArray.clampedInt64)
        }
    }

    /// The elements as Ints (indices, shapes, axes).
    public func ints() -> [Int]? { int64s()?.map { Int(truncatingIfNeeded: $0) } }

    /// A Double truncated toward zero into Int64's range; NaN gives 0. Never traps.
    public static func clampedInt64(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.223372036854775807e18 { return .max }
        if value <= -9.223372036854775808e18 { return .min }
        return Int64(value)
    }

    /// An array of `dtype` from Doubles: floats rounded to nearest-even, integers truncated
    /// toward zero then wrapped to the width (C's conversion, never a trap), bool as `!= 0`.
    /// Nil for strings and complex types.
    public static func fromDoubles(_ values: [Double], dtype: DType, shape: [Int]) -> NDArray? {
        let storage: ArrayStorage
        switch dtype {
        case .float32: storage = .float32(values.map { Float($0) })
        case .float64: storage = .float64(values)
        case .float16: storage = .float16(values.map { Float16($0) })
        case .bfloat16: storage = .bfloat16(values.map(SmallFormats.bfloat16Bits))
        case .bool: storage = .bool(values.map { $0 != 0 })
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64:
            return fromInt64s(values.map(clampedInt64), dtype: dtype, shape: shape)
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0, .float4e2m1, .int4, .uint4,
            .int2, .uint2:
            storage = .bytes8(values.map { SmallFormats.encode($0, as: dtype, saturate: true) })
        case .string, .complex64, .complex128: return nil
        }
        return NDArray(dtype: dtype, shape: shape, storage: storage)
    }

    /// An array of integer `dtype` (or bool, or a float type) from Int64s; integers wrap to the width.
    public static func fromInt64s(_ values: [Int64], dtype: DType, shape: [Int]) -> NDArray? {
        let storage: ArrayStorage
        switch dtype {
        case .int64: storage = .int64(values)
        case .int32: storage = .int32(values.map { Int32(truncatingIfNeeded: $0) })
        case .int16: storage = .int16(values.map { Int16(truncatingIfNeeded: $0) })
        case .int8: storage = .int8(values.map { Int8(truncatingIfNeeded: $0) })
        case .uint64: storage = .uint64(values.map { UInt64(bitPattern: $0) })
        case .uint32: storage = .uint32(values.map { UInt32(truncatingIfNeeded: $0) })
        case .uint16: storage = .uint16(values.map { UInt16(truncatingIfNeeded: $0) })
        case .uint8: storage = .uint8(values.map { UInt8(truncatingIfNeeded: $0) })
        case .bool: storage = .bool(values.map { $0 != 0 })
        default: return fromDoubles(values.map(Double.init), dtype: dtype, shape: shape)
        }
        return NDArray(dtype: dtype, shape: shape, storage: storage)
    }

    /// The float32 elements, when the storage is float32.
    public var floats: [Float]? {
        if case .float32(let a) = storage { return a }
        return nil
    }

    /// The byte strings, when the storage holds strings.
    public var strings: [[UInt8]]? {
        if case .string(let a) = storage { return a }
        return nil
    }

    /// The booleans, when the storage holds bools.
    public var bools: [Bool]? {
        if case .bool(let a) = storage { return a }
        return nil
    }
}

/// Bit-level codecs of the element types narrower than 16 bits and of bfloat16.
public enum SmallFormats {
    /// bfloat16 bits of `value`, rounded to nearest-even from the float32 nearest to it; NaN stays NaN.
    public static func bfloat16Bits(_ value: Double) -> UInt16 {
        let f = Float(value)
        if f.isNaN { return 0x7FC0 | UInt16(f.bitPattern >> 16 & 0x8000) }
        let bits = f.bitPattern
        let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// The value of one unpacked element of a small format.
    public static func decode(_ byte: UInt8, as dtype: DType) -> Double {
        switch dtype {
        case .int4: return Double(Int8(bitPattern: byte << 4) >> 4)
        case .uint4: return Double(byte & 0x0F)
        case .int2: return Double(Int8(bitPattern: byte << 6) >> 6)
        case .uint2: return Double(byte & 0x03)
        case .float8e4m3fn:
            if byte & 0x7F == 0x7F { return .nan }
            return minifloat(byte, exponentBits: 4, mantissaBits: 3, bias: 7)
        case .float8e4m3fnuz:
            if byte == 0x80 { return .nan }
            return minifloat(byte, exponentBits: 4, mantissaBits: 3, bias: 8)
        case .float8e5m2:
            if byte & 0x7C == 0x7C {
                return byte & 0x03 == 0 ? (byte & 0x80 == 0 ? .infinity : -.infinity) : .nan
            }
            return minifloat(byte, exponentBits: 5, mantissaBits: 2, bias: 15)
        case .float8e5m2fnuz:
            if byte == 0x80 { return .nan }
            return minifloat(byte, exponentBits: 5, mantissaBits: 2, bias: 16)
        case .float8e8m0:
            if byte == 0xFF { return .nan }
            return pow(2.0, Double(Int(byte) - 127))
        case .float4e2m1:
            return minifloat(byte & 0x0F, exponentBits: 2, mantissaBits: 1, bias: 1, signBit: 3)
        default: return .nan
        }
    }

    static func minifloat(_ byte: UInt8, exponentBits: Int, mantissaBits: Int, bias: Int, signBit: Int = 7) -> Double {
        let sign: Double = (byte >> UInt8(signBit)) & 1 == 1 ? -1 : 1
        let exponent = Int(byte >> UInt8(mantissaBits)) & ((1 << exponentBits) - 1)
        let mantissa = Double(Int(byte) & ((1 << mantissaBits) - 1))
        let scale = Double(1 << mantissaBits)
        if exponent == 0 { return sign * mantissa / scale * pow(2.0, Double(1 - bias)) }
        return sign * (1 + mantissa / scale) * pow(2.0, Double(exponent - bias))
    }

    /// One unpacked element of a small format nearest to `value` (round to nearest-even).
    /// With `saturate`, values beyond the largest finite one become it (the float8 "saturate"
    /// mode of ONNX Cast); otherwise they become infinity where the format has one, NaN where not.
    public static func encode(_ value: Double, as dtype: DType, saturate: Bool) -> UInt8 {
        switch dtype {
        case .int4: return UInt8(bitPattern: Int8(clamping: roundedEven(value, -8, 7))) & 0x0F
        case .uint4: return UInt8(clamping: roundedEven(value, 0, 15))
        case .int2: return UInt8(bitPattern: Int8(clamping: roundedEven(value, -2, 1))) & 0x03
        case .uint2: return UInt8(clamping: roundedEven(value, 0, 3))
        default: return encodeFloat(value, as: dtype, saturate: saturate)
        }
    }

    static func roundedEven(_ value: Double, _ low: Int, _ high: Int) -> Int {
        if value.isNaN { return 0 }
        let r = value.rounded(.toNearestOrEven)
        return Int(max(Double(low), min(Double(high), r)))
    }

    /// Nearest code by exhaustive search over the format's codes (at most 256): slow but exact
    /// and obviously correct, which is what the reference backend is for.
    static func encodeFloat(_ value: Double, as dtype: DType, saturate: Bool) -> UInt8 {
        let codes = dtype == .float4e2m1 ? 16 : 256
        if value.isNaN {
            switch dtype {
            case .float8e4m3fn: return 0x7F
            case .float8e5m2: return 0x7F
            case .float8e8m0: return 0xFF
            case .float4e2m1: return 0  // no NaN in float4e2m1
            default: return 0x80
            }
        }
        var best: UInt8 = 0
        var bestDistance = Double.infinity
        var maxFinite = 0.0
        for code in 0..<codes {
            let candidate = decode(UInt8(code), as: dtype)
            guard candidate.isFinite else { continue }
            maxFinite = max(maxFinite, abs(candidate))
            // An infinity's nearest code is the largest finite one of its sign (saturation).
            let distance = value.isInfinite ? (candidate.sign == value.sign ? -abs(candidate) : .infinity) : abs(candidate - value)
            // Ties go to the even code (mantissa LSB zero).
            if distance < bestDistance || (distance == bestDistance && code & 1 == 0 && best & 1 == 1) {
                if distance == bestDistance, candidate == 0, value.sign == .minus, code & 0x80 == 0, dtype != .float4e2m1 {
                    continue
                }
                best = UInt8(code)
                bestDistance = distance
            }
        }
        if abs(value) > maxFinite, !saturate {
            switch dtype {
            case .float8e5m2: return value > 0 ? 0x7C : 0xFC
            case .float8e4m3fn: return value > 0 ? 0x7F : 0xFF
            case .float8e4m3fnuz, .float8e5m2fnuz: return 0x80
            default: break
            }
        }
        return best
    }
}
