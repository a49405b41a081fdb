/// `sha256sum`-compatible checksum lines: `<hex>  <path>` (text) or `<hex> *<path>` (binary), with the
/// GNU escaping rule for names holding a backslash, CR or newline (the line then starts with `\`).
public enum ChecksumList {
    public struct Entry: Sendable, Equatable {
        public var digest: String
        public var path: String
        public var line: Int
    }

    /// Formats one output line exactly as `sha256sum` does.
    public static func line(digest: String, path: String) -> String {
        let needsEscape = path.contains("\\") || path.contains("\n") || path.contains("\r")
        guard needsEscape else { return "\(digest)  \(path)" }
        var escaped = ""
        for ch in path {
            switch ch {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.append(ch)
            }
        }
        return "\\\(digest)  \(escaped)"
    }

    /// Parses a list; returns the entries and the number of improperly formatted lines.
    /// Accepts GNU (`hex  name`, `hex *name`, escaped) and BSD (`SHA256 (name) = hex`) forms.
    public static func parse(_ text: String) -> (entries: [Entry], malformed: Int) {
        var entries: [Entry] = []
        var malformed = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            if let entry = parseLine(line, number: index + 1) {
                entries.append(entry)
            } else {
                malformed += 1
            }
        }
        return (entries, malformed)
    }

    static func isHexDigest(_ s: Substring) -> Bool {
        s.count == 64 && s.allSatisfy { $0.isHexDigit }
    }

    static func parseLine(_ input: Substring, number: Int) -> Entry? {
        var line = input
        if line.hasPrefix("SHA256 ("), line.count > 8 + 4 + 64 {
            let digest = line.suffix(64)
            let head = line.dropLast(64)
            guard head.hasSuffix(") = ") else { return nil }
            let name = head.dropFirst(8).dropLast(4)
            guard isHexDigest(digest), !name.isEmpty else { return nil }
            return Entry(digest: digest.lowercased(), path: String(name), line: number)
        }
        let escaped = line.hasPrefix("\\")
        if escaped { line = line.dropFirst() }
        guard line.count > 66 else { return nil }
        let digest = line.prefix(64)
        guard isHexDigest(digest) else { return nil }
        let rest = line.dropFirst(64)
        guard rest.first == " ", let mode = rest.dropFirst().first, mode == " " || mode == "*" else { return nil }
        var name = String(rest.dropFirst(2))
        if escaped {
            guard let unescaped = unescape(name) else { return nil }
            name = unescaped
        }
        guard !name.isEmpty else { return nil }
        return Entry(digest: digest.lowercased(), path: name, line: number)
    }

    static func unescape(_ text: String) -> String? {
        var out = ""
        var iterator = text.makeIterator()
        while let ch = iterator.next() {
            guard ch == "\\" else {
                out.append(ch)
                continue
            }
            switch iterator.next() {
            case "\\": out += "\\"
            case "n": out += "\n"
            case "r": out += "\r"
            default: return nil
            }
        }
        return out
    }
}
