// `mshub inspect` and `mshub convert` on a MindSpore Lite model that flatc (not our writer) builds
// from JSON with our schema.

import Foundation
import Testing
import TestSupport

@Suite("mshub inspect/convert on MindSpore Lite")
struct MSLiteCommandTests {
    static func tinyModel(in dir: URL) throws -> String {
        let json = """
            {"name": "tiny", "version": "MindSpore Lite 2.0.0", "inputIndex": [0], "outputIndex": [1],
             "nodes": [{"name": "relu", "primitive": {"value_type": "Activation", "value": {"activation_type": 1}},
                        "inputIndex": [0], "outputIndex": [1]}],
             "allTensors": [{"name": "x", "dataType": 43, "dims": [1, 4], "format": 1},
                            {"name": "y", "dataType": 43, "dims": [1, 4], "format": 1}],
             "subGraph": [{"name": "main", "inputIndices": [0], "outputIndices": [1], "nodeIndices": [0],
                           "tensorIndices": [0, 1]}]}
            """
        let source = dir.appendingPathComponent("tiny.json")
        try Data(json.utf8).write(to: source)
        let flatc = try #require(which("flatc"), "flatc missing (scripts/install-deps)")
        let schema = Project.root.appendingPathComponent("Protos/mslite/model.fbs").path
        let made = try runProcess(flatc, ["--binary", "-o", dir.path, schema, source.path])
        try #require(made.status == 0, "\(made.stderr)")
        return dir.appendingPathComponent("tiny.ms").path
    }

    @Test func inspectShowsTheGraph() throws {
        let dir = try Project.temporaryDirectory()
        let path = try Self.tinyModel(in: dir)
        let result = try CLI.mshub(["inspect", "--json", path])
        #expect(result.status == 0, "\(result.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(report["format"] as? String == "mslite")
        let graph = try #require(report["graph"] as? [String: Any])
        #expect(graph["node_count"] as? Int == 1)
        #expect(graph["ops"] as? [String: Int] == ["Activation": 1])
        #expect((graph["inputs"] as? [[String: Any]])?.first?["name"] as? String == "x")
        #expect((graph["inputs"] as? [[String: Any]])?.first?["shape"] as? [Int] == [1, 4])
        #expect(graph["version"] as? String == "MindSpore Lite 2.0.0")
    }

    @Test func convertReencodesAndRefusesItsInput() throws {
        let dir = try Project.temporaryDirectory()
        let path = try Self.tinyModel(in: dir)
        let out = dir.appendingPathComponent("again.ms").path
        let result = try CLI.mshub(["convert", path, out])
        #expect(result.status == 0, "\(result.err)")
        let first = try CLI.mshub(["inspect", "--json", "--no-hash", path])
        let second = try CLI.mshub(["inspect", "--json", "--no-hash", out])
        let a = try #require(try JSONSerialization.jsonObject(with: first.stdout) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: second.stdout) as? [String: Any])
        #expect(NSDictionary(dictionary: a["graph"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: b["graph"] as? [String: Any] ?? [:]))
        #expect(try CLI.mshub(["convert", path, path]).status == 2)
    }
}
