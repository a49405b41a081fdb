import MSCrypto

/// Reads and writes MindSpore checkpoints (FORMATS.md §1) over a memory map, without copying tensor bytes.
public enum CheckpointCodec {
    public static let formatName = "ckpt"
    static let trailerMagic = Array("crc_num".utf8)
    static let trailerLength = 17

    static let checkpointNames = [1: "value"]
    static let valueNames = [1: "tag", 2: "tensor", 3: "maptensor"]
    static let tensorNames = [1: "dims", 2: "tensor_type", 3: "tensor_content"]
    static let mapNames = [1: "tensor"]

    // MARK: Decoding

    /// Decodes a whole checkpoint: decrypts it when it starts with a MindSpore cipher magic (the key comes
    /// from `options.key`), strips and checks the CRC trailer, and scans every record.
    public static func decode(_ storage: ByteStorage, options: DecodingOptions = .default) throws(FormatError)
        -> CheckpointDocument
    {
        var plain = storage
        var encryption: CipherMode?
        if storage.count >= 4 {
            let magic = storage.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            if let mode = CipherMode(magic: UInt32(littleEndian: magic)) {
                guard let key = options.key else {
                    throw FormatError(
                        .keyRequired, format: formatName, file: storage.path, offset: 0,
                        message: "the file is encrypted (\(mode.rawValue)); give its key")
                }
                plain = try decrypt(storage, key: key)
                encryption = mode
            }
        }
        var body = 0..<plain.count
        var storedCRC: UInt32?
        if encryption == nil, let (crc, trailerStart) = try readTrailer(plain) {
            body = 0..<trailerStart
            storedCRC = crc
            if options.verifyChecksums {
                // In 64 MiB steps, letting go of each mapped step once summed, so that checking a large
                // file does not leave all of it resident.
                var crc32 = CRC32()
                var at = body.lowerBound
                while at < body.upperBound {
                    let end = min(body.upperBound, at + (64 << 20))
                    plain.withUnsafeBytes { crc32.update(UnsafeRawBufferPointer(rebasing: $0[at..<end])) }
                    plain.releasePages(at..<end)
                    at = end
                }
                let actual = crc32.value
                if actual != crc {
                    throw FormatError(
                        .checksumMismatch, format: formatName, file: storage.path, offset: trailerStart + 7,
                        fieldPath: "crc_num",
                        message: "stored CRC-32 \(crc) does not match the content's \(actual)")
                }
            }
        }
        var document = CheckpointDocument(storedCRC: storedCRC, encryption: encryption)
        var scanner = WireScanner(
            ByteReader(storage: plain, range: body, format: formatName, fieldPath: "Checkpoint"),
            names: checkpointNames)
        do throws(FormatError) {
            while let field = try scanner.next() {
                guard field.number == 1, case .bytes = field.value else {
                    if field.number == 1 {
                        throw scanner.error(.invalidWireType, at: field.keyOffset, field: "value", "value must be length-delimited")
                    }
                    document.unknownTopLevel.append((document.records.count, field.raw))
                    continue
                }
                guard document.records.count < options.maxTensorCount else {
                    throw scanner.error(
                        .limitExceeded, at: field.keyOffset, field: "value",
                        "more than \(options.maxTensorCount) records (DecodingOptions.maxTensorCount)")
                }
                let index = document.records.count
                var value = scanner.nested(field, component: .element("value", index), names: valueNames)
                document.records.append(try decodeValue(&value, keyOffset: field.keyOffset, options: options))
            }
        } catch {
            if encryption != nil {
                var located = error
                located.message += " (offset in the decrypted content)"
                throw located
            }
            throw error
        }
        return document
    }

    /// Reads the file at `path` (memory-mapped).
    public static func decode(path: String, options: DecodingOptions = .default) throws(FormatError) -> CheckpointDocument {
        try decode(ByteStorage.map(path: path, format: formatName), options: options)
    }

    /// Returns `(crc, trailerStart)` when the last 17 bytes are a `crc_num` trailer.
    static func readTrailer(_ storage: ByteStorage) throws(FormatError) -> (UInt32, Int)? {
        guard storage.count >= trailerLength else { return nil }
        let start = storage.count - trailerLength
        return try storage.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws(FormatError) -> (UInt32, Int)? in
            guard bytes[start..<(start + 7)].elementsEqual(trailerMagic) else { return nil }
            var value: UInt64 = 0
            for i in 0..<10 {
                let byte = bytes[start + 7 + i]
                if i < 6 {
                    guard byte == 0 else {
                        throw FormatError(
                            .invalidValue, format: formatName, file: storage.path, offset: start + 7, fieldPath: "crc_num",
                            message: "the CRC field holds more than 32 bits")
                    }
                } else {
                    value = value << 8 | UInt64(byte)
                }
            }
            return (UInt32(value), start)
        }
    }

    static func decodeValue(_ scanner: inout WireScanner, keyOffset: Int, options: DecodingOptions) throws(FormatError)
        -> CheckpointRecord
    {
        var tag: String?
        var payload = CheckpointRecord.Payload.none
        var unknown: [ByteView] = []
        while let field = try scanner.next() {
            switch (field.number, field.value) {
            case (1, .bytes(let view)):
                tag = try string(view, scanner: scanner, field: field, name: "tag", options: options)
            case (2, .bytes):
                var nested = scanner.nested(field, component: .field("tensor"), names: tensorNames)
                payload = .tensor(try decodeTensor(&nested, options: options))
            case (3, .bytes):
                var nested = scanner.nested(field, component: .field("maptensor"), names: mapNames)
                var tensors: [CheckpointTensorProto] = []
                var mapUnknown: [ByteView] = []
                while let inner = try nested.next() {
                    if inner.number == 1, case .bytes = inner.value {
                        var t = nested.nested(inner, component: .element("tensor", tensors.count), names: tensorNames)
                        tensors.append(try decodeTensor(&t, options: options))
                    } else if inner.number == 1 {
                        throw nested.error(.invalidWireType, at: inner.keyOffset, field: "tensor", "tensor must be length-delimited")
                    } else {
                        mapUnknown.append(inner.raw)
                    }
                }
                payload = .mapTensor(tensors, unknownFields: mapUnknown)
            case (1...3, _):
                throw scanner.error(
                    .invalidWireType, at: field.keyOffset, field: scanner.name(of: field.number),
                    "wire type \(field.wireType.rawValue) where a length-delimited field is expected")
            default:
                unknown.append(field.raw)
            }
        }
        guard let tag else {
            throw scanner.error(.missingField, at: keyOffset, field: "tag", "required field tag is missing")
        }
        return CheckpointRecord(tag: tag, payload: payload, unknownFields: unknown, sourceOffset: keyOffset)
    }

    static func string(
        _ view: ByteView, scanner: WireScanner, field: WireField, name: String, options: DecodingOptions
    ) throws(FormatError) -> String {
        guard view.count <= options.maxStringBytes else {
            throw scanner.error(
                .limitExceeded, at: field.valueOffset, field: name,
                "string of \(view.count) bytes exceeds DecodingOptions.maxStringBytes")
        }
        guard let text = view.withUnsafeBytes({ String(validating: $0, as: UTF8.self) }) else {
            throw scanner.error(.invalidValue, at: field.valueOffset, field: name, "not valid UTF-8")
        }
        return text
    }

    static func decodeTensor(_ scanner: inout WireScanner, options: DecodingOptions) throws(FormatError)
        -> CheckpointTensorProto
    {
        var dims: [Int64] = []
        var packed = false
        var tensorType: CheckpointTensorType?
        var content: ByteView?
        var unknown: [ByteView] = []
        let start = scanner.position
        while let field = try scanner.next() {
            switch (field.number, field.value) {
            case (1, .varint(let raw)):
                guard dims.count < options.maxRank else {
                    throw scanner.error(.limitExceeded, at: field.keyOffset, field: "dims", "more than \(options.maxRank) dims")
                }
                dims.append(Int64(bitPattern: raw))
            case (1, .bytes(let view)):
                packed = true
                var reader = ByteReader(view, format: formatName, fieldPath: scanner.fieldPath.appending("dims"))
                while !reader.isAtEnd {
                    guard dims.count < options.maxRank else {
                        throw reader.error(.limitExceeded, "more than \(options.maxRank) dims")
                    }
                    dims.append(Int64(bitPattern: try reader.readVarint()))
                }
            case (2, .bytes(let view)):
                let name = try string(view, scanner: scanner, field: field, name: "tensor_type", options: options)
                let type = CheckpointTensorType(name)
                guard type.isKnown || options.allowUnknownDTypes else {
                    throw scanner.error(
                        .unknownDType, at: field.valueOffset, field: "tensor_type", "unknown tensor_type '\(name)'")
                }
                tensorType = type
            case (3, .bytes(let view)):
                content = view
            case (1...3, _):
                throw scanner.error(
                    .invalidWireType, at: field.keyOffset, field: scanner.name(of: field.number),
                    "wire type \(field.wireType.rawValue) is wrong for this field")
            default:
                unknown.append(field.raw)
            }
        }
        guard let tensorType else {
            throw scanner.error(.missingField, at: start, field: "tensor_type", "required field tensor_type is missing")
        }
        guard let content else {
            throw scanner.error(.missingField, at: start, field: "tensor_content", "required field tensor_content is missing")
        }
        // A chunk can never hold more than the full tensor its dims describe.
        if tensorType.isKnown && !tensorType.isString {
            let full = try fullByteCount(dims: dims, type: tensorType, options: options) { code, message in
                scanner.error(code, at: start, field: "dims", message)
            }
            if content.count > full {
                throw scanner.error(
                    .sizeMismatch, at: content.range.lowerBound, field: "tensor_content",
                    "\(content.count) bytes, but dims \(dims) of \(tensorType) need \(full)")
            }
        } else if tensorType.isString && content.count % 4 != 0 {
            throw scanner.error(
                .sizeMismatch, at: content.range.lowerBound, field: "tensor_content",
                "a str entry holds UTF-32 code points, but \(content.count) is not a multiple of 4")
        }
        return CheckpointTensorProto(dims: dims, tensorType: tensorType, content: content, dimsPacked: packed, unknownFields: unknown)
    }

    /// The shape MindSpore reports for stored dims: `[0]` means a scalar (FORMATS.md §1.4).
    static func reportedShape(_ dims: [Int64]) -> [Int] {
        dims == [0] ? [] : dims.map { Int($0) }
    }

    /// Bytes of the full tensor `dims` describe, checked against overflow and `maxTensorBytes`.
    static func fullByteCount(
        dims: [Int64], type: CheckpointTensorType, options: DecodingOptions,
        error: (FormatError.Code, String) -> FormatError
    ) throws(FormatError) -> Int {
        var elements = 1
        for dim in reportedShape(dims) {
            guard dim >= 0 else { throw error(.invalidValue, "negative dimension \(dim)") }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw error(.arithmeticOverflow, "the product of dims \(dims) overflows") }
            elements = product
        }
        guard let bytes = type.byteCount(elements: elements) else {
            throw error(.arithmeticOverflow, "the byte count of dims \(dims) overflows")
        }
        guard bytes <= options.maxTensorBytes else {
            throw error(.limitExceeded, "\(bytes) bytes exceed DecodingOptions.maxTensorBytes")
        }
        return bytes
    }

    // MARK: Grouping

    /// Groups records the way `load_checkpoint` does (FORMATS.md §1.4): adjacent records with one tag are
    /// chunks of one tensor (joined as views); a tag seen again later replaces the earlier entry in place.
    /// Each tensor's byte count is checked against its dims.
    public static func entries(of document: CheckpointDocument, file: String? = nil, options: DecodingOptions = .default)
        throws(FormatError) -> [CheckpointEntry]
    {
        var result: [CheckpointEntry] = []
        var position: [String: Int] = [:]
        var index = 0
        let records = document.records
        while index < records.count {
            let tag = records[index].tag
            var end = index + 1
            while end < records.count && records[end].tag == tag { end += 1 }
            let entry = try group(records, index..<end, file: file, options: options)
            if let existing = position[tag] {
                result[existing] = entry
            } else {
                position[tag] = result.count
                result.append(entry)
            }
            index = end
        }
        return result
    }

    static func group(_ records: [CheckpointRecord], _ range: Range<Int>, file: String?, options: DecodingOptions)
        throws(FormatError) -> CheckpointEntry
    {
        let first = range.lowerBound
        let offset = records[first].sourceOffset
        func fail(_ code: FormatError.Code, _ field: String, _ message: String) -> FormatError {
            FormatError(
                code, format: formatName, file: file, offset: offset,
                fieldPath: FieldPath([.field("Checkpoint"), .element("value", first)] + FieldPath(stringLiteral: field).components),
                message: message + " (tensor '\(records[first].tag)', records \(range.lowerBound)..<\(range.upperBound))")
        }
        switch records[first].payload {
        case .tensor:
            var chunks: [ByteView] = []
            var last: CheckpointTensorProto?
            for i in range {
                guard case .tensor(let proto) = records[i].payload else {
                    throw fail(.invalidValue, "tensor", "chunks of one tag mix tensor and map tensor payloads")
                }
                if !proto.content.isEmpty { chunks.append(proto.content) }
                last = proto
            }
            guard let last else { throw fail(.missingField, "tensor", "no chunk") }
            let data = TensorBytes(chunks: chunks)
            let shape = reportedShape(last.dims)
            if last.tensorType.isKnown && !last.tensorType.isString {
                let expected = try fullByteCount(dims: last.dims, type: last.tensorType, options: options) { code, message in
                    fail(code, "tensor.dims", message)
                }
                guard data.count == expected else {
                    throw fail(
                        .sizeMismatch, "tensor.tensor_content",
                        "\(data.count) bytes of content, but dims \(last.dims) of \(last.tensorType) need \(expected)")
                }
            }
            let tensor = CheckpointTensor(tensorType: last.tensorType, shape: shape, storedDims: last.dims, data: data)
            return CheckpointEntry(name: records[first].tag, value: .tensor(tensor), records: range)
        case .mapTensor(let firstTensors, _):
            var parts: [[ByteView]] = Array(repeating: [], count: firstTensors.count)
            var leading = Array(repeating: 0, count: firstTensors.count)
            var lastProtos = firstTensors
            for i in range {
                guard case .mapTensor(let tensors, _) = records[i].payload, tensors.count == firstTensors.count else {
                    throw fail(.invalidValue, "maptensor", "chunks of one map tensor disagree in their inner tensors")
                }
                for (k, proto) in tensors.enumerated() {
                    guard proto.tensorType == firstTensors[k].tensorType,
                        proto.dims.dropFirst() == firstTensors[k].dims.dropFirst()
                    else {
                        throw fail(.invalidValue, "maptensor.tensor[\(k)]", "chunks disagree in type or trailing dims")
                    }
                    let (sum, overflow) = leading[k].addingReportingOverflow(Int(proto.dims.first ?? 1))
                    guard !overflow else { throw fail(.arithmeticOverflow, "maptensor.tensor[\(k)].dims", "dims[0] sum overflows") }
                    leading[k] = sum
                    parts[k].append(proto.content)
                }
                lastProtos = tensors
            }
            var inner: [CheckpointTensor] = []
            for (k, proto) in lastProtos.enumerated() {
                var dims = proto.dims
                if !dims.isEmpty { dims[0] = Int64(leading[k]) }
                let data = TensorBytes(chunks: parts[k])
                let expected = try fullByteCount(dims: dims, type: proto.tensorType, options: options) { code, message in
                    fail(code, "maptensor.tensor[\(k)].dims", message)
                }
                guard data.count == expected else {
                    throw fail(.sizeMismatch, "maptensor.tensor[\(k)].tensor_content", "\(data.count) bytes, dims need \(expected)")
                }
                inner.append(CheckpointTensor(tensorType: proto.tensorType, shape: dims.map { Int($0) }, storedDims: dims, data: data))
            }
            return CheckpointEntry(name: records[first].tag, value: .map(inner), records: range)
        case .none:
            throw fail(.missingField, "tensor", "the value holds neither tensor nor maptensor")
        }
    }

    // MARK: Decryption

    static func decrypt(_ storage: ByteStorage, key: [UInt8]) throws(FormatError) -> ByteStorage {
        let plaintext: [UInt8]
        do throws(CryptoError) {
            plaintext = try storage.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] in
                try MindSporeCipher.decrypt(bytes, key: key)
            }
        } catch {
            throw FormatError(cryptoError: error, format: formatName, file: storage.path)
        }
        return ByteStorage(bytes: plaintext, path: storage.path)
    }
}

extension FormatError {
    /// Translates a cipher error into a located format error.
    public init(cryptoError error: CryptoError, format: String, file: String?) {
        let code: FormatError.Code =
            switch error.code {
            case .badMagic, .badHeader: .badCipherHeader
            case .truncated: .truncated
            case .badKey: .badKey
            case .authenticationFailed, .badPadding, .openssl: .decryptionFailed
            case .io: .io
            }
        let path = error.field.map { FieldPath(stringLiteral: $0) } ?? FieldPath()
        self.init(code, format: format, file: file, offset: error.offset, fieldPath: path, message: error.message)
    }
}
