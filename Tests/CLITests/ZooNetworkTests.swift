import Foundation
import Testing
import TestSupport

/// Blocks of the networks people publish (MobileNetV2 and V3, ViT, a U-Net decoder step), built
/// and exported to MindIR by MindSpore (scripts/zoo_nets.py): `mshub run` computes what
/// MindSpore computed, and `mshub convert --verify` writes an ONNX file that onnxruntime runs
/// to the same outputs. The user's path from a MindSpore export to a deployable model.
@Suite struct ZooNetworkTests {
    static let names = ["mobilenetv2_block", "mobilenetv3_se", "unet_up", "vit_block"]
    static var script: String { Project.root.appendingPathComponent("scripts/zoo_nets.py").path }

    static let exported: Result<URL, OracleError> = {
        do {
            let directory = try Project.temporaryDirectory()
            let result = try runProcess(Project.python, [script, "export", directory.path], environment: ["GLOG_v": "3"])
            guard result.status == 0 else { return .failure(.failed("zoo_nets.py export: \(result.stderr.suffix(2000))")) }
            return .success(directory)
        } catch {
            return .failure(.failed("\(error)"))
        }
    }()

    @Test(arguments: names) func runsAndConvertsToONNXAsMindSporeComputes(name: String) throws {
        let dir = try Self.exported.get()
        func path(_ suffix: String) -> String { dir.appendingPathComponent(name + suffix).path }
        let outputs = dir.appendingPathComponent("\(name)-outputs")
        let run = try CLI.mshub(["run", path(".mindir"), "--inputs", path(".inputs.npz"), "--output-dir", outputs.path])
        try #require(run.status == 0, "\(run.out)\(run.err)")
        let written = try FileManager.default.contentsOfDirectory(atPath: outputs.path).filter { $0.hasSuffix(".npy") }
        try #require(written.count == 1, "\(written)")
        let ours = try runProcess(
            Project.python, [Self.script, "compare", outputs.appendingPathComponent(written[0]).path, path(".outputs.npz"), "1e-5", "1e-6"])
        #expect(ours.status == 0, "mshub run vs MindSpore: \(ours.stdoutText)\(ours.stderr)")

        let converted = try CLI.mshub(["convert", path(".mindir"), path(".onnx"), "--verify"])
        #expect(converted.status == 0, "\(converted.out)\(converted.err)")
        let ort = try runProcess(Project.python, [Self.script, "ort", path(".onnx"), path(".inputs.npz"), path(".outputs.npz"), "1e-5", "1e-6"])
        #expect(ort.status == 0, "onnxruntime on our ONNX vs MindSpore: \(ort.stdoutText)\(ort.stderr)")
    }
}
