import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// The MindSpore-exported conv net through ONNX -> GraphIR -> ONNX, checked by onnxruntime.
@Suite struct ONNXLoweringFixtureTests {
    static let path = Project.testdata("models/convnet.onnx")

    @Test func onnxruntimeGivesIdenticalOutputsForOurExport() throws {
        let document = try ONNXCodec.decode(path: Self.path)
        let model = try ONNXImporter.importModel(document)
        #expect(model.producerName == "MindSpore")
        #expect(model.graph.nodes.map(\.op) == ["Conv", "BatchNormalization", "Relu", "Conv", "Relu", "Flatten", "Gemm"])
        #expect(model.graph.initializers.count == 9)
        #expect(model.graph.inputs.first?.shape == [1, 3, 4, 4])

        let out = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let exported = out.appendingPathComponent("convnet.onnx")
        try Data(ONNXExporter.encodeModel(model)).write(to: exported)

        // Seeded random input, same for both sessions; outputs must match bit for bit.
        let script = """
            import json, sys
            import numpy as np
            import onnxruntime as ort
            def run(path):
                session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
                rng = np.random.default_rng(20240917)
                feeds = {}
                for i in session.get_inputs():
                    shape = [d if isinstance(d, int) else 1 for d in i.shape]
                    feeds[i.name] = rng.standard_normal(shape).astype(np.float32)
                return session.run(None, feeds)
            a, b = run(sys.argv[1]), run(sys.argv[2])
            print(json.dumps({
                "outputs": len(a),
                "identical": len(a) == len(b) and all(x.shape == y.shape and x.tobytes() == y.tobytes() for x, y in zip(a, b)),
                "elements": int(sum(x.size for x in a)),
                "nonzero": int(sum(np.count_nonzero(x) for x in a)),
            }))
            """
        let result = try runProcess(Project.python, ["-c", script, Self.path, exported.path])
        try #require(result.status == 0, "onnxruntime script failed: \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(report["identical"] as? Bool == true, "\(report)")
        #expect((report["outputs"] as? Int ?? 0) >= 1)
        #expect((report["nonzero"] as? Int ?? 0) > 0, "the input must reach the output: \(report)")
    }

    /// MindSpore writes empty strings explicitly (`doc_string: ""`, `domain: ""`), which GraphIR
    /// cannot tell from absent ones, so our bytes are not MindSpore's; but they are a fixed
    /// point: exporting what we wrote gives the same bytes again.
    @Test func exportIsAFixedPointAndTheIRVersionIsDerived() throws {
        let storage = try ByteStorage.map(path: Self.path)
        let document = try ONNXCodec.decode(storage)
        let model = try ONNXImporter.importModel(document)
        let options = ONNXExportOptions(irVersion: document.model.irVersion)
        let first = try ONNXExporter.encodeModel(model, options: options)
        let again = try ONNXImporter.importModel(ONNXCodec.decode(ByteStorage(bytes: first)))
        #expect(again == model)
        let second = try ONNXExporter.encodeModel(again, options: options)
        let identical = first == second
        #expect(identical, "\(first.count) vs \(second.count) bytes")
        #expect(try ONNXCodec.decode(ByteStorage(bytes: first)).model.irVersion == document.model.irVersion)
        // Derived when not pinned: opset 11 shipped with IR 6 (MindSpore wrote 4).
        #expect(ONNXExporter.minimumIRVersion(for: model) == 6)
        #expect(try ONNXExporter.exportModel(model).irVersion == 6)
    }

    @Test func initializersAreViewsAndExportSharesThem() throws {
        let storage = try ByteStorage.map(path: Self.path)
        let document = try ONNXCodec.decode(storage)
        let model = try ONNXImporter.importModel(document)
        let proto = try ONNXExporter.exportModel(model)
        let base = try #require(storage.baseAddress)
        var shared = 0
        for (tensor, written) in zip(model.graph.initializers, proto.graph.initializer) {
            let bytes = try #require(tensor.bytes)
            guard bytes.count >= ONNXCodec.zeroCopyThreshold else { continue }
            #expect(bytes.chunks.count == 1 && bytes.chunks[0].storage === storage, "\(tensor.name) is not a view")
            let address = written.rawData.withUnsafeBytes { $0.baseAddress }
            let inside = address.map { $0 >= base && $0 < base + storage.count }
            #expect(inside == true, "\(tensor.name): raw_data was copied")
            shared += 1
        }
        #expect(shared > 0)
    }
}
