import Foundation
import Formats
import Testing
import TestSupport

/// Enumerated corruptions of ONNX bytes, each with the error code, offset and field path it must give.
@Suite struct ONNXCorruptionTests {
    static func decode(_ bytes: [UInt8]) -> FormatError? {
        do {
            _ = try ONNXCodec.decode(ByteStorage(bytes: bytes, path: "bad.onnx"))
            return nil
        } catch {
            return error
        }
    }

    static func fixture() throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: Project.testdata("models/convnet.onnx"))))
    }

    /// Top-level fields of the fixture, found with the wire rules (key, length) by hand.
    static func topLevelFields(_ bytes: [UInt8]) -> [(number: Int, key: Int, lengthAt: Int, value: Int, end: Int)] {
        var fields: [(Int, Int, Int, Int, Int)] = []
        var at = 0
        func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        while at < bytes.count {
            let key = at
            let tag = varint()
            let lengthAt = at
            if tag & 7 == 2 {
                let length = Int(varint())
                fields.append((Int(tag >> 3), key, lengthAt, at, at + length))
                at += length
            } else {
                _ = varint()
                fields.append((Int(tag >> 3), key, lengthAt, lengthAt, at))
            }
        }
        return fields
    }

    @Test func truncatedInsideEveryLengthDelimitedFieldIsLocated() throws {
        let bytes = try Self.fixture()
        let names = [2: "producer_name", 3: "producer_version", 7: "graph", 8: "opset_import"]
        for field in Self.topLevelFields(bytes) where field.value != field.lengthAt {
            for cut in [field.value, field.value + 1, field.end - 1] where cut < field.end && cut > field.lengthAt {
                let error = try #require(Self.decode(Array(bytes[..<cut])), "cut at \(cut)")
                #expect(error.code == .lengthOutOfBounds)
                #expect(error.offset == field.lengthAt)
                #expect(error.file == "bad.onnx")
                let name = try #require(names[field.number])
                #expect(error.fieldPath == FieldPath(stringLiteral: "ModelProto.\(name)"), "\(error)")
            }
        }
    }

    @Test func truncatedInsideAKeyOrVarintIsTruncated() throws {
        let bytes = ONNXBytes.varintField(1, 300)  // 08 AC 02
        let error = try #require(Self.decode(Array(bytes[..<2])))
        #expect(error.code == .truncated)
        #expect(error.offset == 1)
    }

    @Test func wrongWireTypeForGraph() throws {
        var bytes = try Self.fixture()
        let graph = try #require(Self.topLevelFields(bytes).first { $0.number == 7 })
        bytes[graph.key] = 0x38  // field 7 as a varint
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .invalidWireType)
        #expect(error.offset == graph.key)
        #expect(error.fieldPath == "ModelProto.graph")
    }

    @Test func lengthPastTheEnd() throws {
        let bytes = ONNXBytes.varintField(1, 8) + [0x3A, 0x7F] + ONNXBytes.string(2, "g")
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == 3)
        #expect(error.fieldPath == "ModelProto.graph")
    }

    @Test func nestedInitializerLengthPastItsGraph() throws {
        // graph { initializer { len 200 … } } where the graph holds only 5 bytes of it.
        let graph: [UInt8] = [0x2A, 0xC8, 0x01, 0x08, 0x01]
        let bytes = ONNXBytes.varintField(1, 8) + ProtoBytes.lengthDelimited(7, graph)
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == 5)  // the initializer's length, after 08 08 3A 05 2A
        #expect(error.fieldPath == "ModelProto.graph.initializer")
    }

    @Test func nestingBeyondTheDepthLimit() throws {
        // A graph input whose type is a sequence of sequences … 100 deep.
        var type = ProtoBytes.lengthDelimited(1, ONNXBytes.varintField(1, 1))  // tensor_type { elem_type 1 }
        for _ in 0..<100 { type = ProtoBytes.lengthDelimited(4, ProtoBytes.lengthDelimited(1, type)) }
        let input = ONNXBytes.string(1, "x") + ProtoBytes.lengthDelimited(2, type)
        let bytes = ONNXBytes.model(graph: ProtoBytes.lengthDelimited(11, input))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .limitExceeded)
        #expect(error.fieldPath.description.hasPrefix("ModelProto.graph.input[0].type.sequence_type.elem_type"))
    }

    @Test func dimsWhoseProductOverflows() throws {
        let tensor = ONNXBytes.tensor(dims: [1 << 40, 1 << 40], raw: [0, 0, 0, 0])
        let bytes = ONNXBytes.model(graph: ProtoBytes.lengthDelimited(5, tensor))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .arithmeticOverflow)
        #expect(error.fieldPath == "ModelProto.graph.initializer[0].dims")
        #expect(error.offset == 6)  // first dims key: 08 08 | 3A len | 2A len | 08 …
    }

    @Test func negativeDim() throws {
        let tensor = ONNXBytes.tensor(dims: [UInt64(bitPattern: -2)], raw: [])
        let error = try #require(Self.decode(ONNXBytes.model(graph: ProtoBytes.lengthDelimited(5, tensor))))
        #expect(error.code == .invalidValue)
        #expect(error.fieldPath == "ModelProto.graph.initializer[0].dims")
    }

    @Test func rawDataLengthNotMatchingDims() throws {
        let tensor = ONNXBytes.tensor(dims: [2, 2], raw: Array(repeating: 0, count: 12))
        let bytes = ONNXBytes.model(graph: ProtoBytes.lengthDelimited(5, tensor))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .sizeMismatch)
        #expect(error.fieldPath == "ModelProto.graph.initializer[0].raw_data")
        // raw_data's payload starts after 08 08 3A L 2A L 08 02 08 02 10 01 42 01 77 4A 0C
        #expect(error.offset == 17)
    }

    @Test func subByteTypesAreSizedPacked() throws {
        // int4 [3] needs 2 bytes; 1 or 3 is wrong.
        let good = ONNXBytes.model(graph: ProtoBytes.lengthDelimited(5, ONNXBytes.tensor(dims: [3], type: 22, raw: [0, 0])))
        #expect(Self.decode(good) == nil)
        let bad = ONNXBytes.model(graph: ProtoBytes.lengthDelimited(5, ONNXBytes.tensor(dims: [3], type: 22, raw: [0])))
        #expect(Self.decode(bad)?.code == .sizeMismatch)
    }

    @Test func invalidUTF8InAName() throws {
        let tensor = ONNXBytes.varintField(1, 1) + ONNXBytes.varintField(2, 1)
            + ProtoBytes.lengthDelimited(8, [0xFF, 0xFE]) + ProtoBytes.lengthDelimited(9, [0, 0, 0, 0])
        let bytes = ONNXBytes.model(graph: ProtoBytes.lengthDelimited(5, tensor))
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .invalidValue)
        #expect(error.fieldPath == "ModelProto.graph.initializer[0].name")
    }

    @Test func fieldNumberZeroAndGroups() throws {
        #expect(Self.decode([0x00, 0x01])?.code == .invalidValue)
        #expect(Self.decode([0x0B, 0x0C])?.code == .invalidWireType)
    }

    @Test func unknownFieldsAreKeptNotRejected() throws {
        let bytes = ONNXBytes.varintField(1, 8) + ONNXBytes.varintField(1000, 5) + ONNXBytes.string(2, "p")
        let document = try ONNXCodec.decode(ByteStorage(bytes: bytes))
        #expect(document.model.producerName == "p")
        // Unknown fields are written after the known ones, as every protobuf writer does.
        #expect(try ONNXCodec.encode(document) == ONNXBytes.varintField(1, 8) + ONNXBytes.string(2, "p") + ONNXBytes.varintField(1000, 5))
    }

    @Test func repeatedSingularGraphStillDecodesAsProtobufMerges() throws {
        let init1 = ProtoBytes.lengthDelimited(5, ONNXBytes.tensor(dims: [64], name: "a", raw: Array(repeating: 1, count: 256)))
        let init2 = ProtoBytes.lengthDelimited(5, ONNXBytes.tensor(dims: [64], name: "b", raw: Array(repeating: 2, count: 256)))
        let bytes = ONNXBytes.varintField(1, 8) + ProtoBytes.lengthDelimited(7, init1) + ProtoBytes.lengthDelimited(7, init2)
        let document = try ONNXCodec.decode(ByteStorage(bytes: bytes))
        #expect(document.model.graph.initializer.map(\.name) == ["a", "b"])
        #expect(document.model.graph.initializer[1].rawData == Data(repeating: 2, count: 256))
    }
}

/// A bounded mutation fuzz run of the ONNX reader; a trap fails the process, every rejection must be
/// a located `FormatError`.
@Suite struct ONNXFuzzTests {
    @Test func mutatedModelsNeverTrap() throws {
        let seed = try ONNXCorruptionTests.fixture()
        var rng = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MSHUB_FUZZ_SEED"] ?? "") ?? 20261122)
        var rejected = 0
        let iterations = CheckpointFuzzTests.iterations
        for _ in 0..<iterations {
            let input = CheckpointFuzzTests.mutate(seed, &rng)
            do {
                let document = try ONNXCodec.decode(ByteStorage(bytes: input, path: "fuzz.onnx"))
                _ = try ONNXCodec.encode(document)
                try ONNXTensorPaths.forEachTensor(of: document.model) { (tensor: Onnx_TensorProto, path, _) throws(FormatError) in
                    if tensor.dataLocation != .external && tensor.dataType != 8 { _ = try? document.payload(of: tensor, at: path) }
                }
            } catch {
                rejected += 1
                #expect(error.file == "fuzz.onnx")
            }
        }
        #expect(rejected > iterations / 10)
    }

    @Test func regressionFilesNeverTrap() throws {
        let folder = Project.root.appendingPathComponent("Tests/Fuzz/regressions/onnx")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            _ = ONNXCorruptionTests.decode(bytes)
        }
    }
}
