import Foundation
import Formats
import MSCrypto

extension AssetValidator {
    /// Fields every asset file must have (the fields the issue lists).
    public static let requiredFields: [String] = [
        "backbone-name", "module-type", "fine-tunable", "model-version", "train-dataset", "author", "update-time",
        "repo-link", "user-id", "used-for", "mindspore-version", "asset", "license", "summary",
    ]

    /// Allowed first parts of `module-type` (`cv-classification` → `cv`).
    public static let moduleTypes: Set<String> = ["audio", "cv", "nlp", "recommend", "gnn", "mm", "hpc", "rl", "other"]

    /// Allowed `used-for` items (`inference/transfer-learning`).
    public static let usedForValues: Set<String> = ["inference", "extract-feature", "transfer-learning"]

    /// The format an upstream `file-format` name declares (case-insensitive; `ms` and `mslite` are MindSpore Lite).
    public static func declaredFormat(_ name: String) -> ModelFormat? {
        var lowered = name.lowercased()
        if lowered.hasPrefix(".") { lowered.removeFirst() }
        switch lowered {
        case "ckpt": return .ckpt
        case "mindir": return .mindir
        case "onnx": return .onnx
        case "air": return .air
        case "ms", "mslite": return .mslite
        case "safetensors": return .safetensors
        default: return nil
        }
    }

    func strictFindings(text: String, file: String) -> [AssetFinding] {
        let asset: AssetFile
        do {
            asset = try AssetFile.parse(text, file: file)
        } catch {
            let rule =
                switch error.code {
                case .missingHeader, .unterminatedHeader: "structure"
                case .headerNotMapping: "header-mapping"
                default: "yaml"
                }
            return [AssetFinding(.error, rule: rule, field: error.field, line: error.line, message: error.message)]
        }
        var findings: [AssetFinding] = []
        Self.checkFields(asset, into: &findings)
        Self.checkBodyDelimiters(asset, into: &findings)
        if let resolver { Self.checkAssetFiles(asset, resolver: resolver, into: &findings) }
        return findings
    }

    // MARK: Header fields

    static func checkFields(_ asset: AssetFile, into findings: inout [AssetFinding]) {
        let fallbackLine = asset.headerLine
        for field in requiredFields {
            guard let entry = asset.entry(field) else {
                findings.append(AssetFinding(.error, rule: "required", field: field, line: fallbackLine, message: "required field is missing"))
                continue
            }
            if let text = entry.value.text, text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                findings.append(AssetFinding(.error, rule: "required", field: field, line: entry.line, message: "required field is empty"))
            }
        }
        for entry in asset.entries {
            switch entry.key {
            case "module-type": checkModuleType(entry, into: &findings)
            case "fine-tunable": checkBoolean(entry, into: &findings)
            case "used-for": checkUsedFor(entry, into: &findings)
            case "model-version", "mindspore-version": checkVersion(entry, into: &findings)
            case "update-time": checkDate(entry, into: &findings)
            case "repo-link": checkLink(entry.value, field: entry.key, line: entry.line, into: &findings)
            case "train-dataset": checkDataset(entry, file: asset.file, into: &findings)
            case "asset": checkAssets(entry, into: &findings)
            default: break
            }
        }
    }

    static func scalar(_ entry: HeaderEntry, _ what: String, into findings: inout [AssetFinding]) -> String? {
        guard let text = entry.value.text else {
            findings.append(AssetFinding(.error, rule: "type", field: entry.key, line: entry.line, message: "must be \(what), not a list or mapping"))
            return nil
        }
        return text.isEmpty ? nil : text
    }

    static func checkModuleType(_ entry: HeaderEntry, into findings: inout [AssetFinding]) {
        guard let text = scalar(entry, "a module type", into: &findings) else { return }
        let first = text.split(separator: "-", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        if !moduleTypes.contains(first) {
            findings.append(
                AssetFinding(
                    .error, rule: "allowed-value", field: entry.key, line: entry.line,
                    message: "`\(text)`: the category `\(first)` is not one of \(moduleTypes.sorted().joined(separator: ", "))"))
        }
    }

    static func checkBoolean(_ entry: HeaderEntry, into findings: inout [AssetFinding]) {
        guard let text = scalar(entry, "a boolean", into: &findings) else { return }
        let booleans: Set<String> = ["true", "True", "TRUE", "false", "False", "FALSE"]
        if entry.value.style != .plain || !booleans.contains(text) {
            findings.append(
                AssetFinding(.error, rule: "boolean", field: entry.key, line: entry.line, message: "`\(text)` is not a boolean (True or False)"))
        }
    }

    static func checkUsedFor(_ entry: HeaderEntry, into findings: inout [AssetFinding]) {
        guard let text = scalar(entry, "a use", into: &findings) else { return }
        for item in text.split(separator: "/", omittingEmptySubsequences: false)
        where !usedForValues.contains(item.trimmingCharacters(in: .whitespaces).lowercased()) {
            findings.append(
                AssetFinding(
                    .error, rule: "allowed-value", field: entry.key, line: entry.line,
                    message: "`\(item)` is not one of \(usedForValues.sorted().joined(separator: ", "))"))
        }
    }

    static func checkVersion(_ entry: HeaderEntry, into findings: inout [AssetFinding]) {
        guard let text = scalar(entry, "a version", into: &findings) else { return }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let wellFormed = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        if !wellFormed {
            findings.append(
                AssetFinding(.warning, rule: "version", field: entry.key, line: entry.line, message: "`\(text)` is not a dotted version number"))
            return
        }
        // A plain `1.10` is the number 1.1 to a YAML reader; the raw text is what counts.
        if entry.value.style == .plain, parts.count == 2, let number = Double(text), "\(number)" != text {
            findings.append(
                AssetFinding(
                    .note, rule: "version-as-number", field: entry.key, line: entry.line,
                    message: "kept as written (`\(text)`); a YAML reader would see the number \(number)"))
        }
    }

    static func checkDate(_ entry: HeaderEntry, into findings: inout [AssetFinding]) {
        guard let text = scalar(entry, "a date", into: &findings) else { return }
        if isISODate(text) { return }
        if let padded = zeroPaddedDate(text), isISODate(padded) {
            // A real day written without zero padding (`2023-2-17`): readable, but not the documented form.
            findings.append(
                AssetFinding(.warning, rule: "update-time", field: entry.key, line: entry.line, message: "`\(text)` is a real date but not written YYYY-MM-DD (`\(padded)`)"))
        } else {
            findings.append(
                AssetFinding(.error, rule: "update-time", field: entry.key, line: entry.line, message: "`\(text)` is not a valid date (YYYY-MM-DD)"))
        }
    }

    /// `Y-M-D` with 1–2 digit month and day, zero-padded to `YYYY-MM-DD`; nil when the text has another shape.
    static func zeroPaddedDate(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        func pad(_ part: Substring) -> String { part.count == 1 ? "0" + part : String(part) }
        return "\(parts[0])-\(pad(parts[1]))-\(pad(parts[2]))"
    }

    /// `YYYY-MM-DD` naming a real calendar day.
    public static func isISODate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// Why `raw` is not a well-formed http(s) link (angle brackets around it allowed), or nil when it is.
    public static func linkProblem(_ raw: String) -> String? {
        var link = Substring(raw)
        if link.hasPrefix("<") || link.hasSuffix(">") {
            guard link.hasPrefix("<"), link.hasSuffix(">"), link.count >= 2 else { return "unbalanced angle brackets" }
            link = link.dropFirst().dropLast()
        }
        let rest: Substring
        if link.hasPrefix("https://") {
            rest = link.dropFirst(8)
        } else if link.hasPrefix("http://") {
            rest = link.dropFirst(7)
        } else {
            return "not an http(s) URL"
        }
        if link.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") }) {
            return "contains spaces, quotes or angle brackets"
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostName = host.split(separator: ":", maxSplits: 1).first ?? ""
        if hostName.isEmpty || hostName.hasPrefix(".") || hostName.hasSuffix(".") || (!hostName.contains("." as Character) && hostName != "localhost") {
            return "no valid host name"
        }
        if URLComponents(string: String(link)) == nil { return "not a valid URL" }
        return nil
    }

    static func checkLink(_ value: HeaderValue, field: String, line: Int, into findings: inout [AssetFinding]) {
        guard let text = value.text else {
            findings.append(AssetFinding(.error, rule: "type", field: field, line: line, message: "must be a link, not a list or mapping"))
            return
        }
        guard !text.isEmpty else { return }  // reported by `required`
        if let problem = linkProblem(text) {
            findings.append(AssetFinding(.error, rule: "link", field: field, line: line, message: "`\(text)`: \(problem)"))
        }
    }

    static func normalizedName(_ text: some StringProtocol) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }

    static func checkDataset(_ entry: HeaderEntry, file: String, into findings: inout [AssetFinding]) {
        guard let text = scalar(entry, "a dataset name", into: &findings) else { return }
        if ["n/a", "none", "-"].contains(text.lowercased()) {
            findings.append(
                AssetFinding(.warning, rule: "train-dataset", field: entry.key, line: entry.line, message: "`\(text)` names no dataset"))
            return
        }
        // The name is kept as written (no splitting on `_`, case kept); the file is `{model}_{dataset}.md`.
        var stem = file.split(separator: "/").last ?? Substring(file)
        if stem.hasSuffix(".md") { stem = stem.dropLast(3) }
        guard stem.contains("_" as Character) else { return }
        let dataset = normalizedName(text)
        if !dataset.isEmpty, !normalizedName(stem).contains(dataset) {
            findings.append(
                AssetFinding(
                    .note, rule: "train-dataset-name", field: entry.key, line: entry.line,
                    message: "`\(text)` does not appear in the file name `\(stem)`"))
        }
    }

    static func checkAssets(_ entry: HeaderEntry, into findings: inout [AssetFinding]) {
        guard let items = entry.value.items else {
            if entry.value.text?.isEmpty == false {
                findings.append(AssetFinding(.error, rule: "type", field: "asset", line: entry.line, message: "must be a list of assets"))
            }
            return
        }
        if items.isEmpty {
            findings.append(AssetFinding(.error, rule: "required", field: "asset", line: entry.line, message: "lists no asset"))
        }
        for (index, item) in items.enumerated() {
            let prefix = "asset[\(index)]"
            guard let fields = item.entries else {
                findings.append(AssetFinding(.error, rule: "type", field: prefix, line: item.line, message: "must be a mapping of file-format, asset-link, asset-sha256"))
                continue
            }
            for key in AssetFile.assetKeyOrder {
                guard let field = fields.first(where: { $0.key == key }) else {
                    findings.append(AssetFinding(.error, rule: "required", field: "\(prefix).\(key)", line: item.line, message: "required field is missing"))
                    continue
                }
                let name = "\(prefix).\(key)"
                guard let text = field.value.text, !text.isEmpty else {
                    findings.append(AssetFinding(.error, rule: "required", field: name, line: field.line, message: "must be a non-empty scalar"))
                    continue
                }
                switch key {
                case "file-format":
                    if declaredFormat(text) == nil {
                        findings.append(
                            AssetFinding(
                                .error, rule: "allowed-value", field: name, line: field.line,
                                message: "`\(text)` is not one of ckpt, mindir, onnx, air, ms, mslite, safetensors"))
                    }
                case "asset-link":
                    checkLink(field.value, field: name, line: field.line, into: &findings)
                default:
                    checkSHA256(text, field: name, line: field.line, into: &findings)
                }
            }
        }
    }

    static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
    }

    static func checkSHA256(_ text: String, field: String, line: Int, into findings: inout [AssetFinding]) {
        let count = text.utf8.count
        if count == 64, isHex(text) { return }
        if (8..<64).contains(count), isHex(text) {
            // Upstream's mindcv/mindocr assets give 8 (and twice 9) hex digits: the start of the hash only.
            findings.append(
                AssetFinding(
                    .warning, rule: "sha256-prefix", field: field, line: line,
                    message: "`\(text)` is only a \(count)-hex-digit prefix of the SHA-256: a weaker check (\(count * 4) bits) than the full hash"))
            return
        }
        findings.append(AssetFinding(.error, rule: "sha256", field: field, line: line, message: "`\(text)` is not a 64-hex-digit SHA-256"))
    }

    static func checkBodyDelimiters(_ asset: AssetFile, into findings: inout [AssetFinding]) {
        guard asset.body.hasPrefix("---") || AssetFile.containsBytes(asset.body, "\n---") else { return }
        let count = AssetFile.lines(asset.body).count { $0.hasPrefix("---") }
        findings.append(
            AssetFinding(
                .note, rule: "body-delimiter", line: 0,
                message: "the body has \(count) line(s) starting with `---` (markdown tables or rules); upstream rejects such files"))
    }

    // MARK: The asset files themselves

    static func checkAssetFiles(_ asset: AssetFile, resolver: Resolver, into findings: inout [AssetFinding]) {
        for item in asset.assets {
            guard let link = item.assetLink, let path = resolver(link) else { continue }
            let prefix = "asset[\(item.index)]"
            guard FileManager.default.fileExists(atPath: path) else {
                findings.append(AssetFinding(.error, rule: "asset-file", field: "\(prefix).asset-link", line: item.line, message: "resolved to \(path), which does not exist"))
                continue
            }
            if let declared = item.fileFormat.flatMap(declaredFormat) {
                do {
                    let real = try ModelFile.open(path).format
                    if real != declared {
                        findings.append(
                            AssetFinding(
                                .error, rule: "file-format-mismatch", field: "\(prefix).file-format", line: item.line,
                                message: "declares `\(item.fileFormat ?? "")` but \(path) is \(real.rawValue)"))
                    }
                } catch {
                    findings.append(
                        AssetFinding(.error, rule: "file-format-mismatch", field: "\(prefix).file-format", line: item.line, message: "\(error)"))
                }
            }
            guard let declaredHash = item.assetSHA256, isHex(declaredHash), (8...64).contains(declaredHash.utf8.count) else { continue }
            do {
                let actual = SHA256.hex(try SHA256.hashFile(path: path))
                if !actual.hasPrefix(declaredHash.lowercased()) {
                    findings.append(
                        AssetFinding(
                            .error, rule: "sha256-mismatch", field: "\(prefix).asset-sha256", line: item.line,
                            message: "declares \(declaredHash) but \(path) hashes to \(actual)"))
                }
            } catch {
                findings.append(AssetFinding(.error, rule: "sha256-mismatch", field: "\(prefix).asset-sha256", line: item.line, message: "\(error)"))
            }
        }
    }
}
