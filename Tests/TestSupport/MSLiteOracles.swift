// Oracles for `.ms` files that we did not write: `flatc --json` with our Protos/mslite schema (and our
// own rendering of the same buffer in flatc's JSON shape, to compare field by field), and Netron's
// MindSpore Lite reader run under node (scripts/mslite/netron-open.mjs). Shared by the codec tests and
// the lowering tests, which check every `.ms` they write.

import Foundation
import Formats

public enum MSLiteOracles {
    /// Renders the buffer as flatc prints it with `--defaults-json`, walking it with our reader and schema.
    public static func render(_ table: FlatTable, _ name: String) throws -> [String: Any] {
        let schema = MSLiteSchema.schema
        guard let t = schema[name] else { return [:] }
        var out: [String: Any] = [:]
        for (id, field) in t.fields.enumerated() {
            switch field.type {
            case .scalar(let kind):
                let bits = try table.scalarBits(id, field.name, size: kind.size)
                if let bits {
                    out[field.name] = number(FlatValue.scalar(kind, bits: bits))
                } else {
                    switch field.defaultValue {
                    case .int(let v): out[field.name] = Double(v)
                    case .float(let v): out[field.name] = v
                    case .bool(let v): out[field.name] = v ? 1.0 : 0.0
                    case nil: out[field.name] = 0.0
                    }
                }
            case .unionType:
                let type: UInt8 = try table.integer(id, field.name, default: 0)
                out[field.name] = MSLiteSchema.primitiveName(type) ?? "NONE"
            case .string:
                if let s = try table.string(id, field.name) { out[field.name] = s }
            case .vector(let kind):
                if let (count, view) = try table.vector(id, field.name, elementSize: kind.size) {
                    out[field.name] = view.withUnsafeBytes { raw in
                        (0..<count).map { i -> Double in
                            var bits: UInt64 = 0
                            for k in 0..<kind.size { bits |= UInt64(raw[i * kind.size + k]) << UInt64(8 * k) }
                            return number(.scalar(kind, bits: bits))
                        }
                    }
                }
            case .table(let child):
                if let sub = try table.table(id, field.name) { out[field.name] = try render(sub, child) }
            case .vectorOfTables(let child):
                if let subs = try table.tables(id, field.name) { out[field.name] = try subs.map { try render($0, child) } }
            case .union:
                let type: UInt8 = try table.integer(id - 1, t.fields[id - 1].name, default: 0)
                if let sub = try table.table(id, field.name), let member = MSLiteSchema.primitiveName(type) {
                    out[field.name] = try render(sub, member)
                }
            default:
                break
            }
        }
        return out
    }

    public static func number(_ value: FlatValue) -> Double {
        if let i = value.integerValue { return Double(i) }
        return value.doubleValue ?? .nan
    }

    /// Compares flatc's JSON with ours: numbers (and booleans) numerically, the rest structurally.
    public static func same(_ a: Any, _ b: Any, _ path: String, _ problems: inout [String]) {
        if let x = a as? [String: Any], let y = b as? [String: Any] {
            for key in Set(x.keys).union(y.keys) {
                guard let xv = x[key], let yv = y[key] else {
                    problems.append("\(path).\(key): present only in \(x[key] == nil ? "flatc" : "ours")")
                    continue
                }
                same(xv, yv, "\(path).\(key)", &problems)
            }
        } else if let x = a as? [Any], let y = b as? [Any] {
            guard x.count == y.count else { return problems.append("\(path): \(x.count) vs \(y.count) elements") }
            for i in 0..<x.count { same(x[i], y[i], "\(path)[\(i)]", &problems) }
        } else if let x = a as? String, let y = b as? String {
            if x != y { problems.append("\(path): \(x) vs \(y)") }
        } else if let x = (a as? NSNumber)?.doubleValue ?? (a as? Double), let y = (b as? NSNumber)?.doubleValue ?? (b as? Double) {
            if abs(x - y) > 1e-6 * max(1, abs(x)) { problems.append("\(path): \(x) vs \(y)") }
        } else {
            problems.append("\(path): \(type(of: a)) vs \(type(of: b))")
        }
    }

    public static func flatcJSON(_ file: URL) throws -> [String: Any] {
        guard let flatc = which("flatc") else { throw OracleError.missing("flatc (apt flatbuffers-compiler)") }
        let out = file.deletingLastPathComponent()
        let schema = Project.root.appendingPathComponent("Protos/mslite/model.fbs").path
        let result = try runProcess(
            flatc, ["--json", "--strict-json", "--raw-binary", "--defaults-json", "-o", out.path, schema, "--", file.path])
        guard result.status == 0 else { throw OracleError.failed("flatc: \(result.stderr)") }
        let json = out.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".json")
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] else {
            throw OracleError.failed("flatc wrote no JSON object")
        }
        return object
    }

    /// Compares flatc's reading of `file` with ours; returns the differences (empty when they agree).
    /// flatc writes its JSON beside `file`, so pass a copy for files that live in the repository.
    public static func flatcDisagreements(_ file: URL) throws -> [String] {
        let theirs = try flatcJSON(file)
        let buffer = FlatBuffer(storage: try ByteStorage.map(path: file.path), format: "mslite")
        let ours = try render(try buffer.root(named: "MetaGraph"), "MetaGraph")
        var problems: [String] = []
        same(theirs, ours, "MetaGraph", &problems)
        return problems
    }

    /// What Netron shows for `file` (scripts/mslite/netron-open.mjs): format, graphs with nodes and I/O.
    public static func netron(_ file: URL) throws -> [String: Any] {
        guard let node = which("node") else { throw OracleError.missing("node (apt nodejs)") }
        let packages = Project.root.appendingPathComponent(".venv/lib")
        guard let netron = FileManager.default.enumerator(atPath: packages.path)?.compactMap({ $0 as? String })
            .first(where: { $0.hasSuffix("site-packages/netron/mslite.js") })
            .map({ packages.appendingPathComponent($0).deletingLastPathComponent() })
        else { throw OracleError.missing("netron in .venv (run scripts/install-deps)") }
        let script = Project.root.appendingPathComponent("scripts/mslite/netron-open.mjs").path
        let result = try runProcess(node, [script, netron.path, file.path])
        guard result.status == 0 else { throw OracleError.failed("netron: \(result.stderr)") }
        guard let shown = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any] else {
            throw OracleError.failed("netron printed no JSON object")
        }
        return shown
    }
}
