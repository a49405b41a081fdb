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

    /// `mshub convert X.mindir X.ms --verify`, then MindSpore Lite's own runtime runs our `.ms` to
    /// what MindSpore computed. The U-Net step needs PReLU, MirrorPad and ResizeNearestNeighbor
    /// in Lite's forms (PReLUFusion, PadFusion, Resize).
    @Test(arguments: names) func convertsToLiteThatLiteRunsAsMindSporeComputes(name: String) throws {
        let dir = try Self.exported.get()
        func path(_ suffix: String) -> String { dir.appendingPathComponent(name + suffix).path }
        let converted = try CLI.mshub(["convert", path(".mindir"), path(".ms"), "--verify"])
        #expect(converted.status == 0, "\(converted.out)\(converted.err)")
        let oracle = Project.root.appendingPathComponent("scripts/mslite/lite_oracle.py").path
        let ran = try runProcess(Project.python, [oracle, "compare", "lite:" + path(".ms"), "npz:" + path(".outputs.npz"), "--inputs", path(".inputs.npz")])
        try #require(ran.status == 0, "the Lite runtime on our .ms: \(ran.stderr.suffix(2000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(ran.stdoutText.utf8)) as? [String: Any])
        let outputs = try #require(report["outputs"] as? [[String: Any]])
        try #require(outputs.count == 1, "\(report)")
        let (ours, theirs) = (outputs[0]["a_shape"] as? [Int], outputs[0]["b_shape"] as? [Int])
        #expect(ours != nil && ours == theirs, "\(report)")
        let error = try #require(outputs[0]["max_abs"] as? Double)
        #expect(error < 1e-5, "the Lite runtime on our .ms vs MindSpore: \(report)")
    }

    /// `mshub convert X.mindir X.air --verify`: MobileNetV3's HSigmoid, ViT's Tile and the U-Net
    /// step's PReLU, MirrorPad and nearest upsampling in GE's forms; read back, the AIR model
    /// computes what the MindIR one does.
    @Test(arguments: names) func convertsToAIRThatComputesTheSame(name: String) throws {
        let dir = try Self.exported.get()
        func path(_ suffix: String) -> String { dir.appendingPathComponent(name + suffix).path }
        let converted = try CLI.mshub(["convert", path(".mindir"), path(".air"), "--verify"])
        #expect(converted.status == 0, "\(converted.out)\(converted.err)")
        #expect(converted.out.contains("PASS"), "\(converted.out)")
    }

    /// `--fp16` to MindIR goes through GraphIR and our MindIR writer: MindSpore loads the result
    /// and computes, in float16, what it computed from the float32 original (within 1e-2).
    @Test(arguments: names) func halvesToMindIRThatMindSporeRuns(name: String) throws {
        let dir = try Self.exported.get()
        func path(_ suffix: String) -> String { dir.appendingPathComponent(name + suffix).path }
        let converted = try CLI.mshub(["convert", path(".mindir"), path(".fp16.mindir"), "--fp16", "--verify"])
        #expect(converted.status == 0, "\(converted.out)\(converted.err)")
        let inputs = try runProcess(
            Project.python, ["-c", "import sys, numpy as np; np.savez(sys.argv[2], input0=np.load(sys.argv[1])['x'])", path(".inputs.npz"), path(".input0.npz")])
        try #require(inputs.status == 0, "\(inputs.stderr)")
        let oracle = Project.root.appendingPathComponent("scripts/mindir_oracle.py").path
        let ran = try runProcess(Project.python, [oracle, "run", path(".fp16.mindir"), path(".input0.npz"), path(".fp16.outputs.npz")], environment: ["GLOG_v": "3"])
        try #require(ran.status == 0, "MindSpore could not run our fp16 MindIR: \(ran.stdoutText.suffix(1500))\(ran.stderr.suffix(1500))")
        let compared = try runProcess(Project.python, [Self.script, "compare", path(".fp16.outputs.npz"), path(".outputs.npz"), "1e-2", "1e-2"])
        #expect(compared.status == 0, "MindSpore on our fp16 MindIR vs the float32 original: \(compared.stdoutText)\(compared.stderr)")
    }
}
