import Foundation
import TestSupport
import Testing

/// `mshub hub validate` over the real hub corpus (read in place from ../shared/corpus).
@Suite struct HubValidateCommandTests {
    static let corpus = Project.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    struct Outcome: Decodable { let ok: Bool }

    @Test func compatCountsEqualUpstreamAndExitOne() throws {
        let outcomes = try JSONDecoder().decode(
            [String: Outcome].self, from: Data(contentsOf: Self.corpus.appendingPathComponent("hub-assets-upstream-outcomes.json")))
        let upstreamFailed = outcomes.values.filter { !$0.ok }.count
        let result = try CLI.mshub(["hub", "validate", "--compat", "--json", Self.corpus.appendingPathComponent("hub-assets").path])
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(document["files"] as? Int == outcomes.count)
        #expect(document["failed"] as? Int == upstreamFailed)
        let reports = try #require(document["reports"] as? [[String: Any]])
        for report in reports {
            let file = try #require(report["file"] as? String)
            #expect((report["ok"] as? Bool) == outcomes[file]?.ok, "\(file)")
        }
    }

    @Test func singleFilesAndBadPaths() throws {
        let good = Self.corpus.appendingPathComponent("hub-assets/mindspore/1.6/googlenet_cifar10.md").path
        let ok = try CLI.mshub(["hub", "validate", good])
        #expect(ok.status == 0, "\(ok.out)")
        #expect(ok.out.contains("1 passed, 0 failed"))
        #expect(try CLI.mshub(["hub", "validate", "/nonexistent/asset.md"]).status == 2)
        let dir = try TempDir()
        defer { dir.remove() }
        let broken = try dir.write("broken_cifar10.md", "---\nmodel-name: x\nfine-tunable: maybe\n---\n")
        let result = try CLI.mshub(["hub", "validate", broken.path])
        #expect(result.status == 1)
        #expect(result.out.contains("FAILED"))
    }
}
