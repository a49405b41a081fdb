/// A CKPT `TensorProto.tensor_type` string (FORMATS.md §1.2) with what we know about it.
///
/// Kept as the exact string read, so a file re-encodes byte for byte even for legacy spellings.
public struct CheckpointTensorType: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    struct Info {
        let bits: Int
        /// The neutral element type name (GraphIR's `DType` raw value).
        let canonical: String
        /// Whether `mindspore.load_checkpoint` (2.10) accepts the string.
        let loadable: Bool
    }

    /// The table of strings MindSpore writes and reads, legacy spellings and MapTensor's NumPy names included.
    static let table: [String: Info] = {
        var t: [String: Info] = [
            "Bool": Info(bits: 8, canonical: "bool", loadable: true),
            "Int8": Info(bits: 8, canonical: "int8", loadable: true),
            "UInt8": Info(bits: 8, canonical: "uint8", loadable: true),
            "Int16": Info(bits: 16, canonical: "int16", loadable: true),
            "UInt16": Info(bits: 16, canonical: "uint16", loadable: true),
            "Int32": Info(bits: 32, canonical: "int32", loadable: true),
            "UInt32": Info(bits: 32, canonical: "uint32", loadable: true),
            "Int64": Info(bits: 64, canonical: "int64", loadable: true),
            "UInt64": Info(bits: 64, canonical: "uint64", loadable: true),
            "Float16": Info(bits: 16, canonical: "float16", loadable: true),
            "BFloat16": Info(bits: 16, canonical: "bfloat16", loadable: true),
            "Float32": Info(bits: 32, canonical: "float32", loadable: true),
            "Float64": Info(bits: 64, canonical: "float64", loadable: true),
            // MindSpore 2.10 stores `qint4x2` one byte per element: each byte packs two signed 4-bit
            // values (low nibble first) and dims give the byte shape (FORMATS.md §1.2 says ceil(n/2); the
            // fixtures made by MindSpore 2.10 show one byte per element).
            "Int4": Info(bits: 8, canonical: "qint4x2", loadable: true),
            "str": Info(bits: 32, canonical: "string", loadable: true),
            // Written by save but missing from the 2.10 load map.
            "Complex64": Info(bits: 64, canonical: "complex64", loadable: false),
            "Complex128": Info(bits: 128, canonical: "complex128", loadable: false),
            "Float8E4M3FN": Info(bits: 8, canonical: "float8e4m3fn", loadable: false),
            "Float8E5M2": Info(bits: 8, canonical: "float8e5m2", loadable: false),
            "HiFloat8": Info(bits: 8, canonical: "hifloat8", loadable: false),
        ]
        // Spellings of MindSpore 1.x.
        for (legacy, modern) in [("Uint8", "UInt8"), ("Uint16", "UInt16"), ("Uint32", "UInt32"), ("Uint64", "UInt64")] {
            t[legacy] = t[modern]
        }
        // MapTensor inner tensors carry NumPy dtype names.
        for (numpy, bits) in [
            ("bool", 8), ("int8", 8), ("uint8", 8), ("int16", 16), ("uint16", 16), ("int32", 32), ("uint32", 32),
            ("int64", 64), ("uint64", 64), ("float16", 16), ("float32", 32), ("float64", 64),
        ] {
            t[numpy] = Info(bits: bits, canonical: numpy, loadable: true)
        }
        return t
    }()

    var info: Info? { Self.table[name] }

    /// Whether the string is one we know.
    public var isKnown: Bool { info != nil }
    /// Bits per stored element (8 for `Int4`, whose elements are packed pairs; 32 per code point for `str`); nil when unknown.
    public var bitsPerElement: Int? { info?.bits }
    /// The neutral lowercase element type name (`float32`, `bfloat16`, `int4`, `string` …).
    public var canonicalName: String? { info?.canonical }
    /// Whether MindSpore 2.10's `load_checkpoint` accepts it.
    public var isLoadableByMindSpore: Bool { info?.loadable ?? false }
    public var isString: Bool { name == "str" }

    /// The name MindSpore writes for a neutral element type name.
    public static func forCanonical(_ canonical: String) -> CheckpointTensorType? {
        let preferred = [
            "bool": "Bool", "int8": "Int8", "uint8": "UInt8", "int16": "Int16", "uint16": "UInt16",
            "int32": "Int32", "uint32": "UInt32", "int64": "Int64", "uint64": "UInt64", "float16": "Float16",
            "bfloat16": "BFloat16", "float32": "Float32", "float64": "Float64", "qint4x2": "Int4", "string": "str",
            "complex64": "Complex64", "complex128": "Complex128", "float8e4m3fn": "Float8E4M3FN",
            "float8e5m2": "Float8E5M2", "hifloat8": "HiFloat8",
        ]
        return preferred[canonical].map(CheckpointTensorType.init)
    }

    /// Bytes needed for `elements` elements, or nil on overflow or unknown type.
    public func byteCount(elements: Int) -> Int? {
        guard let bits = bitsPerElement, elements >= 0 else { return nil }
        let (product, overflow) = elements.multipliedReportingOverflow(by: bits)
        if overflow { return nil }
        return product / 8 + (product % 8 == 0 ? 0 : 1)
    }

    public var description: String { name }
}
