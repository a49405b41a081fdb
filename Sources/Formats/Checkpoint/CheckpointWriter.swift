import MSCrypto

/// How a checkpoint is written.
public struct CheckpointWriteOptions: Sendable {
    /// Append the `crc_num` trailer (MindSpore's `crc_check=True`). Not allowed with encryption.
    public var crc: Bool = false
    /// Encrypt with this mode and `key`, in 64 MiB blocks as MindSpore does.
    public var encryption: CipherMode? = nil
    public var key: [UInt8]? = nil
    /// Largest `tensor_content` of one record; MindSpore cuts tensors at 512 MiB (FORMATS.md §1.3).
    public var chunkBytes: Int = 512 * 1024 * 1024
    /// Paths the output must not replace (the inputs of a conversion).
    public var protecting: [String] = []

    public init(crc: Bool = false, encryption: CipherMode? = nil, key: [UInt8]? = nil) {
        self.crc = crc
        self.encryption = encryption
        self.key = key
    }
}

/// Streams a checkpoint to disk in the layout MindSpore writes: one `Checkpoint` message per value,
/// tensors over `chunkBytes` split into chunks that each repeat the full dims, an optional CRC trailer,
/// optional encryption. Tensor bytes go from their views straight to the file (or the cipher buffer).
/// Nothing appears at `path` until `finish()` renames the temporary file into place.
public final class CheckpointWriter {
    private let file: AtomicFileWriter
    private let options: CheckpointWriteOptions
    private var crc = CRC32()
    private var plaintext: [UInt8] = []
    public private(set) var recordCount = 0

    public init(path: String, options: CheckpointWriteOptions = CheckpointWriteOptions()) throws(FormatError) {
        if options.encryption != nil && options.crc {
            throw FormatError(.invalidValue, format: CheckpointCodec.formatName, file: path,
                message: "a CRC trailer and encryption cannot be combined (as in MindSpore)")
        }
        if let mode = options.encryption {
            guard let key = options.key else {
                throw FormatError(.keyRequired, format: CheckpointCodec.formatName, file: path, message: "encryption needs a key")
            }
            let valid = mode == .sm4CBC ? [16] : [16, 24, 32]
            guard valid.contains(key.count) else {
                throw FormatError(.badKey, format: CheckpointCodec.formatName, file: path,
                    message: "\(mode.rawValue) takes a key of \(valid.map(String.init).joined(separator: ", ")) bytes, not \(key.count)")
            }
        }
        guard options.chunkBytes > 0 else {
            throw FormatError(.invalidValue, format: CheckpointCodec.formatName, file: path, message: "chunkBytes must be positive")
        }
        self.options = options
        file = try AtomicFileWriter(path: path, format: CheckpointCodec.formatName, protecting: options.protecting)
    }

    /// Writes one record as it is (no re-chunking).
    public func append(_ record: CheckpointRecord) throws(FormatError) {
        for part in CheckpointCodec.serialize(record) { try emit(part) }
        recordCount += 1
    }

    /// Writes bytes kept verbatim from a source file (unknown top-level fields).
    public func appendRaw(_ view: ByteView) throws(FormatError) {
        try emit(.view(view))
    }

    /// Writes a tensor, cutting its bytes into `chunkBytes` records that each carry the full dims.
    public func appendTensor(name: String, type: CheckpointTensorType, dims: [Int64], data: TensorBytes) throws(FormatError) {
        let total = data.count
        var start = 0
        repeat {
            let end = min(total, start + options.chunkBytes)
            let piece = data.slice(start..<end)
            let proto = CheckpointTensorProto(dims: dims, tensorType: type, content: ByteView(bytes: []))
            for part in CheckpointCodec.serialize(tag: name, tensor: proto, content: piece) { try emit(part) }
            recordCount += 1
            start = end
        } while start < total
    }

    /// Writes the trailer or the last cipher block and renames the file into place.
    public func finish() throws(FormatError) {
        if options.encryption != nil {
            try flushCipher()
        } else if options.crc {
            var trailer = CheckpointCodec.trailerMagic
            trailer += [0, 0, 0, 0, 0, 0]
            let value = crc.value
            trailer += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            try file.write(trailer)
        }
        try file.commit()
    }

    /// Drops everything written; the target is untouched.
    public func abort() { file.abort() }

    private func emit(_ part: CheckpointCodec.Part) throws(FormatError) {
        switch part {
        case .bytes(let bytes): try emit(bytes)
        case .view(let view): try view.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(FormatError) in try emit(b) }
        }
    }

    private func emit(_ bytes: [UInt8]) throws(FormatError) {
        try bytes.withBytes { (b: UnsafeRawBufferPointer) throws(FormatError) in try emit(b) }
    }

    private func emit(_ buffer: UnsafeRawBufferPointer) throws(FormatError) {
        guard options.encryption != nil else {
            if options.crc { crc.update(buffer) }
            try file.write(buffer)
            return
        }
        var offset = 0
        while offset < buffer.count {
            let room = MindSporeCipher.maxBlockPlaintext - plaintext.count
            let take = min(room, buffer.count - offset)
            plaintext.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + take)]))
            offset += take
            if plaintext.count == MindSporeCipher.maxBlockPlaintext { try flushCipher() }
        }
    }

    private func flushCipher() throws(FormatError) {
        guard let mode = options.encryption, let key = options.key, !plaintext.isEmpty else { return }
        let block: [UInt8]
        do throws(CryptoError) {
            block = try plaintext.withBytes { (b: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] in
                try MindSporeCipher.encryptBlock(b, algorithm: mode, key: key)
            }
        } catch {
            throw FormatError(cryptoError: error, format: CheckpointCodec.formatName, file: file.path)
        }
        try file.write(block)
        plaintext.removeAll(keepingCapacity: true)
    }
}

extension CheckpointCodec {
    /// A piece of serialized output: header bytes we built, or tensor bytes still in their view.
    enum Part {
        case bytes([UInt8])
        case view(ByteView)
    }

    /// Serializes one record as its own `Checkpoint` message (field 1 = the Value).
    static func serialize(_ record: CheckpointRecord) -> [Part] {
        switch record.payload {
        case .tensor(let proto):
            return serialize(tag: record.tag, tensor: proto, content: TensorBytes(proto.content), unknown: record.unknownFields)
        case .mapTensor(let tensors, let mapUnknown):
            var map = WireWriter()
            for proto in tensors {
                let parts = tensorParts(proto, content: TensorBytes(proto.content))
                map.lengthDelimitedHeader(1, length: parts.length)
                map.append(parts.head)
                map.append(proto.content)
                map.append(parts.tail)
            }
            for raw in mapUnknown { map.append(raw) }
            var value = WireWriter()
            appendTag(record.tag, to: &value)
            value.lengthDelimitedHeader(3, length: map.bytes.count)
            value.append(map.bytes)
            for raw in record.unknownFields { value.append(raw) }
            var message = WireWriter()
            message.lengthDelimitedHeader(1, length: value.bytes.count)
            message.append(value.bytes)
            return [.bytes(message.bytes)]
        case .none:
            var value = WireWriter()
            appendTag(record.tag, to: &value)
            for raw in record.unknownFields { value.append(raw) }
            var message = WireWriter()
            message.lengthDelimitedHeader(1, length: value.bytes.count)
            message.append(value.bytes)
            return [.bytes(message.bytes)]
        }
    }

    static func serialize(tag: String, tensor proto: CheckpointTensorProto, content: TensorBytes, unknown: [ByteView] = [])
        -> [Part]
    {
        let parts = tensorParts(proto, content: content)
        let tagBytes = Array(tag.utf8)
        let unknownLength = unknown.reduce(0) { $0 + $1.count }
        let valueLength = WireWriter.fieldSize(1, length: tagBytes.count) + WireWriter.fieldSize(2, length: parts.length) + unknownLength
        var head = WireWriter(reserving: 64 + tagBytes.count + parts.head.count)
        head.lengthDelimitedHeader(1, length: valueLength)
        head.lengthDelimitedHeader(1, length: tagBytes.count)
        head.append(tagBytes)
        head.lengthDelimitedHeader(2, length: parts.length)
        head.append(parts.head)
        var out: [Part] = [.bytes(head.bytes)]
        for chunk in content.chunks where !chunk.isEmpty { out.append(.view(chunk)) }
        var tail = parts.tail
        for raw in unknown { raw.withUnsafeBytes { tail.append(contentsOf: $0) } }
        if !tail.isEmpty { out.append(.bytes(tail)) }
        return out
    }

    private static func appendTag(_ tag: String, to writer: inout WireWriter) {
        let bytes = Array(tag.utf8)
        writer.lengthDelimitedHeader(1, length: bytes.count)
        writer.append(bytes)
    }

    /// A TensorProto split around its content: `head` up to and including the content's length, then the
    /// content, then `tail` (unknown fields); `length` is the whole message's size.
    static func tensorParts(_ proto: CheckpointTensorProto, content: TensorBytes) -> (head: [UInt8], tail: [UInt8], length: Int) {
        var head = WireWriter()
        if proto.dimsPacked {
            var packed = WireWriter()
            for dim in proto.dims { packed.varint(UInt64(bitPattern: dim)) }
            head.lengthDelimitedHeader(1, length: packed.bytes.count)
            head.append(packed.bytes)
        } else {
            for dim in proto.dims {
                head.key(1, .varint)
                head.varint(UInt64(bitPattern: dim))
            }
        }
        let typeBytes = Array(proto.tensorType.name.utf8)
        head.lengthDelimitedHeader(2, length: typeBytes.count)
        head.append(typeBytes)
        head.lengthDelimitedHeader(3, length: content.count)
        var tail: [UInt8] = []
        for raw in proto.unknownFields { raw.withUnsafeBytes { tail.append(contentsOf: $0) } }
        return (head.bytes, tail, head.bytes.count + content.count + tail.count)
    }

    // MARK: Encoding

    /// Encodes a document in memory, record by record, with the CRC trailer when the document had one.
    /// For large checkpoints use `write(_:to:)`, which streams.
    public static func encode(_ document: CheckpointDocument, crc: Bool? = nil) -> [UInt8] {
        var out: [UInt8] = []
        var unknown = document.unknownTopLevel[...]
        for (index, record) in document.records.enumerated() {
            while let next = unknown.first, next.beforeRecord <= index {
                next.raw.withUnsafeBytes { out.append(contentsOf: $0) }
                unknown = unknown.dropFirst()
            }
            for part in serialize(record) {
                switch part {
                case .bytes(let bytes): out += bytes
                case .view(let view): view.withUnsafeBytes { out.append(contentsOf: $0) }
                }
            }
        }
        for rest in unknown { rest.raw.withUnsafeBytes { out.append(contentsOf: $0) } }
        if crc ?? (document.storedCRC != nil) {
            let value = out.withUnsafeBytes { CRC32.checksum($0) }
            out += trailerMagic + [0, 0, 0, 0, 0, 0, UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        return out
    }

    /// Streams a document to `path` record by record (records are kept as they are).
    public static func write(_ document: CheckpointDocument, to path: String, options: CheckpointWriteOptions) throws(FormatError) {
        let writer = try CheckpointWriter(path: path, options: options)
        var unknown = document.unknownTopLevel[...]
        for (index, record) in document.records.enumerated() {
            while let next = unknown.first, next.beforeRecord <= index {
                try writer.appendRaw(next.raw)
                unknown = unknown.dropFirst()
            }
            try writer.append(record)
        }
        for rest in unknown { try writer.appendRaw(rest.raw) }
        try writer.finish()
    }
}

extension TensorBytes {
    /// The bytes in `range` (relative to the whole), still as views.
    public func slice(_ range: Range<Int>) -> TensorBytes {
        var out: [ByteView] = []
        var base = 0
        for chunk in chunks {
            let lo = max(range.lowerBound, base)
            let hi = min(range.upperBound, base + chunk.count)
            if lo < hi { out.append(chunk.slice((lo - base)..<(hi - base))) }
            base += chunk.count
            if base >= range.upperBound { break }
        }
        return TensorBytes(chunks: out)
    }
}
