import Foundation
import Testing
import TestSupport

/// On machines without a usable NVIDIA GPU (CI, most sessions) the cuda backend reports itself
/// unavailable with a reason, and the CLI fails cleanly (exit 2) instead of running elsewhere;
/// `mshub check` says which backends it used; `mshub verify node-tests` runs the onnx node tests
/// on a chosen backend beside a baseline (how the cuda backend is checked on a GPU machine).
@Suite struct CUDABackendTests {
    @Test func cudaReportsItselfUnavailableCleanly() throws {
        let model = CLI.testdata.appendingPathComponent("models/lenet.onnx").path
        let dir = try TempDir()
        defer { dir.remove() }
        let run = try CLI.mshub(["run", model, "--backend", "cuda", "--random-inputs", "1", "--output-dir", dir.url.path])
        #expect(run.status == 2)
        #expect(run.err.contains("the cuda backend is unavailable"), "\(run.err)")
        #expect(run.err.contains("libcuda.so.1") || run.err.contains("CUDA device") || run.err.contains("NVRTC") || run.err.contains("cuBLAS"), "\(run.err)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.url.path)).isEmpty)
        let verify = try CLI.mshub(["verify", "numerics", model, "--backends", "cpu,cuda"])
        #expect(verify.status == 2)
        #expect(verify.err.contains("cuda backend is unavailable"), "\(verify.err)")
        // The CPU pair works on the same model; cpu is the reference backend.
        let cpu = try CLI.mshub(["verify", "numerics", model, "--backends", "reference,fast"])
        #expect(cpu.status == 0, "\(cpu.out) \(cpu.err)")
        let alias = try CLI.mshub(["verify", "numerics", model, "--backends", "cpu,fast"])
        #expect(alias.status == 0 && alias.out.contains("reference vs fast"), "\(alias.out) \(alias.err)")
        let runCPU = try CLI.mshub(["run", model, "--backend", "cpu", "--random-inputs", "1", "--output-dir", dir.url.path, "--json"])
        #expect(runCPU.status == 0 && runCPU.out.contains("\"backend\":\"reference\""), "\(runCPU.out) \(runCPU.err)")
    }

    @Test func checkSaysWhichBackendsRan() throws {
        let result = try CLI.mshub(["check", "testdata/hub", "--json"], cwd: CLI.packageRoot)
        #expect(result.status == 0, "\(result.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let backends = try #require(document["backends"] as? [String])
        #expect(Array(backends.prefix(2)) == ["reference", "fast"])
        let unavailable = try #require(document["unavailable_backends"] as? [[String: Any]])
        #expect(backends.contains("cuda") != unavailable.contains { $0["backend"] as? String == "cuda" })
        let assets = try #require(document["assets"] as? [[String: Any]])
        let graphRows = assets.filter { $0["conversions"] is [Any] }
        #expect(!graphRows.isEmpty)
        for row in graphRows {
            let ran = try #require(row["backends"] as? [[String: Any]])
            #expect(ran.map { $0["backend"] as? String } == backends.dropFirst().map { $0 }, "\(ran)")
            #expect(ran.allSatisfy { $0["status"] as? String == "ok" }, "\(ran)")
        }
        let text = try CLI.mshub(["check", "testdata/hub"], cwd: CLI.packageRoot)
        #expect(text.out.contains("backends: reference (oracle), fast"), "\(text.out)")
        #expect(text.out.contains("fast ok"))
    }

    @Test func nodeTestRunnerOnTheCPUBackends() throws {
        let suite = try ONNXNodeTestCases.require()
        let root = suite.root.path
        let filter = "test_relu,test_conv_with,test_softmax_axis,test_maxpool_2d,test_gemm_default,test_transpose_all,test_reduce_mean"
        let result = try CLI.mshub(["verify", "node-tests", root, "--backend", "fast", "--baseline", "cpu", "--filter", filter, "--json"])
        #expect(result.status == 0, "\(result.out) \(result.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let cases = try #require(document["cases"] as? Int)
        #expect(cases >= 20, "\(document)")
        #expect(document["passed"] as? Int == cases, "\(document)")
        #expect((document["baseline"] as? [String: Any])?["passed"] as? Int == cases)
        #expect((document["regressions"] as? [Any])?.isEmpty == true)
        let text = try CLI.mshub(["verify", "node-tests", root, "--backend", "reference", "--filter", "test_relu", "--jobs", "1"])
        #expect(text.status == 0 && text.out.contains("onnx node tests on reference: "), "\(text.out) \(text.err)")
        // A case that fails is reported and makes the exit status 1 (a wrong expected output).
        let dir = try TempDir()
        defer { dir.remove() }
        let broken = dir.url.appendingPathComponent("test_relu")
        try FileManager.default.copyItem(at: suite.root.appendingPathComponent("test_relu"), to: broken)
        let expected = broken.appendingPathComponent("test_data_set_0/output_0.pb")
        try FileManager.default.copyItem(at: broken.appendingPathComponent("test_data_set_0/input_0.pb"), to: dir.url.appendingPathComponent("input.pb"))
        try FileManager.default.removeItem(at: expected)
        try FileManager.default.copyItem(at: dir.url.appendingPathComponent("input.pb"), to: expected)
        let failing = try CLI.mshub(["verify", "node-tests", dir.url.path, "--backend", "fast", "--verbose"])
        #expect(failing.status == 1, "\(failing.out) \(failing.err)")
        #expect(failing.out.contains("test_relu: failed: output 0"), "\(failing.out)")
        #expect(try CLI.mshub(["verify", "node-tests", "/nonexistent/nodetests"]).status == 2)
        let cuda = try CLI.mshub(["verify", "node-tests", root, "--backend", "cuda", "--filter", "test_relu"])
        if cuda.status == 2 { #expect(cuda.err.contains("the cuda backend is unavailable"), "\(cuda.err)") }
    }
}
