import Foundation
import Hub
import Testing

@Suite struct CompatTests {
    /// The oracle keeps 300 characters of each message; compare that much.
    static func sameMessage(_ mine: String?, _ oracle: String?) -> Bool {
        guard let mine, let oracle else { return mine == nil && oracle == nil }
        return oracle.count >= 300 ? String(mine.prefix(oracle.count)) == oracle : mine == oracle
    }

    @Test func reproducesUpstreamOnTheWholeCorpus() throws {
        let outcomes = try Corpus.outcomes()
        #expect(outcomes.count == 2915)
        let reports = AssetValidator(mode: .compat).validateTree(root: Corpus.assets)
        #expect(reports.count == 2915)
        #expect(Set(reports.map(\.file)) == Set(outcomes.keys))
        var verdictsEqual = 0
        var messagesEqual = 0
        for report in reports {
            guard let expected = outcomes[report.file], let upstream = report.upstream else {
                Issue.record("no oracle or verdict for \(report.file)")
                continue
            }
            let same = upstream.ok == expected.ok && upstream.errorType == expected.error
            #expect(same, "\(report.file): got \(upstream.json.rendered()), upstream said \(expected.ok) \(expected.error ?? "")")
            #expect(report.ok == upstream.ok)
            if same { verdictsEqual += 1 }
            let message = Self.sameMessage(upstream.message, expected.message)
            #expect(message, "\(report.file): message \(upstream.message ?? "nil") vs \(expected.message ?? "nil")")
            if message { messagesEqual += 1 }
        }
        #expect(verdictsEqual == 2915)
        #expect(messagesEqual == 2915)
        print("compat: \(verdictsEqual)/2915 verdicts, \(messagesEqual)/2915 messages equal to upstream")
    }

    @Test func upstreamRules() {
        func verdict(_ text: String, _ file: String = "m/x_y.md") -> UpstreamVerdict {
            AssetValidator.upstreamVerdict(text: text, file: file)
        }
        #expect(verdict("---\ntrain-dataset: coco2017\n---\nbody\n").ok)
        // Split on `_`, case-sensitive.
        #expect(verdict("---\ntrain-dataset: enwiki128_mnli\n---\n").ok)
        let split = verdict("---\ntrain-dataset: AclImdb_v1\n---\n")
        #expect(split.errorType == "ValueError")
        #expect(split.rule == "upstream.train-dataset")
        #expect(split.message?.hasPrefix("train_dataset ``AclImdb_v1`` is not valid in m/x_y.md. Choose from ['3datasets', ") == true)
        #expect(verdict("---\ntrain-dataset: COCO2017\n---\n").errorType == "ValueError")
        // Missing or empty train-dataset is not checked.
        #expect(verdict("---\nauthor: x\n---\n").ok)
        #expect(verdict("---\ntrain-dataset:\n---\n").ok)
        // `---` table rows in the body make three delimiters.
        let table = verdict("---\na: b\n---\n| x |\n---|---\n", "f.md")
        #expect(table.errorType == "TypeError")
        #expect(table.message == "MarkDown file: f.md should have two '---'.")
        // Not YAML: PyYAML's wording.
        let yaml = verdict("---\naccuracy: vit-base: 83.78\n---\n")
        #expect(yaml.errorType == "ScannerError")
        #expect(
            yaml.message
                == "mapping values are not allowed here\n  in \"<unicode string>\", line 1, column 19:\n    accuracy: vit-base: 83.78\n                      ^")
        #expect(verdict("---\n\n---\n").errorType == "TypeError")
        // A header that is one string (full-width colons) passes upstream.
        #expect(verdict("---\n模型名称：x\n\n作者：y\n---\n").ok)
        // CRLF files behave like LF files.
        #expect(verdict("---\r\ntrain-dataset: COCO2017\r\n---\r\n").errorType == "ValueError")
    }
}
