import ArgumentParser
import Foundation
import Hub
import Verify

struct HubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub", abstract: "Work with a model hub: asset files, listing, verified loading, the cache.",
        subcommands: [Validate.self, Scaffold.self, List.self, Load.self, CacheCommand.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate an asset file or every asset file under a folder.",
            discussion: """
                Strict mode (the default) applies the rules users need: required fields, allowed values, boolean \
                fine-tunable, well-formed links, a full SHA-256 (an 8-hex prefix is a warning), real dates, versions \
                as written, and with --assets the declared file-format and hash against the real file. --compat \
                reproduces the upstream hub validator's verdict instead. Exit 1 when a file fails.
                """)

        @Argument(help: "An asset markdown file, or a folder searched for *.md.")
        var path: String

        @Flag(help: "Reproduce the upstream validator's verdicts.")
        var compat = false

        @Option(help: "Folder holding the asset files themselves (matched by the link's file name), to check format and hash.")
        var assets: String?

        @Flag(help: "Print one JSON document.")
        var json = false

        @Flag(help: "Also print warnings and notes for files that pass.")
        var verbose = false

        func run() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("mshub: \(path): no such file or directory")
                throw ExitCode(2)
            }
            var resolver: AssetValidator.Resolver?
            if let assets {
                resolver = { link in
                    let name = link.split(separator: "/").last.map { String($0) } ?? link
                    let candidate = assets + "/" + name.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
                    return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
                }
            }
            let validator = AssetValidator(mode: compat ? .compat : .strict, resolver: resolver)
            let reports = isDirectory.boolValue ? validator.validateTree(root: path) : [validator.validate(path: path)]
            let failed = reports.filter { !$0.ok }
            if json {
                print(JSONValue.object([
                    ("mode", .string(compat ? "compat" : "strict")), ("files", .int(reports.count)),
                    ("passed", .int(reports.count - failed.count)), ("failed", .int(failed.count)),
                    ("reports", .array(reports.map(\.json))),
                ]).rendered())
            } else {
                for report in reports where !report.ok || verbose {
                    print("\(report.file): \(report.ok ? "ok" : "FAILED")")
                    for finding in report.findings where finding.severity == .error || verbose {
                        let field = finding.field.map { "\($0): " } ?? ""
                        print("  \(report.file):\(finding.line): \(finding.severity.rawValue): \(field)\(finding.message) [\(finding.rule)]")
                    }
                }
                let warnings = reports.reduce(0) { $0 + $1.findings(.warning).count }
                print("\(reports.count) files: \(reports.count - failed.count) passed, \(failed.count) failed, \(warnings) warnings (\(compat ? "compat" : "strict") mode)")
            }
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }
}
