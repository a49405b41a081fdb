/// A small strict JSON reader for the safetensors header, driven by the header's schema:
///
///     { "__metadata__": {string: string, ...} | null,  "<name>": {"dtype": s, "shape": [u, ...], "data_offsets": [u, u]}, ... }
///
/// Because it only descends where the schema allows, nesting never exceeds three levels (a deeper
/// value is an error at its first bracket), there is no recursion, and nothing is allocated beyond
/// what the accepted values need: strings are capped by `maxStringBytes`, shapes by `maxRank`, entries
/// by `maxTensorCount`. Duplicate keys (top level, metadata, tensor fields) are errors, so the file's
/// order is kept as it is. Numbers in `shape` and `data_offsets` must be plain non-negative integers
/// that fit `Int` (no sign, fraction, exponent or leading zero). Only JSON whitespace may follow the
/// closing brace (the format pads with spaces).
struct SafetensorsHeaderParser {
    struct Entry {
        var name: String
        var nameOffset: Int
        var dtype: SafetensorsDType
        var shape: [Int]
        var shapeOffset: Int
        var begin: Int
        var end: Int
        var offsetsOffset: Int
    }

    let bytes: UnsafeRawBufferPointer
    /// File offset of `bytes[0]`.
    let base: Int
    let file: String?
    let options: DecodingOptions
    var position = 0

    var metadata: [SafetensorsMetadataEntry]?
    var entries: [Entry] = []

    init(_ bytes: UnsafeRawBufferPointer, base: Int, file: String?, options: DecodingOptions) {
        self.bytes = bytes
        self.base = base
        self.file = file
        self.options = options
    }

    static let root = FieldPath([.field("header")])

    func error(_ code: FormatError.Code, at local: Int, _ path: FieldPath, _ message: String) -> FormatError {
        FormatError(code, format: SafetensorsCodec.formatName, file: file, offset: base + local, fieldPath: path, message: message)
    }

    // MARK: Schema

    mutating func parse() throws(FormatError) {
        guard bytes.first == UInt8(ascii: "{") else {
            throw error(.invalidValue, at: 0, Self.root, "the header must start with '{'")
        }
        var seen = Set<[UInt8]>()
        try object(Self.root) { (parser: inout SafetensorsHeaderParser, key: String, keyOffset: Int) throws(FormatError) in
            let keyBytes = Array(key.utf8)
            guard seen.insert(keyBytes).inserted else {
                throw parser.error(.invalidValue, at: keyOffset, Self.root, "duplicate key \(quoted(key))")
            }
            if key == "__metadata__" {
                try parser.metadataValue()
            } else {
                guard parser.entries.count < parser.options.maxTensorCount else {
                    throw parser.error(
                        .limitExceeded, at: keyOffset, Self.root,
                        "more than \(parser.options.maxTensorCount) tensors (DecodingOptions.maxTensorCount)")
                }
                try parser.tensorInfo(name: key, nameOffset: keyOffset)
            }
        }
        while position < bytes.count {
            guard isWhitespace(bytes[position]) else {
                throw error(.invalidValue, at: position, Self.root, "characters after the header's closing '}'")
            }
            position += 1
        }
    }

    private mutating func metadataValue() throws(FormatError) {
        let path = Self.root.appending("__metadata__")
        skipWhitespace()
        if try literalNull() { return }
        var entries: [SafetensorsMetadataEntry] = []
        var seen = Set<[UInt8]>()
        try object(path) { (parser: inout SafetensorsHeaderParser, key: String, keyOffset: Int) throws(FormatError) in
            guard seen.insert(Array(key.utf8)).inserted else {
                throw parser.error(.invalidValue, at: keyOffset, path, "duplicate metadata key \(quoted(key))")
            }
            guard entries.count < parser.options.maxTensorCount else {
                throw parser.error(.limitExceeded, at: keyOffset, path, "more than \(parser.options.maxTensorCount) metadata entries")
            }
            parser.skipWhitespace()
            let value = try parser.string(path.appending(key))
            entries.append(SafetensorsMetadataEntry(key, value.text))
        }
        metadata = entries
    }

    private mutating func tensorInfo(name: String, nameOffset: Int) throws(FormatError) {
        let path = Self.root.appending(name)
        var dtype: SafetensorsDType?
        var shape: [Int]?
        var shapeOffset = 0
        var offsets: [Int]?
        var offsetsOffset = 0
        skipWhitespace()
        try object(path) { (parser: inout SafetensorsHeaderParser, key: String, keyOffset: Int) throws(FormatError) in
            parser.skipWhitespace()
            let fieldPath = path.appending(key)
            let start = parser.position
            switch key {
            case "dtype":
                guard dtype == nil else { throw parser.error(.invalidValue, at: keyOffset, fieldPath, "duplicate field dtype") }
                let text = try parser.string(fieldPath).text
                guard let known = SafetensorsDType(rawValue: text) else {
                    throw parser.error(.unknownDType, at: start, fieldPath, "unknown dtype \(quoted(text))")
                }
                dtype = known
            case "shape":
                guard shape == nil else { throw parser.error(.invalidValue, at: keyOffset, fieldPath, "duplicate field shape") }
                shapeOffset = start
                shape = try parser.integers(fieldPath, element: "shape", limit: parser.options.maxRank)
            case "data_offsets":
                guard offsets == nil else {
                    throw parser.error(.invalidValue, at: keyOffset, fieldPath, "duplicate field data_offsets")
                }
                offsetsOffset = start
                let pair = try parser.integers(fieldPath, element: "data_offsets", limit: 2)
                guard pair.count == 2 else {
                    throw parser.error(.invalidValue, at: start, fieldPath, "data_offsets must hold exactly two numbers")
                }
                offsets = pair
            default:
                throw parser.error(.invalidValue, at: keyOffset, fieldPath, "unknown field \(quoted(key)) in a tensor entry")
            }
        }
        guard let dtype else { throw error(.missingField, at: nameOffset, path.appending("dtype"), "missing field dtype") }
        guard let shape else { throw error(.missingField, at: nameOffset, path.appending("shape"), "missing field shape") }
        guard let offsets else {
            throw error(.missingField, at: nameOffset, path.appending("data_offsets"), "missing field data_offsets")
        }
        entries.append(Entry(
            name: name, nameOffset: nameOffset, dtype: dtype, shape: shape, shapeOffset: shapeOffset,
            begin: offsets[0], end: offsets[1], offsetsOffset: offsetsOffset))
    }

    // MARK: JSON pieces

    /// `{ "key": value, ... }`; `member` reads the value after the colon.
    private mutating func object(
        _ path: FieldPath, member: (inout SafetensorsHeaderParser, String, Int) throws(FormatError) -> Void
    ) throws(FormatError) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else {
            throw unexpected(path, expecting: "an object")
        }
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            let keyOffset = position
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw unexpected(path, expecting: "a string key")
            }
            let key = try string(path).text
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw unexpected(path, expecting: "':'") }
            position += 1
            try member(&self, key, keyOffset)
            skipWhitespace()
            guard position < bytes.count else { throw unexpected(path, expecting: "',' or '}'") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return
            }
            throw unexpected(path, expecting: "',' or '}'")
        }
    }

    /// `[ n, n, ... ]` of at most `limit` non-negative integers.
    private mutating func integers(_ path: FieldPath, element: String, limit: Int) throws(FormatError) -> [Int] {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else { throw unexpected(path, expecting: "an array") }
        position += 1
        var values: [Int] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return values
        }
        while true {
            skipWhitespace()
            guard values.count < limit else {
                if element == "shape" {
                    throw error(.limitExceeded, at: position, path, "more than \(limit) dimensions (DecodingOptions.maxRank)")
                }
                throw error(.invalidValue, at: position, path, "\(element) holds more than \(limit) numbers")
            }
            let itemPath = FieldPath(Array(path.components.dropLast()) + [.element(element, values.count)])
            values.append(try integer(itemPath))
            skipWhitespace()
            guard position < bytes.count else { throw unexpected(path, expecting: "',' or ']'") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return values
            }
            throw unexpected(path, expecting: "',' or ']'")
        }
    }

    private mutating func integer(_ path: FieldPath) throws(FormatError) -> Int {
        let start = position
        guard position < bytes.count else { throw unexpected(path, expecting: "a number") }
        if bytes[position] == UInt8(ascii: "-") {
            throw error(.invalidValue, at: start, path, "negative number where a size is expected")
        }
        guard isDigit(bytes[position]) else { throw unexpected(path, expecting: "a non-negative integer") }
        var value = 0
        var overflow = false
        while position < bytes.count, isDigit(bytes[position]) {
            if !overflow {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
                overflow = o1 || o2
                value = sum
            }
            position += 1
        }
        if position - start > 1 && bytes[start] == UInt8(ascii: "0") {
            throw error(.invalidValue, at: start, path, "a number with a leading zero is not JSON")
        }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw error(.invalidValue, at: start, path, "a size must be a plain integer")
        }
        if overflow { throw error(.arithmeticOverflow, at: start, path, "the number does not fit a 64-bit integer") }
        return value
    }

    /// A JSON string; returns its text and the offset of its opening quote.
    private mutating func string(_ path: FieldPath) throws(FormatError) -> (text: String, offset: Int) {
        let start = position
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw unexpected(path, expecting: "a string")
        }
        position += 1
        var out: [UInt8] = []
        let limit = options.maxStringBytes
        while true {
            guard position < bytes.count else { throw error(.truncated, at: start, path, "the string is not closed") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                break
            }
            guard out.count < limit else {
                throw error(.limitExceeded, at: start, path, "a string longer than \(limit) bytes (DecodingOptions.maxStringBytes)")
            }
            if byte < 0x20 {
                throw error(.invalidValue, at: position, path, "control character 0x\(String(byte, radix: 16)) in a string")
            }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                position += 1
                continue
            }
            let escapeOffset = position
            position += 1
            guard position < bytes.count else { throw error(.truncated, at: start, path, "the string is not closed") }
            let code = bytes[position]
            position += 1
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(path, escapeOffset)
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                    else { throw error(.invalidValue, at: escapeOffset, path, "a lone surrogate escape") }
                    position += 2
                    let low = try hex4(path, escapeOffset)
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw error(.invalidValue, at: escapeOffset, path, "a lone surrogate escape")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error(.invalidValue, at: escapeOffset, path, "a lone surrogate escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw error(.invalidValue, at: escapeOffset, path, "an invalid \\u escape")
                }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw error(.invalidValue, at: escapeOffset, path, "an invalid escape")
            }
        }
        guard let text = out.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
            throw error(.invalidValue, at: start, path, "a string that is not valid UTF-8")
        }
        return (text, start)
    }

    private mutating func hex4(_ path: FieldPath, _ escapeOffset: Int) throws(FormatError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error(.truncated, at: escapeOffset, path, "a cut \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error(.invalidValue, at: escapeOffset, path, "an invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func literalNull() throws(FormatError) -> Bool {
        let null = Array("null".utf8)
        guard position < bytes.count, bytes[position] == UInt8(ascii: "n") else { return false }
        guard position + 4 <= bytes.count, bytes[position..<(position + 4)].elementsEqual(null) else {
            throw unexpected(Self.root.appending("__metadata__"), expecting: "an object or null")
        }
        position += 4
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
    }

    private func unexpected(_ path: FieldPath, expecting what: String) -> FormatError {
        guard position < bytes.count else {
            return error(.truncated, at: bytes.count, path, "the header ends where \(what) is expected")
        }
        let byte = bytes[position]
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return error(.invalidValue, at: position, path, "\(shown) where \(what) is expected")
    }
}

private func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}

private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

func quoted(_ text: String) -> String {
    let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
    return "'\(shown)'"
}
