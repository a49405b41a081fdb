import Foundation
import Formats
import Testing
import TestSupport

@Suite struct ONNXCodecTests {
    static let convnet = Project.testdata("models/convnet.onnx")

    @Test func mindsporeExportRoundTripsByteForByte() throws {
        let storage = try ByteStorage.map(path: Self.convnet)
        let document = try ONNXCodec.decode(storage)
        #expect(document.model.producerName == "MindSpore")
        #expect(document.model.irVersion == 4)
        #expect(document.model.graph.node.map(\.opType) == ["Conv", "BatchNormalization", "Relu", "Conv", "Relu", "Flatten", "Gemm"])
        #expect(try ONNXCodec.encode(document) == storage.view.bytes)
    }

    @Test func largeRawDataIsAViewOfTheFile() throws {
        let storage = try ByteStorage.map(path: Self.convnet)
        let document = try ONNXCodec.decode(storage)
        let fc = try #require(document.model.graph.initializer.first { $0.name == "fc.weight" })
        let view = try #require(document.rawDataView(of: fc))
        #expect(view.storage === storage)
        #expect(view.count == 10 * 256 * 4)
        // The view's bytes are the file's bytes at that place.
        #expect(Array(storage.view.bytes[view.range]) == [UInt8](fc.rawData))
        // Tiny payloads are copied, and that is fine: they still round-trip.
        let gamma = try #require(document.model.graph.initializer.first { $0.name == "bn.gamma" })
        #expect(document.rawDataView(of: gamma) == nil)
        #expect(try document.payload(of: gamma).count == 32)
    }

    @Test func initializersMatchTheOnnxLibrary() throws {
        let oracle = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/onnx_oracle.py").path, "load", Self.convnet])
        #expect(oracle.status == 0, "\(oracle.stderr)")
        let json = try JSONSerialization.jsonObject(with: oracle.stdout) as? [String: Any]
        let expected = try #require(json?["initializers"] as? [String: String])
        let document = try ONNXCodec.decode(path: Self.convnet)
        for tensor in document.model.graph.initializer {
            let bytes = try document.payload(of: tensor)
            #expect(try sha256sum(Data(bytes.bytes)) == expected[tensor.name], "\(tensor.name)")
        }
        #expect(expected.count == document.model.graph.initializer.count)
    }

    // MARK: External data

    @Test func externalDataWithThresholdZeroLoadsInOnnxAndRunsTheSame() throws {
        let dir = try Project.temporaryDirectory()
        let out = dir.appendingPathComponent("convnet_ext.onnx").path
        let document = try ONNXCodec.decode(path: Self.convnet)
        let result = try ONNXCodec.write(document, to: out, options: ONNXWriteOptions(externalDataThreshold: 0))
        #expect(result.externalTensors == document.model.graph.initializer.count)
        #expect(result.externalDataPath == dir.appendingPathComponent("convnet_ext.onnx.data").path)

        // Read back by us: every payload equal, offsets aligned.
        let back = try ONNXCodec.decode(path: out)
        for (tensor, original) in zip(back.model.graph.initializer, document.model.graph.initializer) {
            #expect(tensor.dataLocation == .external)
            #expect(tensor.rawData.isEmpty)
            guard case .external(let location, let offset, _) = try back.dataSource(of: tensor) else {
                Issue.record("\(tensor.name) is not external")
                continue
            }
            #expect(location == "convnet_ext.onnx.data")
            #expect(offset % 64 == 0)
            #expect(try back.payload(of: tensor).bytes == document.payload(of: original).bytes)
        }

        // Read back by the onnx library and onnxruntime.
        let script = Project.root.appendingPathComponent("scripts/onnx_oracle.py").path
        let load = try runProcess(Project.python, [script, "load", out])
        let loaded = try JSONSerialization.jsonObject(with: load.stdout) as? [String: Any]
        #expect(loaded?["checker"] as? String == "ok", "\(load.stderr)")
        let run = try runProcess(Project.python, [script, "run", Self.convnet, out, "--seed", "11"])
        #expect(run.status == 0, "\(run.stderr)")
        let outputs = try #require((try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])?["outputs"] as? [[String]])
        #expect(outputs.count == 2)
        #expect(outputs[0] == outputs[1])

        // And back inline with a large threshold: the original bytes again.
        let inline = dir.appendingPathComponent("convnet_inline.onnx").path
        try ONNXCodec.write(back, to: inline, options: ONNXWriteOptions(externalDataThreshold: 1 << 40))
        #expect(try Data(contentsOf: URL(fileURLWithPath: inline)) == Data(contentsOf: URL(fileURLWithPath: Self.convnet)))
    }

    @Test func largeThresholdWritesTheSameBytes() throws {
        let dir = try Project.temporaryDirectory()
        let out = dir.appendingPathComponent("same.onnx").path
        let result = try ONNXCodec.write(
            ONNXCodec.decode(path: Self.convnet), to: out, options: ONNXWriteOptions(externalDataThreshold: 1 << 30))
        #expect(result.externalDataPath == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: Self.convnet)))
        #expect(!FileManager.default.fileExists(atPath: out + ".data"))
    }

    @Test(arguments: ["../x.data", "/tmp/x.data", "a/../../x.data"])
    func externalDataNameMustStayBesideTheModel(name: String) throws {
        let dir = try Project.temporaryDirectory()
        let out = dir.appendingPathComponent("m.onnx").path
        let options = ONNXWriteOptions(externalDataThreshold: 0, externalDataName: name)
        let error = try #require(throws: FormatError.self) { try ONNXCodec.write(ONNXCodec.decode(path: Self.convnet), to: out, options: options) }
        #expect(error.code == .unsafePath)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func writingOntoTheInputIsRefused() throws {
        let dir = try Project.temporaryDirectory()
        let copy = dir.appendingPathComponent("in.onnx").path
        try FileManager.default.copyItem(atPath: Self.convnet, toPath: copy)
        let document = try ONNXCodec.decode(path: copy)
        #expect(throws: FormatError.self) { try ONNXCodec.write(document, to: copy) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == Data(contentsOf: URL(fileURLWithPath: Self.convnet)))
    }

    @Test(arguments: ["../outside.bin", "/etc/passwd", "a/../../outside.bin", "C:\\x.bin", "sub/../../outside.bin"])
    func escapingLocationsAreRefused(location: String) throws {
        let root = try Project.temporaryDirectory()
        let dir = root.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(repeating: 1, count: 16).write(to: root.appendingPathComponent("outside.bin"))
        let document = try ONNXCodec.decode(path: ONNXBytes.externalModel(location: location, in: dir))
        let tensor = document.model.graph.initializer[0]
        let error = try #require(throws: FormatError.self) { try document.payload(of: tensor, at: "ModelProto.graph.initializer[0]") }
        #expect(error.code == .unsafePath)
        #expect(error.fieldPath == "ModelProto.graph.initializer[0].external_data")
        #expect(error.file == dir.appendingPathComponent("model.onnx").path)
    }

    @Test func symlinkOutOfTheFolderIsRefused() throws {
        let root = try Project.temporaryDirectory()
        let dir = root.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(repeating: 1, count: 16).write(to: root.appendingPathComponent("secret.bin"))
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("weights.bin").path, withDestinationPath: root.appendingPathComponent("secret.bin").path)
        let document = try ONNXCodec.decode(path: ONNXBytes.externalModel(location: "weights.bin", in: dir))
        let error = try #require(throws: FormatError.self) { try document.payload(of: document.model.graph.initializer[0]) }
        #expect(error.code == .unsafePath)
    }

    @Test func symlinkInsideTheFolderIsFine() throws {
        let dir = try Project.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]).write(to: dir.appendingPathComponent("data/real.bin"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("w.bin").path, withDestinationPath: "data/real.bin")
        let document = try ONNXCodec.decode(path: ONNXBytes.externalModel(location: "w.bin", in: dir))
        #expect(try document.payload(of: document.model.graph.initializer[0]).bytes == Array(1...16))
    }

    @Test func externalRangePastTheFileIsLocated() throws {
        let dir = try Project.temporaryDirectory()
        try Data(repeating: 0, count: 8).write(to: dir.appendingPathComponent("w.bin"))
        var document = try ONNXCodec.decode(path: ONNXBytes.externalModel(location: "w.bin", in: dir))
        var entry = Onnx_StringStringEntryProto()
        entry.key = "length"
        entry.value = "16"
        document.model.graph.initializer[0].externalData.append(entry)
        let error = try #require(throws: FormatError.self) { try document.payload(of: document.model.graph.initializer[0]) }
        #expect(error.code == .lengthOutOfBounds)
        entry.value = "16x"
        document.model.graph.initializer[0].externalData[1] = entry
        let bad = try #require(throws: FormatError.self) { try document.payload(of: document.model.graph.initializer[0]) }
        #expect(bad.code == .invalidValue)
    }
}

/// Debian's libonnx-dev ships the IR 8 schema: everything in it must be in ours, unchanged.
@Suite struct ONNXSchemaTests {
    @Test func everyFieldOfDebiansOnnxProtoIsInOurs() throws {
        let system = "/usr/include/onnx/onnx.proto"
        try #require(FileManager.default.fileExists(atPath: system), "libonnx-dev is not installed (scripts/install-deps)")
        let script = Project.root.appendingPathComponent("scripts/compare-proto.py").path
        let result = try runProcess(Project.python, [script, system, Project.root.appendingPathComponent("Protos/onnx.proto").path])
        #expect(result.status == 0, "\(result.stdoutText) \(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect((summary["fields"] as? Int ?? 0) > 90)
        #expect((summary["missing"] as? [String])?.isEmpty == true)
    }
}
