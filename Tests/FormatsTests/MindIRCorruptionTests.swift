import Foundation
import Formats
import MSCrypto
import Testing
import TestSupport

/// Enumerated corruptions of MindIR bytes and of split-save data files, each with the error code,
/// offset and field path it must give.
@Suite struct MindIRCorruptionTests {
    static func decode(_ bytes: [UInt8], key: [UInt8]? = nil) -> FormatError? {
        var options = DecodingOptions()
        options.key = key
        do {
            _ = try MindIRCodec.decode(ByteStorage(bytes: bytes, path: "bad.mindir"), options: options)
            return nil
        } catch {
            return error
        }
    }

    static func fixture() throws -> [UInt8] {
        try MindIRFixtures.bytes(try #require(MindIRFixtures.plainNets.first { $0.network == "lenet" }).path)
    }

    /// Where the first parameter's tensor starts in `MindIRBytes.model(graph: 1A len tensor)`:
    /// after the header, the graph's key and length, and the parameter's key and length.
    static let tensorStart = MindIRBytes.header.count + 4

    static func modelWithParameter(_ tensor: [UInt8]) -> [UInt8] {
        MindIRBytes.model(graph: ProtoBytes.lengthDelimited(3, tensor))
    }

    @Test func truncatedInsideEveryLengthDelimitedFieldIsLocated() throws {
        let bytes = try Self.fixture()
        let names = [1: "ir_version", 2: "producer_name", 5: "model_version", 7: "graph"]
        var checked = 0
        for field in ONNXCorruptionTests.topLevelFields(bytes) where field.value != field.lengthAt {
            let name: String
            if field.number == 12 {
                // The key's length is checked before the element is counted: the path names the field.
                name = "primitives"
            } else {
                name = try #require(names[field.number], "field \(field.number)")
            }
            for cut in [field.value, field.value + 1, field.end - 1] where cut < field.end && cut > field.lengthAt {
                let error = try #require(Self.decode(Array(bytes[..<cut])), "cut at \(cut)")
                #expect(error.code == .lengthOutOfBounds)
                #expect(error.offset == field.lengthAt)
                #expect(error.file == "bad.mindir")
                #expect(error.fieldPath == FieldPath(stringLiteral: "ModelProto.\(name)"), "\(error)")
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    @Test func truncatedInsideAKeyIsTruncated() throws {
        let bytes = MindIRBytes.varintField(13, 300)  // mind_ir_version 300: 68 AC 02
        let error = try #require(Self.decode(Array(bytes[..<2])))
        #expect(error.code == .truncated)
        #expect(error.offset == 1)
    }

    @Test func wrongWireTypeForGraph() throws {
        var bytes = try Self.fixture()
        let graph = try #require(ONNXCorruptionTests.topLevelFields(bytes).first { $0.number == 7 })
        bytes[graph.key] = 0x38  // field 7 as a varint
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .invalidWireType)
        #expect(error.offset == graph.key)
        #expect(error.fieldPath == "ModelProto.graph")
    }

    @Test func lengthPastTheEnd() throws {
        let bytes = MindIRBytes.header + [0x3A, 0x7F] + MindIRBytes.string(2, "g")
        let error = try #require(Self.decode(bytes))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == MindIRBytes.header.count + 1)
        #expect(error.fieldPath == "ModelProto.graph")
    }

    @Test func parameterLengthPastItsGraph() throws {
        let graph: [UInt8] = [0x1A, 0xC8, 0x01, 0x08, 0x01]  // parameter { len 200 … } in 5 bytes
        let error = try #require(Self.decode(MindIRBytes.model(graph: graph)))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == MindIRBytes.header.count + 3)
        #expect(error.fieldPath == "ModelProto.graph.parameter")
    }

    @Test func dimsWhoseProductOverflows() throws {
        let tensor = MindIRBytes.tensor(dims: [1 << 40, 1 << 40], raw: [0, 0, 0, 0])
        let error = try #require(Self.decode(Self.modelWithParameter(tensor)))
        #expect(error.code == .arithmeticOverflow)
        #expect(error.offset == Self.tensorStart)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].dims")
    }

    @Test func rawDataLengthNotMatchingDims() throws {
        let prefix = MindIRBytes.tensor(dims: [2, 2])
        let tensor = MindIRBytes.tensor(dims: [2, 2], raw: Array(repeating: 0, count: 12))
        let error = try #require(Self.decode(Self.modelWithParameter(tensor)))
        #expect(error.code == .sizeMismatch)
        #expect(error.offset == Self.tensorStart + prefix.count + 2)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].raw_data")
    }

    @Test func unknownDataTypeWithData() throws {
        let tensor = MindIRBytes.tensor(dims: [1], type: 99, raw: [0, 0, 0, 0])
        let error = try #require(Self.decode(Self.modelWithParameter(tensor)))
        #expect(error.code == .unknownDType)
        #expect(error.offset == Self.tensorStart + 2)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].data_type")
    }

    @Test func negativeDimOnATensorWithData() throws {
        let tensor = MindIRBytes.tensor(dims: [UInt64(bitPattern: -1)], raw: [0, 0, 0, 0])
        let error = try #require(Self.decode(Self.modelWithParameter(tensor)))
        #expect(error.code == .invalidValue)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].dims")
        // Without data, -1 is a dynamic dim and fine.
        #expect(Self.decode(Self.modelWithParameter(MindIRBytes.tensor(dims: [UInt64(bitPattern: -1)]))) == nil)
    }

    @Test func nestingBeyondTheDepthLimit() throws {
        var attribute = MindIRBytes.string(1, "v")
        for _ in 0..<100 { attribute = ProtoBytes.lengthDelimited(17, attribute) }  // values { values { … } }
        let node = MindIRBytes.string(2, "n") + ProtoBytes.lengthDelimited(5, attribute)
        let error = try #require(Self.decode(MindIRBytes.model(graph: ProtoBytes.lengthDelimited(1, node))))
        #expect(error.code == .limitExceeded)
        #expect(error.fieldPath.description.hasPrefix("ModelProto.graph.node[0].attribute[0].values[0].values[0]"))
    }

    @Test func invalidUTF8InAName() throws {
        let tensor = MindIRBytes.varintField(2, 1) + ProtoBytes.lengthDelimited(7, [0xFF, 0xFE])
        let error = try #require(Self.decode(Self.modelWithParameter(tensor)))
        #expect(error.code == .invalidValue)
        #expect(error.offset == Self.tensorStart + 4)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].name")
    }

    @Test func unknownFieldsAreKept() throws {
        let bytes = MindIRBytes.header + MindIRBytes.varintField(1000, 5)
        let document = try MindIRCodec.decode(ByteStorage(bytes: bytes))
        #expect(document.model.producerName == "MindSpore")
        #expect(try MindIRCodec.encode(document) == bytes)
    }

    @Test func escapingLocationsAreRefusedWhenDecoding() throws {
        for location in ["../outside/data_0", "/etc/passwd", "a\\..\\b", "a\u{0}b", "C:x", "m_variables/../../x"] {
            let entry = MindIRBytes.external(location, offset: 64, length: 16)
            let tensor = MindIRBytes.tensor(dims: [4], external: entry)
            let error = try #require(Self.decode(Self.modelWithParameter(tensor)), "\(location)")
            #expect(error.code == .unsafePath, "\(location)")
            // The location's key, after the tensor's dims, type, name and external_data's key and length.
            #expect(error.offset == Self.tensorStart + MindIRBytes.tensor(dims: [4]).count + 2, "\(location)")
            #expect(error.fieldPath == "ModelProto.graph.parameter[0].external_data.location")
        }
    }

    @Test func encryptedBlocksCorrupted() throws {
        let net = try #require(MindIRFixtures.encryptedNets.first)
        var bytes = try MindIRFixtures.bytes(net.path)
        let key = try #require(net.key)
        // A flipped ciphertext byte fails GCM authentication of block 0.
        bytes[bytes.count - 1] ^= 1
        let tampered = try #require(Self.decode(bytes, key: key))
        #expect(tampered.code == .decryptionFailed)
        #expect(tampered.offset == 0)
        // A cipher_len running past the end (GCM: magic 4 + tag 16 + block_size 4 + iv_len 4 + iv 16).
        let truncated = try #require(Self.decode(Array(bytes[..<100]), key: key))
        #expect(truncated.code == .truncated)
        #expect(truncated.offset == 44)
        #expect(truncated.fieldPath == "block[0].cipher_len")
    }

    // MARK: Split-save data files (FORMATS.md §2.6)

    /// A folder with `m.mindir` (one float32[4] weight, external at `location`/`offset`/`length`)
    /// and `m_variables/data_0` = `data`.
    static func splitModel(
        location: String = "m_variables/data_0", offset: UInt64 = 64, length: UInt64 = 16, data: [UInt8]? = nil
    ) throws -> (dir: URL, model: String, dataFile: String) {
        let dir = try Project.temporaryDirectory()
        let folder = dir.appendingPathComponent("m_variables")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dataFile = folder.appendingPathComponent("data_0").path
        let weights: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40]  // 1 2 3 4
        let contents = data ?? ([1] + Array(repeating: 0, count: 63) + weights + Array(repeating: 0, count: 48))
        try Data(contents).write(to: URL(fileURLWithPath: dataFile))
        let tensor = MindIRBytes.tensor(dims: [4], external: MindIRBytes.external(location, offset: offset, length: length))
        let model = dir.appendingPathComponent("m.mindir").path
        try Data(modelWithParameter(tensor)).write(to: URL(fileURLWithPath: model))
        return (dir, model, dataFile)
    }

    static func open(_ model: String) -> FormatError? {
        do {
            _ = try MindIRCodec.decode(path: model)
            return nil
        } catch {
            return error
        }
    }

    static let entryOffset = tensorStart + MindIRBytes.tensor(dims: [4]).count

    @Test func wellFormedSplitModelReadsAsAView() throws {
        let split = try Self.splitModel()
        defer { try? FileManager.default.removeItem(at: split.dir) }
        let document = try MindIRCodec.decode(path: split.model)
        let weights = try document.parameters()
        #expect(weights.count == 1)
        let bytes = try #require(weights.first?.bytes)
        #expect(bytes.bytes == [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40])
        #expect(bytes.chunks.first?.storage.isMapped == true)
        #expect(bytes.chunks.first?.range == 64..<80)
    }

    @Test func badHeaderEndiannessByte() throws {
        for (byte, code) in [(UInt8(7), FormatError.Code.invalidValue), (0, .unsupported)] {
            let data = [byte] + Array(repeating: 0, count: 127)
            let split = try Self.splitModel(data: data)
            defer { try? FileManager.default.removeItem(at: split.dir) }
            let error = try #require(Self.open(split.model))
            #expect(error.code == code)
            #expect(error.offset == 0)
            #expect(error.file?.hasSuffix("m_variables/data_0") == true)
            #expect(error.fieldPath == "header.little_endian")
        }
    }

    @Test func dataFileShorterThanItsHeader() throws {
        let split = try Self.splitModel(data: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        defer { try? FileManager.default.removeItem(at: split.dir) }
        let error = try #require(Self.open(split.model))
        #expect(error.code == .truncated)
        #expect(error.offset == 10)
        #expect(error.fieldPath == "header")
    }

    @Test func offsetAndLengthPastTheEndOfTheDataFile() throws {
        let split = try Self.splitModel(data: [1] + Array(repeating: 0, count: 69))  // 70 bytes
        defer { try? FileManager.default.removeItem(at: split.dir) }
        let error = try #require(Self.open(split.model))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == Self.entryOffset)
        #expect(error.file == split.model)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].external_data")

        let huge = try Self.splitModel(offset: UInt64(Int64.max - 4))
        defer { try? FileManager.default.removeItem(at: huge.dir) }
        let overflow = try #require(Self.open(huge.model))
        #expect(overflow.code == .lengthOutOfBounds)
        #expect(overflow.fieldPath == "ModelProto.graph.parameter[0].external_data")
    }

    @Test func offsetInsideTheHeader() throws {
        let split = try Self.splitModel(offset: 8)
        defer { try? FileManager.default.removeItem(at: split.dir) }
        let error = try #require(Self.open(split.model))
        #expect(error.code == .invalidValue)
        #expect(error.offset == Self.entryOffset)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].external_data.offset")
    }

    @Test func externalLengthNotMatchingDims() throws {
        let split = try Self.splitModel(length: 20)
        defer { try? FileManager.default.removeItem(at: split.dir) }
        let error = try #require(Self.open(split.model))
        #expect(error.code == .sizeMismatch)
        #expect(error.offset == Self.entryOffset)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].external_data")
    }

    @Test func symlinkLeavingTheModelsFolder() throws {
        let outside = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data([1] + Array(repeating: 0, count: 127)).write(to: outside.appendingPathComponent("data_0"))
        let split = try Self.splitModel(location: "link/data_0")
        defer { try? FileManager.default.removeItem(at: split.dir) }
        try FileManager.default.createSymbolicLink(
            atPath: split.dir.appendingPathComponent("link").path, withDestinationPath: outside.path)
        let error = try #require(Self.open(split.model))
        #expect(error.code == .unsafePath)
        #expect(error.offset == Self.entryOffset)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].external_data.location")
    }

    @Test func missingDataFile() throws {
        let split = try Self.splitModel(location: "m_variables/data_9")
        defer { try? FileManager.default.removeItem(at: split.dir) }
        let error = try #require(Self.open(split.model))
        #expect(error.code == .io)
        #expect(error.fieldPath == "ModelProto.graph.parameter[0].external_data.location")
    }

    @Test func writerRefusesASymlinkedVariablesFolder() throws {
        let outside = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outside) }
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("out_variables").path, withDestinationPath: outside.path)
        let document = try MindIRCodec.decode(path: Project.testdata("models/convnet.mindir"))
        #expect(throws: FormatError.self) {
            try MindIRCodec.write(document, to: dir.appendingPathComponent("out.mindir").path, options: .init(externalDataThreshold: 0))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }
}

/// A bounded mutation fuzz run of the MindIR reader (MSHUB_FUZZ_ITERATIONS, default 4000): a trap
/// fails the process; every rejection must be a located `FormatError`; what decodes must encode,
/// summarize and hand out its weights.
@Suite struct MindIRFuzzTests {
    static func exercise(_ bytes: [UInt8], key: [UInt8]? = nil) -> FormatError? {
        var options = DecodingOptions()
        options.key = key
        do {
            let document = try MindIRCodec.decode(ByteStorage(bytes: bytes, path: "fuzz.mindir"), options: options)
            let again = try MindIRCodec.encode(document)
            _ = document.summary
            try MindIRTensorPaths.forEachTensor(of: document.model) { (tensor, path, _) throws(FormatError) in
                if !tensor.hasExternalData { _ = try document.payload(of: tensor, at: path) }
            }
            // What we encode decodes again to the same model.
            let back = try MindIRCodec.decode(ByteStorage(bytes: again))
            #expect(back.model == document.model)
            return nil
        } catch {
            return error
        }
    }

    @Test func mutatedModelsNeverTrap() throws {
        let seeds = try MindIRFixtures.plainNets.map { try MindIRFixtures.bytes($0.path) }
        var rng = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MSHUB_FUZZ_SEED"] ?? "") ?? 20261122)
        var rejected = 0
        let iterations = CheckpointFuzzTests.iterations
        for _ in 0..<iterations {
            let seed = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            let input = CheckpointFuzzTests.mutate(seed, &rng)
            if let error = Self.exercise(input) {
                rejected += 1
                #expect(error.file == "fuzz.mindir")
                #expect(error.offset != nil || error.fieldPath == "ModelProto", "\(error)")
            }
        }
        #expect(rejected > iterations / 10)
    }

    @Test func mutatedEncryptedModelsNeverTrap() throws {
        let net = try #require(MindIRFixtures.encryptedNets.first)
        let seed = try MindIRFixtures.bytes(net.path)
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<max(1, CheckpointFuzzTests.iterations / 20) {
            if let error = Self.exercise(CheckpointFuzzTests.mutate(seed, &rng), key: net.key) {
                #expect(error.file == "fuzz.mindir")
            }
        }
    }

    /// Split-saved models with a mutated graph file or data file: opening them and reading every
    /// weight either works or gives a located error.
    @Test func mutatedSplitModelsNeverTrap() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let net = try #require(MindIRFixtures.plainNets.first { $0.network == "lenet" })
        let model = dir.appendingPathComponent("m.mindir").path
        let written = try MindIRCodec.write(
            try MindIRCodec.decode(path: net.path), to: model, options: .init(externalDataThreshold: 0))
        let dataFile = try #require(written.dataFilePath)
        let graphSeed = try MindIRFixtures.bytes(model)
        let dataSeed = try MindIRFixtures.bytes(dataFile)
        var rng = SeededGenerator(seed: 99)
        for round in 0..<max(1, CheckpointFuzzTests.iterations / 20) {
            let mutateGraph = round % 2 == 0
            try Data(mutateGraph ? CheckpointFuzzTests.mutate(graphSeed, &rng) : graphSeed)
                .write(to: URL(fileURLWithPath: model))
            try Data(mutateGraph ? dataSeed : CheckpointFuzzTests.mutate(dataSeed, &rng))
                .write(to: URL(fileURLWithPath: dataFile))
            do {
                let document = try MindIRCodec.decode(path: model)
                _ = try document.parameters()
            } catch {
                #expect(error.file != nil, "\(error)")
                #expect(error.offset != nil || error.code == .io || error.fieldPath == "ModelProto", "\(error)")
            }
        }
    }

    @Test func regressionFilesNeverTrap() throws {
        let folder = Project.root.appendingPathComponent("Tests/Fuzz/regressions/mindir")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files {
            _ = Self.exercise(try [UInt8](Data(contentsOf: folder.appendingPathComponent(file))))
        }
    }
}
