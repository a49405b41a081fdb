/// Protobuf wire types (FORMATS.md conventions).
public enum WireType: Int, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// The value of one field as it sits on the wire; `bytes` is a zero-copy view.
public enum WireValue: Sendable, Equatable {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case bytes(ByteView)
}

/// One field read by `WireScanner`.
public struct WireField: Sendable, Equatable {
    public let number: Int
    public let wireType: WireType
    /// Absolute offset of the field's key.
    public let keyOffset: Int
    /// Absolute offset of the value (after the key, and after the length for length-delimited fields).
    public let valueOffset: Int
    public let value: WireValue
    /// The key and value bytes exactly as they appear, for keeping unknown fields.
    public let raw: ByteView
}

/// A small tag/length walker over one message's bytes. It never copies payloads and never
/// trusts a length: each is checked against the bytes left in the enclosing message.
///
/// Used to stream CKPT files and to locate errors that a generated decoder reports without position.
public struct WireScanner: Sendable {
    public private(set) var reader: ByteReader
    /// Field names for error paths, by field number.
    public let names: [Int: String]

    public init(_ reader: ByteReader, names: [Int: String] = [:]) {
        self.reader = reader
        self.names = names
    }

    public var fieldPath: FieldPath { reader.fieldPath }
    public var position: Int { reader.position }

    public func name(of number: Int) -> String { names[number] ?? "#\(number)" }

    /// Reads the next field, or returns nil at the end of the message.
    public mutating func next() throws(FormatError) -> WireField? {
        if reader.isAtEnd { return nil }
        let keyOffset = reader.position
        let key = try reader.readVarint(field: "key")
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else {
            throw reader.error(.invalidValue, at: keyOffset, "field number \(number) is out of range")
        }
        let fieldName = name(of: Int(number))
        guard let wireType = WireType(rawValue: Int(key & 7)), wireType != .startGroup, wireType != .endGroup
        else {
            throw reader.error(
                .invalidWireType, at: keyOffset, field: fieldName, "wire type \(key & 7) is not supported")
        }
        let value: WireValue
        let valueOffset: Int
        switch wireType {
        case .varint:
            valueOffset = reader.position
            value = .varint(try reader.readVarint(field: fieldName))
        case .fixed64:
            valueOffset = reader.position
            value = .fixed64(try reader.readLE(UInt64.self, field: fieldName))
        case .fixed32:
            valueOffset = reader.position
            value = .fixed32(try reader.readLE(UInt32.self, field: fieldName))
        case .lengthDelimited:
            let lengthOffset = reader.position
            let length = try reader.readVarint(field: fieldName)
            guard length <= UInt64(reader.remaining) else {
                throw reader.error(
                    .lengthOutOfBounds, at: lengthOffset, field: fieldName,
                    "length \(length) exceeds the \(reader.remaining) bytes left")
            }
            valueOffset = reader.position
            value = .bytes(try reader.readView(count: Int(length), field: fieldName))
        case .startGroup, .endGroup:
            throw reader.error(.invalidWireType, at: keyOffset, field: fieldName, "groups are not supported")
        }
        let raw = ByteView(storage: reader.storage, range: keyOffset..<reader.position)
        return WireField(
            number: Int(number), wireType: wireType, keyOffset: keyOffset, valueOffset: valueOffset, value: value,
            raw: raw)
    }

    /// A scanner over a length-delimited field's payload, with the field path extended.
    public func nested(_ field: WireField, component: FieldPath.Component, names: [Int: String]) -> WireScanner {
        guard case .bytes(let view) = field.value else {
            return WireScanner(ByteReader(storage: reader.storage, range: field.valueOffset..<field.valueOffset, format: reader.format, fieldPath: fieldPath), names: names)
        }
        var path = fieldPath
        path.components.append(component)
        return WireScanner(ByteReader(view, format: reader.format, fieldPath: path), names: names)
    }

    /// An error at `offset` under this message's path plus `field`.
    public func error(_ code: FormatError.Code, at offset: Int, field: String? = nil, _ message: String) -> FormatError {
        reader.error(code, at: offset, field: field, message)
    }
}

/// Appends protobuf wire encodings to a byte array.
public struct WireWriter {
    public var bytes: [UInt8] = []

    public init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public static func varintSize(_ value: UInt64) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }

    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func key(_ number: Int, _ wireType: WireType) {
        varint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    /// Key and length of a length-delimited field whose payload (of `length` bytes) follows.
    public mutating func lengthDelimitedHeader(_ number: Int, length: Int) {
        key(number, .lengthDelimited)
        varint(UInt64(length))
    }

    public mutating func append(_ view: ByteView) { view.withUnsafeBytes { bytes.append(contentsOf: $0) } }
    public mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    public static func fieldSize(_ number: Int, length: Int) -> Int {
        varintSize(UInt64(number) << 3) + varintSize(UInt64(length)) + length
    }
}
