import Foundation
import SwiftProtobuf

/// Reads and writes AIR models (`ge.proto.ModelDef`, FORMATS.md §3): raw protobuf, no header.
///
/// Decoding follows the ONNX codec: `SchemaWalker` checks every field against `WireSchema.air`
/// (proto3, so repeated numbers may be packed and maps are repeated entry messages) and names the
/// offset and field path of the first problem; large `TensorDef.data` payloads are taken out of
/// the skeleton the generated decoder reads and put back as `Data` that wraps the input without
/// copying. Walking also checks what the generated decoder would not: every tensor's data size
/// against its dims and type, every op input reference, and that the main graph exists.
///
/// Encoding writes fields in number order with map entries sorted by key, which is what
/// `protoc --encode --deterministic_output` writes, so such files re-encode byte for byte.
public enum AIRCodec {
    public static let formatName = "air"

    /// Payloads at least this long are left in the input and referenced, not copied.
    public static let zeroCopyThreshold = 128

    static let schema = WireSchema.air
    static let modelIndex = schema.index(of: "ModelDef") ?? -1
    static let tensorIndex = schema.index(of: "TensorDef") ?? -1
    static let opIndex = schema.index(of: "OpDef") ?? -1

    // MARK: Decoding

    /// Decodes the model in `storage`; errors name `file` (default: `storage.path`).
    public static func decode(
        _ storage: ByteStorage, file: String? = nil, options: DecodingOptions = .default
    ) throws(FormatError) -> AIRDocument {
        do {
            return try decodeUnlocated(storage, options: options)
        } catch {
            throw error.inFile(file ?? storage.path)
        }
    }

    /// Reads the model at `path` (memory-mapped).
    public static func decode(path: String, options: DecodingOptions = .default) throws(FormatError) -> AIRDocument {
        try decode(ByteStorage.map(path: path, format: formatName), file: path, options: options)
    }

    private static func decodeUnlocated(_ storage: ByteStorage, options: DecodingOptions) throws(FormatError)
        -> AIRDocument
    {
        let walker = SchemaWalker(
            schema: schema, format: formatName, options: options,
            hollow: [SchemaWalker.Key(message: tensorIndex, field: 2)], hollowThreshold: zeroCopyThreshold,
            inspectors: [
                tensorIndex: { (view, path) throws(FormatError) in try checkTensor(view, path, options) },
                opIndex: { (view, path) throws(FormatError) in try checkOp(view, path) },
                modelIndex: { (view, path) throws(FormatError) in try checkModel(view, path) },
            ])
        let skeleton = try walker.skeleton(of: storage.view, root: modelIndex)

        var decoding = BinaryDecodingOptions()
        decoding.messageDepthLimit = options.maxDepth + 2
        if !skeleton.mergesMessages {
            var model = try generatedDecode(skeleton.bytes, decoding)
            var resolver = AIRPayloadResolver(root: storage.view)
            var placed = true
            for hollowed in skeleton.hollowed where placed {
                placed = resolver.setData(wrap(hollowed.payload), at: hollowed.path[...], in: &model)
            }
            if placed { return AIRDocument(model: model, path: storage.path, source: storage) }
        }
        // Rare: a singular message repeats, a map key repeats or a oneof member is replaced on the
        // way to a payload, so its path names no single place. Decode the original bytes and let
        // the generated decoder copy and merge as protobuf says.
        let model = try generatedDecode(storage.view.bytes, decoding)
        return AIRDocument(model: model, path: storage.path, source: storage)
    }

    private static func generatedDecode(_ bytes: [UInt8], _ decoding: BinaryDecodingOptions) throws(FormatError)
        -> Ge_Proto_ModelDef
    {
        do {
            return try Ge_Proto_ModelDef(serializedBytes: bytes, extensions: nil, partial: true, options: decoding)
        } catch {
            // The walk accepted every field, so this is a decoder rule we do not check ourselves.
            throw FormatError(
                .invalidValue, format: formatName, offset: nil, fieldPath: "ModelDef",
                message: "the protobuf decoder rejected the model: \(error)")
        }
    }

    /// `Data` that shares the view's memory (kept alive by the deallocator's reference).
    public static func wrap(_ view: ByteView) -> Data {
        guard let base = view.storage.baseAddress, !view.isEmpty else { return Data() }
        let storage = view.storage
        let pointer = UnsafeMutableRawPointer(mutating: base + view.range.lowerBound)
        return Data(bytesNoCopy: pointer, count: view.count, deallocator: .custom({ _, _ in _ = storage }))
    }

    // MARK: Checks made while walking

    /// `ModelDef.graph[0]` (the main graph) must be present.
    static func checkModel(_ view: ByteView, _ path: FieldPath) throws(FormatError) {
        var scanner = WireScanner(ByteReader(view, format: formatName, fieldPath: path))
        while let field = try scanner.next() { if field.number == 7 { return } }
        throw scanner.error(.missingField, at: view.range.lowerBound, field: "graph", "the model has no graph")
    }

    /// Each `OpDef.input` must read `<op name>:<output index>` with index ≥ -1 (-1: control edge).
    static func checkOp(_ view: ByteView, _ path: FieldPath) throws(FormatError) {
        var scanner = WireScanner(ByteReader(view, format: formatName, fieldPath: path))
        var index = 0
        while let field = try scanner.next() {
            guard field.number == 5, case .bytes(let payload) = field.value else { continue }
            defer { index += 1 }
            let text = payload.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            guard AIRInputReference(text) != nil else {
                throw FormatError(
                    .invalidValue, format: formatName, offset: field.valueOffset,
                    fieldPath: path.appending("input", index: index),
                    message: "input \"\(text)\" is not <op name>:<output index ≥ -1>")
            }
        }
    }

    /// A tensor's data must hold exactly product(dims) elements of its type.
    static func checkTensor(_ view: ByteView, _ path: FieldPath, _ options: DecodingOptions) throws(FormatError) {
        var scanner = WireScanner(ByteReader(view, format: formatName, fieldPath: path))
        var descriptor: ByteView?
        var descriptorOffset = view.range.lowerBound
        var data: (offset: Int, count: Int)?
        while let field = try scanner.next() {
            switch (field.number, field.value) {
            case (1, .bytes(let payload)):
                descriptor = payload
                descriptorOffset = field.keyOffset
            case (2, .bytes(let payload)): data = (field.valueOffset, payload.count)
            default: continue
            }
        }
        guard let descriptor else {
            if let data, data.count > 0 {
                throw scanner.error(.missingField, at: data.offset, field: "desc", "tensor data without a descriptor")
            }
            return
        }
        let descPath = path.appending("desc")
        var inner = WireScanner(ByteReader(descriptor, format: formatName, fieldPath: descPath))
        var dtype: Int64 = 0
        var dtypeOffset = descriptorOffset
        var dims: [Int64] = []
        var dimsOffset = descriptorOffset
        while let field = try inner.next() {
            switch (field.number, field.value) {
            case (2, .varint(let value)):
                dtype = Int64(bitPattern: value)
                dtypeOffset = field.keyOffset
            case (3, .bytes(let shape)):
                dims = []
                dimsOffset = field.keyOffset
                var shapeScanner = WireScanner(ByteReader(shape, format: formatName, fieldPath: descPath.appending("shape")))
                while let dim = try shapeScanner.next() {
                    switch (dim.number, dim.value) {
                    case (1, .varint(let value)):
                        dims.append(Int64(bitPattern: value))
                    case (1, .bytes(let packed)):
                        var reader = ByteReader(packed, format: formatName, fieldPath: descPath.appending("shape"))
                        while !reader.isAtEnd {
                            dims.append(Int64(bitPattern: try reader.readVarint(field: "dim")))
                            guard dims.count <= options.maxRank else { break }
                        }
                    default: continue
                    }
                    guard dims.count <= options.maxRank else {
                        throw FormatError(
                            .limitExceeded, format: formatName, offset: dim.keyOffset,
                            fieldPath: descPath.appending("shape").appending("dim"),
                            message: "rank exceeds \(options.maxRank)")
                    }
                }
            default: continue
            }
        }
        let dimPath = descPath.appending("shape").appending("dim")
        var elements = 1
        for (position, dim) in dims.enumerated() {
            guard dim >= 0 else {
                throw FormatError(
                    .invalidValue, format: formatName, offset: dimsOffset, fieldPath: dimPath,
                    message: "dim[\(position)] of a constant tensor is \(dim)")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
            guard !overflow else {
                throw FormatError(
                    .arithmeticOverflow, format: formatName, offset: dimsOffset, fieldPath: dimPath,
                    message: "the product of dims \(dims) overflows")
            }
            elements = product
        }
        let count = data?.count ?? 0
        guard let type = AIRDataType(code: dtype) else {
            throw FormatError(
                .unknownDType, format: formatName, offset: dtypeOffset, fieldPath: descPath.appending("dtype"),
                message: "data type code \(dtype) is not in ge.proto.DataType")
        }
        guard type.bits != nil else {
            // Strings and opaque GE types have no fixed element size; only an undefined type with
            // data cannot be sized at all.
            if type.code == 0 && count > 0 {
                throw FormatError(
                    .unknownDType, format: formatName, offset: dtypeOffset, fieldPath: descPath.appending("dtype"),
                    message: "tensor data of undefined type cannot be sized")
            }
            return
        }
        guard let expected = type.byteCount(elements: elements), expected <= options.maxTensorBytes else {
            throw FormatError(
                .arithmeticOverflow, format: formatName, offset: dimsOffset, fieldPath: dimPath,
                message: "\(elements) elements of \(type.name) exceed the tensor size limit")
        }
        guard expected == count else {
            throw FormatError(
                .sizeMismatch, format: formatName, offset: data?.offset ?? view.range.lowerBound,
                fieldPath: path.appending("data"),
                message: "\(count) bytes where dims \(dims) of \(type.name) need \(expected)")
        }
    }

    // MARK: Encoding

    /// The model's bytes: fields in number order, map entries sorted by key.
    public static func encode(_ model: Ge_Proto_ModelDef) throws(FormatError) -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        do {
            return try model.serializedBytes(partial: true, options: options)
        } catch {
            throw FormatError(
                .invalidValue, format: formatName, fieldPath: "ModelDef",
                message: "the model cannot be serialized: \(error)")
        }
    }

    /// The bytes of `document.model`.
    public static func encode(_ document: AIRDocument) throws(FormatError) -> [UInt8] {
        try encode(document.model)
    }

    /// Writes `model` to `path` through a temporary file and a rename; never replaces a path in
    /// `protecting`. Returns the number of bytes written.
    @discardableResult
    public static func write(_ model: Ge_Proto_ModelDef, to path: String, protecting: [String] = [])
        throws(FormatError) -> Int
    {
        let bytes = try encode(model)
        guard bytes.count <= Int(Int32.max) else {
            throw FormatError(
                .limitExceeded, format: formatName, file: path,
                message: "the model is \(bytes.count) bytes; protobuf allows 2 GiB")
        }
        let writer = try AtomicFileWriter(path: path, format: formatName, protecting: protecting)
        do {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
        return bytes.count
    }

    /// Writes `document` to `path`; the file it was read from is protected too.
    @discardableResult
    public static func write(_ document: AIRDocument, to path: String, protecting: [String] = [])
        throws(FormatError) -> Int
    {
        try write(document.model, to: path, protecting: protecting + (document.path.map { [$0] } ?? []))
    }
}

/// An op input reference, `"<op name>:<output index>"`; index -1 is a control edge.
public struct AIRInputReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var op: String
    public var index: Int

    public init(op: String, index: Int) {
        self.op = op
        self.index = index
    }

    /// Parses `text`; nil unless it has a non-empty name, a colon and a decimal index ≥ -1.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let name = text[..<colon]
        let digits = text[text.index(after: colon)...]
        guard !name.isEmpty, !digits.isEmpty, digits.utf8.count <= 19 else { return nil }
        let body = digits.hasPrefix("-") ? digits.dropFirst() : digits[...]
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(digits), value >= -1
        else { return nil }
        self.op = String(name)
        self.index = value
    }

    public var isControl: Bool { index == -1 }
    public var description: String { "\(op):\(index)" }
}
