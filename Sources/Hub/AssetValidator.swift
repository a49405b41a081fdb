import Foundation
import Formats
import MSCrypto
import Verify

/// One thing a validator found: a value, not a thrown error.
public struct AssetFinding: Sendable, Equatable {
    /// How much it matters: only `.error` makes a report fail.
    public enum Severity: String, Sendable, Equatable, CaseIterable {
        case error, warning, note
    }

    /// How much it matters.
    public var severity: Severity
    /// A stable rule id (`sha256-prefix`, `update-time`, `upstream.train-dataset`, ...).
    public var rule: String
    /// The header field concerned (`asset[0].asset-sha256`), if any.
    public var field: String?
    /// 1-based line in the file (0 when the finding is about the whole file).
    public var line: Int
    /// Human-readable explanation.
    public var message: String

    /// Creates a finding.
    public init(_ severity: Severity, rule: String, field: String? = nil, line: Int, message: String) {
        self.severity = severity
        self.rule = rule
        self.field = field
        self.line = line
        self.message = message
    }

    /// `{"severity","rule","field","line","message"}`.
    public var json: JSONValue {
        .object([
            ("severity", .string(severity.rawValue)), ("rule", .string(rule)),
            ("field", field.map(JSONValue.string) ?? .null), ("line", .int(line)), ("message", .string(message)),
        ])
    }
}

/// What the upstream hub validator (`md_validator.py` logic, network look-ups off) would say about a file.
public struct UpstreamVerdict: Sendable, Equatable {
    /// True when upstream accepts the file.
    public var ok: Bool
    /// The Python exception type upstream raises (`ValueError`, `TypeError`, `ScannerError`), nil when ok.
    public var errorType: String?
    /// The exception text as upstream words it, nil when ok.
    public var message: String?
    /// The upstream rule that failed (`upstream.two-delimiters`, `upstream.yaml`, `upstream.empty-header`,
    /// `upstream.train-dataset`), nil when ok.
    public var rule: String?

    /// An accepting verdict.
    public static let accepted = UpstreamVerdict(ok: true)

    /// Creates a verdict.
    public init(ok: Bool, errorType: String? = nil, message: String? = nil, rule: String? = nil) {
        self.ok = ok
        self.errorType = errorType
        self.message = message
        self.rule = rule
    }

    /// `{"ok": true}` or `{"ok": false, "error": type, "message": text, "rule": id}`.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("ok", .bool(ok))]
        if let errorType { members.append(("error", .string(errorType))) }
        if let message { members.append(("message", .string(message))) }
        if let rule { members.append(("rule", .string(rule))) }
        return .object(members)
    }
}

/// The validator's verdict on one asset file.
public struct ValidationReport: Sendable, Equatable {
    /// The file as named by the caller (a path relative to the tree root for `validateTree`).
    public var file: String
    /// The mode that produced this report.
    public var mode: AssetValidator.Mode
    /// Everything found, in rule order.
    public var findings: [AssetFinding]
    /// In compat mode, the reproduced upstream verdict.
    public var upstream: UpstreamVerdict?

    /// Creates a report.
    public init(file: String, mode: AssetValidator.Mode, findings: [AssetFinding], upstream: UpstreamVerdict? = nil) {
        self.file = file
        self.mode = mode
        self.findings = findings
        self.upstream = upstream
    }

    /// True when no finding is an error.
    public var ok: Bool { !findings.contains { $0.severity == .error } }

    /// Findings of one severity.
    public func findings(_ severity: AssetFinding.Severity) -> [AssetFinding] { findings.filter { $0.severity == severity } }

    /// `{"file","mode","ok","findings":[...],"upstream":{...}}` (upstream only in compat mode).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("file", .string(file)), ("mode", .string(mode.rawValue)), ("ok", .bool(ok)),
            ("findings", .array(findings.map(\.json))),
        ]
        if let upstream { members.append(("upstream", upstream.json)) }
        return .object(members)
    }
}

/// Validates asset markdown files, either as upstream's hub validator would (`.compat`) or with the rules
/// users need (`.strict`, the default).
public struct AssetValidator: Sendable {
    /// Which rules apply.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Required fields, allowed values, booleans, links, full SHA-256, dates, versions as written,
        /// and (with a resolver) the asset's real format and hash.
        case strict
        /// Upstream's verdict, file for file (including its mistakes).
        case compat
    }

    /// Maps an `asset-link` (as written, angle brackets included) to a local file, or nil when not at hand.
    public typealias Resolver = @Sendable (String) -> String?

    /// Which rules apply.
    public var mode: Mode
    /// Where asset files are found locally; when nil (or it returns nil) real format and hash are not checked.
    public var resolver: Resolver?

    /// Creates a validator.
    public init(mode: Mode = .strict, resolver: Resolver? = nil) {
        self.mode = mode
        self.resolver = resolver
    }

    /// Validates the file at `path`; `displayName` (default `path`) names it in the report and messages.
    public func validate(path: String, displayName: String? = nil) -> ValidationReport {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            return ValidationReport(
                file: name, mode: mode,
                findings: [AssetFinding(.error, rule: "io", line: 0, message: "cannot read file")],
                upstream: mode == .compat
                    ? UpstreamVerdict(ok: false, errorType: "FileNotFoundError", message: "cannot read \(name)", rule: "io")
                    : nil)
        }
        return validate(text: String(decoding: data, as: UTF8.self), file: name)
    }

    /// Validates asset-file text; `file` names it in the report (and, in compat mode, in upstream's messages,
    /// which use the path the validator was given).
    public func validate(text: String, file: String) -> ValidationReport {
        switch mode {
        case .compat:
            let verdict = Self.compat(text: text, file: file)
            var findings: [AssetFinding] = []
            if !verdict.ok {
                findings.append(
                    AssetFinding(
                        .error, rule: verdict.rule ?? "upstream", field: verdict.rule == "upstream.train-dataset" ? "train-dataset" : nil,
                        line: verdict.line, message: "\(verdict.errorType ?? "Error"): \(verdict.message ?? "")"))
            }
            return ValidationReport(file: file, mode: .compat, findings: findings, upstream: verdict.verdict)
        case .strict:
            return ValidationReport(file: file, mode: .strict, findings: strictFindings(text: text, file: file))
        }
    }

    /// Validates every `*.md` file under `root` (README files excepted, as upstream does), in sorted
    /// order of their paths relative to `root`, which name them in the reports.
    public func validateTree(root: String) -> [ValidationReport] {
        let files = Self.markdownFiles(under: root)
        let base = root.hasSuffix("/") ? root : root + "/"
        var reports = [ValidationReport?](repeating: nil, count: files.count)
        reports.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                out[index] = validate(path: base + files[index], displayName: files[index])
            }
        }
        return reports.compactMap { $0 }
    }

    /// Relative paths of the `*.md` files under `root`, sorted (README.md, README.en.md, README_CN.md left out).
    public static func markdownFiles(under root: String) -> [String] {
        let skipped: Set<String> = ["README.md", "README.en.md", "README_CN.md"]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".md") else { continue }
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            if skipped.contains(name) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), isDirectory.boolValue {
                continue
            }
            files.append(relative)
        }
        return files.sorted()
    }
}
