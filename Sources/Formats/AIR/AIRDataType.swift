/// Graph Engine `ge.proto.DataType` codes (FORMATS.md §3.2): the neutral name and the bits one
/// element takes in `TensorDef.data`. GE numbers its types differently from ONNX and MindIR, so
/// this table is the only place AIR codes are interpreted.
public struct AIRDataType: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let code: Int64
    /// Lowercase neutral name (`float32`, `bfloat16`, …), matching GraphIR's `DType` names where
    /// GraphIR has the type; GE-only types keep a `ge_` name.
    public let name: String
    /// Bits per element; nil where the element has no fixed width (strings, resources, variants).
    public let bits: Int?

    public var description: String { name }

    /// The type for `code`, or nil for codes the schema does not list.
    public init?(code: Int64) {
        guard let entry = Self.table.first(where: { $0.0 == code }) else { return nil }
        self.code = code
        self.name = entry.1
        self.bits = entry.2
    }

    /// The type named `name` (one of this table's names).
    public init?(name: String) {
        guard let entry = Self.table.first(where: { $0.1 == name }) else { return nil }
        self.code = entry.0
        self.name = entry.1
        self.bits = entry.2
    }

    /// Bytes that `count` elements take (sub-byte types pack from the low bits up), or nil when
    /// the width is unknown, the count is negative or the size overflows.
    public func byteCount(elements count: Int) -> Int? {
        guard let bits, count >= 0 else { return nil }
        if bits < 8 {
            let perByte = 8 / bits
            return count / perByte + (count % perByte == 0 ? 0 : 1)
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: bits / 8)
        return overflow ? nil : total
    }

    private static let table: [(Int64, String, Int?)] = [
        (0, "undefined", nil), (1, "float32", 32), (2, "float16", 16), (3, "int8", 8), (4, "uint8", 8),
        (5, "int16", 16), (6, "uint16", 16), (7, "int32", 32), (8, "int64", 64), (9, "uint32", 32),
        (10, "uint64", 64), (11, "bool", 8), (12, "float64", 64), (13, "string", nil),
        (14, "ge_dual_sub_int8", nil), (15, "ge_dual_sub_uint8", nil), (16, "complex64", 64),
        (17, "complex128", 128), (18, "ge_qint8", 8), (19, "ge_qint16", 16), (20, "ge_qint32", 32),
        (21, "ge_quint8", 8), (22, "ge_quint16", 16), (23, "ge_resource", nil), (24, "ge_string_ref", nil),
        (25, "ge_dual", nil), (26, "ge_variant", nil), (27, "bfloat16", 16), (28, "int4", 4),
        (29, "ge_uint1", 1), (30, "int2", 2), (31, "uint2", 2),
    ]

    /// Every listed code, in order.
    public static var allCodes: [Int64] { table.map(\.0) }
}
