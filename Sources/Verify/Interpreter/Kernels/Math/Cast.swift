// Cast and CastLike: every pair of numeric types, bool, and strings (numbers printed and parsed
// the way numpy does). Float8 targets honour `saturate`; float8e8m0 honours `round_mode`.
// Integer targets from floats truncate toward zero and wrap to the width (int4/uint4/int2/uint2
// included), as numpy's `astype` does for in-range values.

import Foundation
import Formats
import GraphIR

extension Kernels {
    static let cast: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard let code = try call.int("to") else { throw call.error(.invalidAttribute, "attribute 'to' is required") }
        guard let code32 = Int32(exactly: code), let type = ONNXDataType(code: code32),
            let target = DType(rawValue: type.name)
        else { throw call.error(.invalidAttribute, "'to' = \(code) is not a known data type") }
        return [.tensor(try MathCast.cast(call, x, to: target))]
    }

    static let castLike: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), like = try call.tensor(1)
        return [.tensor(try MathCast.cast(call, x, to: like.dtype))]
    }
}

enum MathCast {
    static func cast(_ call: KernelCall, _ x: NDArray, to target: DType) throws(InterpreterError) -> NDArray {
        if x.dtype.isComplex || target.isComplex {
            throw call.error(.unsupported, "Cast between \(x.dtype) and \(target) is not supported")
        }
        if x.dtype == target { return x }
        let saturate = try call.int("saturate", default: 1) != 0
        let roundMode = try call.string("round_mode", default: "up")
        guard ["up", "down", "nearest"].contains(roundMode) else {
            throw call.error(.invalidAttribute, "round_mode must be up, down or nearest, not '\(roundMode)'")
        }
        // From strings: parse, then convert like a float64 (integers parsed exactly when they can be).
        if case .string(let strings) = x.storage {
            if target.isInteger {
                var out: [Int64] = []
                out.reserveCapacity(strings.count)
                for s in strings {
                    let text = String(decoding: s, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    if let i = Int64(text) { out.append(i); continue }
                    if target == .uint64, let u = UInt64(text) { out.append(Int64(bitPattern: u)); continue }
                    guard let d = MathConversion.parse(s) else {
                        throw call.error(.invalidInput, "'\(text)' is not a number")
                    }
                    out.append(NDArray.clampedInt64(d))
                }
                return try MathSupport.array(call, ints: out, target, x.shape)
            }
            var values: [Double] = []
            values.reserveCapacity(strings.count)
            for s in strings {
                if target == .bool {
                    let text = String(decoding: s, as: UTF8.self)
                    if text == "True" { values.append(1); continue }
                    if text == "False" || text.isEmpty { values.append(0); continue }
                }
                guard let d = MathConversion.parse(s) else {
                    throw call.error(.invalidInput, "'\(String(decoding: s, as: UTF8.self))' is not a number")
                }
                values.append(d)
            }
            let asDouble = NDArray(values, shape: x.shape)
            return try cast(call, asDouble, to: target)
        }
        // To strings: numpy's text for each element.
        if target == .string {
            var out: [[UInt8]] = []
            out.reserveCapacity(x.count)
            switch x.storage {
            case .bool(let a): out = a.map { Array(($0 ? "True" : "False").utf8) }
            case .uint64(let a): out = a.map { Array(String($0).utf8) }
            default:
                if MathSupport.isIntegral(x.dtype), let v = x.int64s() {
                    out = v.map { Array(String($0).utf8) }
                } else if let v = x.doubles() {
                    out = v.map { Array(MathConversion.format($0, as: x.dtype).utf8) }
                } else {
                    throw call.error(.unsupported, "Cast from \(x.dtype) to string is not supported")
                }
            }
            return NDArray(dtype: .string, shape: x.shape, storage: .string(out))
        }
        // Integers (and bool) to integers: exact in Int64, wrapped to the width.
        if MathSupport.isIntegral(x.dtype) && (MathSupport.isIntegral(target)) {
            guard let v = x.int64s() else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
            if target.isSubByte { return try subByteInts(call, v, target, x.shape) }
            return try MathSupport.array(call, ints: v, target, x.shape)
        }
        guard let values = x.doubles() else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
        switch target {
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float4e2m1:
            // Narrow from float32 precision where the source is wider, as the spec's reference does.
            let bytes = values.map { SmallFormats.encode($0, as: target, saturate: saturate) }
            return NDArray(dtype: target, shape: x.shape, storage: .bytes8(bytes))
        case .float8e8m0:
            let bytes = values.map { MathConversion.e8m0($0, roundMode: roundMode, saturate: saturate) }
            return NDArray(dtype: target, shape: x.shape, storage: .bytes8(bytes))
        case .int4, .uint4, .int2, .uint2:
            return try subByteInts(call, values.map(NDArray.clampedInt64), target, x.shape)
        case .uint64:
            // Values in [2^63, 2^64) fit uint64 but not the Int64 path; truncate them directly.
            let out = values.map { v -> UInt64 in
                if v >= 9.223372036854775808e18 && v < 1.8446744073709551616e19 { return UInt64(v) }
                return UInt64(bitPattern: NDArray.clampedInt64(v))
            }
            return NDArray(dtype: .uint64, shape: x.shape, storage: .uint64(out))
        default:
            return try MathSupport.array(call, values, target, x.shape)
        }
    }

    /// Integers wrapped to a 2- or 4-bit type, one (sign-extended) value per byte.
    static func subByteInts(_ call: KernelCall, _ v: [Int64], _ target: DType, _ shape: [Int]) throws(InterpreterError) -> NDArray {
        let bits: Int64 = target == .int4 || target == .uint4 ? 4 : 2
        let mask = (Int64(1) << bits) - 1
        let bytes = v.map { UInt8(truncatingIfNeeded: $0 & mask) }
        return NDArray(dtype: target, shape: shape, storage: .bytes8(bytes))
    }
}
