import Foundation
import Formats
import Verify

/// `mshub check`: every asset of a folder hub, validated, hashed, sniffed and inspected, offline.
///
/// A hub may list deliberate failures in `<hub>/expected-failures.txt` (`ID RULE[,RULE...]` per line,
/// `#` comments), so a sample hub can carry broken entries that prove the check catches them: a row
/// that fails with exactly the expected rules is `caught`; one that fails otherwise, or passes when a
/// failure was expected, fails the check.
public struct HubCheck: Sendable {
    /// One asset of one id (or one row for an id whose asset file has no usable asset list).
    public struct Row: Sendable, Equatable {
        public enum Verdict: String, Sendable, Equatable {
            /// Everything checked out.
            case pass
            /// Failed exactly as `expected-failures.txt` says.
            case caught
            /// Failed (or passed where a failure was expected).
            case fail
        }

        public var id: String
        /// Index in `asset:`; nil for a row about the whole file.
        public var asset: Int?
        public var link: String?
        /// The hub's copy of the file.
        public var path: String?
        public var declaredFormat: String?
        public var realFormat: String?
        public var bytes: Int?
        public var declaredSHA256: String?
        public var sha256: String?
        /// `full`, `prefix (32 bits)`, or nil when the hash could not be checked.
        public var hashCheck: String?
        /// Strict-validator errors of the asset file (rule ids).
        public var validation: [String]
        /// What inspect says in a few words (`ckpt, 8 tensors`), nil when it could not read the file.
        public var inspect: String?
        /// For graph models: each other graph format, converted in memory, run and compared.
        public var conversions: [ConversionOutcome]?
        /// For graph models: each available backend other than the reference, compared with it.
        public var backends: [BackendOutcome]?
        /// Rule ids that failed: `validate:<rule>`, `missing-file`, `sha256-mismatch`, `file-format-mismatch`, `inspect`.
        public var failures: [String]
        /// Why, one line per failure.
        public var messages: [String]
        public var expected: [String]
        public var verdict: Verdict

        public var json: JSONValue {
            func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
            return .object([
                ("id", .string(id)), ("asset", asset.map(JSONValue.int) ?? .null), ("link", string(link)), ("path", string(path)),
                ("declared_format", string(declaredFormat)), ("real_format", string(realFormat)), ("bytes", bytes.map(JSONValue.int) ?? .null),
                ("declared_sha256", string(declaredSHA256)), ("sha256", string(sha256)), ("hash_check", string(hashCheck)),
                ("validation", .array(validation.map(JSONValue.string))), ("inspect", string(inspect)),
                ("failures", .array(failures.map(JSONValue.string))), ("messages", .array(messages.map(JSONValue.string))),
                ("expected", .array(expected.map(JSONValue.string))), ("verdict", .string(verdict.rawValue)),
                ("conversions", conversions.map { list in .array(list.map { c in
                    .object([("target", .string(c.target.rawValue)), ("status", .string(c.status.rawValue)),
                             ("max_abs_error", c.maxAbsError.map { .double($0) } ?? .null)])
                }) } ?? .null),
                ("backends", backends.map { list in .array(list.map { b in
                    .object([("backend", .string(b.backend.rawValue)), ("status", .string(b.status.rawValue)),
                             ("max_abs_error", b.maxAbsError.map { .double($0) } ?? .null)])
                }) } ?? .null),
            ])
        }
    }

    public let registry: Registry
    /// The backends each graph model runs on: the reference (the oracle for conversions) and
    /// every other one listed, compared with it.
    public let backends: [Backend]
    /// What each model run may take (`defaultLimits`: the interpreter's, and 300 s per run).
    public let limits: InterpreterLimits

    /// The limits of a check: a hub's models may be built to run forever.
    public static let defaultLimits = InterpreterLimits(maxSeconds: 300)

    /// A check of `registry` on `backends` (default: every backend that can run here).
    public init(registry: Registry, backends: [Backend] = Backend.available, limits: InterpreterLimits = defaultLimits) {
        self.registry = registry
        self.backends = backends
        self.limits = limits
    }

    /// The name of the expectations file inside a hub folder.
    public static let expectationsFile = "expected-failures.txt"

    /// Reads `expected-failures.txt` (empty when absent). Malformed lines are errors naming the line.
    public func expectations() throws(HubError) -> [String: [String]] {
        guard case .folder(let root, _) = registry.location else { return [:] }
        let path = root + "/" + Self.expectationsFile
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var result: [String: [String]] = [:]
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if words.isEmpty { continue }
            guard words.count == 2 else {
                throw HubError(.badHub, "\(path):\(number + 1)", "expected `ID RULE[,RULE...]`")
            }
            result[String(words[0]), default: []] += words[1].split(separator: ",").map(String.init)
        }
        return result
    }

    /// Checks every id of the hub, in id order.
    public func run() throws(HubError) -> [Row] {
        let expected = try expectations()
        let ids = try registry.folderIDs()
        for id in expected.keys where !ids.contains(id) {
            throw HubError(.badHub, Self.expectationsFile, "names \(id), which the hub does not have")
        }
        var rows: [Row] = []
        for id in ids {
            rows += try check(id: id, expected: (expected[id] ?? []).sorted())
        }
        return rows
    }

    func check(id: String, expected: [String]) throws(HubError) -> [Row] {
        let path = try registry.assetFileLocation(id: id)
        let report = AssetValidator(mode: .strict).validate(path: path, displayName: path)
        let errors = report.findings(.error)
        let validation = errors.map(\.rule)
        let validationMessages = errors.map { "\($0.field.map { "\($0): " } ?? "")\($0.message) (line \($0.line))" }
        var rows: [Row] = []
        let items = (try? AssetFile.parse(contentsOf: path))?.assets ?? []
        if items.isEmpty {
            rows.append(
                Row(
                    id: id, validation: validation, failures: validation.map { "validate:\($0)" }, messages: validationMessages,
                    expected: expected, verdict: .fail))
        }
        for item in items {
            var row = Row(
                id: id, asset: item.index, link: item.url, declaredFormat: item.fileFormat, declaredSHA256: item.assetSHA256,
                validation: validation, failures: validation.map { "validate:\($0)" }, messages: validationMessages,
                expected: expected, verdict: .fail)
            check(item, into: &row)
            rows.append(row)
        }
        for index in rows.indices {
            let failures = Array(Set(rows[index].failures)).sorted()
            rows[index].verdict =
                failures.isEmpty && expected.isEmpty ? .pass : (!failures.isEmpty && failures == expected ? .caught : .fail)
            if failures.isEmpty && !expected.isEmpty {
                rows[index].messages.append("expected to fail with \(expected.joined(separator: ",")), but passed")
            } else if !expected.isEmpty && failures != expected {
                rows[index].messages.append("expected \(expected.joined(separator: ",")), got \(failures.joined(separator: ","))")
            }
        }
        return rows
    }

    func check(_ item: AssetEntry, into row: inout Row) {
        guard let link = item.url, let local = registry.localFile(forLink: link) else {
            row.failures.append("missing-file")
            row.messages.append("asset[\(item.index)]: no file for \(item.url ?? "(no link)") in the hub's files/ folder")
            return
        }
        row.path = local
        row.bytes = fileSize(local)
        do {
            let sha = try hashFile(local)
            row.sha256 = sha
            if let declared = item.assetSHA256.flatMap(DeclaredHash.init) {
                row.hashCheck = declared.strength
                if !declared.matches(sha) {
                    row.failures.append("sha256-mismatch")
                    row.messages.append("asset[\(item.index)]: \(local) hashes to \(sha), the asset file declares \(declared.hex)")
                }
            }
        } catch {
            row.failures.append("sha256-mismatch")
            row.messages.append("asset[\(item.index)]: \(error)")
        }
        do {
            let real = try ModelFile.open(local).format
            row.realFormat = real.rawValue
            if let declared = item.fileFormat.flatMap(AssetValidator.declaredFormat), declared != real {
                row.failures.append("file-format-mismatch")
                row.messages.append("asset[\(item.index)]: declares `\(item.fileFormat ?? "")`, but \(local) is \(real.rawValue)")
            }
        } catch {
            row.failures.append("file-format-mismatch")
            row.messages.append("asset[\(item.index)]: \(error)")
        }
        do {
            let report = try InspectReport.make(path: local, hash: false)
            if let tensors = report.tensors {
                row.inspect = "\(report.format.rawValue), \(tensors.count) tensors"
            } else if let encryption = report.encryption {
                row.inspect = "\(report.format.rawValue), encrypted (\(encryption.rawValue))"
            } else {
                row.inspect = report.format.rawValue
            }
        } catch {
            row.failures.append("inspect")
            row.messages.append("asset[\(item.index)]: inspect: \(error)")
        }
        if let checked = ConversionCheck.run(path: local, backends: backends, limits: limits) {
            if let why = checked.runError {
                // Not a failure of the asset: the interpreter cannot run it here, so nothing is converted or compared.
                row.messages.append("asset[\(item.index)]: not run (no conversion or backend checked): \(why)")
                return
            }
            row.conversions = checked.conversions
            for outcome in checked.conversions where outcome.status == .mismatch || outcome.status == .error {
                row.failures.append("conversion-\(outcome.status.rawValue)")
                row.messages.append("asset[\(item.index)]: converted to \(outcome.target.rawValue): \(outcome.detail ?? outcome.status.rawValue)")
            }
            row.backends = checked.backends
            for outcome in checked.backends where outcome.status != .ok {
                row.failures.append("backend-\(outcome.status.rawValue)")
                row.messages.append("asset[\(item.index)]: on the \(outcome.backend.rawValue) backend: \(outcome.detail ?? outcome.status.rawValue)")
            }
        }
    }
}
