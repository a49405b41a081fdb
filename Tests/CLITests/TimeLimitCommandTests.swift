import Foundation
import Testing
import TestSupport

/// A model built to run forever (an ONNX Loop whose condition never turns false, checked by the
/// onnx checker): `mshub run --time-limit` stops it with exit 2 naming the limit and the node, and
/// `mshub check` reports the asset as not run instead of hanging.
@Suite struct TimeLimitCommandTests {
    static let builder = """
        import sys, numpy as np, onnx
        from onnx import helper as h, TensorProto as T, numpy_helper as nh
        body = h.make_graph(
            [h.make_node("Identity", ["c"], ["c_out"]), h.make_node("Add", ["x_in", "one"], ["x_out"])], "body",
            [h.make_tensor_value_info("i", T.INT64, []), h.make_tensor_value_info("c", T.BOOL, []),
             h.make_tensor_value_info("x_in", T.FLOAT, [4])],
            [h.make_tensor_value_info("c_out", T.BOOL, []), h.make_tensor_value_info("x_out", T.FLOAT, [4])],
            [nh.from_array(np.ones(4, np.float32), "one")])
        g = h.make_graph(
            [h.make_node("Loop", ["M", "cond", "x"], ["y"], body=body)], "forever",
            [h.make_tensor_value_info("x", T.FLOAT, [4])], [h.make_tensor_value_info("y", T.FLOAT, [4])],
            [nh.from_array(np.array(2**62, np.int64), "M"), nh.from_array(np.array(True), "cond")])
        m = h.make_model(g, opset_imports=[h.make_opsetid("", 17)])
        m.ir_version = 8
        onnx.checker.check_model(m, full_check=True)
        onnx.save(m, sys.argv[1])
        """

    @Test func aModelThatRunsForeverIsStoppedByTheTimeLimit() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let hub = dir.url.appendingPathComponent("hub")
        let files = hub.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let model = files.appendingPathComponent("forever.onnx").path
        let made = try runProcess(Project.python, ["-c", Self.builder, model])
        try #require(made.status == 0, "\(made.stderr)")

        var started = Date()
        let run = try CLI.mshub(["run", model, "--random-inputs", "1", "--time-limit", "0.5", "--output-dir", dir.url.path])
        #expect(run.status == 2, "\(run.out)\(run.err)")
        #expect(run.err.contains("time limit of 0.5 s") && run.err.contains("Loop"), "\(run.err)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(try CLI.mshub(["run", model, "--time-limit", "0"]).status == 64)
        let verify = try CLI.mshub(["verify", "numerics", model, "--backends", "reference,fast", "--time-limit", "0.5"])
        #expect(verify.status == 2, "\(verify.out)\(verify.err)")
        #expect(verify.err.contains("time limit of 0.5 s"), "\(verify.err)")
        #expect(try CLI.mshub(["verify", "numerics", model, "--backends", "reference,fast", "--time-limit", "-1"]).status == 64)
        // convert --verify runs the source and the result: each run is bounded, the file is written.
        let converted = dir.url.appendingPathComponent("forever-copy.onnx").path
        started = Date()
        let convert = try CLI.mshub(["convert", model, converted, "--verify", "--time-limit", "0.5"])
        #expect(convert.status == 2, "\(convert.out)\(convert.err)")
        #expect(convert.err.contains("time limit of 0.5 s"), "\(convert.err)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(try CLI.mshub(["convert", model, converted, "--time-limit", "1"]).status == 64, "--time-limit needs --verify")

        let assets = hub.appendingPathComponent("assets/t/1.0")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        let scaffold = try CLI.mshub([
            "hub", "scaffold", model, "--name", "forever", "--dataset", "none", "--link", "https://example.invalid/forever.onnx",
            "--output", assets.appendingPathComponent("forever_none.md").path, "--summary", "runs forever",
        ])
        try #require(scaffold.status == 0, "\(scaffold.out)\(scaffold.err)")
        started = Date()
        let check = try CLI.mshub(["check", hub.path, "--time-limit", "0.5"])
        #expect(check.status == 0, "\(check.out)\(check.err)")
        #expect(check.out.contains("not run (no conversion or backend checked)") && check.out.contains("time limit of 0.5 s"), "\(check.out)")
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
