/// One located error for everything that reads or writes model files.
///
/// Rendered as `file:0xOFFSET: format: field.path: message`, e.g.
/// `net.ckpt:0x1f3a: ckpt: Checkpoint.value[12].tensor.tensor_content: length 4096 exceeds the 112 bytes left`.
/// Tests compare `code`, `offset` and `fieldPath`; the message is for people.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The input ends inside a structure.
        case truncated
        /// A length or offset points past the end of its enclosing structure.
        case lengthOutOfBounds
        /// A varint is longer than 10 bytes or does not fit 64 bits.
        case varintOverflow
        /// A protobuf key uses a wire type the field cannot have, or a reserved one.
        case invalidWireType
        /// Magic bytes or identifiers are wrong.
        case badMagic
        /// An element type name or code is not known.
        case unknownDType
        /// Arithmetic on sizes from the file overflows.
        case arithmeticOverflow
        /// A value exceeds a `DecodingOptions` limit.
        case limitExceeded
        /// A declared size disagrees with the payload (elements x width != bytes).
        case sizeMismatch
        /// A stored checksum (CRC) does not match the content.
        case checksumMismatch
        /// A cipher block header is malformed.
        case badCipherHeader
        /// Decryption failed: wrong key, wrong mode or damaged ciphertext.
        case decryptionFailed
        /// The file is encrypted and no key was given.
        case keyRequired
        /// The key has a length the cipher does not accept.
        case badKey
        /// A required field is missing.
        case missingField
        /// A field holds a value that is not allowed.
        case invalidValue
        /// A path stored in the file would leave the model's folder.
        case unsafePath
        /// A valid construct that this version does not support.
        case unsupported
        /// The content matches no known format.
        case unknownFormat
        /// The operating system refused an I/O operation.
        case io
    }

    public var code: Code
    public var format: String
    public var file: String?
    /// Absolute byte offset in the file (or in the decrypted plaintext, see `message`).
    public var offset: Int?
    public var fieldPath: FieldPath
    public var message: String

    public init(
        _ code: Code, format: String, file: String? = nil, offset: Int? = nil,
        fieldPath: FieldPath = FieldPath(), message: String
    ) {
        self.code = code
        self.format = format
        self.file = file
        self.offset = offset
        self.fieldPath = fieldPath
        self.message = message
    }

    public var description: String {
        var out = file ?? "<memory>"
        if let offset { out += ":0x" + String(offset, radix: 16) }
        out += ": \(format): "
        if !fieldPath.isEmpty { out += "\(fieldPath): " }
        out += message
        return out
    }

    /// Returns a copy that names `file`, if it does not name one already.
    public func inFile(_ path: String?) -> FormatError {
        var copy = self
        if copy.file == nil { copy.file = path }
        return copy
    }
}

/// A path of fields from the root message to where an error happened: `Checkpoint.value[3].tensor.dims`.
public struct FieldPath: Sendable, Equatable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Component: Sendable, Equatable, Hashable {
        case field(String)
        case element(String, Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// Parses the rendered form, e.g. `"Checkpoint.value[3].tensor"`.
    public init(stringLiteral value: String) {
        var parts: [Component] = []
        for piece in value.split(separator: ".") {
            if let open = piece.firstIndex(of: "["), piece.last == "]",
                let index = Int(piece[piece.index(after: open)..<piece.index(before: piece.endIndex)])
            {
                parts.append(.element(String(piece[..<open]), index))
            } else {
                parts.append(.field(String(piece)))
            }
        }
        components = parts
    }

    public var isEmpty: Bool { components.isEmpty }

    public func appending(_ name: String) -> FieldPath { FieldPath(components + [.field(name)]) }
    public func appending(_ name: String, index: Int) -> FieldPath {
        FieldPath(components + [.element(name, index)])
    }

    public var description: String {
        components.map { component -> String in
            switch component {
            case .field(let name): return name
            case .element(let name, let index): return "\(name)[\(index)]"
            }
        }.joined(separator: ".")
    }
}
