import Foundation
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// The MindSpore-made networks (LeNet-style CNN, ResNet-style block net, transformer encoder
/// block), from MindSpore's ONNX export and from its MindIR (plain and AES-GCM encrypted, through
/// our MindIR lowering), run on both CPU backends and compared with the outputs MindSpore itself
/// computed (testdata/models/*.outputs.npz, scripts/make-testdata.py) at rtol 1e-5 / atol 1e-6;
/// and, on the ONNX files, with onnxruntime's outputs.
@Suite struct FixtureModelTests {
    static let nets = ["lenet", "resblock", "transformer"]
    static let key: [UInt8] = Array(0..<16)

    static func arrays(_ file: String) throws -> [NDArray] {
        try NPZ.read(path: Project.testdata("models/\(file)")).sorted { $0.name < $1.name }.map(\.array)
    }

    static func run(_ path: String, _ net: String, backend: Backend, key: [UInt8]? = nil) throws -> [NDArray] {
        let model = try ModelLoader.load(path: path, key: key)
        let inputs = try arrays("\(net).inputs.npz")
        let initialized = Set(model.graph.initializers.map(\.name))
        let names = model.graph.inputs.filter { !initialized.contains($0.name) }.map(\.name)
        #expect(names.count == inputs.count)
        let outputs = try Interpreter(model: model, backend: backend).run(tensors: Dictionary(uniqueKeysWithValues: zip(names, inputs)))
        return outputs.map(\.value)
    }

    /// How far onnxruntime itself is from MindSpore on the same file (recorded by make-testdata.py).
    static func onnxruntimeDeviation(_ net: String) throws -> Double {
        let data = try Data(contentsOf: URL(fileURLWithPath: Project.testdata("MANIFEST.json")))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(manifest["onnx_nets"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["network"] as? String == net })
        return try #require(entry["onnxruntime_max_abs_error_vs_mindspore"] as? Double)
    }

    /// Within rtol 1e-5 / atol 1e-6 of MindSpore's float32 outputs; where MindSpore's own float32
    /// rounding is larger than that (its convolutions accumulate in float32, we in double), no
    /// further from MindSpore than onnxruntime is on the same model and inputs.
    @Test(arguments: nets, ["onnx", "mindir", "enc.mindir"])
    func reproducesMindSporeOnBothBackends(net: String, source: String) throws {
        let path = Project.testdata("models/\(net)\(source == "enc.mindir" ? "_enc.mindir" : "." + source)")
        let expected = try Self.arrays("\(net).outputs.npz")
        let peer = try Self.onnxruntimeDeviation(net)
        for backend in Backend.cpuBackends {
            let actual = try Self.run(path, net, backend: backend, key: source == "enc.mindir" ? Self.key : nil)
            #expect(actual.count == expected.count)
            for (a, e) in zip(actual, expected) {
                let c = Comparator.compare(a, e, tolerance: Tolerance(rtol: 1e-5, atol: 1e-6))
                print("\(net).\(source) \(backend): max abs \(c.maxAbsError), max rel \(c.maxRelError), allclose(1e-5, 1e-6) \(c.passed), onnxruntime's max abs \(peer)")
                #expect(c.structuralProblem == nil)
                #expect(c.passed || c.maxAbsError <= peer, "\(net).\(source) on \(backend): max abs \(c.maxAbsError) (onnxruntime: \(peer)), max rel \(c.maxRelError) at \(c.worstIndex ?? [])")
            }
        }
    }

    @Test(arguments: nets)
    func onnxruntimeAgreesOnTheONNXFiles(net: String) throws {
        let path = Project.testdata("models/\(net).onnx")
        let out = try Project.temporaryDirectory().appendingPathComponent("\(net).ort.npz").path
        let result = try runProcess(Project.python, [
            Project.root.appendingPathComponent("scripts/onnx_oracle.py").path, "infer", path,
            Project.testdata("models/\(net).inputs.npz"), out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let ort = try NPZ.read(path: out).sorted { $0.name < $1.name }.map(\.array)
        let ours = try Self.run(path, net, backend: .reference)
        #expect(ours.count == ort.count)
        for (a, e) in zip(ours, ort) {
            let c = Comparator.compare(a, e, tolerance: Tolerance(rtol: 1e-4, atol: 1e-5))
            #expect(c.passed, "\(net): max abs \(c.maxAbsError) vs onnxruntime")
        }
    }
}
