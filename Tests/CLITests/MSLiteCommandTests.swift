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

    @Test func convertsThroughGraphIRBothWays() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Lite's own file (made by MindSpore Lite's converter) to ONNX, checked by onnx's checker.
        let onnx = dir.appendingPathComponent("cnn.onnx").path
        let toONNX = try CLI.mshub(["convert", Project.testdata("mslite/cnn.ms"), onnx])
        #expect(toONNX.status == 0, "\(toONNX.err)")
        let checked = try runProcess(Project.python, ["-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", onnx])
        #expect(checked.status == 0, "\(checked.stderr)")
        // ONNX and MindIR fixtures to .ms, inspected.
        for (source, name) in [("mslite/cnn.onnx", "a.ms"), ("models/lenet.mindir", "b.ms")] {
            let out = dir.appendingPathComponent(name).path
            let result = try CLI.mshub(["convert", Project.testdata(source), out])
            #expect(result.status == 0, "\(result.err)")
            let shown = try CLI.mshub(["inspect", "--json", "--no-hash", out])
            let report = try #require(try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any])
            #expect(report["format"] as? String == "mslite")
            let ops = try #require((report["graph"] as? [String: Any])?["ops"] as? [String: Int])
            #expect(ops["Conv2DFusion"] != nil, "\(ops)")
        }
        // .ms to MindIR and AIR go through the same path: MindIR -> .ms -> MindIR runs in MindSpore with
        // the outputs MindSpore saved for the original.
        let lenet = dir.appendingPathComponent("b.ms").path
        let mindir = dir.appendingPathComponent("c.mindir").path
        #expect(try CLI.mshub(["convert", lenet, dir.appendingPathComponent("c.air").path]).status == 0)
        let back = try CLI.mshub(["convert", lenet, mindir])
        #expect(back.status == 0, "\(back.err)")
        let outputs = dir.appendingPathComponent("c.outputs.npz").path
        let inputs = Project.testdata("models/lenet.inputs.npz")
        let ran = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/mindir_oracle.py").path, "run", mindir, inputs, outputs])
        #expect(ran.status == 0, "\(ran.stderr.suffix(1000))")
        let compared = try runProcess(Project.python, [
            Project.root.appendingPathComponent("scripts/mslite/lite_oracle.py").path, "compare", "npz:\(outputs)",
            "npz:\(Project.testdata("models/lenet.outputs.npz"))", "--inputs", inputs,
        ])
        #expect(compared.status == 0, "\(compared.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: compared.stdout) as? [String: Any])
        let worst = (report["outputs"] as? [[String: Any]])?.compactMap { $0["max_abs"] as? Double }.max() ?? .infinity
        #expect(worst < 1e-5, "\(report)")
    }

    @Test func unmappedOpIsABadInputNamingTheNode() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = """
            {"name": "tiny", "version": "MindSpore Lite 2.0.0", "inputIndex": [0], "outputIndex": [1],
             "nodes": [{"name": "topk", "primitive": {"value_type": "TopKFusion", "value": {"axis": 1}},
                        "inputIndex": [0], "outputIndex": [1]}],
             "allTensors": [{"name": "x", "dataType": 43, "dims": [1, 4], "format": 1},
                            {"name": "y", "dataType": 43, "dims": [1, 4], "format": 1}],
             "subGraph": [{"name": "main", "inputIndices": [0], "outputIndices": [1], "nodeIndices": [0],
                           "tensorIndices": [0, 1]}]}
            """
        let source = dir.appendingPathComponent("topk.json")
        try Data(json.utf8).write(to: source)
        let flatc = try #require(which("flatc"), "flatc missing (scripts/install-deps)")
        let made = try runProcess(flatc, ["--binary", "-o", dir.path, Project.root.appendingPathComponent("Protos/mslite/model.fbs").path, source.path])
        try #require(made.status == 0, "\(made.stderr)")
        let result = try CLI.mshub(["convert", dir.appendingPathComponent("topk.ms").path, dir.appendingPathComponent("out.onnx").path])
        #expect(result.status == 2)
        #expect(result.err.contains("node[0](topk:TopKFusion)"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.onnx").path))
    }
}
