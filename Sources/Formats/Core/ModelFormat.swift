/// The model file formats mshub reads, by the names the CLI and JSON reports use.
public enum ModelFormat: String, Sendable, CaseIterable, Codable {
    case ckpt, mindir, onnx, air, mslite, safetensors

    /// The usual file extension (without the dot).
    public var fileExtension: String {
        switch self {
        case .ckpt: "ckpt"
        case .mindir: "mindir"
        case .onnx: "onnx"
        case .air: "air"
        case .mslite: "ms"
        case .safetensors: "safetensors"
        }
    }

    /// The format an extension usually means, used only as a hint when content is ambiguous.
    public static func fromExtension(of path: String) -> ModelFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        return allCases.first { $0.fileExtension == ext }
    }
}

import MSCrypto

/// MindSpore's built-in cipher modes (FORMATS.md §1.6), identified by the block magic; defined in MSCrypto.
public typealias CipherMode = CipherAlgorithm

extension CipherAlgorithm {
    /// Parses the names MindSpore accepts for `enc_mode` (case-insensitive).
    public init?(name: String) {
        guard let mode = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            return nil
        }
        self = mode
    }
}

/// What content sniffing found out about a file.
public struct SniffResult: Sendable, Equatable {
    /// The format; for encrypted files it comes from the extension hint (CKPT when there is none),
    /// since the ciphertext of a CKPT and of a MindIR look alike.
    public var format: ModelFormat
    /// Set for MindSpore's built-in encrypted layout.
    public var encryption: CipherMode?
    /// True when a CKPT ends with the `crc_num` trailer.
    public var hasCRCTrailer: Bool
    /// True when `format` was chosen from content, false when only a hint decided.
    public var fromContent: Bool

    public init(format: ModelFormat, encryption: CipherMode? = nil, hasCRCTrailer: Bool = false, fromContent: Bool = true) {
        self.format = format
        self.encryption = encryption
        self.hasCRCTrailer = hasCRCTrailer
        self.fromContent = fromContent
    }
}

extension ModelFormat {
    /// Number of leading bytes `sniff` looks at.
    public static let sniffPrefixLength = 4096

    /// Identifies a format from content (FORMATS.md §0); `tail` is the last 17 bytes (for the
    /// CKPT CRC trailer) and `hint` the file name. Returns nil when nothing matches.
    public static func sniff(prefix: UnsafeRawBufferPointer, tail: UnsafeRawBufferPointer? = nil, hint: String? = nil)
        -> SniffResult?
    {
        let bytes = Array(prefix.prefix(sniffPrefixLength))
        let hinted = hint.flatMap(fromExtension(of:))
        if bytes.count >= 4 {
            let magic = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
            if let mode = CipherMode(magic: magic) {
                let format: ModelFormat = hinted == .mindir ? .mindir : .ckpt
                return SniffResult(format: format, encryption: mode, fromContent: false)
            }
        }
        if bytes.count >= 8, bytes[4...7].elementsEqual(Array("MSL2".utf8)) {
            return SniffResult(format: .mslite)
        }
        if looksLikeSafetensors(bytes) { return SniffResult(format: .safetensors) }
        if let first = bytes.first {
            var scan = PrefixScanner(bytes: bytes)
            switch first {
            case 0x08:
                // ONNX: field 1 ir_version as a varint, then a known next key.
                if scan.key() == PrefixScanner.Key(1, 0), let version = scan.varint(), (1...30).contains(version),
                    let next = scan.key(), [2, 3, 4, 5, 6, 7, 8, 14, 20, 25].contains(next.number)
                {
                    return SniffResult(format: .onnx)
                }
            case 0x0A:
                if isMindIR(bytes) { return SniffResult(format: .mindir) }
                if isCheckpoint(bytes) {
                    let crc = tail.map { $0.count >= 17 && $0.prefix(7).elementsEqual(Array("crc_num".utf8)) } ?? false
                    return SniffResult(format: .ckpt, hasCRCTrailer: crc)
                }
                if isAIR(bytes) { return SniffResult(format: .air) }
            default:
                if isAIR(bytes) { return SniffResult(format: .air) }
            }
        }
        if bytes.isEmpty, let hinted { return SniffResult(format: hinted, fromContent: false) }
        return nil
    }

    /// Sniffs an in-memory buffer (prefix and trailer taken from it).
    public static func sniff(_ buffer: UnsafeRawBufferPointer, hint: String? = nil) -> SniffResult? {
        let tail = buffer.count >= 17 ? UnsafeRawBufferPointer(rebasing: buffer[(buffer.count - 17)...]) : nil
        return sniff(prefix: buffer, tail: tail, hint: hint)
    }

    private static func looksLikeSafetensors(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 10 else { return false }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        // The header is JSON text that opens with '{' (padding spaces come only at its end).
        return length >= 2 && length < 100_000_000 && bytes[8] == UInt8(ascii: "{")
            && (bytes[9] == UInt8(ascii: "\"") || bytes[9] == UInt8(ascii: "}") || bytes[9] == UInt8(ascii: " ")
                || bytes[9] == UInt8(ascii: "\n"))
    }

    /// `0A len "0.1.x"-like version` then `12 len "MindSpore"`-like producer (FORMATS.md §0).
    private static func isMindIR(_ bytes: [UInt8]) -> Bool {
        var scan = PrefixScanner(bytes: bytes)
        guard scan.key() == PrefixScanner.Key(1, 2), let text = scan.lengthDelimited(), !text.isEmpty, text.count <= 16,
            text.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }),
            text.contains(UInt8(ascii: "."))
        else { return false }
        guard let next = scan.key() else { return true }
        return next.wire == 2 || next.wire == 0
    }

    /// `0A len (0A len <printable tag> (12|1A) ...)`: a Checkpoint whose first Value starts with its tag.
    private static func isCheckpoint(_ bytes: [UInt8]) -> Bool {
        var scan = PrefixScanner(bytes: bytes)
        guard scan.key() == PrefixScanner.Key(1, 2), scan.varint() != nil else { return false }
        guard scan.key() == PrefixScanner.Key(1, 2), let tag = scan.lengthDelimited(allowPartial: true) else { return false }
        guard tag.allSatisfy({ $0 >= 0x20 || $0 >= 0x80 }) else { return false }
        if scan.atEnd { return true }
        guard let next = scan.key() else { return true }
        return next == PrefixScanner.Key(2, 2) || next == PrefixScanner.Key(3, 2)
    }

    /// `ge.proto.ModelDef`: string name (1), varint version (2), strings (3..6), graph (7), attr (11).
    private static func isAIR(_ bytes: [UInt8]) -> Bool {
        var scan = PrefixScanner(bytes: bytes)
        var sawGraph = false
        var fields = 0
        var lastNumber = 0
        while !scan.atEnd, fields < 16 {
            guard let key = scan.key() else { return false }
            let (number, wire) = (key.number, key.wire)
            let expected: Int? =
                switch number {
                case 1, 3, 4, 5, 6, 7, 11: 2
                case 2: 0
                default: nil
                }
            guard expected == wire, number >= lastNumber else { return false }
            lastNumber = number
            if wire == 0 {
                guard scan.varint() != nil else { return false }
            } else {
                if number == 7 { sawGraph = true; break }
                guard scan.lengthDelimited(allowPartial: number == 11) != nil else { return false }
            }
            fields += 1
        }
        return sawGraph
    }
}

/// A forgiving protobuf walker over a sniffing prefix: returns nil instead of throwing.
struct PrefixScanner {
    let bytes: [UInt8]
    var index = 0
    var atEnd: Bool { index >= bytes.count }

    mutating func varint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    struct Key: Equatable {
        let number: Int
        let wire: Int
        init(_ number: Int, _ wire: Int) {
            self.number = number
            self.wire = wire
        }
    }

    mutating func key() -> Key? {
        guard let key = varint(), key >> 3 > 0, key >> 3 < (1 << 29) else { return nil }
        return Key(Int(key >> 3), Int(key & 7))
    }

    /// Reads a length and the bytes it covers; with `allowPartial` a run past the prefix returns what is there.
    mutating func lengthDelimited(allowPartial: Bool = false) -> ArraySlice<UInt8>? {
        guard let length = varint(), length < (1 << 40) else { return nil }
        let available = bytes.count - index
        if Int(length) > available {
            guard allowPartial else { return nil }
            let slice = bytes[index...]
            index = bytes.count
            return slice
        }
        let slice = bytes[index..<(index + Int(length))]
        index += Int(length)
        return slice
    }
}
