/// A bounds-checked cursor over a `ByteStorage` range.
///
/// Naming follows swift-nio's `ByteBuffer`: `read*` moves the cursor, `get*(at:)` and `peek*` do not.
/// Every failure is a `FormatError` that carries the file, the absolute offset and the field path.
public struct ByteReader: Sendable {
    public let storage: ByteStorage
    /// Absolute offset of the next byte to read.
    public private(set) var position: Int
    /// Absolute offset of the first byte of the range this reader covers.
    public let start: Int
    /// Absolute offset one past the last readable byte.
    public let end: Int
    public var format: String
    public var fieldPath: FieldPath

    public init(storage: ByteStorage, range: Range<Int>? = nil, format: String, fieldPath: FieldPath = FieldPath()) {
        let range = range ?? 0..<storage.count
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count)
        self.storage = storage
        position = range.lowerBound
        start = range.lowerBound
        end = range.upperBound
        self.format = format
        self.fieldPath = fieldPath
    }

    public init(_ view: ByteView, format: String, fieldPath: FieldPath = FieldPath()) {
        self.init(storage: view.storage, range: view.range, format: format, fieldPath: fieldPath)
    }

    public var remaining: Int { end - position }
    public var isAtEnd: Bool { position >= end }

    /// Builds an error located at `offset` (default: the cursor) under `fieldPath`, plus `field` if given.
    public func error(_ code: FormatError.Code, at offset: Int? = nil, field: String? = nil, _ message: String)
        -> FormatError
    {
        FormatError(
            code, format: format, file: storage.path, offset: offset ?? position,
            fieldPath: field.map { fieldPath.appending($0) } ?? fieldPath, message: message)
    }

    /// Throws unless `count` more bytes can be read.
    public func require(_ count: Int, field: String? = nil) throws(FormatError) {
        guard count >= 0 else { throw error(.lengthOutOfBounds, field: field, "negative length \(count)") }
        guard count <= remaining else {
            throw error(.truncated, field: field, "needs \(count) bytes, \(remaining) left")
        }
    }

    public mutating func readUInt8(field: String? = nil) throws(FormatError) -> UInt8 {
        try require(1, field: field)
        let value = storage.withUnsafeBytes { $0[position] }
        position += 1
        return value
    }

    public func peekUInt8() -> UInt8? {
        isAtEnd ? nil : storage.withUnsafeBytes { $0[position] }
    }

    /// Reads a little-endian fixed-width integer.
    public mutating func readLE<T: FixedWidthInteger>(_: T.Type, field: String? = nil) throws(FormatError) -> T {
        let value: T = try getLE(at: position, field: field)
        position += MemoryLayout<T>.size
        return value
    }

    /// Reads a big-endian fixed-width integer.
    public mutating func readBE<T: FixedWidthInteger>(_: T.Type, field: String? = nil) throws(FormatError) -> T {
        let value: T = try getLE(at: position, field: field)
        position += MemoryLayout<T>.size
        return value.byteSwapped
    }

    /// Gets a little-endian integer at absolute `offset` without moving.
    public func getLE<T: FixedWidthInteger>(at offset: Int, field: String? = nil) throws(FormatError) -> T {
        let size = MemoryLayout<T>.size
        guard offset >= start, offset <= end, size <= end - offset else {
            throw error(.truncated, at: offset, field: field, "needs \(size) bytes, \(max(0, end - offset)) left")
        }
        return storage.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// Reads a protobuf base-128 varint (at most 10 bytes, must fit 64 bits).
    public mutating func readVarint(field: String? = nil) throws(FormatError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else {
                throw error(.truncated, at: start, field: field, "varint runs past the end")
            }
            let byte = storage.withUnsafeBytes { $0[position] }
            position += 1
            if shift == 63 && byte > 1 {
                throw error(.varintOverflow, at: start, field: field, "varint does not fit 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 {
                throw error(.varintOverflow, at: start, field: field, "varint longer than 10 bytes")
            }
        }
    }

    /// Reads `count` bytes as a zero-copy view.
    public mutating func readView(count: Int, field: String? = nil) throws(FormatError) -> ByteView {
        try require(count, field: field)
        let view = ByteView(storage: storage, range: position..<(position + count))
        position += count
        return view
    }

    public mutating func readBytes(count: Int, field: String? = nil) throws(FormatError) -> [UInt8] {
        try readView(count: count, field: field).bytes
    }

    public mutating func skip(_ count: Int, field: String? = nil) throws(FormatError) {
        try require(count, field: field)
        position += count
    }

    /// A reader over the next `count` bytes, under `fieldPath` extended by `field`; this reader moves past them.
    public mutating func readSubReader(count: Int, field: FieldPath.Component?) throws(FormatError) -> ByteReader {
        try require(count)
        var path = fieldPath
        if let field { path.components.append(field) }
        let sub = ByteReader(storage: storage, range: position..<(position + count), format: format, fieldPath: path)
        position += count
        return sub
    }
}
