import Foundation

/// Turns a tensor's typed data fields (`float_data`, `int32_data`, …) into the `raw_data` layout.
///
/// Which field holds which type follows FORMATS.md §5.2: 8- and 16-bit types (and bool, float16,
/// bfloat16, float8) sit one per `int32_data` element in the low bits; 4- and 2-bit types sit one
/// packed byte per element; uint32 sits in `uint64_data`; complex types use two floats or doubles.
enum ONNXTypedData {
    static func rawBytes(of tensor: Onnx_TensorProto, path: FieldPath, file: String?) throws(FormatError)
        -> TensorBytes
    {
        func fail(_ code: FormatError.Code, _ message: String) -> FormatError {
            FormatError(code, format: ONNXCodec.formatName, file: file, fieldPath: path, message: message)
        }
        guard let type = ONNXDataType(code: tensor.dataType) else {
            throw fail(.unknownDType, "data_type \(tensor.dataType) is not a known ONNX element type")
        }
        var out: [UInt8] = []
        func appendLE<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        switch type.code {
        case 1, 14:  // float32, complex64
            out.reserveCapacity(tensor.floatData.count * 4)
            for value in tensor.floatData { appendLE(value.bitPattern) }
        case 11, 15:  // float64, complex128
            out.reserveCapacity(tensor.doubleData.count * 8)
            for value in tensor.doubleData { appendLE(value.bitPattern) }
        case 7:
            out.reserveCapacity(tensor.int64Data.count * 8)
            for value in tensor.int64Data { appendLE(value) }
        case 12:
            for value in tensor.uint64Data { appendLE(UInt32(truncatingIfNeeded: value)) }
        case 13:
            for value in tensor.uint64Data { appendLE(value) }
        case 6:
            for value in tensor.int32Data { appendLE(value) }
        case 4, 5, 10, 16:  // uint16, int16, float16, bfloat16
            for value in tensor.int32Data { appendLE(UInt16(truncatingIfNeeded: value)) }
        case 2, 3, 9, 17, 18, 19, 20, 24, 21, 22, 23, 25, 26:  // one byte per element (or packed byte)
            out.reserveCapacity(tensor.int32Data.count)
            for value in tensor.int32Data { out.append(UInt8(truncatingIfNeeded: value)) }
        case 8:
            throw fail(.unsupported, "string tensors have no raw layout; their values are in string_data")
        default:
            throw fail(.unsupported, "\(type.name) tensors have no defined typed-field layout")
        }
        return TensorBytes(bytes: out)
    }
}
