// MindIR values and element types shared by the MindIR importer and exporter.
//
// MindSpore 2.x writes most primitives as PRIMITIVE_FUNCTION: their attributes are not in
// `PrimitiveProto.attribute` but are extra operands of the node, each a `Constant` node whose
// `value` attribute uses the type-tagged encoding of FORMATS.md §2.4 (INT64 `i`, BOOL `i`, FLOAT
// `f`, TUPLE of single-element `ints`, TENSORS with `tensors[0].raw_data`, NONE, UMONAD ...).
// Older PRIMITIVE primitives (Conv2D, MaxPool, AdaptiveAvgPool2D in 2.10) keep them as primitive
// attributes in the same encoding. `MindIRConstant` is that encoding decoded, for both places.

import Foundation
import Formats
import GraphIR

/// A constant as MindIR encodes it in an `AttributeProto` (a `Constant` node's `value` or a
/// primitive attribute).
indirect enum MindIRConstant: Sendable, Equatable {
    case int(Int64)
    case bool(Bool)
    case float(Float)
    case double(Double)
    case string(String)
    case sequence([MindIRConstant])
    case tensor(Tensor)
    /// A type object (`mstype.float32`): TENSORS with a data type and no data.
    case type(DType)
    case none
    case monad

    /// Integer value of an int or bool (MindSpore accepts either where an int is meant).
    var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// A float or double scalar as Float (MindSpore's float attributes are float32 in kernels).
    var floatValue: Float? {
        switch self {
        case .float(let value): return value
        case .double(let value): return Float(value)
        default: return nil
        }
    }

    /// A sequence of ints; a bare int counts as a one-element sequence.
    var intsValue: [Int64]? {
        switch self {
        case .int(let value): return [value]
        case .sequence(let elements):
            var out: [Int64] = []
            for element in elements {
                guard let value = element.intValue else { return nil }
                out.append(value)
            }
            return out
        default: return nil
        }
    }
}

/// MindIR `TensorProto.DataType` codes, MindSpore `TypeId` values and GraphIR dtypes.
enum MindIRTypes {
    /// `TensorProto.DataType` by GraphIR dtype (FORMATS.md §2.1; float64 is written as DOUBLE 11).
    static let dataTypeCodes: [(DType, Int32)] = [
        (.float32, 1), (.uint8, 2), (.int8, 3), (.uint16, 4), (.int16, 5), (.int32, 6), (.int64, 7),
        (.string, 8), (.bool, 9), (.float16, 10), (.float64, 11), (.uint32, 12), (.uint64, 13),
        (.complex64, 14), (.complex128, 15), (.bfloat16, 16),
    ]

    static func dtype(dataType code: Int32) -> DType? {
        if code == 17 { return .float64 }  // FLOAT64: the loader's other spelling of float64
        return dataTypeCodes.first { $0.1 == code }?.0
    }

    static func dataType(_ dtype: DType) -> Int32? { dataTypeCodes.first { $0.0 == dtype }?.1 }

    /// MindSpore `TypeId` values (FORMATS.md §4.4; 30-44 are stable across versions, 45 is
    /// bfloat16 in 2.x). Cast's `dst_type` operand is one of these.
    static let typeIDs: [(DType, Int64)] = [
        (.bool, 30), (.int8, 32), (.int16, 33), (.int32, 34), (.int64, 35), (.uint8, 37), (.uint16, 38),
        (.uint32, 39), (.uint64, 40), (.float16, 42), (.float32, 43), (.float64, 44), (.bfloat16, 45),
    ]

    static func dtype(typeID value: Int64) -> DType? { typeIDs.first { $0.1 == value }?.0 }
    static func typeID(_ dtype: DType) -> Int64? { typeIDs.first { $0.0 == dtype }?.1 }

    /// ONNX `TensorProto.DataType` codes (Cast's `to`), from the ONNX table in Formats.
    static func onnxCode(_ dtype: DType) -> Int64? { ONNXRaising.codes[dtype].map(Int64.init) }

    static func dtype(onnxCode code: Int64) -> DType? {
        guard let code32 = Int32(exactly: code), let type = ONNXDataType(code: code32) else { return nil }
        return DType(rawValue: type.name)
    }
}

/// Little-endian element access for the small constant tensors the lowering reads and builds.
enum MindIRTensors {
    static func int64Tensor(_ name: String, _ values: [Int64], shape: [Int]? = nil) -> Tensor {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        return Tensor(name: name, dtype: .int64, shape: shape ?? [values.count], bytes: TensorBytes(bytes: bytes))
    }

    /// A scalar of a floating-point `dtype` (float32, float16, float64, bfloat16); nil for others.
    static func scalar(_ name: String, _ value: Float, dtype: DType) -> Tensor? {
        var bytes: [UInt8] = []
        switch dtype {
        case .float32: withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .float16: withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .float64: withUnsafeBytes(of: Double(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .bfloat16: withUnsafeBytes(of: UInt16(truncatingIfNeeded: value.bitPattern >> 16).littleEndian) { bytes.append(contentsOf: $0) }
        default: return nil
        }
        return Tensor(name: name, dtype: dtype, shape: [], bytes: TensorBytes(bytes: bytes))
    }

    static func float32Scalar(_ name: String, _ value: Float) -> Tensor {
        Tensor(name: name, dtype: .float32, shape: [], bytes: TensorBytes(bytes: float32Bytes([value])))
    }

    /// The little-endian bytes of float32 `values`.
    static func float32Bytes(_ values: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    /// One spatial axis of an ONNX ConvTranspose's output before output_padding:
    /// stride·(input − 1) + (kernel − 1)·dilation + 1 − pad_begin − pad_end, or nil when a
    /// step overflows (MindSpore's Conv2DTranspose computes the same, with its pad_list).
    static func transposedExtent(input: Int64, kernel: Int64, stride: Int64, dilation: Int64, padBegin: Int64, padEnd: Int64)
        -> Int64?
    {
        var value: Int64 = 0
        for (partial, overflow) in [
            stride.multipliedReportingOverflow(by: input &- 1), (kernel &- 1).multipliedReportingOverflow(by: dilation),
        ] {
            guard !overflow, input >= 1, kernel >= 1 else { return nil }
            let (sum, o) = value.addingReportingOverflow(partial)
            guard !o else { return nil }
            value = sum
        }
        let (a, o1) = value.addingReportingOverflow(1)
        let (b, o2) = a.subtractingReportingOverflow(padBegin)
        let (c, o3) = b.subtractingReportingOverflow(padEnd)
        return o1 || o2 || o3 ? nil : c
    }

    /// The integer elements of an integer tensor (int8...uint64), or nil for other dtypes or a
    /// byte count that does not fit the shape.
    static func integers(_ tensor: Tensor) -> [Int64]? {
        guard let bytes = tensor.bytes?.bytes, let count = tensor.elementCount else { return nil }
        let width: Int
        switch tensor.dtype {
        case .int8, .uint8, .bool: width = 1
        case .int16, .uint16: width = 2
        case .int32, .uint32: width = 4
        case .int64, .uint64: width = 8
        default: return nil
        }
        let (expected, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, bytes.count == expected else { return nil }
        var out: [Int64] = []
        out.reserveCapacity(count)
        for index in 0..<count {
            var raw: UInt64 = 0
            for byte in 0..<width { raw |= UInt64(bytes[index * width + byte]) << (8 * UInt64(byte)) }
            switch tensor.dtype {
            case .int8: out.append(Int64(Int8(truncatingIfNeeded: raw)))
            case .int16: out.append(Int64(Int16(truncatingIfNeeded: raw)))
            case .int32: out.append(Int64(Int32(truncatingIfNeeded: raw)))
            default: out.append(Int64(bitPattern: raw))
            }
        }
        return out
    }

    /// The elements of a float32, float16 or bfloat16 tensor as Float (exactly: both widen
    /// without rounding), or nil for other dtypes or a byte count that does not fit the shape.
    static func floats(_ tensor: Tensor) -> [Float]? {
        let width: Int
        switch tensor.dtype {
        case .float32: width = 4
        case .float16, .bfloat16: width = 2
        default: return nil
        }
        guard let bytes = tensor.bytes?.bytes, let count = tensor.elementCount, count <= bytes.count,
            bytes.count == count * width
        else { return nil }
        return (0..<count).map { index in
            var raw: UInt32 = 0
            for byte in 0..<width { raw |= UInt32(bytes[index * width + byte]) << (8 * UInt32(byte)) }
            switch tensor.dtype {
            case .float16: return Float(Float16(bitPattern: UInt16(raw)))
            case .bfloat16: return Float(bitPattern: raw << 16)
            default: return Float(bitPattern: raw)
            }
        }
    }

    /// Element `index` of a tensor as a scalar tensor of the same dtype (for OneHot's values).
    static func element(_ tensor: Tensor, _ index: Int, name: String) -> Tensor? {
        guard let width = tensor.dtype.bitWidth, width >= 8, let bytes = tensor.bytes?.bytes,
            let count = tensor.elementCount, index < count, count <= bytes.count, bytes.count == count * (width / 8)
        else { return nil }
        let size = width / 8
        return Tensor(
            name: name, dtype: tensor.dtype, shape: [],
            bytes: TensorBytes(bytes: Array(bytes[(index * size)..<((index + 1) * size)])))
    }
}

/// MindSpore's nearest-neighbour resize (ResizeNearestNeighbor in MindIR, ResizeNearestNeighborV2
/// in GE) picks its source pixel by two flags; ONNX Resize (nearest) by a coordinate rule and a
/// rounding. The three flag settings MindSpore allows and the ONNX rules that compute the same.
enum NearestResizeFlags {
    /// The flags of ONNX's (coordinate_transformation_mode, nearest_mode), or nil where MindSpore has none.
    static func flags(transform: String, rounding: String) -> (align: Bool, half: Bool)? {
        switch (transform, rounding) {
        case ("asymmetric", "floor"): return (false, false)
        case ("align_corners", "round_prefer_ceil"): return (true, false)
        case ("tf_half_pixel_for_nn", "floor"): return (false, true)
        default: return nil
        }
    }

    /// ONNX's (coordinate_transformation_mode, nearest_mode) for the flags (not both set).
    static func onnx(align: Bool, half: Bool) -> (transform: String, rounding: String) {
        align ? ("align_corners", "round_prefer_ceil") : half ? ("tf_half_pixel_for_nn", "floor") : ("asymmetric", "floor")
    }
}
