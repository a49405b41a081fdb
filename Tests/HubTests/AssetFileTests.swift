import Foundation
import Hub
import Testing

let sampleAsset = """
    # yolov8s

    ---

    model-name: yolov8s

    backbone-name: yolov8

    module-type: cv

    fine-tunable: True

    model-version: 1.10

    train-dataset: COCO2017

    evaluation: mAP44.7

    author: MindSpore team

    update-time: 2025-03-10

    repo-link: <https://github.com/mindspore-lab/mindyolo/tree/v0.5.0/configs/yolov8>

    user-id: MindSpore

    used-for: inference

    mindspore-version: 1.10

    asset:

    - file-format: ckpt
      asset-link: <https://download-mindspore.osinfra.cn/toolkits/mindyolo/yolov8/yolov8-s_500e_mAP446-fae4983f-910v2.ckpt>
      asset-sha256: fae4983f

    license: Apache2.0

    summary: yolov8 is used for cv

    ---

    # YOLOv8

    | a | b |
    | --- | --- |
    ---|---

    """

@Suite struct AssetFileTests {
    @Test func keepsRawTextOfScalars() throws {
        let file = try AssetFile.parse(sampleAsset, file: "yolov8s_coco2017.md")
        #expect(file["mindspore-version"] == "1.10")
        #expect(file["model-version"] == "1.10")
        #expect(file["fine-tunable"] == "True")
        #expect(file["update-time"] == "2025-03-10")
        #expect(file.preamble == "# yolov8s\n\n")
        #expect(file.body.hasPrefix("\n# YOLOv8\n"))
        #expect(file.body.contains("---|---"))
        #expect(file.headerLine == 3)
        #expect(file.entry("mindspore-version")?.line == 29)
        #expect(file.entries.map(\.key).first == "model-name")
        let assets = file.assets
        #expect(assets.count == 1)
        #expect(assets.first?.fileFormat == "ckpt")
        #expect(assets.first?.assetSHA256 == "fae4983f")
        #expect(assets.first?.assetLink?.hasPrefix("<https://") == true)
        #expect(assets.first?.url?.hasPrefix("https://") == true)
        #expect(assets.first?.line == 33)
    }

    @Test func renderRoundTrips() throws {
        let file = try AssetFile.parse(sampleAsset, file: "a.md")
        let rendered = file.render()
        let again = try AssetFile.parse(rendered, file: "b.md")
        #expect(again == file)
        #expect(again["mindspore-version"] == "1.10")
        // Key order is presentation, but the content must match: a changed value breaks equality.
        var changed = file
        changed.entries[0].value = .plain("other")
        #expect(changed != file)
        // Stable: rendering twice gives the same text.
        #expect(again.render() == rendered)
        // Canonical order: evaluation (unknown to the order) moves after summary.
        let keys = again.entries.map(\.key)
        #expect(keys.firstIndex(of: "summary").map { $0 < (keys.firstIndex(of: "evaluation") ?? -1) } == true)
        #expect(keys.firstIndex(of: "asset").map { $0 < (keys.firstIndex(of: "license") ?? -1) } == true)
    }

    @Test func renderQuotesWhatCannotBePlain() throws {
        let file = AssetFile(
            entries: [
                HeaderEntry(key: "summary", value: .plain("a: b # not a comment")),
                HeaderEntry(key: "author", value: .plain(" leading space")),
                HeaderEntry(key: "license", value: .scalar("it's", style: .singleQuoted, line: 0)),
                HeaderEntry(key: "input-shape", value: .list([.plain("3"), .plain("224")], line: 0)),
                HeaderEntry(key: "extra", value: .mapping([HeaderEntry(key: "k", value: .plain("[x]"))], line: 0)),
                HeaderEntry(key: "empty", value: .plain("")),
                HeaderEntry(key: "multi", value: .plain("line1\nline2")),
            ], body: "\nbody\n")
        let rendered = file.render()
        let again = try AssetFile.parse(rendered)
        #expect(again == file, "\(rendered)")
        #expect(rendered.contains("input-shape: [3, 224]"))
    }

    @Test func errorsAreLocated() {
        func error(_ text: String) -> AssetError? {
            do {
                _ = try AssetFile.parse(text, file: "x.md")
                return nil
            } catch {
                return error
            }
        }
        let missing = error("# title\nno header\n")
        #expect(missing?.code == .missingHeader)
        let open = error("# t\n---\na: 1\n")
        #expect(open?.code == .unterminatedHeader)
        #expect(open?.line == 2)
        let yaml = error("# t\n---\na: 1\n\naccuracy: vit: 2\n---\n")
        #expect(yaml?.code == .yamlSyntax)
        #expect(yaml?.line == 5)
        #expect(yaml?.description.hasPrefix("x.md:5: ") == true)
        let notMapping = error("---\njust text\n---\n")
        #expect(notMapping?.code == .headerNotMapping)
        let duplicate = error("---\na: 1\nb: 2\na: 3\n---\n")
        #expect(duplicate?.code == .duplicateKey)
        #expect(duplicate?.field == "a")
        let described = AssetError(.yamlSyntax, file: "f.md", line: 7, field: "asset[0].asset-link", message: "bad")
        #expect(described.description == "f.md:7: asset[0].asset-link: bad")
    }

    /// Every corpus file that is an asset file survives render → parse, and rendering keeps each value's text.
    @Test func corpusRoundTrip() throws {
        let files = AssetValidator.markdownFiles(under: Corpus.assets)
        #expect(files.count == 2915)
        var parsed = 0
        var versionTexts = Set<String>()
        for relative in files {
            let text = try Corpus.text(relative)
            guard let file = try? AssetFile.parse(text, file: relative) else { continue }
            parsed += 1
            let rendered = file.render()
            let again = try AssetFile.parse(rendered, file: relative)
            #expect(again == file, "\(relative)")
            #expect(Self.scalarTexts(again) == Self.scalarTexts(file), "\(relative)")
            #expect(again.preamble == file.preamble && again.body == file.body, "\(relative)")
            if let version = again["mindspore-version"] { versionTexts.insert(version) }
        }
        // All but the six files whose header is not YAML and the ten `_cn.md` files whose header is not a mapping.
        #expect(parsed == 2915 - 6 - 10)
        #expect(versionTexts.contains("1.10"))
    }

    /// `path = text` for every scalar, sorted (order-independent view of the values).
    static func scalarTexts(_ file: AssetFile) -> [String] {
        var out: [String] = []
        func walk(_ value: HeaderValue, _ path: String) {
            switch value {
            case .scalar(let text, _, _): out.append("\(path) = \(text)")
            case .list(let items, _): for (i, item) in items.enumerated() { walk(item, "\(path)[\(i)]") }
            case .mapping(let entries, _): for entry in entries { walk(entry.value, "\(path).\(entry.key)") }
            }
        }
        for entry in file.entries { walk(entry.value, entry.key) }
        return out.sorted()
    }
}
