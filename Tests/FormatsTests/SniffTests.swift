import Foundation
import Formats
import MSCrypto
import TestSupport
import Testing

/// The "models" list of testdata/MANIFEST.json: the conv net written by MindSpore as MindIR, ONNX,
/// safetensors and encrypted MindIR (scripts/make-testdata.py).
struct ModelsManifest: Decodable, Sendable {
    struct Model: Decodable, Sendable {
        let file: String
        let format: String
        let made_by: String
        let sha256: String
        let bytes: Int
        let encryption: Manifest.Encryption?

        var path: String { Project.testdata(file) }
    }
    let models: [Model]

    static func load() throws -> ModelsManifest {
        let data = try Data(contentsOf: URL(fileURLWithPath: Project.testdata("MANIFEST.json")))
        return try JSONDecoder().decode(ModelsManifest.self, from: data)
    }
}

/// Byte builders for hand-made prefixes, written from FORMATS.md §0 (independent of the sniffer).
private enum Bytes {
    static func varint(_ value: UInt64) -> [UInt8] { ProtoBytes.varint(value) }

    /// A length-delimited field (wire type 2).
    static func field(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] { ProtoBytes.lengthDelimited(number, payload) }

    static func field(_ number: UInt64, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    /// A varint field (wire type 0).
    static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] {
        varint(number << 3) + varint(value)
    }

    static func u32LE(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func u64LE(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }

    static func random(count: Int, seed: UInt64) -> [UInt8] { seededBytes(count, seed: seed) }

    // MARK: Formats

    /// `ge.proto.ModelDef`: name (1), version (2), custom_version (3), graph (7) holding a GraphDef with
    /// a `Data` and a `NetOutput` OpDef, then an attr map entry (11).
    static func air(name: String = "convnet", withAttr: Bool = true) -> [UInt8] {
        let data = field(1, "x") + field(2, "Data")
        let output = field(1, "Node_Output") + field(2, "NetOutput") + field(5, "x:0")
        let graph = field(1, "main_graph") + field(4, "x") + field(5, "Node_Output") + field(6, data) + field(6, output)
        var model = (name.isEmpty ? [] : field(1, name)) + varintField(2, 1) + field(3, "1.0") + field(7, graph)
        if withAttr { model += field(11, field(1, "soc_version") + field(2, field(2, "Ascend910"))) }
        return model
    }

    /// A FlatBuffers buffer: u32 root offset, a 4-byte identifier, then a tiny root table.
    static func flatbuffer(identifier: String) -> [UInt8] {
        precondition(identifier.utf8.count == 4)
        // vtable at 8: [vtable size 6, table size 8, field0 at 4]; table at 16: soffset (16 - 8 = 8), u32 7.
        let vtable: [UInt8] = [6, 0, 8, 0, 4, 0, 0, 0]
        let table: [UInt8] = u32LE(8) + u32LE(7)
        return u32LE(16) + Array(identifier.utf8) + vtable + table
    }

    /// A safetensors file: u64 LE header length, JSON header (space-padded to 8 bytes), then data.
    static func safetensors(metadata: String?) -> [UInt8] {
        var json = "{"
        if let metadata { json += "\"__metadata__\":\(metadata)," }
        json += "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        let data: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]  // 1.0, 2.0
        return u64LE(UInt64(header.count)) + header + data
    }

    /// `onnx.ModelProto`: ir_version (1, varint), producer_name (2), graph (7), opset_import (8).
    static func onnx(irVersion: UInt64 = 7, producer: Bool = true) -> [UInt8] {
        let node = field(1, "x") + field(2, "y") + field(4, "Relu")
        let graph = field(1, node) + field(2, "g")
        let opset = varintField(2, 13)
        return varintField(1, irVersion) + (producer ? field(2, "MindSpore") + field(3, "1.0") : []) + field(7, graph)
            + field(8, opset)
    }

    /// `mind_ir.ModelProto` header as FORMATS.md §0 gives it: `0A 05 "0.1.1" 12 09 "MindSpore"`.
    static func mindir(version: String = "0.1.1") -> [UInt8] {
        field(1, version) + field(2, "MindSpore") + field(5, "2.10.0") + field(7, field(2, "graph"))
    }

    static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR".utf8)
        + [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89]
}

@Suite struct SniffTests {
    static let manifest = Manifest.required
    static let models: [ModelsManifest.Model] = {
        do { return try ModelsManifest.load().models } catch {
            fatalError("cannot read \"models\" in testdata/MANIFEST.json: \(error)")
        }
    }()

    static func sniff(_ bytes: [UInt8], hint: String? = nil) -> SniffResult? {
        bytes.withUnsafeBytes { ModelFormat.sniff($0, hint: hint) }
    }

    /// Writes `bytes` to `name` in a fresh directory and opens it with `ModelFile.open`.
    static func open(_ bytes: [UInt8], named name: String) throws -> Result<ModelFile, FormatError> {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do { return .success(try ModelFile.open(path)) } catch { return .failure(error) }
    }

    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    // MARK: Files MindSpore wrote

    @Test func manifestListsTheModelsMindSporeWrote() {
        let formats = Set(Self.models.map(\.format))
        #expect(formats.isSuperset(of: ["mindir", "onnx", "safetensors"]), "models: \(formats.sorted())")
        #expect(Self.models.contains { $0.encryption != nil && $0.format == "mindir" }, "no encrypted MindIR")
        #expect(Self.manifest.fixtures.count >= 6)
        for model in Self.models {
            #expect(ModelFormat(rawValue: model.format) != nil, "\(model.file): unknown format \(model.format)")
            #expect(model.bytes < 256 * 1024, "\(model.file) is \(model.bytes) bytes")
        }
    }

    @Test(arguments: manifest.fixtures.map(\.file))
    func checkpointFixtureSniffsAsCkpt(file: String) throws {
        let fixture = try #require(Self.manifest.fixture(file))
        let model = try ModelFile.open(fixture.path)
        #expect(model.format == .ckpt)
        #expect(model.sniff.hasCRCTrailer == fixture.crc)
        if let encryption = fixture.encryption {
            #expect(model.sniff.encryption == CipherMode(name: encryption.mode))
            #expect(model.sniff.encryption?.rawValue == encryption.mode)
            #expect(!model.sniff.fromContent)
        } else {
            #expect(model.sniff.encryption == nil)
            #expect(model.sniff.fromContent)
        }
    }

    @Test(arguments: models.map(\.file))
    func modelFileSniffsAsRecordedFormat(file: String) throws {
        let entry = try #require(Self.models.first { $0.file == file })
        let expected = try #require(ModelFormat(rawValue: entry.format))
        let bytes = try Self.read(entry.path)
        #expect(bytes.count == entry.bytes)
        #expect(try sha256sum(Data(bytes)) == entry.sha256, "\(file) differs from what the manifest records")

        let model = try ModelFile.open(entry.path)
        #expect(model.format == expected, "first 32 bytes: \(bytes.prefix(32).map { String(format: "%02x", $0) }.joined())")
        #expect(!model.sniff.hasCRCTrailer)
        if let encryption = entry.encryption {
            #expect(model.sniff.encryption == CipherMode(name: encryption.mode))
            #expect(!model.sniff.fromContent)
        } else {
            #expect(model.sniff.encryption == nil)
            #expect(model.sniff.fromContent)
            // Content alone decides: no hint, or a misleading one, gives the same answer.
            #expect(Self.sniff(bytes)?.format == expected)
            for wrong in ["model.ckpt", "model.mindir", "model.onnx", "model.air", "model.ms", "model.safetensors"] {
                #expect(Self.sniff(bytes, hint: wrong)?.format == expected, "hint \(wrong)")
            }
            // The sniffing prefix alone is enough.
            #expect(Self.sniff(Array(bytes.prefix(ModelFormat.sniffPrefixLength)))?.format == expected)
        }
    }

    @Test func realMindIRAndONNXStartAsFormatsSectionZeroSays() throws {
        let mindir = try Self.read(Project.testdata("models/convnet.mindir"))
        // 0A <len> <digits and dots> 12 09 "MindSpore"
        #expect(mindir.first == 0x0A)
        let versionLength = Int(mindir[1])
        let version = mindir[2..<(2 + versionLength)]
        #expect(version.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }, "\(Array(version))")
        #expect(Array(mindir[(2 + versionLength)..<(2 + versionLength + 11)]) == [0x12, 0x09] + Array("MindSpore".utf8))

        let onnx = try Self.read(Project.testdata("models/convnet.onnx"))
        #expect(onnx[0] == 0x08)
        #expect((3...14).contains(onnx[1]))

        let safetensors = try Self.read(Project.testdata("models/convnet.safetensors"))
        let headerLength = Int(safetensors[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        let header = String(decoding: safetensors[8..<(8 + headerLength)], as: UTF8.self)
        #expect(header.contains("\"__metadata__\":{\"format\":\"ms\"}"))
    }

    // MARK: Encrypted files: the extension decides between CKPT and MindIR

    @Test(arguments: ["convnet_aes_gcm.ckpt", "convnet_aes_cbc.ckpt", "convnet_sm4_cbc.ckpt"])
    func encryptedCheckpointRenamed(file: String) throws {
        let fixture = try #require(Self.manifest.fixture("ckpt/" + file))
        let mode = try #require(fixture.encryption.flatMap { CipherMode(name: $0.mode) })
        let bytes = try Self.read(fixture.path)

        for (name, expected) in [("renamed.mindir", ModelFormat.mindir), ("renamed", .ckpt), ("renamed.MINDIR", .mindir),
                                 ("renamed.onnx", .ckpt), ("renamed.ckpt", .ckpt)] {
            let result = try Self.open(bytes, named: name)
            let model = try result.get()
            #expect(model.format == expected, "\(name)")
            #expect(model.sniff.encryption == mode, "\(name)")
            #expect(!model.sniff.fromContent, "\(name)")
            #expect(!model.sniff.hasCRCTrailer, "\(name)")
        }
    }

    @Test func encryptedMindIRWithoutExtensionReadsAsCkpt() throws {
        let entry = try #require(Self.models.first { $0.encryption != nil && $0.format == "mindir" })
        let bytes = try Self.read(entry.path)
        #expect(Array(bytes.prefix(4)) == Bytes.u32LE(CipherMode.aesGCM.magic))
        let bare = try Self.open(bytes, named: "model").get()
        #expect(bare.format == .ckpt)
        #expect(bare.sniff.encryption == .aesGCM)
        let named = try Self.open(bytes, named: "model.mindir").get()
        #expect(named.format == .mindir)
        #expect(named.sniff.encryption == .aesGCM)
    }

    // MARK: Hand-built prefixes (FORMATS.md §0)

    @Test func handBuiltAIR() throws {
        let air = Bytes.air()
        #expect(Array(air.prefix(2)) == [0x0A, 0x07])
        #expect(Self.sniff(air) == SniffResult(format: .air))
        #expect(Self.sniff(air, hint: "x.mindir")?.format == .air)
        #expect(Self.sniff(air, hint: "x.ckpt")?.format == .air)
        // proto3 leaves an empty name out, so the file may start at field 2 (0x10).
        let nameless = Bytes.air(name: "")
        #expect(nameless.first == 0x10)
        #expect(Self.sniff(nameless)?.format == .air)
        #expect(Self.sniff(Bytes.air(withAttr: false))?.format == .air)
        // A graph much longer than the sniffing prefix still sniffs.
        let big = Bytes.air() + [UInt8](repeating: 0, count: 10_000)
        let bigGraph = Bytes.field(1, "convnet") + Bytes.varintField(2, 1) + Bytes.field(7, big)
        #expect(Self.sniff(bigGraph)?.format == .air)
        #expect(try Self.open(air, named: "model.air").get().format == .air)
        // No graph (field 7): not enough to call it AIR.
        #expect(Self.sniff(Bytes.field(1, "convnet") + Bytes.varintField(2, 1)) == nil)
    }

    @Test func handBuiltMindSporeLite() throws {
        let ms = Bytes.flatbuffer(identifier: "MSL2")
        #expect(Array(ms[4..<8]) == Array("MSL2".utf8))
        #expect(Self.sniff(ms) == SniffResult(format: .mslite))
        #expect(Self.sniff(ms, hint: "x.ckpt")?.format == .mslite)
        #expect(try Self.open(ms, named: "model.ms").get().format == .mslite)
        #expect(try Self.open(ms, named: "model").get().format == .mslite)
    }

    /// Netron treats `MSL1` as a deprecated format; mshub reads only MSL2, so by content it is no format at all.
    @Test func legacyMSL1IsNotMindSporeLite() throws {
        let legacy = Bytes.flatbuffer(identifier: "MSL1")
        #expect(Self.sniff(legacy) == nil)
        #expect(Self.sniff(legacy, hint: "model.ms") == nil)
        let error = try #require(try Self.open(legacy, named: "model.ms").failure)
        #expect(error.code == .unknownFormat)
        #expect(error.offset == 0)
    }

    @Test func handBuiltSafetensors() throws {
        let ms = Bytes.safetensors(metadata: #"{"format":"ms"}"#)
        #expect(Array(ms[8..<24]) == Array(#"{"__metadata__":"#.utf8))
        #expect(Self.sniff(ms) == SniffResult(format: .safetensors))
        #expect(Self.sniff(ms, hint: "x.ckpt")?.format == .safetensors)
        #expect(try Self.open(ms, named: "model.safetensors").get().format == .safetensors)
        #expect(try Self.open(ms, named: "model.bin").get().format == .safetensors)
        let withCRC = Bytes.safetensors(metadata: #"{"format":"ms","remove_redundancy":"False","crc_num":"12345"}"#)
        #expect(Self.sniff(withCRC)?.format == .safetensors)
        // Any safetensors file is one, MindSpore metadata or not.
        #expect(Self.sniff(Bytes.safetensors(metadata: nil))?.format == .safetensors)
        // A JSON header whose declared length is absurd is not safetensors.
        var huge = ms
        huge.replaceSubrange(0..<8, with: Bytes.u64LE(1 << 40))
        #expect(Self.sniff(huge) == nil)
    }

    @Test func handBuiltONNX() throws {
        let onnx = Bytes.onnx()
        #expect(Array(onnx.prefix(3)) == [0x08, 0x07, 0x12])
        #expect(Self.sniff(onnx) == SniffResult(format: .onnx))
        #expect(Self.sniff(onnx, hint: "x.mindir")?.format == .onnx)
        for version in [3, 4, 8, 10, 14] as [UInt64] {
            #expect(Self.sniff(Bytes.onnx(irVersion: version))?.format == .onnx, "ir_version \(version)")
        }
        // Without producer fields the next key is the graph (0x3A).
        let bare = Bytes.onnx(producer: false)
        #expect(bare[2] == 0x3A)
        #expect(Self.sniff(bare)?.format == .onnx)
        #expect(try Self.open(onnx, named: "model.onnx").get().format == .onnx)
        // 0x08 then garbage is not ONNX.
        #expect(Self.sniff([0x08, 0x07, 0xFF, 0xFF, 0xFF]) == nil)
    }

    @Test func handBuiltMindIRHeader() throws {
        let mindir = Bytes.mindir()
        #expect(Array(mindir.prefix(18)) == [0x0A, 0x05] + Array("0.1.1".utf8) + [0x12, 0x09] + Array("MindSpore".utf8))
        #expect(Self.sniff(mindir) == SniffResult(format: .mindir))
        #expect(Self.sniff(Bytes.mindir(version: "0.1.0"))?.format == .mindir)
        #expect(Self.sniff(Bytes.mindir(version: "1.1"))?.format == .mindir)
        #expect(Self.sniff(mindir, hint: "x.ckpt")?.format == .mindir)
    }

    // MARK: Negatives

    @Test func emptyFile() throws {
        #expect(Self.sniff([]) == nil)
        let error = try #require(try Self.open([], named: "empty.bin").failure)
        #expect(error.code == .unknownFormat)
        #expect(error.offset == 0)
        // An empty file has no content to go by: only the extension names it, and says so.
        let hinted = try Self.open([], named: "empty.ckpt").get()
        #expect(hinted.format == .ckpt)
        #expect(!hinted.sniff.fromContent)
        #expect(hinted.sniff.encryption == nil)
    }

    @Test(arguments: [1, 2, 3, 42, 20_240_501] as [UInt64])
    func randomBytesAreNoFormat(seed: UInt64) throws {
        let bytes = Bytes.random(count: 4096, seed: seed)
        #expect(Self.sniff(bytes) == nil, "seed \(seed): first bytes \(bytes.prefix(8).map { String(format: "%02x", $0) })")
        let error = try #require(try Self.open(bytes, named: "random.bin").failure)
        #expect(error.code == .unknownFormat)
        #expect(error.offset == 0)
    }

    @Test func textFileIsNoFormat() throws {
        let texts = [
            "Hello, world!\nThis is not a model.\n",
            "# mshub\n\nA README with some words: ckpt, mindir, onnx.\n",
            "{\"not\": \"safetensors\", \"format\": \"ms\"}\n",
            "<?xml version=\"1.0\"?><model/>\n",
        ]
        for text in texts {
            #expect(Self.sniff(Array(text.utf8)) == nil, "\(text)")
            #expect(Self.sniff(Array(text.utf8), hint: "model.txt") == nil, "\(text)")
        }
        let error = try #require(try Self.open(Array(texts[0].utf8), named: "notes.txt").failure)
        #expect(error.code == .unknownFormat)
    }

    @Test func pngIsNoFormat() throws {
        #expect(Self.sniff(Bytes.png) == nil)
        #expect(Self.sniff(Bytes.png + Bytes.random(count: 512, seed: 9)) == nil)
        let error = try #require(try Self.open(Bytes.png, named: "image.png").failure)
        #expect(error.code == .unknownFormat)
    }

    /// Cut-off real files (and every short prefix of them) never trap; a result, if any, is the right format.
    @Test(arguments: manifest.fixtures.map(\.file) + models.map(\.file))
    func truncatedRealFilesDoNotCrash(file: String) throws {
        let expected: ModelFormat =
            Self.models.first { $0.file == file }.flatMap { ModelFormat(rawValue: $0.format) } ?? .ckpt
        let bytes = try Self.read(Project.testdata(file))
        let ext = "." + ((file as NSString).pathExtension)

        let three = Array(bytes.prefix(3))
        switch try Self.open(three, named: "cut" + ext) {
        case .success(let model): #expect(model.format == expected, "3-byte \(file) sniffed as \(model.format)")
        case .failure(let error): #expect(error.code == .unknownFormat)
        }
        for length in Array(0...64) + [100, 1000, 4095, 4096, 4097, bytes.count - 17, bytes.count - 1] {
            let cut = Array(bytes.prefix(max(0, length)))
            for hint in [nil, "cut" + ext, "cut.mindir"] as [String?] {
                if let result = Self.sniff(cut, hint: hint), result.fromContent {
                    #expect(result.format == expected, "\(file) cut to \(length) sniffed as \(result.format)")
                }
            }
        }
    }

    // MARK: I/O errors

    @Test func nonexistentPathThrowsIO() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("missing.ckpt").path
        let error = try #require(#expect(throws: FormatError.self) { try ModelFile.open(path) })
        #expect(error.code == .io)
        #expect(error.file == path)
    }

    @Test func directoryThrowsIO() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("model.mindir")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let error = try #require(#expect(throws: FormatError.self) { try ModelFile.open(sub.path) })
        #expect(error.code == .io)
    }

    @Test func randomFileThrowsUnknownFormatAtOffsetZero() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("random.ckpt").path
        try Data(Bytes.random(count: 1000, seed: 7)).write(to: URL(fileURLWithPath: path))
        let error = try #require(#expect(throws: FormatError.self) { try ModelFile.open(path) })
        #expect(error.code == .unknownFormat)
        #expect(error.offset == 0)
        #expect(error.file == path)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
