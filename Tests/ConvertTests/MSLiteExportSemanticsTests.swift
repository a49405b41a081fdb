import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// Every per-op model of MSLiteLoweringTests, written as `.ms` by our exporter and run by the Lite
/// runtime, against the same GraphIR model written as ONNX and run by onnxruntime.
@Suite(.serialized) struct MSLiteExportSemanticsTests {
    static let skipped: Set<String> = []

    @Test("Lite runs our .ms of each op as onnxruntime runs the ONNX", arguments: MSLiteLoweringTests.cases.filter { !skipped.contains($0.0) })
    func exportedOpMatchesOnnxruntime(_ name: String, _ model: Model) throws {
        try Self.check(name, model)
    }

    /// Forms our reader gives back in another shape, so they are not among the round-trip cases:
    /// a [1, C, 1, 1] PRelu slope (written as [C]).
    static let oneWayCases: [(String, Model)] = [
        ("PRelu slope [1, C, 1, 1]", MSLiteLoweringTests.model(
            [MSLiteLoweringTests.f32("x", [1, 4, 6, 6])], [MSLiteLoweringTests.f32("y", [1, 4, 6, 6])],
            [MSLiteLoweringTests.node("pr", "PRelu", ["x", "s"], ["y"])], [MSLiteLoweringTests.floats("s", [1, 4, 1, 1], seed: 16)])),
    ]

    @Test("Lite runs our .ms of forms read back differently as onnxruntime runs the ONNX", arguments: oneWayCases)
    func oneWayFormsMatchOnnxruntime(_ name: String, _ model: Model) throws {
        let slope = try MSLiteExporter.exportModel(model).tensors.first { $0.dataType == 43 && $0.data.count == 16 }
        #expect(slope?.dims == [4], "the slope is written as its 4 channel values")
        try Self.check(name, model)
    }

    static func check(_ name: String, _ model: Model) throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ms = dir.appendingPathComponent("op.ms")
        try MSLiteCodec.write(try MSLiteExporter.exportModel(model), to: ms.path)
        let onnx = dir.appendingPathComponent("op.onnx")
        try Data(try ONNXExporter.encodeModel(model)).write(to: onnx)
        var specs: [String] = []
        for input in model.graph.inputs {
            let sizes = try #require(input.shape?.staticSizes)
            if input.dtype == .int8 {
                specs.append("'\(input.name)': rng.integers(-128, 128, \(sizes)).astype('int8')")
            } else {
                // Positive inputs keep Pow and Sqrt real.
                specs.append("'\(input.name)': (np.abs(rng.standard_normal(\(sizes))) + 0.1).astype('float32')")
            }
        }
        let inputs = dir.appendingPathComponent("inputs.npz").path
        let code = "import numpy as np; rng = np.random.default_rng(5); np.savez('\(inputs)', **{\(specs.joined(separator: ", "))})"
        let made = try runProcess(Project.python, ["-c", code])
        try #require(made.status == 0, "\(made.stderr)")
        let report = try MSLiteInteropTests.compare("lite:\(ms.path)", "onnx:\(onnx.path)", inputs: inputs)
        #expect(report.shapesAgree, "\(name): \(report.outputs)")
        #expect(report.maxAbs < 1e-5, "\(name): \(report.outputs)")
    }
}
