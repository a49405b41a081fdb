/// `mind_ir.TensorProto.DataType` codes (FORMATS.md §2.1) with their element widths.
public enum MindIRDataType: Int32, Sendable, CaseIterable {
    case undefined = 0, float32 = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7
    case string = 8, bool = 9, float16 = 10, double = 11, uint32 = 12, uint64 = 13
    case complex64 = 14, complex128 = 15, bfloat16 = 16, float64 = 17, qint4x2 = 18

    public init?(code: Int32) { self.init(rawValue: code) }

    /// Bytes per element in `raw_data`; nil where the size is not a whole number of bytes per
    /// element (int4 pairs), variable (strings) or unknown (undefined).
    public var byteWidth: Int? {
        switch self {
        case .undefined, .string, .qint4x2: nil
        case .uint8, .int8, .bool: 1
        case .uint16, .int16, .float16, .bfloat16: 2
        case .float32, .int32, .uint32: 4
        case .int64, .uint64, .double, .float64, .complex64: 8
        case .complex128: 16
        }
    }

    /// The name used in summaries (MindSpore's spelling of the dtype).
    public var name: String {
        switch self {
        case .undefined: "Undefined"
        case .float32: "Float32"
        case .uint8: "UInt8"
        case .int8: "Int8"
        case .uint16: "UInt16"
        case .int16: "Int16"
        case .int32: "Int32"
        case .int64: "Int64"
        case .string: "String"
        case .bool: "Bool"
        case .float16: "Float16"
        case .double, .float64: "Float64"
        case .uint32: "UInt32"
        case .uint64: "UInt64"
        case .complex64: "Complex64"
        case .complex128: "Complex128"
        case .bfloat16: "BFloat16"
        case .qint4x2: "QInt4x2"
        }
    }

    /// Bytes of `elements` elements, nil when the width is unknown or the product overflows.
    public func byteCount(elements: Int) -> Int? {
        guard let width = byteWidth else { return nil }
        let (product, overflow) = elements.multipliedReportingOverflow(by: width)
        return overflow ? nil : product
    }
}
