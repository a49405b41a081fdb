/// The element type of a tensor, named neutrally for every model format.
///
/// The raw value is the canonical lowercase name (`"float32"`, `"float8e4m3fn"`, ...); format
/// codecs map their own codes (ONNX `TensorProto.DataType`, MindSpore `TypeId`, safetensors
/// strings) to these cases through their own tables, and an unknown code is an error there,
/// never a fallback.
public enum DType: String, Sendable, Equatable, Hashable, CaseIterable, CustomStringConvertible {
    /// IEEE 754 binary32.
    case float32
    /// IEEE 754 binary16.
    case float16
    /// The upper half of a `float32` (8 exponent bits, 7 mantissa bits).
    case bfloat16
    /// IEEE 754 binary64.
    case float64
    /// 8-bit float: 4 exponent bits (bias 7), 3 mantissa bits, finite only (no infinities), NaN = S.1111.111.
    case float8e4m3fn
    /// 4 exponent bits (bias 8), 3 mantissa bits, finite only, no negative zero; 0x80 is the only NaN.
    case float8e4m3fnuz
    /// 8-bit float: 5 exponent bits (bias 15), 2 mantissa bits, with infinities and NaNs like IEEE 754.
    case float8e5m2
    /// 5 exponent bits (bias 16), 2 mantissa bits, finite only, no negative zero; 0x80 is the only NaN.
    case float8e5m2fnuz
    /// 8-bit unsigned power of two: 8 exponent bits (bias 127), no mantissa, no sign; 0xFF is
    /// the only NaN (used as the shared scale of microscaling formats).
    case float8e8m0
    /// 4-bit float, 2 exponent bits, 1 mantissa bit; packed two per byte.
    case float4e2m1
    /// 2-bit signed integer; packed four per byte.
    case int2
    /// 2-bit unsigned integer; packed four per byte.
    case uint2
    /// 4-bit signed integer; packed two per byte.
    case int4
    /// 4-bit unsigned integer; packed two per byte.
    case uint4
    /// Signed two's-complement integers of 8, 16, 32 and 64 bits.
    case int8
    /// See `int8`.
    case int16
    /// See `int8`.
    case int32
    /// See `int8`.
    case int64
    /// Unsigned integers of 8, 16, 32 and 64 bits.
    case uint8
    /// See `uint8`.
    case uint16
    /// See `uint8`.
    case uint32
    /// See `uint8`.
    case uint64
    /// One byte per element, 0 or 1.
    case bool
    /// Variable-length byte strings; has no fixed width and is stored as `TensorStorage.strings`.
    case string
    /// Two `float32`s (real, imaginary).
    case complex64
    /// Two `float64`s (real, imaginary).
    case complex128

    /// Bits per element, or nil for `string`, which has no fixed width.
    public var bitWidth: Int? {
        switch self {
        case .int2, .uint2: return 2
        case .float4e2m1, .int4, .uint4: return 4
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0, .int8, .uint8, .bool:
            return 8
        case .float16, .bfloat16, .int16, .uint16: return 16
        case .float32, .int32, .uint32: return 32
        case .float64, .int64, .uint64, .complex64: return 64
        case .complex128: return 128
        case .string: return nil
        }
    }

    /// Whether elements are real floating-point numbers (complex types are not included).
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float16, .bfloat16, .float64, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2,
            .float8e5m2fnuz, .float8e8m0, .float4e2m1:
            return true
        default:
            return false
        }
    }

    /// Whether elements are integers, signed or unsigned, of any width (`bool` is not included).
    public var isInteger: Bool {
        switch self {
        case .int2, .uint2, .int4, .uint4, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64:
            return true
        default:
            return false
        }
    }

    /// Whether elements can be negative: signed integers, floating-point and complex types
    /// (except `float8e8m0`, which has no sign bit).
    public var isSigned: Bool {
        switch self {
        case .int2, .int4, .int8, .int16, .int32, .int64: return true
        case .float8e8m0: return false
        default: return isFloatingPoint || isComplex
        }
    }

    /// Whether elements are complex numbers.
    public var isComplex: Bool { self == .complex64 || self == .complex128 }

    /// Whether elements narrower than a byte are packed several to a byte.
    public var isSubByte: Bool { (bitWidth ?? 8) < 8 }

    /// The number of bytes `count` elements occupy; sub-byte types pack, so the result is
    /// `ceil(count * bitWidth / 8)`.
    ///
    /// - Throws: `GraphError` `.badShape` for a negative count, `.variableWidth` for `string`,
    ///   `.arithmeticOverflow` when the size does not fit `Int`.
    public func byteCount(forElements count: Int) throws(GraphError) -> Int {
        guard count >= 0 else {
            throw GraphError(.badShape, message: "negative element count \(count)")
        }
        guard let bits = bitWidth else {
            throw GraphError(.variableWidth, message: "\(rawValue) has no fixed element width")
        }
        if bits < 8 {
            // 2- and 4-bit elements: several per byte, the last byte possibly part-filled.
            // Dividing instead of multiplying means no count can overflow.
            let perByte = 8 / bits
            return count / perByte + (count % perByte == 0 ? 0 : 1)
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: bits / 8)
        guard !overflow else {
            throw GraphError(
                .arithmeticOverflow, message: "\(count) elements of \(rawValue) overflow the byte count")
        }
        return bytes
    }

    public var description: String { rawValue }
}
