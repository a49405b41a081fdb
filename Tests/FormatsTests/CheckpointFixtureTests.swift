import Foundation
import Formats
import MSCrypto
import TestSupport
import Testing

/// Every fixture MindSpore wrote decodes to exactly what MindSpore reports for it (testdata/MANIFEST.json).
@Suite struct CheckpointFixtureTests {
    static let manifest = Manifest.required

    static func options(for fixture: Manifest.Fixture) -> DecodingOptions {
        var options = DecodingOptions()
        if let encryption = fixture.encryption { options.key = SHA256.fromHex(encryption.key_hex) }
        return options
    }

    @Test(arguments: manifest.fixtures.map(\.file))
    func decodesToWhatMindSporeReports(file: String) throws {
        let fixture = try #require(Self.manifest.fixture(file))
        let storage = try ByteStorage.map(path: fixture.path)
        #expect(storage.count == fixture.bytes)
        let document = try CheckpointCodec.decode(storage, options: Self.options(for: fixture))
        let entries = try CheckpointCodec.entries(of: document, file: fixture.path)
        #expect(entries.map(\.name) == fixture.tensors.map(\.name))
        for (entry, expected) in zip(entries, fixture.tensors) {
            let tensor = try #require(entry.tensor, "\(entry.name) is not a plain tensor")
            #expect(tensor.tensorType.name == expected.dtype, "\(entry.name)")
            #expect(tensor.shape == expected.shape, "\(entry.name)")
            #expect(tensor.data.count == expected.bytes, "\(entry.name)")
            #expect(SHA256.hex(SHA256.hash(tensor.data.bytes)) == expected.sha256, "\(entry.name)")
        }
        #expect((document.storedCRC != nil) == fixture.crc)
        #expect(document.encryption?.rawValue == fixture.encryption?.mode)
    }

    @Test(arguments: manifest.fixtures.filter { $0.encryption == nil }.map(\.file))
    func reencodesByteForByte(file: String) throws {
        let fixture = try #require(Self.manifest.fixture(file))
        let storage = try ByteStorage.map(path: fixture.path)
        let document = try CheckpointCodec.decode(storage)
        let encoded = CheckpointCodec.encode(document)
        #expect(encoded == storage.view.bytes)
        #expect(try decodeAgain(encoded) == document)

        // The streaming writer gives the same bytes as the in-memory encoder.
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("copy.ckpt").path
        try CheckpointCodec.write(document, to: out, options: CheckpointWriteOptions(crc: fixture.crc))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(storage.view.bytes))
    }

    func decodeAgain(_ bytes: [UInt8]) throws -> CheckpointDocument {
        try CheckpointCodec.decode(ByteStorage(bytes: bytes))
    }

    @Test(arguments: manifest.fixtures.filter { $0.encryption != nil }.map(\.file))
    func encryptedFixturesDecryptToThePlainCheckpoint(file: String) throws {
        let fixture = try #require(Self.manifest.fixture(file))
        let plain = try CheckpointCodec.decode(path: Project.testdata("ckpt/convnet.ckpt"))
        let decrypted = try CheckpointCodec.decode(path: fixture.path, options: Self.options(for: fixture))
        #expect(decrypted.records == plain.records)
        #expect(CheckpointCodec.encode(decrypted, crc: false) == CheckpointCodec.encode(plain, crc: false))
        if let expected = fixture.plaintext_sha256 {
            #expect(SHA256.hex(SHA256.hash(CheckpointCodec.encode(decrypted, crc: false))) == expected)
        }
    }

    @Test func tensorsAreViewsIntoTheMap() throws {
        let fixture = try #require(Self.manifest.fixture("ckpt/convnet.ckpt"))
        let storage = try ByteStorage.map(path: fixture.path)
        #expect(storage.isMapped)
        let entries = try CheckpointCodec.entries(of: CheckpointCodec.decode(storage))
        for entry in entries {
            let tensor = try #require(entry.tensor)
            for chunk in tensor.data.chunks { #expect(chunk.storage === storage) }
        }
    }

    @Test func stringEntriesReadAsText() throws {
        let document = try CheckpointCodec.decode(path: Project.testdata("ckpt/dtypes.ckpt"))
        let entries = try CheckpointCodec.entries(of: document)
        let note = try #require(entries.first { $0.name == "note" }?.tensor)
        #expect(note.stringValue == "héllo wörld")
        let emoji = try #require(entries.first { $0.name == "emoji" }?.tensor)
        #expect(emoji.stringValue == "a😀z")
    }
}
