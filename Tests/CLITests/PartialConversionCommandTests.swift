import Foundation
import Testing
import TestSupport

/// `mshub convert --allow-partial`: a model with an op the target has no form for is refused
/// without the flag and cut with it; the plan says exactly what the cut leaves out; the part
/// written decodes and computes what the source computes (our interpreter through --verify,
/// and MindSpore loading the MindIR against onnxruntime running the source).
@Suite struct PartialConversionCommandTests {
    /// Builds the test models with PyPI onnx (the helper API, checked by onnx.checker):
    /// branching.onnx — x → Relu → Mul(w) = b; Sin(b) → Add(bias) → Sigmoid = y2; Tanh(b) = d;
    /// Sin(x) → Add(d) = y3 (MindIR has no Sin); gemm.onnx — Tanh(x) = t, Gemm(t, W, alpha 2) →
    /// Relu = y (the table maps Gemm, MindIR's exporter refuses alpha ≠ 1); sin.onnx — one Sin.
    static let builder = """
        import sys, numpy as np, onnx
        from onnx import helper as h, TensorProto as T, numpy_helper as nh
        out = sys.argv[1]
        def save(nodes, inputs, outputs, inits, name):
            g = h.make_graph(nodes, "g", inputs, outputs, inits)
            m = h.make_model(g, opset_imports=[h.make_opsetid("", 17)])
            m.ir_version = 8
            onnx.checker.check_model(m)
            onnx.save(m, f"{out}/{name}")
        f = lambda n, s: h.make_tensor_value_info(n, T.FLOAT, s)
        save([
            h.make_node("Relu", ["x"], ["a"], name="relu"),
            h.make_node("Mul", ["a", "w"], ["b"], name="scale"),
            h.make_node("Sin", ["b"], ["e"], name="sin"),
            h.make_node("Add", ["e", "bias"], ["c"], name="shift"),
            h.make_node("Tanh", ["b"], ["d"], name="tanh"),
            h.make_node("Sigmoid", ["c"], ["y2"], name="gate"),
            h.make_node("Sin", ["x"], ["r"], name="raw"),
            h.make_node("Add", ["r", "d"], ["y3"], name="mix"),
        ], [f("x", [1, 3, 4])], [f("d", [1, 3, 4]), f("y2", [1, 3, 4]), f("y3", [1, 3, 4])],
           [nh.from_array(np.array([0.5, -1.5, 2, 3], np.float32), "w"), nh.from_array(np.array([1, 2, 3, 4], np.float32), "bias")],
           "branching.onnx")
        save([
            h.make_node("Tanh", ["x"], ["t"], name="tanh"),
            h.make_node("Gemm", ["t", "W"], ["g"], name="gemm", alpha=2.0),
            h.make_node("Relu", ["g"], ["y"], name="relu"),
        ], [f("x", [2, 4])], [f("y", [2, 3]), f("t", [2, 4])],
           [nh.from_array(np.full((4, 3), 0.25, np.float32), "W")], "gemm.onnx")
        save([h.make_node("Sin", ["x"], ["y"], name="only")], [f("x", [2])], [f("y", [2])], [], "sin.onnx")
        """

    static func models(_ dir: TempDir) throws {
        let made = try runProcess(Project.python, ["-c", builder, dir.url.path])
        try #require(made.status == 0, "\(made.stderr)")
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.out)")
    }

    @Test func refusedWithoutTheFlagAndCutWithItAsThePlanSaid() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.models(dir)
        let source = dir.url.appendingPathComponent("branching.onnx").path
        let out = dir.url.appendingPathComponent("part.mindir").path

        let refused = try CLI.mshub(["convert", source, out])
        #expect(refused.status == 2)
        #expect(refused.err.contains("node[2](sin:Sin)") && refused.err.contains("Sin cannot be converted to mindir"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: out))

        // The plan, as text and JSON, says exactly what the conversion will leave out.
        let planText = try CLI.mshub(["convert", source, "--to", "mindir", "--plan", "--allow-partial"])
        #expect(planText.status == 0)
        #expect(planText.out.contains("-> mindir: PARTIAL with --allow-partial: 5 of 8 nodes would be left out"), "\(planText.out)")
        let plan = try Self.json(try CLI.mshub(["convert", source, "--to", "mindir", "--plan", "--allow-partial", "--json"]))
        let planned = try #require(plan["partial"] as? [String: Any])

        let converted = try CLI.mshub(["convert", source, out, "--allow-partial", "--verify"])
        #expect(converted.status == 0, "\(converted.out) \(converted.err)")
        let lines = converted.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("PARTIAL: 5 of 8 nodes left out, 3 kept; outputs kept 1, dropped 2, added 2; 1 initializers dropped"), "\(converted.out)")
        #expect(lines.contains("  removed node[2] (sin:Sin): unsupported by mindir: no MindSpore primitive in the export table"))
        #expect(lines.contains("  removed node[3] (shift:Add): depends on removed node[2] (sin:Sin)"))
        #expect(lines.contains("  removed node[7] (mix:Add): depends on removed node[6] (raw:Sin)"))
        #expect(lines.contains("  dropped output: y2") && lines.contains("  dropped output: y3"))
        #expect(lines.contains("  added output: b") && lines.contains("  added output: x"))
        #expect(lines.contains("  dropped initializer: bias"))
        #expect(converted.out.contains(": PASS"), "\(converted.out)")
        #expect(!converted.out.contains("not compared"))

        let report = try Self.json(try CLI.mshub(["convert", source, out, "--allow-partial", "--verify", "--json"]))
        let partial = try #require(report["partial"] as? [String: Any])
        let canonical = { (value: [String: Any]) throws -> String in
            String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try canonical(partial) == (try canonical(planned)), "the plan must say exactly what the conversion leaves out")
        let removed = try #require(partial["removed"] as? [[String: Any]])
        #expect(removed.compactMap { $0["index"] as? Int } == [2, 3, 5, 6, 7])
        #expect(removed.compactMap { $0["name"] as? String } == ["sin", "shift", "gate", "raw", "mix"])
        #expect(removed.compactMap { $0["reason"] as? String } == ["unsupported", "depends", "depends", "unsupported", "depends"])
        #expect(partial["added_outputs"] as? [String] == ["b", "x"])
        #expect(partial["dropped_outputs"] as? [String] == ["y2", "y3"])
        #expect(partial["dropped_initializers"] as? [String] == ["bias"])
        let verify = try #require(report["verify"] as? [String: Any])
        #expect(verify["passed"] as? Bool == true)
        #expect((verify["outputs"] as? [Any])?.count == 3)
        #expect((report["not_compared"] as? [Any])?.isEmpty == true)

        // The file decodes, and holds no Sin.
        let inspect = try CLI.mshub(["inspect", out])
        #expect(inspect.status == 0, "\(inspect.err)")
        #expect(!inspect.out.contains("Sin"))
    }

    /// MindSpore loads the partial MindIR and computes d, b and x as onnxruntime computes them
    /// in the source model (the intermediate b read by making it an output there).
    @Test func mindSporeRunsThePartialModelAsOnnxruntimeRunsTheSource() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.models(dir)
        let source = dir.url.appendingPathComponent("branching.onnx").path
        let out = dir.url.appendingPathComponent("part.mindir").path
        #expect(try CLI.mshub(["convert", source, out, "--allow-partial"]).status == 0)
        let inputs = dir.url.appendingPathComponent("in.npz").path
        let actual = dir.url.appendingPathComponent("ms.npz").path
        let prepare = """
            import sys, numpy as np
            np.savez(sys.argv[1], input0=np.random.default_rng(5).standard_normal((1, 3, 4)).astype(np.float32))
            """
        #expect(try runProcess(Project.python, ["-c", prepare, inputs]).status == 0)
        let ms = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/mindir_oracle.py").path, "run", out, inputs, actual])
        #expect(ms.status == 0, "\(ms.stderr)")
        let compare = """
            import sys, numpy as np, onnx, onnxruntime as ort
            from onnx import helper as h, TensorProto as T
            m = onnx.load(sys.argv[1])
            m.graph.output.append(h.make_tensor_value_info("b", T.FLOAT, [1, 3, 4]))
            s = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
            x = np.load(sys.argv[2])["input0"]
            d, _, _, b = s.run(["d", "y2", "y3", "b"], {"x": x})
            a = np.load(sys.argv[3])
            got = [a[f"output{k}"] for k in range(len(a.files))]
            assert len(got) == 3, len(got)
            for want, have in zip([d, b, x], got):
                assert want.shape == have.shape and np.allclose(have, want, rtol=1e-5, atol=1e-6), (want, have)
            print("ok")
            """
        let check = try runProcess(Project.python, ["-c", compare, source, inputs, actual])
        #expect(check.status == 0 && check.stdoutText.contains("ok"), "\(check.stderr)")
    }

    /// The tables map Gemm, so the plain plan accepts the model; MindIR's exporter refuses
    /// alpha 2. With --allow-partial the plan runs the exporters too and names the node.
    @Test func anExporterRefusalIsCutAndThePlanSaysSo() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.models(dir)
        let source = dir.url.appendingPathComponent("gemm.onnx").path
        let refused = try CLI.mshub(["convert", source, dir.url.appendingPathComponent("g.mindir").path])
        #expect(refused.status == 2 && refused.err.contains("node[1](gemm:Gemm)"), "\(refused.err)")
        let plan = try CLI.mshub(["convert", source, "--to", "mindir", "--plan", "--allow-partial"])
        #expect(plan.out.contains("PARTIAL with --allow-partial: 2 of 3 nodes would be left out"), "\(plan.out)")
        #expect(plan.out.contains("removed node[1] (gemm:Gemm): unsupported by mindir: alpha: Gemm with alpha or beta other than 1 is not supported"), "\(plan.out)")
        let converted = try CLI.mshub(["convert", source, dir.url.appendingPathComponent("g.mindir").path, "--allow-partial", "--verify"])
        #expect(converted.status == 0, "\(converted.out) \(converted.err)")
        #expect(converted.out.contains("removed node[2] (relu:Relu): depends on removed node[1] (gemm:Gemm)"))
        #expect(converted.out.contains("dropped output: y") && converted.out.contains(": PASS"))
    }

    /// With --fp16 the frontier lies inside the float16 region: compared in the source's float32
    /// at float16 tolerances, and said so.
    @Test func frontierValuesInsideAHalfPrecisionRegionAreComparedInTheSourcesType() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.models(dir)
        let source = dir.url.appendingPathComponent("branching.onnx").path
        let result = try CLI.mshub(["convert", source, dir.url.appendingPathComponent("half.mindir").path, "--allow-partial", "--fp16", "--verify", "--json"])
        #expect(result.status == 0, "\(result.out) \(result.err)")
        let report = try Self.json(result)
        let verify = try #require(report["verify"] as? [String: Any])
        #expect(verify["passed"] as? Bool == true)
        let widened = try #require(report["widened"] as? [[String: Any]])
        #expect(widened.contains { $0["name"] as? String == "b" && $0["from"] as? String == "float16" && $0["to"] as? String == "float32" }, "\(widened)")
    }

    @Test func whenNothingCanBeKeptItIsBadInputAndNothingIsWritten() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try Self.models(dir)
        let out = dir.url.appendingPathComponent("none.air").path
        let result = try CLI.mshub(["convert", dir.url.appendingPathComponent("sin.onnx").path, out, "--allow-partial"])
        #expect(result.status == 2)
        #expect(result.err.contains("nothing of the main graph converts to air"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // A model the target holds whole is written whole; the report says so.
        let whole = try CLI.mshub([
            "convert", CLI.testdata.appendingPathComponent("models/lenet.onnx").path, dir.url.appendingPathComponent("l.air").path,
            "--allow-partial", "--json",
        ])
        #expect(whole.status == 0, "\(whole.err)")
        let partial = try #require(try Self.json(whole)["partial"] as? [String: Any])
        #expect(partial["partial"] as? Bool == false && (partial["removed"] as? [Any])?.isEmpty == true)
    }
}
