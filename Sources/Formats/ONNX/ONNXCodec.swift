import Foundation
import SwiftProtobuf

/// Reads and writes ONNX models (`onnx.ModelProto`, FORMATS.md §5).
///
/// Decoding runs in two steps. `SchemaWalker` first checks every field of the file against our
/// schema (wire types, lengths, nesting, UTF-8, tensor sizes) and names the offset and field path
/// of the first problem, then builds a skeleton with large `raw_data` payloads taken out. The
/// generated decoder (swift-protobuf) reads the skeleton, and the payloads go back in as `Data`
/// that wraps the memory map without copying. A 100 MB model therefore decodes in the time it
/// takes to walk its structure, and its weights are paged in only when read.
public enum ONNXCodec {
    public static let formatName = "onnx"

    /// Payloads at least this long are left in the file and referenced, not copied.
    public static let zeroCopyThreshold = 128

    static let schema = WireSchema.onnx
    static let modelIndex = schema.index(of: "ModelProto") ?? -1
    static let tensorIndex = schema.index(of: "TensorProto") ?? -1

    // MARK: Decoding

    /// Decodes the model in `storage`. External data is resolved later, on demand, against
    /// `baseDirectory` (default: the folder of `storage.path`).
    public static func decode(
        _ storage: ByteStorage, options: DecodingOptions = .default, baseDirectory: String? = nil
    ) throws(FormatError) -> ONNXDocument {
        do {
            return try decodeUnlocated(storage, options: options, baseDirectory: baseDirectory)
        } catch {
            throw error.inFile(storage.path)
        }
    }

    /// Reads the model at `path` (memory-mapped).
    public static func decode(path: String, options: DecodingOptions = .default) throws(FormatError) -> ONNXDocument {
        try decode(ByteStorage.map(path: path, format: formatName), options: options)
    }

    private static func decodeUnlocated(
        _ storage: ByteStorage, options: DecodingOptions, baseDirectory: String?
    ) throws(FormatError) -> ONNXDocument {
        let walker = SchemaWalker(
            schema: schema, format: formatName, options: options,
            hollow: [SchemaWalker.Key(message: tensorIndex, field: 9)], hollowThreshold: zeroCopyThreshold,
            inspectors: [tensorIndex: { (view, path) throws(FormatError) in try checkTensor(view, path, options) }])
        let skeleton = try walker.skeleton(of: storage.view, root: modelIndex)

        var decoding = BinaryDecodingOptions()
        decoding.messageDepthLimit = options.maxDepth + 2
        var model: Onnx_ModelProto
        if skeleton.mergesMessages {
            // Rare: a singular message field repeats, so payload paths are ambiguous. Decode the
            // original bytes and let the generated decoder copy (and merge) as protobuf says.
            model = try generatedDecode(storage.view.bytes, decoding, storage)
        } else {
            model = try generatedDecode(skeleton.bytes, decoding, storage)
            for hollowed in skeleton.hollowed {
                let data = wrap(hollowed.payload)
                guard ONNXTensorPaths.setRawData(data, at: hollowed.path[...], in: &model) else {
                    throw FormatError(
                        .invalidValue, format: formatName, offset: hollowed.payload.range.lowerBound,
                        message: "internal: no tensor at the path of a raw_data payload")
                }
            }
        }
        let base = baseDirectory ?? storage.path.map(ONNXDocument.directory(of:))
        return ONNXDocument(model: model, path: storage.path, baseDirectory: base, source: storage)
    }

    private static func generatedDecode(
        _ bytes: [UInt8], _ decoding: BinaryDecodingOptions, _ storage: ByteStorage
    ) throws(FormatError) -> Onnx_ModelProto {
        do {
            return try Onnx_ModelProto(serializedBytes: bytes, extensions: nil, partial: true, options: decoding)
        } catch {
            // The walk accepted every field, so this is a decoder rule we do not check ourselves.
            throw FormatError(
                .invalidValue, format: formatName, offset: nil, fieldPath: "ModelProto",
                message: "the protobuf decoder rejected the model: \(error)")
        }
    }

    /// `Data` that shares the view's memory (kept alive by the deallocator's reference), for
    /// putting a payload into `raw_data` without copying it.
    public static func wrap(_ view: ByteView) -> Data {
        guard let base = view.storage.baseAddress, !view.isEmpty else { return Data() }
        let storage = view.storage
        let pointer = UnsafeMutableRawPointer(mutating: base + view.range.lowerBound)
        return Data(bytesNoCopy: pointer, count: view.count, deallocator: .custom({ _, _ in _ = storage }))
    }

    /// Per-tensor checks made while walking: rank, dims, and `raw_data` length against dims × type.
    static func checkTensor(_ view: ByteView, _ path: FieldPath, _ options: DecodingOptions) throws(FormatError) {
        var scanner = WireScanner(ByteReader(view, format: formatName, fieldPath: path))
        var dims: [Int64] = []
        var dimsOffset = view.range.lowerBound
        var dataType: Int32 = 0
        var raw: (offset: Int, count: Int)?
        var external = false
        while let field = try scanner.next() {
            switch (field.number, field.value) {
            case (1, .varint(let value)):
                if dims.isEmpty { dimsOffset = field.keyOffset }
                dims.append(Int64(bitPattern: value))
                guard dims.count <= options.maxRank else {
                    throw scanner.error(.limitExceeded, at: field.keyOffset, field: "dims", "rank exceeds \(options.maxRank)")
                }
            case (1, .bytes(let packed)):
                if dims.isEmpty { dimsOffset = field.keyOffset }
                var reader = ByteReader(packed, format: formatName, fieldPath: path.appending("dims"))
                while !reader.isAtEnd {
                    dims.append(Int64(bitPattern: try reader.readVarint()))
                    guard dims.count <= options.maxRank else {
                        throw scanner.error(.limitExceeded, at: field.keyOffset, field: "dims", "rank exceeds \(options.maxRank)")
                    }
                }
            case (2, .varint(let value)): dataType = Int32(truncatingIfNeeded: value)
            case (9, .bytes(let payload)): raw = (field.valueOffset, payload.count)
            case (14, .varint(let value)): external = value == 1
            default: continue
            }
        }
        var elements = 1
        for (index, dim) in dims.enumerated() {
            guard dim >= 0 else {
                throw scanner.error(.invalidValue, at: dimsOffset, field: "dims", "dims[\(index)] is \(dim)")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
            guard !overflow else {
                throw scanner.error(.arithmeticOverflow, at: dimsOffset, field: "dims", "the product of dims overflows")
            }
            elements = product
        }
        guard let raw, !external, let type = ONNXDataType(code: dataType), type.bits != nil else { return }
        guard let expected = type.byteCount(elements: elements), expected <= options.maxTensorBytes else {
            throw scanner.error(
                .arithmeticOverflow, at: dimsOffset, field: "dims",
                "\(elements) elements of \(type.name) exceed the tensor size limit")
        }
        guard expected == raw.count else {
            throw scanner.error(
                .sizeMismatch, at: raw.offset, field: "raw_data",
                "\(raw.count) bytes where dims \(dims) of \(type.name) need \(expected)")
        }
    }

    // MARK: Encoding

    /// The model's bytes, fields in number order (what the onnx library writes).
    public static func encode(_ document: ONNXDocument) throws(FormatError) -> [UInt8] {
        try encode(document.model)
    }

    /// The bytes of a model built in memory.
    public static func encode(_ model: Onnx_ModelProto) throws(FormatError) -> [UInt8] {
        do {
            return try model.serializedBytes()
        } catch {
            throw FormatError(
                .invalidValue, format: formatName, fieldPath: "ModelProto",
                message: "the model cannot be serialized: \(error)")
        }
    }
}
