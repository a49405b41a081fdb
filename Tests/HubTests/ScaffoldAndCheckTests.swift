import Foundation
import Formats
import Hub
import MSCrypto
import TestSupport
import Testing

@Suite struct ScaffoldAndCheckTests {
    static let models = ["ckpt/convnet.ckpt", "ckpt/convnet_crc.ckpt", "models/convnet.onnx", "models/convnet.mindir", "models/convnet.safetensors"]

    @Test("scaffold output passes strict and compat validation", arguments: models)
    func scaffoldPassesBothModes(_ model: String) throws {
        var fields = AssetScaffold.Fields(name: "convnet", dataset: "mnist", link: "https://models.example.org/convnet.bin", date: "2026-01-02")
        fields.mindsporeVersion = "2.10"
        let scaffold = AssetScaffold(modelPath: Project.testdata(model), fields: fields)
        let text = try scaffold.make().render()
        let name = scaffold.defaultFileName
        for mode in AssetValidator.Mode.allCases {
            let report = AssetValidator(mode: mode, resolver: { _ in Project.testdata(model) }).validate(text: text, file: name)
            #expect(report.ok, "\(mode): \(report.findings)")
            #expect(report.findings(.warning).isEmpty, "\(mode): \(report.findings)")
        }
        let parsed = try AssetFile.parse(text, file: name)
        let asset = try #require(parsed.assets.first)
        #expect(asset.assetSHA256 == SHA256.hex(try SHA256.hashFile(path: Project.testdata(model))))
        #expect(AssetValidator.declaredFormat(asset.fileFormat ?? "") == (try ModelFile.open(Project.testdata(model)).format))
        #expect(parsed["train-dataset"] == "mnist")
        #expect(parsed["update-time"] == "2026-01-02")
    }

    @Test func scaffoldWritesTheONNXInputShape() throws {
        let fields = AssetScaffold.Fields(name: "convnet", dataset: "mnist", link: "https://models.example.org/convnet.onnx", date: "2026-01-02")
        let text = try AssetScaffold(modelPath: Project.testdata("models/convnet.onnx"), fields: fields).make().render()
        // MindSpore exported the net for an input of zeros((1, 3, 4, 4)).
        #expect(text.contains("input-shape: [1, 3, 4, 4]"), "\(text)")
        #expect(AssetScaffold.inputShapes(of: try ModelFile.open(Project.testdata("ckpt/convnet.ckpt"))) == nil)
    }

    @Test func checkCatchesTheSampleHubsDeliberateFailures() throws {
        let rows = try HubCheck(registry: try Registry(Project.testdata("hub"))).run()
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { $0.verdict != .fail }, "\(rows.filter { $0.verdict == .fail })")
        let caught = rows.filter { $0.verdict == .caught }
        #expect(caught.map(\.id) == ["mshub-testdata/2.10/convnet-badformat_none", "mshub-testdata/2.10/convnet-badhash_none"])
        #expect(caught.map(\.failures) == [["file-format-mismatch"], ["sha256-mismatch"]])
        let formats = Set(rows.compactMap(\.realFormat))
        #expect(formats == ["ckpt", "mindir", "onnx", "safetensors"])
        #expect(rows.first { $0.id.hasSuffix("convnet-crc_none") }?.hashCheck == "prefix (32 bits)")
    }

    @Test func withoutExpectationsTheBrokenRowsFail() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hub = dir.appendingPathComponent("hub")
        try FileManager.default.copyItem(atPath: Project.testdata("hub/assets"), toPath: hub.appendingPathComponent("assets").path)
        try FileManager.default.createDirectory(at: hub.appendingPathComponent("files"), withIntermediateDirectories: true)
        let sample = Project.testdata("hub/files")
        for name in try FileManager.default.contentsOfDirectory(atPath: sample) {
            let target = URL(fileURLWithPath: sample + "/" + name).resolvingSymlinksInPath().path
            try FileManager.default.createSymbolicLink(atPath: hub.appendingPathComponent("files/\(name)").path, withDestinationPath: target)
        }
        var rows = try HubCheck(registry: try Registry(hub.path)).run()
        #expect(rows.filter { $0.verdict == .fail }.count == 2)
        // An expectation that is not met fails too.
        try Data("mshub-testdata/2.10/convnet_none sha256-mismatch\n".utf8).write(to: hub.appendingPathComponent(HubCheck.expectationsFile))
        rows = try HubCheck(registry: try Registry(hub.path)).run()
        #expect(rows.first { $0.id == "mshub-testdata/2.10/convnet_none" }?.verdict == .fail)
        try Data("no-such/id/here sha256-mismatch\n".utf8).write(to: hub.appendingPathComponent(HubCheck.expectationsFile))
        #expect(throws: HubError.self) { _ = try HubCheck(registry: try Registry(hub.path)).run() }
    }
}
