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
        let scalars = path.unicodeScalars
        guard scalars.contains(where: { $0 == "\\" || $0 == "\n" || $0 == "\r" }) else { return "\(digest)  \(path)" }
        return "\\\(digest)  \(escape(path))"
    }

    /// How `sha256sum -c` names a file in its `OK`/`FAILED` lines: escaped (with a leading `\\`) only when
    /// the name holds a newline.
    public static func checkedName(_ path: String) -> String {
        path.unicodeScalars.contains("\n") ? "\\" + escape(path) : path
    }

    static func escape(_ path: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in path.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// Parses a list; returns the entries and the number of improperly formatted lines.
    /// Accepts GNU (`hex  name`, `hex *name`, escaped) and BSD (`SHA256 (name) = hex`) forms.
    public static func parse(_ text: String) -> (entries: [Entry], malformed: Int) {
        var entries: [Entry] = []
        var malformed = 0
        // Split on the newline scalar: in Swift "\r\n" is one Character, which would hide the break.
        for (index, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var scalars = String.UnicodeScalarView(raw)
            if scalars.last == "\r" { scalars.removeLast() }
            let line = Substring(String(scalars))
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
        var out = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            switch iterator.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            default: return nil
            }
        }
        return String(out)
    }
}
