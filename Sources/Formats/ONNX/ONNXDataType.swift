/// ONNX `TensorProto.DataType` codes (FORMATS.md §5.2): the name we show and how many bits one
/// element takes in `raw_data`.
public struct ONNXDataType: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let code: Int32
    /// Lowercase neutral name (`float32`, `bfloat16`, `int4` …), matching GraphIR's `DType` names.
    public let name: String
    /// Bits per element in `raw_data`; nil where the element has no fixed width (strings) or the
    /// packing is not specified (6-bit floats).
    public let bits: Int?

    public var description: String { name }

    /// The type for `code`, or nil for codes this schema does not list.
    public init?(code: Int32) {
        guard let entry = Self.table.first(where: { $0.0 == code }) else { return nil }
        self.code = code
        self.name = entry.1
        self.bits = entry.2
    }

    /// Bytes that `count` elements take in `raw_data` (sub-byte types pack from the low bits up),
    /// or nil when the width is unknown or the count overflows.
    public func byteCount(elements count: Int) -> Int? {
        guard let bits, count >= 0 else { return nil }
        let (total, overflow) = count.multipliedReportingOverflow(by: bits)
        guard !overflow else { return nil }
        return total / 8 + (total % 8 == 0 ? 0 : 1)
    }

    private static let table: [(Int32, String, Int?)] = [
        (0, "undefined", nil), (1, "float32", 32), (2, "uint8", 8), (3, "int8", 8), (4, "uint16", 16),
        (5, "int16", 16), (6, "int32", 32), (7, "int64", 64), (8, "string", nil), (9, "bool", 8),
        (10, "float16", 16), (11, "float64", 64), (12, "uint32", 32), (13, "uint64", 64),
        (14, "complex64", 64), (15, "complex128", 128), (16, "bfloat16", 16), (17, "float8e4m3fn", 8),
        (18, "float8e4m3fnuz", 8), (19, "float8e5m2", 8), (20, "float8e5m2fnuz", 8), (21, "uint4", 4),
        (22, "int4", 4), (23, "float4e2m1", 4), (24, "float8e8m0", 8), (25, "uint2", 2), (26, "int2", 2),
        (27, "float6e2m3", nil), (28, "float6e3m2", nil),
    ]

    /// Every listed code, in order.
    public static var allCodes: [Int32] { table.map(\.0) }
}
