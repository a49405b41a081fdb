// Standalone ONNX values: a serialized TensorProto, SequenceProto or OptionalProto in a file of
// its own, as the onnx test data (`input_0.pb`, `output_0.pb`) stores them. SequenceProto and
// OptionalProto come from onnx-data.proto; their few fields are walked here with the WireScanner.

import Foundation
import SwiftProtobuf

/// A value read from a standalone ONNX value file.
public indirect enum ONNXStandaloneValue: Sendable, Equatable {
    /// A dense tensor: ONNX element type, dims, payload in `raw_data` layout or strings.
    case tensor(ONNXStandaloneTensor)
    /// A sequence of values.
    case sequence([ONNXStandaloneValue])
    /// An optional: a value or none.
    case optional(ONNXStandaloneValue?)
}

/// A tensor from a standalone file.
public struct ONNXStandaloneTensor: Sendable, Equatable {
    public var name: String
    public var dataType: ONNXDataType
    public var dims: [Int]
    /// Fixed-width elements in `raw_data` layout; nil for string tensors.
    public var bytes: [UInt8]?
    /// The elements of a string tensor.
    public var strings: [[UInt8]]?
}

/// Reads standalone ONNX value files.
public enum ONNXValueFile {
    /// What the file is expected to hold (from the graph's declared type).
    public enum Kind: Sendable { case tensor, sequence, optional }

    public static func read(path: String, kind: Kind) throws(FormatError) -> ONNXStandaloneValue {
        let storage = try ByteStorage.map(path: path, format: ONNXCodec.formatName)
        return try decode(storage.view, kind: kind, file: path)
    }

    /// Decodes a value from bytes; `file` names it in errors.
    public static func decode(_ view: ByteView, kind: Kind, file: String?) throws(FormatError) -> ONNXStandaloneValue {
        do {
            return try decode(view, kind: kind, file: file, depth: 0)
        } catch {
            var located = error
            if located.file == nil { located.file = file }
            throw located
        }
    }

    static func decode(_ view: ByteView, kind: Kind, file: String?, depth: Int) throws(FormatError) -> ONNXStandaloneValue {
        guard depth < 32 else {
            throw FormatError(.limitExceeded, format: ONNXCodec.formatName, file: file, offset: view.range.lowerBound,
                fieldPath: "SequenceProto", message: "values nest deeper than 32")
        }
        switch kind {
        case .tensor: return .tensor(try tensor(view, file: file))
        case .sequence, .optional:
            var scanner = WireScanner(ByteReader(view, format: ONNXCodec.formatName))
            var elemType: UInt64 = 0
            var items: [(Int, ByteView)] = []
            while let field = try scanner.next() {
                switch (field.number, field.value) {
                case (2, .varint(let v)): elemType = v
                case (3, .bytes(let b)), (5, .bytes(let b)), (7, .bytes(let b)): items.append((field.number, b))
                case (4, .bytes), (6, .bytes):
                    throw scanner.error(.unsupported, at: field.keyOffset, "sparse and map elements are not supported")
                default: break
                }
            }
            _ = elemType
            var values: [ONNXStandaloneValue] = []
            for (number, bytes) in items {
                let inner: Kind = number == 3 ? .tensor : (number == 5 ? .sequence : .optional)
                values.append(try decode(bytes, kind: inner, file: file, depth: depth + 1))
            }
            if kind == .sequence { return .sequence(values) }
            return .optional(values.first)
        }
    }

    static func tensor(_ view: ByteView, file: String?) throws(FormatError) -> ONNXStandaloneTensor {
        let proto: Onnx_TensorProto
        do {
            proto = try Onnx_TensorProto(serializedBytes: view.withUnsafeBytes { Array($0) })
        } catch {
            // swift-protobuf says nothing of where: walk the bytes to locate the first bad field.
            var scanner = WireScanner(ByteReader(view, format: ONNXCodec.formatName, fieldPath: "TensorProto"))
            while try scanner.next() != nil {}
            throw FormatError(.invalidValue, format: ONNXCodec.formatName, file: file, offset: view.range.lowerBound,
                fieldPath: "TensorProto", message: "not a TensorProto: \(error)")
        }
        guard let type = ONNXDataType(code: proto.dataType), type.name != "undefined" else {
            throw FormatError(.unknownDType, format: ONNXCodec.formatName, file: file, offset: view.range.lowerBound, fieldPath: "TensorProto.data_type",
                message: "unknown data type \(proto.dataType)")
        }
        var dims: [Int] = []
        for d in proto.dims {
            guard d >= 0, let size = Int(exactly: d) else {
                throw FormatError(.invalidValue, format: ONNXCodec.formatName, file: file, offset: view.range.lowerBound, fieldPath: "TensorProto.dims",
                    message: "negative dimension \(d)")
            }
            dims.append(size)
        }
        var count = 1
        for size in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw FormatError(.arithmeticOverflow, format: ONNXCodec.formatName, file: file, offset: view.range.lowerBound,
                    fieldPath: "TensorProto.dims", message: "the element count of \(dims) overflows")
            }
            count = product
        }
        if type.name == "string" {
            guard proto.stringData.count == count else {
                throw FormatError(.sizeMismatch, format: ONNXCodec.formatName, file: file, offset: view.range.lowerBound,
                    fieldPath: "TensorProto.string_data", message: "\(proto.stringData.count) strings for \(count) elements")
            }
            return ONNXStandaloneTensor(name: proto.name, dataType: type, dims: dims, bytes: nil,
                strings: proto.stringData.map { [UInt8]($0) })
        }
        let bytes: [UInt8]
        if proto.hasRawData {
            bytes = [UInt8](proto.rawData)
        } else {
            bytes = try ONNXTypedData.rawBytes(of: proto, path: "TensorProto", file: file).bytes
        }
        guard let expected = type.byteCount(elements: count), expected == bytes.count else {
            throw FormatError(.sizeMismatch, format: ONNXCodec.formatName, file: file, offset: view.range.lowerBound,
                fieldPath: proto.hasRawData ? "TensorProto.raw_data" : "TensorProto",
                message: "\(bytes.count) bytes of data for \(count) elements of \(type.name)")
        }
        return ONNXStandaloneTensor(name: proto.name, dataType: type, dims: dims, bytes: bytes, strings: nil)
    }
}
