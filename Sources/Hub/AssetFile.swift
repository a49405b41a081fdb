import Foundation
import Yams

/// How a scalar was written in the YAML header. Presentation only: equality ignores it.
public enum ScalarStyle: String, Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A header value as written: scalars keep their raw text (`1.10` stays "1.10", `True` stays "True").
public indirect enum HeaderValue: Sendable, CustomStringConvertible {
    /// A scalar's text exactly as YAML reads it before any type resolution; `line` is 1-based in the file.
    case scalar(String, style: ScalarStyle, line: Int)
    /// A sequence (`input-shape: [3, 224, 224]`, `asset:` items).
    case list([HeaderValue], line: Int)
    /// A nested mapping (each `asset:` item), keys in file order.
    case mapping([HeaderEntry], line: Int)

    /// The raw text when this is a scalar.
    public var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// Items when this is a list.
    public var items: [HeaderValue]? {
        if case .list(let items, _) = self { return items }
        return nil
    }

    /// Entries when this is a mapping.
    public var entries: [HeaderEntry]? {
        if case .mapping(let entries, _) = self { return entries }
        return nil
    }

    /// 1-based line in the file where the value starts (0 for values built in code).
    public var line: Int {
        switch self {
        case .scalar(_, _, let line), .list(_, let line), .mapping(_, let line): line
        }
    }

    /// The style a scalar was written in (nil for lists and mappings).
    public var style: ScalarStyle? {
        if case .scalar(_, let style, _) = self { return style }
        return nil
    }

    /// A plain scalar built in code.
    public static func plain(_ text: String) -> HeaderValue { .scalar(text, style: .plain, line: 0) }

    /// The value with every line number set to 0 (for comparing content only).
    var withoutLines: HeaderValue {
        switch self {
        case .scalar(let text, let style, _): .scalar(text, style: style, line: 0)
        case .list(let items, _): .list(items.map(\.withoutLines), line: 0)
        case .mapping(let entries, _): .mapping(entries.map { HeaderEntry(key: $0.key, value: $0.value.withoutLines) }, line: 0)
        }
    }

    /// Compact text for messages: scalars as written, lists and mappings in flow style.
    public var description: String {
        switch self {
        case .scalar(let text, _, _): text
        case .list(let items, _): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let entries, _): "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

extension HeaderValue: Equatable {
    /// Compares content (text, structure); style, line numbers and mapping key order are presentation and ignored.
    public static func == (lhs: HeaderValue, rhs: HeaderValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a, _, _), .scalar(let b, _, _)): a == b
        case (.list(let a, _), .list(let b, _)): a == b
        case (.mapping(let a, _), .mapping(let b, _)): HeaderEntry.sameMapping(a, b)
        default: false
        }
    }
}

/// One `key: value` of the header (or of a nested mapping), in file order.
public struct HeaderEntry: Sendable, Equatable {
    /// The field name as written (`mindspore-version`).
    public var key: String
    /// The value as written.
    public var value: HeaderValue
    /// 1-based line of the key in the file (0 for entries built in code).
    public var line: Int

    /// Creates an entry.
    public init(key: String, value: HeaderValue, line: Int = 0) {
        self.key = key
        self.value = value
        self.line = line
    }

    /// Compares key and value; the line is ignored.
    public static func == (lhs: HeaderEntry, rhs: HeaderEntry) -> Bool {
        lhs.key == rhs.key && lhs.value == rhs.value
    }

    /// Two mappings are equal when they hold the same keys with equal values: as in YAML, key order is
    /// presentation (`render()` writes a canonical order).
    static func sameMapping(_ lhs: [HeaderEntry], _ rhs: [HeaderEntry]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.elementsEqual(rhs) { return true }
        let left = lhs.sorted { $0.key < $1.key }
        let right = rhs.sorted { $0.key < $1.key }
        return left.elementsEqual(right)
    }
}

/// One item of the `asset:` list: `{file-format, asset-link, asset-sha256}` as raw text (nil when absent).
public struct AssetEntry: Sendable, Equatable {
    /// `file-format` as written (`ckpt`, `mindir`, ...).
    public var fileFormat: String?
    /// `asset-link` as written, angle brackets included (`<https://...>`).
    public var assetLink: String?
    /// `asset-sha256` as written (64 hex digits, or an 8-digit prefix in some upstream files).
    public var assetSHA256: String?
    /// Index in the `asset:` list.
    public var index: Int
    /// 1-based line of the item in the file.
    public var line: Int

    /// The link with the angle brackets upstream writes around it removed.
    public var url: String? { assetLink.map(AssetFile.stripAngleBrackets) }
}

/// An asset markdown file: text before the header, a YAML header between two `---` lines, a markdown body.
///
/// Every header value keeps its raw text (`Yams.compose`, no type resolution). `render()` writes the
/// same format back with a stable key order; `parse(render(x)) == x`.
public struct AssetFile: Sendable, Equatable {
    /// The file name used in errors and reports.
    public var file: String
    /// Text before the opening `---` line (usually a `# title` line), verbatim.
    public var preamble: String
    /// Header fields in file order.
    public var entries: [HeaderEntry]
    /// Everything after the closing `---` line, verbatim.
    public var body: String
    /// 1-based line of the opening `---` (0 for files built in code).
    public var headerLine: Int

    /// Creates an asset file from parts.
    public init(file: String = "", preamble: String = "", entries: [HeaderEntry], body: String = "", headerLine: Int = 0) {
        self.file = file
        self.preamble = preamble
        self.entries = entries
        self.body = body
        self.headerLine = headerLine
    }

    /// Compares preamble, header content and body. File name, line numbers, scalar styles and key order
    /// are presentation and ignored (YAML mappings are unordered; `render()` writes a canonical order).
    public static func == (lhs: AssetFile, rhs: AssetFile) -> Bool {
        lhs.preamble == rhs.preamble && lhs.body == rhs.body && HeaderEntry.sameMapping(lhs.entries, rhs.entries)
    }

    /// The fields in the order `render()` writes them (the upstream layout); unknown keys follow in file order.
    public static let canonicalKeyOrder: [String] = [
        "model-name", "backbone-name", "module-type", "fine-tunable", "model-version", "train-dataset", "author",
        "update-time", "repo-link", "user-id", "used-for", "mindspore-version", "asset", "license", "summary",
    ]

    /// Key order inside each `asset:` item.
    public static let assetKeyOrder: [String] = ["file-format", "asset-link", "asset-sha256"]

    /// The first header entry named `key`.
    public func entry(_ key: String) -> HeaderEntry? { entries.first { $0.key == key } }

    /// The raw text of scalar field `key` (nil when absent or not a scalar).
    public subscript(key: String) -> String? { entry(key)?.value.text }

    /// The `asset:` items (empty when there is no `asset:` list); items that are not mappings are skipped.
    public var assets: [AssetEntry] {
        guard let items = entry("asset")?.value.items else { return [] }
        var result: [AssetEntry] = []
        for (index, item) in items.enumerated() {
            guard let fields = item.entries else { continue }
            func text(_ key: String) -> String? { fields.first { $0.key == key }?.value.text }
            result.append(
                AssetEntry(
                    fileFormat: text("file-format"), assetLink: text("asset-link"), assetSHA256: text("asset-sha256"),
                    index: index, line: item.line))
        }
        return result
    }

    // MARK: Parsing

    /// Reads and parses the file at `path`; errors name `displayName` (default: `path`).
    public static func parse(contentsOf path: String, displayName: String? = nil) throws(AssetError) -> AssetFile {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AssetError(.io, file: name, line: 0, message: "cannot read file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: name)
    }

    /// Parses asset-file text. The header is delimited by the first two lines that are exactly `---`
    /// (trailing spaces allowed); `---|---` table rows in the body are body text.
    public static func parse(_ text: String, file: String = "<text>") throws(AssetError) -> AssetFile {
        let split = try splitHeader(text, file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: split.header, .basic)
        } catch {
            throw yamlError(error, file: file, headerFirstLine: split.headerLine + 1)
        }
        var entries: [HeaderEntry] = []
        if let root {
            guard case .mapping(let mapping) = root else {
                throw AssetError(
                    .headerNotMapping, file: file, line: (root.mark?.line ?? 1) + split.headerLine,
                    message: "the header is not a mapping of `field: value` lines")
            }
            var budget = maxHeaderValues
            entries = try convertEntries(mapping, file: file, offset: split.headerLine, path: "", budget: &budget)
        }
        return AssetFile(
            file: file, preamble: split.preamble, entries: entries, body: split.body, headerLine: split.headerLine)
    }

    struct Split {
        var preamble: String
        var header: String
        /// 1-based line of the opening `---`.
        var headerLine: Int
        var body: String
    }

    static func isDelimiter(_ line: Substring) -> Bool {
        var end = line.endIndex
        while end > line.startIndex {
            let before = line.index(before: end)
            let c = line[before]
            guard c == " " || c == "\t" || c == "\r" else { break }
            end = before
        }
        return line[line.startIndex..<end] == "---"
    }

    static func splitHeader(_ text: String, file: String) throws(AssetError) -> Split {
        // Work on unicode scalars: "\r\n" is one Character, so a Character search for "\n" would miss it.
        let scalars = text.unicodeScalars
        var open: (lineNumber: Int, contentStart: String.Index, lineStart: String.Index)?
        var lineNumber = 0
        var lineStart = scalars.startIndex
        while lineStart < scalars.endIndex {
            lineNumber += 1
            let newline = scalars[lineStart...].firstIndex(of: "\n")
            let lineEnd = newline ?? scalars.endIndex
            let next = newline.map { scalars.index(after: $0) } ?? scalars.endIndex
            if isDelimiter(Substring(scalars[lineStart..<lineEnd])) {
                if let opened = open {
                    return Split(
                        preamble: String(scalars[..<opened.lineStart]),
                        header: pyYAMLCompatible(String(scalars[opened.contentStart..<lineStart])),
                        headerLine: opened.lineNumber, body: String(scalars[next...]))
                }
                open = (lineNumber, next, lineStart)
            }
            lineStart = next
        }
        if let open {
            throw AssetError(
                .unterminatedHeader, file: file, line: open.lineNumber, message: "the header opened here is never closed by `---`")
        }
        throw AssetError(.missingHeader, file: file, line: 1, message: "no `---` line opens a YAML header")
    }

    /// Whether `text` contains `needle`, by a byte search (Foundation's `contains` goes through NSString).
    static func containsBytes(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard let first = pattern.first, haystack.count >= pattern.count else { return pattern.isEmpty }
                var index = 0
                let last = haystack.count - pattern.count
                while index <= last {
                    if haystack[index] == first {
                        var matched = true
                        for offset in 1..<pattern.count where haystack[index + offset] != pattern[offset] {
                            matched = false
                            break
                        }
                        if matched { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// The lines of `text` split at "\n" (a "\r" before it stays on the line).
    static func lines(_ text: String) -> [Substring] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
    }

    /// `key: -` (a lone dash as the value) is a one-item list to PyYAML but an error to libyaml; upstream files
    /// use it to mean "no value", so it is read as the scalar `-` (written `'-'` for libyaml).
    static func pyYAMLCompatible(_ header: String) -> String {
        guard containsBytes(header, ": -") else { return header }
        var out = ""
        out.reserveCapacity(header.utf8.count + 16)
        var first = true
        for line in lines(header) {
            if !first { out += "\n" }
            first = false
            var trimmed = line
            while let last = trimmed.unicodeScalars.last, last == " " || last == "\t" || last == "\r" { trimmed = trimmed.dropLast() }
            if trimmed.hasSuffix(": -"), !trimmed.hasPrefix(" "), !trimmed.hasPrefix("#") {
                out += trimmed.dropLast()
                out += "'-'"
                if line.hasSuffix("\r") { out += "\r" }
            } else {
                out += line
            }
        }
        return out
    }

    static func yamlError(_ error: any Error, file: String, headerFirstLine: Int) -> AssetError {
        guard let yaml = error as? YamlError else {
            return AssetError(.yamlSyntax, file: file, line: headerFirstLine, message: "\(error)")
        }
        switch yaml {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return AssetError(
                .yamlSyntax, file: file, line: mark.line + headerFirstLine - 1,
                message: "\(problem) (column \(mark.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return AssetError(
                .duplicateKey, file: file, line: context.mark.line + headerFirstLine - 1,
                field: duplicates.sorted().first, message: "key appears more than once")
        default:
            return AssetError(.yamlSyntax, file: file, line: headerFirstLine, message: "\(yaml)")
        }
    }

    /// The most values (scalars, lists and mappings) a header may hold once its aliases are
    /// expanded. Upstream's asset files hold a few dozen; a few nested aliases can name billions.
    public static let maxHeaderValues = 100_000

    static func convertEntries(
        _ mapping: Node.Mapping, file: String, offset: Int, path: String, budget: inout Int
    ) throws(AssetError) -> [HeaderEntry] {
        var entries: [HeaderEntry] = []
        entries.reserveCapacity(mapping.count)
        var seen = Set<String>()
        for (keyNode, valueNode) in mapping {
            let keyLine = (keyNode.mark?.line ?? 0) + offset
            guard case .scalar(let keyScalar) = keyNode else {
                throw AssetError(.invalidKey, file: file, line: keyLine, field: path.isEmpty ? nil : path,
                    message: "a key must be a plain scalar")
            }
            let key = keyScalar.string
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            guard seen.insert(key).inserted else {
                throw AssetError(.duplicateKey, file: file, line: keyLine, field: fieldPath, message: "key appears more than once")
            }
            let value = try convert(valueNode, file: file, offset: offset, path: fieldPath, budget: &budget)
            entries.append(HeaderEntry(key: key, value: value, line: keyLine))
        }
        return entries
    }

    static func convert(_ node: Node, file: String, offset: Int, path: String, budget: inout Int) throws(AssetError) -> HeaderValue {
        let line = (node.mark?.line ?? 0) + offset
        budget -= 1
        guard budget >= 0 else {
            throw AssetError(
                .unsupportedYAML, file: file, line: line, field: path,
                message: "the header holds more than \(maxHeaderValues) values once its YAML aliases are expanded")
        }
        switch node {
        case .scalar(let scalar):
            let style: ScalarStyle =
                switch scalar.style {
                case .singleQuoted: .singleQuoted
                case .doubleQuoted: .doubleQuoted
                case .literal: .literal
                case .folded: .folded
                default: .plain
                }
            return .scalar(scalar.string, style: style, line: line)
        case .sequence(let sequence):
            var items: [HeaderValue] = []
            items.reserveCapacity(sequence.count)
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, offset: offset, path: "\(path)[\(index)]", budget: &budget))
            }
            return .list(items, line: line)
        case .mapping(let mapping):
            return .mapping(try convertEntries(mapping, file: file, offset: offset, path: path, budget: &budget), line: line)
        case .alias:
            throw AssetError(.unsupportedYAML, file: file, line: line, field: path, message: "YAML aliases are not supported")
        }
    }

    /// `<https://x>` → `https://x`; other text is returned unchanged.
    public static func stripAngleBrackets(_ link: String) -> String {
        if link.hasPrefix("<"), link.hasSuffix(">"), link.count >= 2 { return String(link.dropFirst().dropLast()) }
        return link
    }
}
