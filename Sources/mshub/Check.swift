import ArgumentParser
import Foundation
import Hub
import Verify

/// `mshub check`: the main job on a folder hub (default: the embedded sample hub, testdata/hub).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every asset of a hub folder: validate, hash, real format, inspect, convert.",
        discussion: """
            Offline. Each asset file is validated (strict mode); each asset's file is found at \
            HUB/files/<last part of its link>, hashed against asset-sha256 (an 8-hex prefix is reported as a \
            weaker check), sniffed against file-format, and inspected. HUB/expected-failures.txt may list \
            deliberate failures (ID RULE[,RULE...]): a row failing exactly so counts as caught. A graph model \
            (ONNX, MindIR, AIR, .ms) is also converted in memory to every other graph format, read back, and \
            run with the source on seeded inputs by the reference interpreter: each conversion is ok (outputs \
            within float32 tolerance), refused (an op the target lacks) or a failure (conversion-mismatch, \
            conversion-error). The same graph model also runs on every other backend available here (fast; \
            cuda where an NVIDIA GPU can be used) and is compared with the reference backend at float32 \
            tolerance (backend-mismatch, backend-error); the report says which backends ran and why any did \
            not. Exit 1 when a row fails.
            """)

    @Argument(help: "The hub folder.")
    var hub = "testdata/hub"

    @Flag(help: "Print one JSON document.")
    var json = false

    @Option(name: .customLong("time-limit"), help: "Seconds each model run may take before it is stopped (an error in its row).")
    var timeLimit: Double = HubCheck.defaultLimits.maxSeconds ?? 300

    func validate() throws {
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
    }

    func run() throws {
        let rows: [HubCheck.Row]
        let backends = Backend.available
        let unavailable = Backend.allCases.compactMap { backend in backend.unavailableReason.map { (backend, $0) } }
        do {
            let registry = try Registry(hub)
            guard case .folder = registry.location else {
                throw HubError(.badHub, hub, "check works on a hub folder (load from an HTTP hub with `mshub hub load`)")
            }
            var limits = HubCheck.defaultLimits
            limits.maxSeconds = timeLimit
            rows = try HubCheck(registry: registry, backends: backends, limits: limits).run()
        } catch let error as HubError {
            throw fail(error)
        }
        let passed = rows.count { $0.verdict == .pass }
        let caught = rows.count { $0.verdict == .caught }
        let failed = rows.count { $0.verdict == .fail }
        if json {
            print(
                JSONValue.object([
                    ("hub", .string(hub)), ("ok", .bool(failed == 0)), ("rows", .int(rows.count)), ("passed", .int(passed)),
                    ("caught", .int(caught)), ("failed", .int(failed)),
                    ("backends", .array(backends.map { .string($0.rawValue) })),
                    ("unavailable_backends", .array(unavailable.map { backend, reason in
                        .object([("backend", .string(backend.rawValue)), ("reason", .string(reason))])
                    })),
                    ("assets", .array(rows.map(\.json))),
                ]).rendered())
        } else {
            print(Self.table(rows))
            for row in rows where !row.messages.isEmpty {
                print("\(row.id)\(row.asset.map { " [\($0)]" } ?? ""): \(row.verdict == .caught ? "caught (expected)" : row.verdict.rawValue.uppercased())")
                for message in row.messages { print("  \(message)") }
            }
            print(Self.backendLine(backends, unavailable: unavailable))
            print("\(rows.count) assets in \(hub): \(passed) passed, \(caught) deliberate failures caught, \(failed) failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// `backends: reference (oracle), fast; cuda unavailable: REASON`.
    static func backendLine(_ backends: [Backend], unavailable: [(Backend, String)]) -> String {
        let used = backends.map { $0 == .reference ? "reference (oracle)" : $0.rawValue }.joined(separator: ", ")
        let missing = unavailable.map { "; \($0.0.rawValue) unavailable: \($0.1)" }.joined()
        return "backends: \(used)\(missing)"
    }

    static func table(_ rows: [HubCheck.Row]) -> String {
        let header = [
            "ID", "#", "FORMAT", "BYTES", "SHA-256", "VALIDATE", "INSPECT", "CONVERSIONS (verified)", "BACKENDS (vs reference)", "RESULT",
        ]
        var lines: [[String]] = [header]
        for row in rows {
            let format: String
            switch (row.declaredFormat, row.realFormat) {
            case (let declared?, let real?) where AssetValidator.declaredFormat(declared)?.rawValue == real: format = real
            case (let declared, let real): format = "\(declared ?? "-")≠\(real ?? "?")"
            }
            let hash: String
            if row.failures.contains("sha256-mismatch") {
                hash = "MISMATCH"
            } else if let check = row.hashCheck {
                hash = check == "full" ? "ok" : "ok, \(check)"
            } else {
                hash = "-"
            }
            lines.append([
                row.id, row.asset.map(String.init) ?? "-", format, row.bytes.map(String.init) ?? "-", hash,
                row.validation.isEmpty ? "ok" : row.validation.joined(separator: ","), row.inspect ?? "-",
                row.conversions.map { $0.map(\.summary).joined(separator: ", ") } ?? "-",
                row.backends.map { $0.isEmpty ? "-" : $0.map(\.summary).joined(separator: ", ") } ?? "-",
                row.verdict == .caught ? "caught" : row.verdict.rawValue.uppercased(),
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for line in lines { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return lines.map { line in
            line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
