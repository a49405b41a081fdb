// `mshub inspect --json` against testdata/MANIFEST.json (written by scripts/make-testdata.py from what
// MindSpore itself reports) and against `sha256sum` for the whole-file digest.

import Foundation
import Testing

/// `mshub inspect --json` output, typed (a wrong JSON type fails decoding).
struct InspectJSON: Decodable {
    struct Tensor: Decodable {
        var name: String
        var dtype: String
        var stored_type: String
        var shape: [Int]
        var bytes: Int
    }
    var path: String
    var format: String
    var bytes: Int
    var sha256: String?
    var encrypted: Bool
    var encryption: String?
    var crc: Bool
    var tensors: [Tensor]?
}

@Suite("mshub inspect --json")
struct InspectCommandTests {
    @Test("MANIFEST.json lists the ckpt fixtures")
    func manifestIsReadable() throws {
        let manifest = try Manifest.load()
        #expect(manifest.fixtures.count >= 6)
        #expect(Manifest.encrypted.count >= 3)
        for fixture in manifest.fixtures {
            #expect(FileManager.default.fileExists(atPath: fixture.url.path), "\(fixture.file) is missing")
        }
    }

    /// Runs `inspect --json` and decodes the one document; also returns the raw object.
    private func inspect(
        _ args: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (report: InspectJSON, raw: [String: Any]) {
        let result = try CLI.mshub(["inspect", "--json"] + args)
        try #require(
            result.status == 0, "inspect \(args) exited \(result.status): \(result.err)", sourceLocation: sourceLocation)
        let raw = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
            "stdout is not one JSON object: \(result.out)", sourceLocation: sourceLocation)
        let report = try JSONDecoder().decode(InspectJSON.self, from: result.stdout)
        return (report, raw)
    }

    private func sha256sumOf(_ url: URL) throws -> String {
        let result = try CLI.sha256sum([url.path])
        try #require(result.status == 0, "\(result.err)")
        return String(result.out.prefix(64))
    }

    @Test("every fixture: format, size, digest, encryption and the tensor list", arguments: Manifest.cliFixtures)
    func fixture(_ fixture: Manifest.Fixture) throws {
        var args = [fixture.url.path]
        if let encryption = fixture.encryption { args += ["--key", encryption.key_hex] }
        let (report, raw) = try inspect(args)

        #expect(report.path == fixture.url.path)
        #expect(report.format == "ckpt")
        #expect(report.bytes == fixture.bytes)
        let oracleDigest = try sha256sumOf(fixture.url)
        #expect(report.sha256 == oracleDigest)
        #expect(oracleDigest == fixture.sha256, "the fixture on disk differs from MANIFEST.json")
        #expect(report.encrypted == (fixture.encryption != nil))
        #expect((raw["encryption"] is NSNull) == (fixture.encryption == nil))
        #expect(report.encryption == fixture.encryption?.mode)
        #expect(report.crc == fixture.crc)

        let tensors = try #require(report.tensors, "tensors is null although a key was given: \(raw)")
        #expect(tensors.map(\.name) == fixture.tensors.map(\.name))
        for (got, want) in zip(tensors, fixture.tensors) {
            #expect(got.stored_type == want.dtype, "\(want.name): stored_type")
            #expect(got.dtype == got.dtype.lowercased() && !got.dtype.isEmpty, "\(want.name): dtype \(got.dtype)")
            #expect(got.shape == want.shape, "\(want.name): shape")
            #expect(got.bytes == want.bytes, "\(want.name): bytes")
        }
    }

    @Test("encrypted fixture without a key: exit 0, encrypted, no tensor list", arguments: Manifest.encrypted)
    func encryptedWithoutKey(_ fixture: Manifest.Fixture) throws {
        let (report, raw) = try inspect([fixture.url.path])
        #expect(report.format == "ckpt")
        #expect(report.encrypted == true)
        #expect(report.bytes == fixture.bytes)
        #expect(report.sha256 == (try sha256sumOf(fixture.url)))
        #expect(raw.keys.contains("tensors"), "the key should be present, with null")
        #expect(raw["tensors"] is NSNull, "tensors: \(String(describing: raw["tensors"]))")
    }

    @Test("several files: one JSON document per line, in argument order")
    func severalFiles() throws {
        let files = Manifest.cliFixtures.filter { $0.encryption == nil }
        try #require(files.count >= 2)
        let result = try CLI.mshub(["inspect", "--json"] + files.map(\.url.path))
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == files.count + 1 && lines.last == "", "expected \(files.count) lines: \(result.out)")
        for (line, fixture) in zip(lines, files) {
            let report = try JSONDecoder().decode(InspectJSON.self, from: Data(line.utf8))
            #expect(report.path == fixture.url.path)
            #expect(report.tensors?.count == fixture.tensors.count)
        }
    }

    @Test("--no-hash leaves sha256 null but still lists tensors")
    func noHash() throws {
        let fixture = try #require(Manifest.cliFixtures.first { $0.file == "ckpt/convnet.ckpt" })
        let (report, raw) = try inspect(["--no-hash", fixture.url.path])
        #expect(raw["sha256"] is NSNull)
        #expect(report.tensors?.count == fixture.tensors.count)
    }

    @Test("--key-file works like --key")
    func keyFile() throws {
        let fixture = try #require(Manifest.cliFixtures.first { $0.encryption?.mode == "AES-CBC" })
        let dir = try TempDir()
        defer { dir.remove() }
        let hex = try #require(fixture.encryption?.key_hex)
        let keyBytes = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
        let keyURL = try dir.write("key.bin", Data(keyBytes))
        let (report, _) = try inspect(["--key-file", keyURL.path, fixture.url.path])
        #expect(report.tensors?.map(\.name) == fixture.tensors.map(\.name))
    }

    @Test("text output names the digest and the tensor count")
    func textOutput() throws {
        let fixture = try #require(Manifest.cliFixtures.first { $0.file == "ckpt/convnet.ckpt" })
        let result = try CLI.mshub(["inspect", fixture.url.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains(fixture.sha256))
        #expect(result.out.contains("\(fixture.tensors.count)"))
        for tensor in fixture.tensors { #expect(result.out.contains(tensor.name)) }
    }
}
