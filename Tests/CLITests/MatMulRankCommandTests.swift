import Foundation
import Testing
import TestSupport

/// ONNX MatMul of a rank-3 A by a matrix, in a model without value info, converted to MindIR:
/// MindSpore's BatchMatMul refuses unequal ranks on CPU, so the exporter flattens A's leading
/// axes into rows (the shapes come from a seeded run of the model), with a Transpose of A's
/// last two axes written out. MindSpore loads the file and computes what onnxruntime computes
/// from the source. A rank-2 by rank-3 product has no
/// such form and is refused with the node named.
@Suite struct MatMulRankCommandTests {
    static let builder = """
        import sys, numpy as np, onnx
        from onnx import helper as h, TensorProto as T, numpy_helper as nh
        out = sys.argv[1]
        rng = np.random.default_rng(7)
        w = nh.from_array(rng.standard_normal((4, 5)).astype(np.float32), "w")
        v = nh.from_array(rng.standard_normal((6, 5)).astype(np.float32), "v")
        def save(nodes, inputs, inits, name):
            g = h.make_graph(nodes, "g", inputs, [h.make_tensor_value_info("z", T.FLOAT, ["s0", "s1", "s2"])], inits)
            m = h.make_model(g, opset_imports=[h.make_opsetid("", 17)])
            m.ir_version = 8
            onnx.checker.check_model(m)
            onnx.save(m, f"{out}/{name}")
        # No value info: the MatMul operands' shapes are known only by running the model.
        save([h.make_node("Relu", ["x"], ["r"]), h.make_node("MatMul", ["r", "w"], ["m"]), h.make_node("Tanh", ["m"], ["y"]),
              h.make_node("Transpose", ["v"], ["vt"], perm=[1, 0]), h.make_node("MatMul", ["y", "vt"], ["z"])],
             [h.make_tensor_value_info("x", T.FLOAT, [2, 3, 4])], [w, v], "linear.onnx")
        # A's Transpose (of its last two axes) is folded into BatchMatMul elsewhere; here it is written out.
        save([h.make_node("Transpose", ["x"], ["xt"], perm=[0, 2, 1]), h.make_node("MatMul", ["xt", "w"], ["z"])],
             [h.make_tensor_value_info("x", T.FLOAT, [2, 4, 3])], [w], "transposed.onnx")
        save([h.make_node("MatMul", ["a", "b"], ["z"], name="mm")],
             [h.make_tensor_value_info("a", T.FLOAT, [3, 4]), h.make_tensor_value_info("b", T.FLOAT, [2, 4, 5])], [], "broadcast.onnx")
        np.savez(f"{out}/linear.npz", input0=rng.standard_normal((2, 3, 4)).astype(np.float32))
        np.savez(f"{out}/transposed.npz", input0=rng.standard_normal((2, 4, 3)).astype(np.float32))
        """

    @Test(arguments: [("linear", [2, 3, 6]), ("transposed", [2, 3, 5])])
    func aRank3ByMatrixProductRunsInMindSporeAsInOnnxruntime(name: String, shape: [Int]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let made = try runProcess(Project.python, ["-c", Self.builder, dir.url.path])
        try #require(made.status == 0, "\(made.stderr)")
        let source = dir.url.appendingPathComponent("\(name).onnx").path, out = dir.url.appendingPathComponent("\(name).mindir").path
        let inputs = dir.url.appendingPathComponent("\(name).npz").path
        let converted = try CLI.mshub(["convert", source, out, "--verify"])
        #expect(converted.status == 0, "\(converted.out)\(converted.err)")
        let inspect = try CLI.mshub(["inspect", out])
        #expect(inspect.out.contains("MatMul") && !inspect.out.contains("BatchMatMul"), "\(inspect.out)")
        let actual = dir.url.appendingPathComponent("ms.npz").path
        let ms = try runProcess(
            Project.python, [Project.root.appendingPathComponent("scripts/mindir_oracle.py").path, "run", out, inputs, actual])
        #expect(ms.status == 0, "\(ms.stderr.suffix(1500))")
        let compare = """
            import sys, numpy as np, onnxruntime as ort
            s = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
            x = np.load(sys.argv[2])["input0"]
            want = s.run(["z"], {"x": x})[0]
            have = np.load(sys.argv[3])["output0"]
            assert want.shape == have.shape == tuple(int(d) for d in sys.argv[4].split(",")), (want.shape, have.shape)
            assert np.allclose(have, want, rtol=1e-5, atol=1e-6), np.abs(have - want).max()
            print("ok")
            """
        let check = try runProcess(Project.python, ["-c", compare, source, inputs, actual, shape.map(String.init).joined(separator: ",")])
        #expect(check.status == 0 && check.stdoutText.contains("ok"), "\(check.stderr)")
    }

    @Test func aMatrixByRank3ProductIsRefusedWithTheNodeNamed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let made = try runProcess(Project.python, ["-c", Self.builder, dir.url.path])
        try #require(made.status == 0, "\(made.stderr)")
        let out = dir.url.appendingPathComponent("broadcast.mindir").path
        let refused = try CLI.mshub(["convert", dir.url.appendingPathComponent("broadcast.onnx").path, out])
        #expect(refused.status == 2)
        #expect(refused.err.contains("mm") && refused.err.contains("rank 2 by rank 3"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
