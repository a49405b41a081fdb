// Help text is snapshot-tested (DESIGN §7). The expected text lives in Tests/CLITests/Snapshots/*.txt.
// To accept a deliberate change: MSHUB_UPDATE_SNAPSHOTS=1 swift test --filter CLITests — the tests then
// rewrite the files and fail, so an update run never passes silently; review the diff and run again.
// Children run with COLUMNS=80 (see CLI.environment) so wrapping does not depend on the terminal.

import Foundation
import Testing

@Suite("help snapshots")
struct HelpSnapshotTests {
    static let cases: [(String, [String])] = [
        ("mshub-help", ["--help"]),
        ("inspect-help", ["inspect", "--help"]),
        ("hash-help", ["hash", "--help"]),
        ("hub-validate-help", ["hub", "validate", "--help"]),
        ("hub-help", ["hub", "--help"]),
        ("hub-scaffold-help", ["hub", "scaffold", "--help"]),
        ("hub-list-help", ["hub", "list", "--help"]),
        ("hub-load-help", ["hub", "load", "--help"]),
        ("hub-cache-ls-help", ["hub", "cache", "ls", "--help"]),
        ("hub-cache-prune-help", ["hub", "cache", "prune", "--help"]),
        ("check-help", ["check", "--help"]),
        ("convert-help", ["convert", "--help"]),
        ("run-help", ["run", "--help"]),
        ("verify-numerics-help", ["verify", "numerics", "--help"]),
        ("verify-node-tests-help", ["verify", "node-tests", "--help"]),
    ]

    @Test("help text matches its snapshot", arguments: cases)
    func snapshot(_ name: String, _ args: [String]) throws {
        let result = try CLI.mshub(args)
        #expect(result.status == 0, "stderr: \(result.err)")
        let file = CLI.snapshots.appendingPathComponent("\(name).txt")

        if ProcessInfo.processInfo.environment["MSHUB_UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: CLI.snapshots, withIntermediateDirectories: true)
            try result.stdout.write(to: file)
            Issue.record("rewrote \(file.path); unset MSHUB_UPDATE_SNAPSHOTS and run again")
            return
        }
        guard let expected = try? Data(contentsOf: file) else {
            Issue.record("no snapshot at \(file.path); run with MSHUB_UPDATE_SNAPSHOTS=1 to create it")
            return
        }
        if result.stdout != expected {
            Issue.record(
                """
                mshub \(args.joined(separator: " ")) differs from \(file.lastPathComponent) \
                (MSHUB_UPDATE_SNAPSHOTS=1 to accept):
                --- expected
                \(String(decoding: expected, as: UTF8.self))
                --- actual
                \(result.out)
                """)
        }
    }
}
