import Foundation
import Formats
import MSCrypto
import Testing
import TestSupport

/// The MindIR codec on files MindSpore 2.10 wrote: decoding, byte-exact re-encoding, encryption,
/// and files we write judged by MindSpore (`mindspore.load` + `nn.GraphCell`, bit-identical outputs).
@Suite struct MindIRCodecTests {
    @Test func everyFixtureDecodes() throws {
        for (path, key) in MindIRFixtures.allFiles {
            let document = try MindIRCodec.decode(path: path, key: key)
            #expect(document.model.producerName == "MindSpore", "\(path)")
            #expect(document.model.modelVersion == "2.10.0", "\(path)")
            #expect(document.model.mindIrVersion == 3, "\(path)")
            #expect(!document.model.graph.parameter.isEmpty, "\(path)")
            #expect((document.encryption != nil) == (key != nil), "\(path)")
            // Weights are views of the mapped file (or decrypted plaintext), not copies.
            for tensor in document.model.graph.parameter where tensor.rawData.count >= MindIRCodec.zeroCopyThreshold {
                #expect(document.rawDataView(of: tensor) != nil, "\(path): \(tensor.name)")
            }
        }
    }

    @Test func reEncodingIsByteExact() throws {
        for (path, key) in MindIRFixtures.allFiles {
            let original = try MindIRFixtures.bytes(path)
            let document = try MindIRCodec.decode(path: path, key: key)
            let encoded = try MindIRCodec.encode(document)
            if let key {
                // Encrypted files: the plaintext MindSpore serialized comes back exactly.
                #expect(encoded == (try MindSporeCipher.decrypt(original, key: key)), "\(path)")
            } else {
                #expect(encoded == original, "\(path)")
            }
        }
    }

    @Test func encryptedFixturesHoldTheSameWeightsAsThePlainOnes() throws {
        for net in MindIRFixtures.encryptedNets {
            let plainFile = try #require(MindIRFixtures.plainNets.first { $0.network == net.network })
            let plain = try MindIRCodec.decode(path: plainFile.path).parameters()
            let decrypted = try MindIRCodec.decode(path: net.path, key: net.key).parameters()
            #expect(plain.map(\.name) == decrypted.map(\.name))
            for (a, b) in zip(plain, decrypted) { #expect(a.bytes == b.bytes, "\(net.file): \(a.name)") }
        }
    }

    @Test func encryptedWithoutKeyOrWithTheWrongKeyIsALocatedError() throws {
        let net = try #require(MindIRFixtures.encryptedNets.first)
        func failure(_ body: () throws(FormatError) -> Void) -> FormatError? {
            do { try body() } catch { return error }
            return nil
        }
        let noKey = try #require(failure { () throws(FormatError) in _ = try MindIRCodec.decode(path: net.path) })
        #expect(noKey.code == .keyRequired)
        #expect(noKey.offset == 0)
        #expect(noKey.file == net.path)

        let wrong = try #require(failure { () throws(FormatError) in _ = try MindIRCodec.decode(path: net.path, key: [UInt8](repeating: 7, count: 16)) })
        #expect(wrong.code == .decryptionFailed)
        #expect(wrong.offset == 0)
        #expect(wrong.fieldPath == "block[0].tag")

        let shortKey = try #require(failure { () throws(FormatError) in _ = try MindIRCodec.decode(path: net.path, key: [1, 2, 3]) })
        #expect(shortKey.code == .badKey)

        let wrongMode = try #require(failure { () throws(FormatError) in _ = try MindIRCodec.decode(path: net.path, key: net.key, mode: .sm4CBC) })
        #expect(wrongMode.code == .decryptionFailed)
        #expect(wrongMode.fieldPath == "block[0].magic")
    }

    @Test func summaryNamesTheHeaderInputsAndPrimitives() throws {
        let net = try #require(MindIRFixtures.plainNets.first { $0.network == "lenet" })
        let document = try MindIRCodec.decode(path: net.path)
        let summary = document.summary
        #expect(summary.producerName == "MindSpore")
        #expect(summary.modelVersion == "2.10.0")
        #expect(summary.mindIRVersion == 3)
        #expect(summary.irVersion == document.model.irVersion)
        #expect(summary.inputs.count == document.model.graph.input.count)
        #expect(summary.inputs.first?.dtype == "Float32")
        #expect(summary.parameterCount == document.model.graph.parameter.count)
        let weights = try document.parameters()
        #expect(summary.parameterBytes == weights.reduce(0) { $0 + $1.bytes.count })
        let names = Set(summary.primitives.map(\.name))
        #expect(names.contains("Conv2D"))
        #expect(names.contains("Constant") || names.contains("MatMul"))
        #expect(summary.primitives.reduce(0) { $0 + $1.count } == summary.nodeCount)
        // Every REF:: to a primitive resolves to that primitive's op_type.
        #expect(!names.contains { $0.contains(":") })
    }

    /// Writes each network plain, encrypted in every mode, split, and split+encrypted; MindSpore
    /// must load every file and compute the fixture outputs bit for bit.
    @Test func filesWeWriteRunUnderMindSporeWithIdenticalOutputs() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let aes = MindIRFixtures.hexBytes("00112233445566778899aabbccddeeff0011223344556677")
        let sm4 = MindIRFixtures.hexBytes("0f0e0d0c0b0a09080706050403020100")
        var jobs: [MindSporeOracle.Job] = []
        for net in MindIRFixtures.nets {
            let document = try MindIRCodec.decode(path: net.path, key: net.key)
            let stem = dir.appendingPathComponent(URL(fileURLWithPath: net.file).deletingPathExtension().lastPathComponent).path
            let expect = Project.testdata(net.outputs)
            let inputs = Project.testdata(net.inputs)
            try MindIRCodec.write(document, to: stem + "_plain.mindir")
            jobs.append(.init(model: stem + "_plain.mindir", inputs: inputs, expect: expect))
            guard net.encryption == nil else { continue }
            for (mode, key) in [(CipherAlgorithm.aesGCM, aes), (.aesCBC, aes), (.sm4CBC, sm4)] {
                let path = stem + "_\(mode.rawValue).mindir"
                try MindIRCodec.write(document, to: path, options: .init(encryption: (mode, key)))
                let back = try MindIRCodec.decode(path: path, key: key)
                #expect(back.encryption == mode)
                #expect(try MindIRCodec.encode(back) == (try MindIRCodec.encode(document)))
                jobs.append(.init(model: path, inputs: inputs, expect: expect, key: MindIRFixtures.hex(key), mode: mode.rawValue))
            }
            let split = try MindIRCodec.write(document, to: stem + "_split.mindir", options: .init(externalDataThreshold: 0))
            #expect(split.externalTensors == document.model.graph.parameter.count)
            jobs.append(.init(model: stem + "_split.mindir", inputs: inputs, expect: expect))
            try MindIRCodec.write(
                document, to: stem + "_encsplit.mindir", options: .init(externalDataThreshold: 0, encryption: (.aesCBC, aes)))
            jobs.append(.init(model: stem + "_encsplit.mindir", inputs: inputs, expect: expect, key: MindIRFixtures.hex(aes), mode: "AES-CBC"))
            // Our split files read back with the same weights.
            for suffix in ["_split", "_encsplit"] {
                let back = try MindIRCodec.decode(path: stem + suffix + ".mindir", key: suffix == "_split" ? nil : aes)
                #expect(back.hasExternalData)
                let a = try back.parameters(), b = try document.parameters()
                #expect(a.map(\.name) == b.map(\.name))
                for (x, y) in zip(a, b) { #expect(x.bytes == y.bytes, "\(suffix) \(x.name)") }
            }
        }
        let answers = try MindSporeOracle.run(jobs)
        for (job, answer) in zip(jobs, answers) {
            #expect(answer == "identical", "\(URL(fileURLWithPath: job.model).lastPathComponent): \(answer)")
        }
    }

    @Test func writingNeverOverwritesTheInput() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.mindir").path
        try FileManager.default.copyItem(atPath: Project.testdata("models/convnet.mindir"), toPath: path)
        let document = try MindIRCodec.decode(path: path)
        #expect(throws: FormatError.self) { try MindIRCodec.write(document, to: path) }
        #expect(try MindIRFixtures.bytes(path) == (try MindIRFixtures.bytes(Project.testdata("models/convnet.mindir"))))
    }
}

/// Split-saved models made by MindSpore at test time (`TOTAL_SAVE = 0` forces the split path).
@Suite struct MindIRSplitSaveTests {
    @Test func mindSporeSplitModelsReadAndMatchTheInlineExport() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let net = try #require(MindIRFixtures.plainNets.first { $0.network == "resblock" })
        let key = "101112131415161718191a1b1c1d1e1f"
        try MindSporeOracle.export("resblock", to: dir.appendingPathComponent("plain").path, split: true)
        try MindSporeOracle.export("resblock", to: dir.appendingPathComponent("enc").path, split: true, key: key)

        let plainGraph = dir.appendingPathComponent("plain_graph.mindir").path
        let encGraph = dir.appendingPathComponent("enc_graph.mindir").path
        let mindSporeData = dir.appendingPathComponent("plain_variables/data_0").path
        #expect(FileManager.default.fileExists(atPath: mindSporeData))

        let inline = try MindIRCodec.decode(path: net.path)
        let reference = try inline.parameters()
        for (graph, k) in [(plainGraph, nil as [UInt8]?), (encGraph, MindIRFixtures.hexBytes(key))] {
            let split = try MindIRCodec.decode(path: graph, key: k)
            #expect(split.hasExternalData)
            #expect(try MindIRCodec.encode(split) == (try MindSporeCipher.decryptIfNeeded(graph, key: k)))
            // The summary counts external weights by their stored lengths, as the inline ones.
            #expect(split.summary.externalParameterCount == reference.count)
            #expect(split.summary.parameterBytes == inline.summary.parameterBytes)
            #expect(split.summary.primitives.elementsEqual(inline.summary.primitives, by: { $0 == $1 }))
            let weights = try split.parameters()
            #expect(weights.map(\.name) == reference.map(\.name))
            for (a, b) in zip(weights, reference) { #expect(a.bytes == b.bytes, "\(graph): \(a.name)") }
            if k == nil {
                // Plain external data is a view of the mapped data file.
                #expect(weights.allSatisfy { $0.bytes.chunks.first?.storage.isMapped == true })
            }
        }

        // Our split writer lays the data file out byte for byte as MindSpore does.
        let ours = dir.appendingPathComponent("ours.mindir").path
        let result = try MindIRCodec.write(inline, to: ours, options: .init(externalDataThreshold: 0))
        #expect(result.dataFilePath == dir.appendingPathComponent("ours_variables/data_0").path)
        #expect(try MindIRFixtures.bytes(try #require(result.dataFilePath)) == (try MindIRFixtures.bytes(mindSporeData)))
        let mine = try MindIRCodec.decode(path: ours)
        let theirs = try MindIRCodec.decode(path: plainGraph)
        for (a, b) in zip(mine.model.graph.parameter, theirs.model.graph.parameter) {
            #expect(a.externalData.offset == b.externalData.offset && a.externalData.length == b.externalData.length)
            #expect(a.externalData.location.replacingOccurrences(of: "ours_", with: "plain_") == b.externalData.location)
        }

        // MindSpore runs its split models, and ours re-written inline and split, with the fixture outputs.
        let inputs = Project.testdata(net.inputs), expect = Project.testdata(net.outputs)
        let split = try MindIRCodec.decode(path: plainGraph)
        try MindIRCodec.write(split, to: dir.appendingPathComponent("inlined.mindir").path, options: .init(externalDataThreshold: Int.max))
        let encSplit = try MindIRCodec.decode(path: encGraph, key: MindIRFixtures.hexBytes(key))
        try MindIRCodec.write(encSplit, to: dir.appendingPathComponent("resplit_graph.mindir").path)
        let answers = try MindSporeOracle.run([
            .init(model: plainGraph, inputs: inputs, expect: expect),
            .init(model: encGraph, inputs: inputs, expect: expect, key: key, mode: "AES-GCM"),
            .init(model: dir.appendingPathComponent("inlined.mindir").path, inputs: inputs, expect: expect),
            .init(model: dir.appendingPathComponent("resplit_graph.mindir").path, inputs: inputs, expect: expect),
            .init(model: ours, inputs: inputs, expect: expect),
        ])
        #expect(answers == Array(repeating: "identical", count: 5), "\(answers)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("resplit_variables/data_0").path))
    }
}

extension MindSporeCipher {
    /// The file's bytes, decrypted when a key is given.
    static func decryptIfNeeded(_ path: String, key: [UInt8]?) throws -> [UInt8] {
        let bytes = try MindIRFixtures.bytes(path)
        guard let key else { return bytes }
        return try decrypt(bytes, key: key)
    }
}
