import Foundation
import Hub
import TestSupport
import Testing

/// A valid asset file with `fields` replacing (or, with nil, removing) header lines.
func assetText(_ changes: [String: String?] = [:], sha: String = String(repeating: "ab", count: 32), format: String = "ckpt",
    link: String = "<https://example.com/models/convnet.ckpt>") -> String
{
    var fields: [(String, String)] = [
        ("model-name", "convnet"), ("backbone-name", "convnet"), ("module-type", "cv-classification"),
        ("fine-tunable", "True"), ("model-version", "1.10"), ("train-dataset", "cifar10"), ("author", "MindSpore team"),
        ("update-time", "2025-03-10"), ("repo-link", "<https://gitee.com/mindspore/models>"), ("user-id", "MindSpore"),
        ("used-for", "inference"), ("mindspore-version", "2.5"), ("license", "Apache2.0"), ("summary", "a test model"),
    ]
    for (key, value) in changes {
        if let index = fields.firstIndex(where: { $0.0 == key }) {
            if let value { fields[index].1 = value } else { fields.remove(at: index) }
        } else if let value {
            fields.append((key, value))
        }
    }
    var text = "# convnet\n\n---\n\n"
    for (key, value) in fields { text += "\(key): \(value)\n\n" }
    if changes["asset"] == nil || changes["asset"]! != nil {
        text += "asset:\n\n- file-format: \(format)\n  asset-link: \(link)\n  asset-sha256: \(sha)\n\n"
    }
    return text + "---\n\n# Convnet\n\n| a | b |\n---|---\n| 1 | 2 |\n"
}

@Suite struct StrictTests {
    let validator = AssetValidator()

    func rules(_ text: String, file: String = "convnet_cifar10.md", _ severity: AssetFinding.Severity = .error) -> [String] {
        validator.validate(text: text, file: file).findings(severity).map(\.rule)
    }

    @Test func validFilePasses() {
        let report = validator.validate(text: assetText(), file: "convnet_cifar10.md")
        #expect(report.ok, "\(report.findings)")
        #expect(report.findings(.error).isEmpty)
        // `1.10` is kept as written, with a note that YAML would read 1.1.
        #expect(report.findings.contains { $0.rule == "version-as-number" && $0.field == "model-version" && $0.line == 13 })
        // The body's `| --- |` row is fine in strict mode, noted because upstream rejects it.
        #expect(report.findings.contains { $0.rule == "body-delimiter" && $0.severity == .note })
    }

    @Test func requiredFields() {
        #expect(rules(assetText(["license": nil])) == ["required"])
        #expect(rules(assetText(["train-dataset": nil])) == ["required"])
        #expect(rules(assetText(["summary": ""])) == ["required"])
        let missing = validator.validate(text: assetText(["author": nil]), file: "x.md").findings(.error)
        #expect(missing.first?.field == "author")
    }

    @Test func allowedValuesAndTypes() {
        #expect(rules(assetText(["module-type": "vision"])) == ["allowed-value"])
        #expect(rules(assetText(["used-for": "inference/training"])) == ["allowed-value"])
        #expect(rules(assetText(format: "pth")) == ["allowed-value"])
        #expect(rules(assetText(format: "MINDIR")).isEmpty)
        #expect(rules(assetText(["fine-tunable": "yes"])) == ["boolean"])
        #expect(rules(assetText(["fine-tunable": "'True'"])) == ["boolean"])
        #expect(rules(assetText(["fine-tunable": "false"])).isEmpty)
    }

    @Test func datesVersionsAndDatasets() {
        #expect(rules(assetText(["update-time": "2023-2-17"])).isEmpty)
        #expect(rules(assetText(["update-time": "2023-2-17"]), .warning) == ["update-time"])
        #expect(rules(assetText(["update-time": "2023-2-30"])) == ["update-time"])
        #expect(rules(assetText(["update-time": "2023-02-30"])) == ["update-time"])
        #expect(rules(assetText(["update-time": "17.2.2023"])) == ["update-time"])
        #expect(rules(assetText(["update-time": "2024-02-29"])).isEmpty)
        #expect(rules(assetText(["mindspore-version": "2.x"]), .warning) == ["version"])
        // Names are compared as written: no `_` splitting, case kept.
        #expect(rules(assetText(["train-dataset": "AclImdb_v1"]), file: "lstm_aclimdbv1.md").isEmpty)
        #expect(rules(assetText(["train-dataset": "COCO2017"]), file: "yolo_coco2017.md", .note).filter { $0.hasPrefix("train") }.isEmpty)
        #expect(rules(assetText(["train-dataset": "ImageNet"]), file: "yolo_coco2017.md", .note).contains("train-dataset-name"))
        #expect(rules(assetText(["train-dataset": "N/A"]), .warning).contains("train-dataset"))
    }

    @Test func linksAndHashes() {
        #expect(rules(assetText(link: "https://example.com/a.ckpt")).isEmpty)
        #expect(rules(assetText(link: "<https://example.com/a.ckpt")) == ["link"])
        #expect(rules(assetText(link: "ftp://example.com/a.ckpt")) == ["link"])
        #expect(rules(assetText(link: "<https://exa mple.com/a.ckpt>")) == ["link"])
        #expect(rules(assetText(["repo-link": "<https:///nohost>"])) == ["link"])
        #expect(AssetValidator.linkProblem("<https://download.mindspore.cn/models/r1.10/x.ckpt>") == nil)
        // An 8-hex prefix is a weaker check: a warning, not an error, not silence.
        let prefix = validator.validate(text: assetText(sha: "fae4983f"), file: "x_cifar10.md")
        #expect(prefix.ok)
        #expect(prefix.findings(.warning).map(\.rule) == ["sha256-prefix"])
        #expect(prefix.findings(.warning).first?.field == "asset[0].asset-sha256")
        #expect(rules(assetText(sha: "1234")) == ["sha256"])
        #expect(rules(assetText(sha: "015ba575c"), .warning) == ["sha256-prefix"])
        #expect(rules(assetText(sha: String(repeating: "g", count: 64))) == ["sha256"])
    }

    @Test func structuralErrors() {
        #expect(rules("no header at all\n") == ["structure"])
        #expect(rules("---\naccuracy: vit-base: 83.78\n---\n") == ["yaml"])
        #expect(rules("---\n模型名称：x\n---\n") == ["header-mapping"])
    }

    @Test func realFormatAndHashWithResolver() throws {
        let manifest = try Manifest.load()
        let fixture = try #require(manifest.fixture("ckpt/convnet.ckpt"))
        let path = fixture.path
        let resolver: AssetValidator.Resolver = { _ in path }
        let strict = AssetValidator(resolver: resolver)
        func errors(_ text: String) -> [String] { strict.validate(text: text, file: "convnet_cifar10.md").findings(.error).map(\.rule) }
        #expect(errors(assetText(sha: fixture.sha256)).isEmpty)
        #expect(errors(assetText(sha: String(fixture.sha256.prefix(8)))).isEmpty)
        #expect(errors(assetText(sha: fixture.sha256, format: "mindir")) == ["file-format-mismatch"])
        #expect(errors(assetText(sha: String(repeating: "0", count: 64))) == ["sha256-mismatch"])
        #expect(errors(assetText(sha: "00000000")) == ["sha256-mismatch"])
        let missing = AssetValidator(resolver: { _ in "/nonexistent/file.ckpt" })
        #expect(missing.validate(text: assetText(), file: "x.md").findings(.error).map(\.rule) == ["asset-file"])
        // Without a resolver nothing is opened.
        #expect(AssetValidator(resolver: { _ in nil }).validate(text: assetText(), file: "x.md").ok)
    }

    @Test func reportJSON() {
        let report = validator.validate(text: assetText(["update-time": "2023-02-31"], sha: "fae4983f"), file: "x_cifar10.md")
        let json = report.json.rendered()
        #expect(json.hasPrefix("{\"file\":\"x_cifar10.md\",\"mode\":\"strict\",\"ok\":false,\"findings\":["))
        #expect(json.contains("{\"severity\":\"error\",\"rule\":\"update-time\",\"field\":\"update-time\",\"line\":19,"))
        let compat = AssetValidator(mode: .compat).validate(text: assetText(["train-dataset": "COCO2017"]), file: "x.md")
        #expect(!compat.ok)
        #expect(compat.json.rendered().contains("\"upstream\":{\"ok\":false,\"error\":\"TypeError\""))
    }

    @Test func strictOnTheCorpusIsFast() throws {
        let start = Date()
        let reports = AssetValidator().validateTree(root: Corpus.assets)
        let seconds = Date().timeIntervalSince(start)
        #expect(reports.count == 2915)
        // 118 mindcv/mindocr assets give only a prefix (116 of 8 hex digits, 2 of 9): each is a weaker-check warning.
        let prefixes = reports.reduce(0) { $0 + $1.findings.count { $0.rule == "sha256-prefix" } }
        #expect(prefixes == 118)
        print("strict: validated \(reports.count) corpus files in \(String(format: "%.3f", seconds)) s")
    }
}
