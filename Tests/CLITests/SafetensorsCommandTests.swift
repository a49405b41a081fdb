// `mshub convert` between CKPT and safetensors and `mshub inspect` on safetensors, checked against what
// MindSpore reported for the fixtures (testdata/MANIFEST.json) and against PyPI `safetensors` reading the
// files written (scripts/safetensors_oracle.py).

import Foundation
import Testing
import TestSupport

@Suite("mshub convert/inspect safetensors")
struct SafetensorsCommandTests {
    static func fixture(_ file: String) throws -> Manifest.Fixture {
        try #require(Manifest.cliFixtures.first { $0.file == file }, "\(file) is not in MANIFEST.json")
    }

    @Test func convertCkptToSafetensorsAndBack() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let convnet = try Self.fixture("ckpt/convnet.ckpt")
        let st = dir.url.appendingPathComponent("convnet.safetensors").path
        let toST = try CLI.mshub(["convert", convnet.path, st])
        #expect(toST.status == 0, "\(toST.err)")
        #expect(toST.out.contains("9 tensors"))

        // The reference reader sees MindSpore's tensors (sorted by name, as MindSpore writes them).
        let loaded = try SafetensorsOracle.load(st)
        #expect(loaded.metadata == ["format": "ms"])
        let expected = convnet.tensors.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        #expect(Set(loaded.tensors.map(\.name)) == Set(expected.map(\.name)))
        for tensor in expected {
            let theirs = try #require(loaded.tensors.first { $0.name == tensor.name })
            #expect(theirs.sha256 == tensor.sha256)
            #expect(theirs.shape == tensor.shape)
        }

        // inspect lists the safetensors tensors with the CKPT fields.
        let inspect = try CLI.mshub(["inspect", "--json", st])
        #expect(inspect.status == 0, "\(inspect.err)")
        let report = try JSONDecoder().decode(InspectJSON.self, from: inspect.stdout)
        #expect(report.format == "safetensors")
        let listed = try #require(report.tensors)
        #expect(listed.map(\.name) == loaded.tensors.map(\.name))
        #expect(listed.allSatisfy { $0.dtype == "float32" && $0.stored_type == "F32" })
        #expect(listed.map(\.bytes).reduce(0, +) == expected.map(\.bytes).reduce(0, +))

        // Back to CKPT: MindSpore's load_checkpoint reads our file to the fixture's tensors.
        let ckpt = dir.url.appendingPathComponent("back.ckpt").path
        let toCkpt = try CLI.mshub(["convert", st, ckpt])
        #expect(toCkpt.status == 0, "\(toCkpt.err)")
        let reloaded = try SafetensorsOracle.mindsporeLoad(ckpt, format: "ckpt")
        #expect(reloaded.map(\.name) == expected.map(\.name))
        for (ours, theirs) in zip(reloaded, expected) {
            #expect(ours.sha256 == theirs.sha256)
            #expect(ours.dtype == theirs.dtype)
        }
    }

    @Test func encryptedCheckpointNeedsItsKey() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let fixture = try #require(Manifest.encrypted.first)
        let output = dir.url.appendingPathComponent("x.safetensors").path
        let refused = try CLI.mshub(["convert", fixture.path, output])
        #expect(refused.status == 2)
        #expect(!FileManager.default.fileExists(atPath: output))
        let key = try #require(fixture.encryption?.key_hex)
        let converted = try CLI.mshub(["convert", "--key", key, fixture.path, output])
        #expect(converted.status == 0, "\(converted.err)")
        let loaded = try SafetensorsOracle.load(output)
        #expect(Set(loaded.tensors.map(\.sha256)) == Set(fixture.tensors.map(\.sha256)))
    }

    /// Hostile files: exit 2, a located message naming the file on stderr, and no output file.
    @Test(arguments: [
        ("past-end", [UInt8](arrayLiteral: 0x00, 0x10, 0, 0, 0, 0, 0, 0) + Array(#"{"a":1}"#.utf8) + [0x20]),
        ("dup", Self.file(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#, [1])),
        ("dtype", Self.file(#"{"a":{"dtype":"Q8","shape":[1],"data_offsets":[0,1]}}"#, [1])),
        ("gap", Self.file(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, [1, 2])),
        ("negative", Self.file(#"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#, [1])),
        ("overflow", Self.file(#"{"a":{"dtype":"U8","shape":[9223372036854775807,3],"data_offsets":[0,1]}}"#, [1])),
        ("deep", Self.file(#"{"__metadata__":"# + String(repeating: "[", count: 100_000) + "}", [])),
    ])
    func corruptFilesExitTwo(_ name: String, _ bytes: [UInt8]) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let input = try dir.write("\(name).safetensors", Data(bytes))
        let inspect = try CLI.mshub(["inspect", input.path])
        #expect(inspect.status == 2, "\(name): \(inspect.err)")
        #expect(inspect.err.contains("\(name).safetensors"), "\(name): \(inspect.err)")
        let output = dir.url.appendingPathComponent("out.ckpt").path
        let convert = try CLI.mshub(["convert", input.path, output])
        #expect(convert.status == 2, "\(name): \(convert.err)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(!convert.err.contains("Fatal error"))
    }

    static func file(_ header: String, _ data: [UInt8]) -> [UInt8] {
        var json = Array(header.utf8)
        json += Array(repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8)
        return (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * UInt64($0))) } + json + data
    }
}
