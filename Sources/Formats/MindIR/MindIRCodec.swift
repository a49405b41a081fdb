import Foundation
import MSCrypto
import SwiftProtobuf

/// Reads and writes MindIR models (`mind_ir.ModelProto`, FORMATS.md §2).
///
/// Decoding follows `ONNXCodec`: `SchemaWalker` checks every field against `WireSchema.mindIR`
/// (wire types, lengths, nesting, UTF-8, tensor sizes, external-data entries) and names the offset
/// and field path of the first problem, while building a skeleton with large `raw_data` payloads
/// taken out; swift-protobuf decodes the skeleton and the payloads go back as `Data` views of the
/// memory map. Unknown fields are kept, so `encode(decode(b)) == b` for files MindSpore wrote.
///
/// Encrypted files (a MindSpore cipher magic in the first four bytes, §2.7) are decrypted first;
/// offsets in errors then refer to the decrypted content.
public enum MindIRCodec {
    public static let formatName = "mindir"

    /// Payloads at least this long are left in the file and referenced, not copied.
    public static let zeroCopyThreshold = 128

    static let schema = WireSchema.mindIR
    static let modelIndex = schema.index(of: "ModelProto") ?? -1
    static let tensorIndex = schema.index(of: "TensorProto") ?? -1
    static let externalIndex = schema.index(of: "TensorProto.ExternalDataProto") ?? -1

    // MARK: Decoding

    /// Decodes the model in `storage` (plain or MindSpore-encrypted; the key comes from
    /// `options.key`). `file` names the model in errors and locates external data (default:
    /// `storage.path`); external data is opened lazily, by `MindIRDocument.payload(of:at:)`.
    public static func decode(
        _ storage: ByteStorage, file: String? = nil, options: DecodingOptions = .default
    ) throws(FormatError) -> MindIRDocument {
        let name = file ?? storage.path
        var plain = storage
        var encryption: CipherAlgorithm?
        if let algorithm = cipherAlgorithm(of: storage) {
            guard let key = options.key else {
                throw FormatError(
                    .keyRequired, format: formatName, file: name, offset: 0,
                    message: "the model is encrypted (\(algorithm.rawValue)); give its key (--key) and mode")
            }
            plain = try decrypt(storage, key: key, file: name)
            encryption = algorithm
        }
        do {
            var document = try decodePlain(plain, options: options, name: name)
            document.encryption = encryption
            document.key = encryption == nil ? nil : options.key
            return document
        } catch {
            var located = error.inFile(name)
            if encryption != nil { located.message += " (offset in the decrypted content)" }
            throw located
        }
    }

    /// Reads the model at `path` (memory-mapped), decrypting it with `key` when it is encrypted,
    /// and checks that every external-data entry names a readable, well-formed range.
    ///
    /// - Parameters:
    ///   - key: raw key bytes (AES: 16/24/32, SM4: 16); overrides `options.key`.
    ///   - mode: the expected cipher mode; the file's block magic must agree with it.
    public static func decode(
        path: String, options: DecodingOptions = .default, key: [UInt8]? = nil, mode: CipherAlgorithm? = nil
    ) throws(FormatError) -> MindIRDocument {
        let storage = try ByteStorage.map(path: path, format: formatName)
        if let mode, let found = cipherAlgorithm(of: storage), found != mode {
            throw FormatError(
                .decryptionFailed, format: formatName, file: path, offset: 0, fieldPath: "block[0].magic",
                message: "the file is encrypted with \(found.rawValue), not \(mode.rawValue)")
        }
        var options = options
        if let key { options.key = key }
        let document = try decode(storage, file: path, options: options)
        try document.checkExternalData()
        return document
    }

    /// The cipher mode whose block magic starts `storage`, if any.
    public static func cipherAlgorithm(of storage: ByteStorage) -> CipherAlgorithm? {
        guard storage.count >= 4 else { return nil }
        let magic = storage.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        return CipherAlgorithm(magic: UInt32(littleEndian: magic))
    }

    static func decrypt(_ storage: ByteStorage, key: [UInt8], file: String?) throws(FormatError) -> ByteStorage {
        let plaintext: [UInt8]
        do throws(CryptoError) {
            plaintext = try storage.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] in
                try MindSporeCipher.decrypt(bytes, key: key)
            }
        } catch {
            throw FormatError(cryptoError: error, format: formatName, file: file)
        }
        return ByteStorage(bytes: plaintext, path: storage.path)
    }

    private static func decodePlain(
        _ storage: ByteStorage, options: DecodingOptions, name: String?
    ) throws(FormatError) -> MindIRDocument {
        let offsets = ExternalOffsets()
        let walker = SchemaWalker(
            schema: schema, format: formatName, options: options,
            hollow: [SchemaWalker.Key(message: tensorIndex, field: 9)], hollowThreshold: zeroCopyThreshold,
            inspectors: [
                tensorIndex: { (view, path) throws(FormatError) in
                    try checkTensor(view, path, options, offsets)
                },
                externalIndex: { (view, path) throws(FormatError) in try checkExternalEntry(view, path) },
            ])
        let skeleton = try walker.skeleton(of: storage.view, root: modelIndex)

        var decoding = BinaryDecodingOptions()
        decoding.messageDepthLimit = options.maxDepth + 2
        var model: MindIr_ModelProto
        if skeleton.mergesMessages {
            // A singular message field repeats, so payload paths are ambiguous: decode the original
            // bytes and let the generated decoder copy and merge as protobuf says.
            model = try generatedDecode(storage.view.bytes, decoding)
        } else {
            model = try generatedDecode(skeleton.bytes, decoding)
            for hollowed in skeleton.hollowed {
                let data = ONNXCodec.wrap(hollowed.payload)
                guard MindIRTensorPaths.setRawData(data, at: hollowed.path[...], in: &model) else {
                    throw FormatError(
                        .invalidValue, format: formatName, offset: hollowed.payload.range.lowerBound,
                        message: "internal: no tensor at the path of a raw_data payload")
                }
            }
        }
        return MindIRDocument(
            model: model, path: name, source: storage, externalDataOffsets: offsets.snapshot())
    }

    private static func generatedDecode(
        _ bytes: [UInt8], _ decoding: BinaryDecodingOptions
    ) throws(FormatError) -> MindIr_ModelProto {
        do {
            // partial: proto2 `required` fields (MapTensorProto, QuantParamProto) are checked by
            // MindSpore's loader, not by a reader that must keep every file it can parse.
            return try MindIr_ModelProto(serializedBytes: bytes, extensions: nil, partial: true, options: decoding)
        } catch {
            throw FormatError(
                .invalidValue, format: formatName, offset: nil, fieldPath: "ModelProto",
                message: "the protobuf decoder rejected the model: \(error)")
        }
    }

    /// Offsets (in the model file) of each tensor's `external_data` field, by field path, so that
    /// errors found when the data is read can point at the entry that caused them.
    final class ExternalOffsets: @unchecked Sendable {
        private let lock = NSLock()
        private var offsets: [FieldPath: Int] = [:]
        func record(_ path: FieldPath, _ offset: Int) {
            lock.lock()
            offsets[path] = offset
            lock.unlock()
        }
        func snapshot() -> [FieldPath: Int] {
            lock.lock()
            defer { lock.unlock() }
            return offsets
        }
    }

    /// Per-tensor checks made while walking: rank, dims, dtype code, and the payload size
    /// (`raw_data` or `external_data.length`) against dims × element width.
    static func checkTensor(
        _ view: ByteView, _ path: FieldPath, _ options: DecodingOptions, _ offsets: ExternalOffsets
    ) throws(FormatError) {
        var scanner = WireScanner(ByteReader(view, format: formatName, fieldPath: path))
        var dims: [Int64] = []
        var dimsOffset = view.range.lowerBound
        var dataType: (code: Int64, offset: Int)?
        var raw: (offset: Int, count: Int)?
        var external: (offset: Int, length: Int64?)?
        func addDim(_ value: UInt64, _ at: Int) throws(FormatError) {
            dims.append(Int64(bitPattern: value))
            guard dims.count <= options.maxRank else {
                throw scanner.error(.limitExceeded, at: at, field: "dims", "rank exceeds \(options.maxRank)")
            }
        }
        while let field = try scanner.next() {
            switch (field.number, field.value) {
            case (1, .varint(let value)):
                if dims.isEmpty { dimsOffset = field.keyOffset }
                try addDim(value, field.keyOffset)
            case (1, .bytes(let packed)):
                if dims.isEmpty { dimsOffset = field.keyOffset }
                var reader = ByteReader(packed, format: formatName, fieldPath: path.appending("dims"))
                while !reader.isAtEnd { try addDim(try reader.readVarint(), field.keyOffset) }
            case (2, .varint(let value)): dataType = (Int64(bitPattern: value), field.keyOffset)
            case (9, .bytes(let payload)): raw = (field.valueOffset, payload.count)
            case (12, .bytes(let entry)):
                external = (field.keyOffset, externalLength(entry))
                offsets.record(path, field.keyOffset)
            default: continue
            }
        }
        var elements = 1
        var known = true
        for dim in dims {
            guard dim >= 0 else {
                known = false  // -1 marks a dynamic dim in shape descriptions
                continue
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
            guard !overflow else {
                throw scanner.error(.arithmeticOverflow, at: dimsOffset, field: "dims", "the product of dims overflows")
            }
            elements = product
        }
        guard raw != nil || external != nil else { return }
        guard known else {
            throw scanner.error(.invalidValue, at: dimsOffset, field: "dims", "a tensor with data has a negative dim")
        }
        let code = dataType?.code ?? 0
        guard let type = Int32(exactly: code).flatMap(MindIRDataType.init(code:)) else {
            if options.allowUnknownDTypes { return }
            throw scanner.error(
                .unknownDType, at: dataType?.offset ?? view.range.lowerBound, field: "data_type",
                "data_type \(code) is not a MindIR DataType")
        }
        guard type.byteWidth != nil else { return }
        guard let expected = type.byteCount(elements: elements), expected <= options.maxTensorBytes else {
            throw scanner.error(
                .arithmeticOverflow, at: dimsOffset, field: "dims",
                "\(elements) elements of \(type.name) exceed the tensor size limit")
        }
        if let raw, raw.count != expected {
            throw scanner.error(
                .sizeMismatch, at: raw.offset, field: "raw_data",
                "\(raw.count) bytes where dims \(dims) of \(type.name) need \(expected)")
        }
        if let external, raw == nil, let length = external.length, length != Int64(expected) {
            throw scanner.error(
                .sizeMismatch, at: external.offset, field: "external_data",
                "external length \(length) where dims \(dims) of \(type.name) need \(expected)")
        }
    }

    /// `ExternalDataProto.length` (field 3) of an entry the walker has already checked.
    private static func externalLength(_ entry: ByteView) -> Int64? {
        var scanner = WireScanner(ByteReader(entry, format: formatName, fieldPath: FieldPath()))
        var length: Int64?
        while let field = try? scanner.next() {
            if field.number == 3, case .varint(let value) = field.value { length = Int64(bitPattern: value) }
        }
        return length
    }

    /// Checks an `ExternalDataProto` (FORMATS.md §2.6): a confined relative `location`, and
    /// non-negative `offset` and `length`.
    static func checkExternalEntry(_ view: ByteView, _ path: FieldPath) throws(FormatError) {
        var scanner = WireScanner(ByteReader(view, format: formatName, fieldPath: path))
        var location: (text: String, offset: Int)?
        while let field = try scanner.next() {
            switch (field.number, field.value) {
            case (1, .bytes(let text)):
                location = (String(decoding: text.bytes, as: UTF8.self), field.keyOffset)
            case (2, .varint(let value)), (3, .varint(let value)):
                if Int64(bitPattern: value) < 0 {
                    let name = field.number == 2 ? "offset" : "length"
                    throw scanner.error(.invalidValue, at: field.keyOffset, field: name, "\(name) is negative")
                }
            default: continue
            }
        }
        guard let location, !location.text.isEmpty else {
            throw scanner.error(.missingField, at: view.range.lowerBound, field: "location", "external data has no location")
        }
        if let why = MindIRDataFiles.unsafeReason(location.text) {
            throw scanner.error(.unsafePath, at: location.offset, field: "location", "location \"\(location.text)\" \(why)")
        }
    }

    // MARK: Encoding

    /// The model's bytes, fields in number order (as MindSpore's protobuf writer emits them) and
    /// `user_info` entries in key order.
    public static func encode(_ model: MindIr_ModelProto) throws(FormatError) -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        do {
            return try model.serializedBytes(partial: true, options: options)
        } catch {
            throw FormatError(
                .invalidValue, format: formatName, fieldPath: "ModelProto",
                message: "the model cannot be serialized: \(error)")
        }
    }

    /// The bytes of a decoded document's model (external data stays external).
    public static func encode(_ document: MindIRDocument) throws(FormatError) -> [UInt8] {
        try encode(document.model)
    }
}
