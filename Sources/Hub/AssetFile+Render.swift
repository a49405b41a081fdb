extension AssetFile {
    /// Writes the file back: preamble, `---`, one `key: value` per paragraph in `canonicalKeyOrder`
    /// (unknown keys after, in file order), `---`, body. Scalars keep their text; a scalar that cannot be
    /// written plain is double-quoted.
    public func render() -> String {
        var out = preamble
        out += "---\n\n"
        for entry in Self.ordered(entries, by: Self.canonicalKeyOrder) {
            var lines: [String] = []
            Self.emit(key: entry.key, value: entry.value, indent: 0, topLevel: true, into: &lines)
            out += lines.joined(separator: "\n")
            out += "\n\n"
        }
        out += "---\n"
        out += body
        return out
    }

    static func ordered(_ entries: [HeaderEntry], by order: [String]) -> [HeaderEntry] {
        var result: [HeaderEntry] = []
        result.reserveCapacity(entries.count)
        for key in order {
            result.append(contentsOf: entries.filter { $0.key == key })
        }
        result.append(contentsOf: entries.filter { !order.contains($0.key) })
        return result
    }

    static func pad(_ indent: Int) -> String { String(repeating: " ", count: indent) }

    static func emit(key: String, value: HeaderValue, indent: Int, topLevel: Bool, into lines: inout [String]) {
        let head = pad(indent) + scalarText(key, style: .plain) + ":"
        switch value {
        case .scalar(let text, let style, _):
            let rendered = scalarText(text, style: style)
            lines.append(rendered.isEmpty ? head : head + " " + rendered)
        case .list(let items, _):
            if let flow = flowList(items) {
                lines.append(head + " " + flow)
            } else {
                lines.append(head)
                if topLevel { lines.append("") }
                for item in items { emitItem(item, indent: indent, into: &lines) }
            }
        case .mapping(let entries, _):
            if entries.isEmpty {
                lines.append(head + " {}")
            } else {
                lines.append(head)
                for entry in entries { emit(key: entry.key, value: entry.value, indent: indent + 2, topLevel: false, into: &lines) }
            }
        }
    }

    static func emitItem(_ item: HeaderValue, indent: Int, into lines: inout [String]) {
        let dash = pad(indent) + "- "
        switch item {
        case .scalar(let text, let style, _):
            let rendered = scalarText(text, style: style)
            lines.append(rendered.isEmpty ? pad(indent) + "-" : dash + rendered)
        case .list(let items, _):
            if let flow = flowList(items) {
                lines.append(dash + flow)
            } else {
                lines.append(pad(indent) + "-")
                for nested in items { emitItem(nested, indent: indent + 2, into: &lines) }
            }
        case .mapping(let entries, _):
            if entries.isEmpty {
                lines.append(dash + "{}")
                return
            }
            let ordered = ordered(entries, by: assetKeyOrder)
            var nested: [String] = []
            for entry in ordered { emit(key: entry.key, value: entry.value, indent: indent + 2, topLevel: false, into: &nested) }
            // The first line of the item shares the dash: "- file-format: ckpt".
            if let first = nested.first {
                nested[0] = dash + first.dropFirst(indent + 2)
            }
            lines.append(contentsOf: nested)
        }
    }

    /// `[a, b]` when every item is a scalar that can be written plain inside a flow list.
    static func flowList(_ items: [HeaderValue]) -> String? {
        var parts: [String] = []
        for item in items {
            guard case .scalar(let text, _, _) = item, !text.isEmpty, isPlainSafe(text, inFlow: true) else { return nil }
            parts.append(text)
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    static func scalarText(_ text: String, style: ScalarStyle) -> String {
        if style == .plain, isPlainSafe(text, inFlow: false) { return text }
        if style == .singleQuoted, !text.contains("\n") {
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return doubleQuoted(text)
    }

    /// Whether `text` reads back as the same plain scalar.
    static func isPlainSafe(_ text: String, inFlow: Bool) -> Bool {
        if text.isEmpty { return !inFlow }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || first == "\t" || last == " " || last == "\t" { return false }
        let indicators: Set<Unicode.Scalar> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        if indicators.contains(first) {
            // "-x", "?x", ":x" are plain when followed by a non-space; the rest never start a plain scalar.
            guard first == "-" || first == "?" || first == ":" else { return false }
            let scalars = Array(text.unicodeScalars)
            if scalars.count < 2 || scalars[1] == " " || scalars[1] == "\t" { return false }
            if text == "---" || text.hasPrefix("--- ") { return false }
        }
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t": return false
            case "#" where previous == " ": return false
            case " " where previous == ":": return false
            case ",", "[", "]", "{", "}": if inFlow { return false }
            default: break
            }
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{FEFF}" { return false }
            previous = scalar
        }
        if previous == ":" { return false }
        return true
    }

    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
