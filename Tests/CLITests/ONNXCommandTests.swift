// `mshub inspect` and `mshub convert` on ONNX models; the graph view is checked against what the
// onnx library reads from the same file.

import Foundation
import Testing
import TestSupport

@Suite("mshub inspect/convert on ONNX")
struct ONNXCommandTests {
    static let convnet = Project.testdata("models/convnet.onnx")

    @Test func inspectJSONHasTheGraphView() throws {
        let result = try CLI.mshub(["inspect", "--json", Self.convnet])
        #expect(result.status == 0, "\(result.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let graph = try #require(report["graph"] as? [String: Any])
        // Facts the onnx library reports for this file.
        let script = """
            import json, sys, onnx
            from collections import Counter
            m = onnx.load(sys.argv[1])
            g = m.graph
            def port(v):
                t = v.type.tensor_type
                return {"name": v.name, "shape": [d.dim_value if d.HasField("dim_value") else d.dim_param for d in t.shape.dim]}
            print(json.dumps({"inputs": [port(v) for v in g.input], "outputs": [port(v) for v in g.output],
              "ops": dict(Counter(n.op_type for n in g.node)), "nodes": len(g.node), "inits": len(g.initializer),
              "bytes": sum(len(t.raw_data) for t in g.initializer), "opsets": [[o.domain, o.version] for o in m.opset_import]}))
            """
        let oracle = try runProcess(Project.python, ["-c", script, Self.convnet])
        let expected = try #require(try JSONSerialization.jsonObject(with: oracle.stdout) as? [String: Any], "\(oracle.stderr)")
        #expect(graph["node_count"] as? Int == expected["nodes"] as? Int)
        #expect(graph["initializer_count"] as? Int == expected["inits"] as? Int)
        #expect(graph["initializer_bytes"] as? Int == expected["bytes"] as? Int)
        #expect((graph["ops"] as? [String: Int]) == (expected["ops"] as? [String: Int]))
        let inputs = try #require(graph["inputs"] as? [[String: Any]])
        let expectedInputs = try #require(expected["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["name"] as? String } == expectedInputs.map { $0["name"] as? String })
        #expect(inputs.map { $0["shape"] as? [Int] } == expectedInputs.map { $0["shape"] as? [Int] })
        #expect(inputs.first?["dtype"] as? String == "float32")
        let opsets = try #require(graph["opsets"] as? [[String: Any]])
        #expect(opsets.map { [$0["domain"] as? String ?? "?", "\($0["version"] as? Int ?? -1)"] }
            == (expected["opsets"] as? [[Any]] ?? []).map { ["\($0[0])", "\($0[1])"] })
    }

    @Test func symbolicDimsAreShownByName() throws {
        let dir = try Project.temporaryDirectory()
        let path = dir.appendingPathComponent("dyn.onnx").path
        let script = """
            import sys, onnx
            from onnx import helper, TensorProto
            x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])
            y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", None])
            g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x], [y])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), sys.argv[1])
            """
        let made = try runProcess(Project.python, ["-c", script, path])
        #expect(made.status == 0, "\(made.stderr)")
        let result = try CLI.mshub(["inspect", "--json", path])
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let graph = try #require(report["graph"] as? [String: Any])
        let output = try #require((graph["outputs"] as? [[String: Any]])?.first)
        let shape = try #require(output["shape"] as? [Any])
        #expect(shape.first as? String == "batch")
        #expect(shape.last is NSNull)
    }

    @Test func convertWithExternalDataAndBack() throws {
        let dir = try Project.temporaryDirectory()
        let external = dir.appendingPathComponent("ext.onnx").path
        let first = try CLI.mshub(["convert", Self.convnet, external, "--external-data-threshold", "0"])
        #expect(first.status == 0, "\(first.err)")
        #expect(FileManager.default.fileExists(atPath: external + ".data"))
        let inline = dir.appendingPathComponent("inline.onnx").path
        let second = try CLI.mshub(["convert", external, inline, "--external-data-threshold", "1000000000"])
        #expect(second.status == 0, "\(second.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: inline)) == Data(contentsOf: URL(fileURLWithPath: Self.convnet)))
    }

    @Test func convertRefusesToOverwriteItsInput() throws {
        let dir = try Project.temporaryDirectory()
        let copy = dir.appendingPathComponent("m.onnx").path
        try FileManager.default.copyItem(atPath: Self.convnet, toPath: copy)
        let result = try CLI.mshub(["convert", copy, copy])
        #expect(result.status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == Data(contentsOf: URL(fileURLWithPath: Self.convnet)))
    }

    @Test func hostileExternalLocationExitsTwoWithALocatedError() throws {
        let root = try Project.temporaryDirectory()
        let dir = root.appendingPathComponent("m")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = try ONNXBytes.externalModel(location: "../../etc/passwd", in: dir)
        let result = try CLI.mshub(["inspect", path])
        #expect(result.status == 2)
        #expect(result.err.contains("ModelProto.graph.initializer[0].external_data"))
        #expect(result.err.contains(path))
    }

    @Test func truncatedModelExitsTwo() throws {
        let dir = try Project.temporaryDirectory()
        let path = dir.appendingPathComponent("cut.onnx").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.convnet))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let result = try CLI.mshub(["inspect", path])
        #expect(result.status == 2)
        #expect(result.err.contains("cut.onnx:0x"))
        #expect(result.err.contains("ModelProto.graph"))
    }
}
