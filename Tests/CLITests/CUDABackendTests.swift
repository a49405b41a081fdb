import Foundation
import Testing

/// On machines without a usable NVIDIA GPU (CI, most sessions) the cuda backend reports itself
/// unavailable with a reason, and the CLI fails cleanly (exit 2) instead of running elsewhere.
@Suite struct CUDABackendTests {
    @Test func cudaReportsItselfUnavailableCleanly() throws {
        let model = CLI.testdata.appendingPathComponent("models/lenet.onnx").path
        let dir = try TempDir()
        defer { dir.remove() }
        let run = try CLI.mshub(["run", model, "--backend", "cuda", "--random-inputs", "1", "--output-dir", dir.url.path])
        #expect(run.status == 2)
        #expect(run.err.contains("the cuda backend is unavailable"), "\(run.err)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.url.path)).isEmpty)
        let verify = try CLI.mshub(["verify", "numerics", model, "--backends", "cpu,cuda"])
        #expect(verify.status == 2)
        #expect(verify.err.contains("cuda backend is unavailable"), "\(verify.err)")
        // The CPU pair works on the same model.
        let cpu = try CLI.mshub(["verify", "numerics", model, "--backends", "reference,fast"])
        #expect(cpu.status == 0, "\(cpu.out) \(cpu.err)")
    }
}
