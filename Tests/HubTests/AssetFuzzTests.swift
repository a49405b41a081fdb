import Foundation
import Hub
import Testing
import TestSupport

/// Asset files are read from hubs no one here controls: the parser and both validators must
/// answer every text with a file, a located error or a report; never trap or hang.
@Suite struct AssetFuzzTests {
    /// A header whose aliases name 10¹⁰ values (ten levels of ten) is refused at the value limit,
    /// located at the field being expanded; a header with a few aliases still parses.
    @Test func aliasBombsAreRefusedAtTheValueLimit() throws {
        var lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1..<10 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]") }
        lines.append("---")
        let start = Date()
        do {
            _ = try AssetFile.parse(lines.joined(separator: "\n") + "\n", file: "bomb.md")
            Issue.record("an alias bomb parsed")
        } catch {
            #expect(error.code == .unsupportedYAML, "\(error)")
            #expect(error.description.hasPrefix("bomb.md:"), "\(error)")
            #expect(error.message.contains("more than \(AssetFile.maxHeaderValues) values"), "\(error)")
            // a0 to a3 hold 12,344 values; a4 alone would hold 111,111.
            #expect(error.field?.hasPrefix("a4") == true, "\(error)")
        }
        #expect(Date().timeIntervalSince(start) < 10)
        let report = AssetValidator(mode: .strict).validate(text: lines.joined(separator: "\n") + "\n", file: "bomb.md")
        #expect(report.findings.contains { $0.rule == "yaml" || $0.message.contains("values") }, "\(report.findings)")

        let small = try AssetFile.parse("---\nbase: &b [1, 2]\ncopy: *b\n---\n", file: "alias.md")
        #expect(small["copy"] == nil)  // a list, not a scalar
        #expect(small.entry("copy")?.value == small.entry("base")?.value)
    }

    static var iterations: Int { (Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000) / 2 }

    static let hostileLines = [
        "---", "", "  ", "\t- x", "a: &x [*x]", "b: *undefined", "key: " + String(repeating: "[", count: 3000),
        String(repeating: "- ", count: 500) + "x", "? [complex, key]\n: value", "c: !!binary AAAA", "d: !!python/object:os.system x",
        "\u{FEFF}e: bom", "f: \"unterminated", "g: |\n  literal\n  block", "h: >-\n folded", "asset:\n- file-format: ckpt\n  asset-link: <x>",
        "asset-sha256: " + String(repeating: "f", count: 100_000), "model-name: \u{0}\u{1}\u{7f}", "{a: 1, b: [2, {c: 3}]}", "%YAML 1.1",
        "&anchor x: y", "train-dataset: a_b_c", "'single': 'quoted ''x'''",
    ]

    /// Corpus files mutated at the byte and the line level, through the parser, render → parse
    /// (which must give back an equal file), and the strict and compat validators.
    @Test func mutatedCorpusFilesParseOrFailCleanly() throws {
        let files = AssetValidator.markdownFiles(under: Corpus.assets)
        #expect(files.count == 2915)
        var parsed = 0
        var refused = 0
        var slowest = (seconds: 0.0, what: "")
        for iteration in 0..<Self.iterations {
            var rng = SeededGenerator(seed: 20261130 &+ UInt64(iteration) &* 0x9E37_79B9)
            func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
            let name = files[below(files.count)]
            var bytes = Array(try Corpus.text(name).utf8)
            var what: [String] = []
            for _ in 0..<(1 + below(3)) {
                switch below(6) {
                case 0 where !bytes.isEmpty:
                    let at = below(bytes.count)
                    bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                    what.append("byte \(at)")
                case 1 where !bytes.isEmpty:
                    let at = below(bytes.count)
                    bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(64)))
                    what.append("cut at \(at)")
                case 2:
                    bytes = Array(bytes.prefix(below(bytes.count + 1)))
                    what.append("truncated to \(bytes.count)")
                default:
                    var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    let at = below(lines.count + 1)
                    switch below(4) {
                    case 0 where at < lines.count: lines.remove(at: at)
                    case 1 where at < lines.count: lines.insert(lines[at], at: at)
                    case 2 where at + 1 < lines.count: lines.swapAt(at, at + 1)
                    default: lines.insert(Self.hostileLines[below(Self.hostileLines.count)], at: at)
                    }
                    bytes = Array(lines.joined(separator: "\n").utf8)
                    what.append("line \(at)")
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let start = Date()
            do {
                let file = try AssetFile.parse(text, file: name)
                parsed += 1
                let rendered = file.render()
                let again = try AssetFile.parse(rendered, file: name)
                #expect(again == file, "iteration \(iteration) \(name) \(what): render → parse differs\n\(rendered)")
            } catch {
                refused += 1
                #expect(error.description.hasPrefix(name + ":"), "iteration \(iteration): \(error)")
            }
            for mode in [AssetValidator.Mode.strict, .compat] {
                let report = AssetValidator(mode: mode).validate(text: text, file: name)
                #expect(report.file == name)
            }
            let seconds = Date().timeIntervalSince(start)
            if seconds > slowest.seconds { slowest = (seconds, "iteration \(iteration) \(name) \(what)") }
        }
        print("asset fuzz: \(parsed) parsed and rendered back, \(refused) refused; slowest \(String(format: "%.3f", slowest.seconds)) s: \(slowest.what)")
        #expect(parsed > Self.iterations / 4)
        #expect(refused > Self.iterations / 20)
    }
}
