// Exit codes (DESIGN §3/§7): 0 ok, 1 verification failed, 2 bad input, 64 usage.
// Bad input must also say where: the file's path and a hex offset (`0x…`) on stderr.

import Foundation
import Testing

@Suite("mshub exit codes")
struct ExitCodeTests {
    private static let convnet = "ckpt/convnet.ckpt"
    private static let convnetCRC = "ckpt/convnet_crc.ckpt"

    /// Expects `inspect` of `file` to be rejected as bad input, with a located message.
    private func expectBadInput(
        _ file: URL, extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for json in [false, true] {
            let args = ["inspect"] + (json ? ["--json"] : []) + extra + [file.path]
            let result = try CLI.mshub(args)
            #expect(
                result.status == 2, "\(args.joined(separator: " ")) exited \(result.status); stderr: \(result.err)",
                sourceLocation: sourceLocation)
            #expect(result.err.contains(file.path), "stderr should name the file: \(result.err)", sourceLocation: sourceLocation)
            #expect(result.err.contains("0x"), "stderr should give an offset: \(result.err)", sourceLocation: sourceLocation)
            #expect(
                !result.out.contains("conv1.weight"), "no tensor list for a rejected file: \(result.out)",
                sourceLocation: sourceLocation)
        }
    }

    /// The bytes of the fixture, and where its first record (field 1 of Checkpoint: tag 0x0a + varint length) ends.
    private func firstRecord(_ data: Data) throws -> (headerEnd: Int, end: Int) {
        let bytes = [UInt8](data)
        try #require(bytes.first == 0x0A, "convnet.ckpt should start with tag 0x0a")
        var length = 0
        var shift = 0
        var index = 1
        while true {
            let byte = bytes[index]
            length |= Int(byte & 0x7F) << shift
            index += 1
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        try #require(index + length < bytes.count)
        return (index, index + length)
    }

    @Test("truncated in the middle of the first record → 2, located")
    func truncatedFirstRecord() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let data = try Data(contentsOf: CLI.testdata.appendingPathComponent(Self.convnet))
        let (headerEnd, end) = try firstRecord(data)
        let file = try dir.write("truncated.ckpt", data.prefix(headerEnd + (end - headerEnd) / 2))
        try expectBadInput(file)
    }

    @Test("truncated one byte short of the end → 2, located")
    func truncatedAtEnd() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let data = try Data(contentsOf: CLI.testdata.appendingPathComponent(Self.convnet))
        let file = try dir.write("short.ckpt", data.dropLast())
        try expectBadInput(file)
    }

    @Test(
        "CRC fixture with one byte flipped → 2, located",
        arguments: [
            ("a byte of tensor data", 8000),
            ("the last byte of the CRC value", -1),
        ])
    func crcFlipped(_ what: String, _ offset: Int) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var bytes = [UInt8](try Data(contentsOf: CLI.testdata.appendingPathComponent(Self.convnetCRC)))
        let at = offset >= 0 ? offset : bytes.count + offset
        bytes[at] ^= 0x01
        let file = try dir.write("flipped.ckpt", Data(bytes))
        // The flip must not break the protobuf structure, only the CRC: MindSpore's trailer is b"crc_num" + value.
        #expect(String(decoding: bytes.suffix(17).prefix(7), as: UTF8.self) == "crc_num")
        try expectBadInput(file)
    }

    @Test("nonexistent file → 2, named")
    func nonexistent() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.url.appendingPathComponent("no-such-model.ckpt").path
        let result = try CLI.mshub(["inspect", path])
        #expect(result.status == 2, "stderr: \(result.err)")
        #expect(result.err.contains(path), "stderr: \(result.err)")
        #expect(result.stdout.isEmpty)
    }

    @Test("one bad file among good ones: the good one is reported, exit 2")
    func mixedGoodAndBad() throws {
        let good = CLI.testdata.appendingPathComponent(Self.convnet).path
        let result = try CLI.mshub(["inspect", "--json", good, "/nonexistent/model.ckpt"])
        #expect(result.status == 2)
        #expect(result.out.contains("conv1.weight"))
        #expect(result.err.contains("/nonexistent/model.ckpt"))
    }

    @Test("wrong key for an encrypted fixture → 2", arguments: Manifest.encrypted)
    func wrongKey(_ fixture: Manifest.Fixture) throws {
        let key = try #require(fixture.encryption?.key_hex)
        // Same length, every nibble changed.
        let wrong = String(key.map { $0 == "f" ? "0" : "f" })
        #expect(wrong != key && wrong.count == key.count)
        let result = try CLI.mshub(["inspect", "--key", wrong, fixture.url.path])
        #expect(result.status == 2, "stdout: \(result.out)\nstderr: \(result.err)")
        #expect(result.err.contains(fixture.url.path), "stderr: \(result.err)")
        #expect(!result.out.contains("conv1.weight"))
    }

    @Test(
        "usage errors → 64 with a message on stderr",
        arguments: [
            ["frobnicate"],
            ["inspect"],
            ["hash"],
            ["hash", "--check"],
            ["inspect", "--bogus-flag", "x.ckpt"],
            ["hash", "--check", "SUMS", "extra-file"],
            ["inspect", "--key", "not-hex", "x.ckpt"],
            ["inspect", "--key", "0011", "x.ckpt"],
        ])
    func usage(_ args: [String]) throws {
        let result = try CLI.mshub(args)
        #expect(result.status == 64, "mshub \(args) exited \(result.status); stderr: \(result.err)")
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty, "stdout: \(result.out)")
    }

    @Test("--help → 0 on stdout", arguments: [["--help"], ["inspect", "--help"], ["hash", "--help"], ["help", "hash"]])
    func help(_ args: [String]) throws {
        let result = try CLI.mshub(args)
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("USAGE:"))
    }
}
