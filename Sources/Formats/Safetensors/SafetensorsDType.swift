/// The element types a safetensors header can name (the `dtype` strings), as the reference
/// implementation (PyPI `safetensors` 0.8.0, Rust crate 0.8) defines them.
///
/// Case order is the reference's declaration order, which is also its ordering: the writer lays
/// tensors out by descending order of this enum (then by name), so the order here is load-bearing.
public enum SafetensorsDType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case bool = "BOOL"
    /// float4 e2m1, two per byte.
    case f4 = "F4"
    /// float6 e2m3, four per three bytes.
    case f6E2M3 = "F6_E2M3"
    /// float6 e3m2, four per three bytes.
    case f6E3M2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8E5M2 = "F8_E5M2"
    /// float8 e4m3 with no infinities (`float8_e4m3fn`).
    case f8E4M3 = "F8_E4M3"
    /// Unsigned power-of-two scale (`float8_e8m0fnu`).
    case f8E8M0 = "F8_E8M0"
    case f8E4M3FNUZ = "F8_E4M3FNUZ"
    case f8E5M2FNUZ = "F8_E5M2FNUZ"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    /// Two float32 (real, imaginary).
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits per element.
    public var bits: Int {
        switch self {
        case .f4: 4
        case .f6E2M3, .f6E3M2: 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0, .f8E4M3FNUZ, .f8E5M2FNUZ: 8
        case .i16, .u16, .f16, .bf16: 16
        case .i32, .u32, .f32: 32
        case .c64, .f64, .i64, .u64: 64
        }
    }

    /// The neutral element type name (GraphIR `DType` raw value; the two float6 types have no GraphIR case).
    public var neutralName: String {
        switch self {
        case .bool: "bool"
        case .f4: "float4e2m1"
        case .f6E2M3: "float6e2m3"
        case .f6E3M2: "float6e3m2"
        case .u8: "uint8"
        case .i8: "int8"
        case .f8E5M2: "float8e5m2"
        case .f8E4M3: "float8e4m3fn"
        case .f8E8M0: "float8e8m0"
        case .f8E4M3FNUZ: "float8e4m3fnuz"
        case .f8E5M2FNUZ: "float8e5m2fnuz"
        case .i16: "int16"
        case .u16: "uint16"
        case .f16: "float16"
        case .bf16: "bfloat16"
        case .i32: "int32"
        case .u32: "uint32"
        case .f32: "float32"
        case .c64: "complex64"
        case .f64: "float64"
        case .i64: "int64"
        case .u64: "uint64"
        }
    }

    /// Position in the reference's ordering (the writer sorts by descending rank).
    public var rank: Int { Self.ranks[self] ?? 0 }
    private static let ranks: [SafetensorsDType: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// The type for a neutral name, when safetensors has one.
    public init?(neutralName: String) {
        guard let match = Self.allCases.first(where: { $0.neutralName == neutralName }) else { return nil }
        self = match
    }

    /// Bytes for `elements` elements, or nil when the count overflows or (sub-byte types) does not
    /// end on a byte boundary, which the reference refuses.
    public func byteCount(elements: Int) -> Int? {
        guard elements >= 0 else { return nil }
        let (bitCount, overflow) = elements.multipliedReportingOverflow(by: bits)
        guard !overflow, bitCount % 8 == 0 else { return nil }
        return bitCount / 8
    }

    public var description: String { rawValue }
}
