import Foundation
import TestSupport
import MSCrypto
import Testing

@Suite struct SHA256Tests {
    /// SHA-256 of a file according to the system `sha256sum`.
    func sha256sum(_ path: String) throws -> String {
        let line = try runOracle(["sha256sum", "-b", path])
        return String(line.prefix(64))
    }

    @Test(arguments: ["", "abc"])
    func shortInputsMatchSha256sum(text: String) throws {
        let dir = try TempDir()
        let bytes = Array(text.utf8)
        let path = try dir.write("input", bytes)
        let expected = try sha256sum(path)
        #expect(expected.count == 64)
        #expect(SHA256.hex(SHA256.hash(bytes)) == expected)
        #expect(SHA256.hex(try SHA256.hashFile(path: path)) == expected)
    }

    @Test func publishedVectors() {
        // FIPS 180-2 examples.
        #expect(SHA256.hex(SHA256.hash([UInt8]()))
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [1 << 20, (5 << 19) + 7])
    func seededBufferMatchesSha256sum(count: Int) throws {
        let dir = try TempDir()
        let bytes = seededBytes(count, seed: 0x5EED_0000 + UInt64(count))
        let path = try dir.write("input", bytes)
        let expected = try sha256sum(path)

        #expect(SHA256.hex(SHA256.hash(bytes)) == expected)
        #expect(SHA256.hex(bytes.withUnsafeBytes { SHA256.hash($0) }) == expected)
        #expect(SHA256.hex(try SHA256.hashFile(path: path)) == expected)
        #expect(SHA256.hex(try SHA256.hashFile(path: path, bufferSize: 1000)) == expected)
        #expect(SHA256.hex(try SHA256.hashFile(path: path, bufferSize: 4097)) == expected)

        // Streaming in uneven pieces gives the same digest.
        var hasher = SHA256Hasher()
        var start = 0
        var step = 1
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            hasher.update(Array(bytes[start..<end]))
            start = end
            step = step * 3 + 1
        }
        #expect(SHA256.hex(hasher.finalize()) == expected)
    }

    @Test func hashFileReportsIOErrors() {
        expectCryptoError(.io) { () throws(CryptoError) in
            _ = try SHA256.hashFile(path: "/nonexistent/mscrypto/\(UUID().uuidString)")
        }
        expectCryptoError(.io) { () throws(CryptoError) in
            _ = try SHA256.hashFile(path: "/", bufferSize: 4096)  // a directory: read() fails
        }
        expectCryptoError(.io) { () throws(CryptoError) in
            _ = try SHA256.hashFile(path: "/dev/null", bufferSize: 0)
        }
    }

    @Test func hexRoundTrip() {
        let bytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF]
        #expect(SHA256.hex(bytes) == "00017f80abff")
        #expect(SHA256.hex([]) == "")
        #expect(SHA256.fromHex("00017f80abff") == bytes)
        #expect(SHA256.fromHex("00017F80ABFF") == bytes)
        #expect(SHA256.fromHex("") == [])
        #expect(SHA256.fromHex("abc") == nil)
        #expect(SHA256.fromHex("zz") == nil)
        #expect(SHA256.fromHex("0g") == nil)
        #expect(SHA256.fromHex("é0") == nil)
        let random = seededBytes(300, seed: 9)
        #expect(SHA256.fromHex(SHA256.hex(random)) == random)
        #expect(SHA256.hex(random) == hexString(random))
    }
}

@Suite struct CRC32Tests {
    @Test(arguments: [0, 1, 9, 1000, (1 << 20) + 3])
    func matchesPythonZlib(count: Int) throws {
        let python = try pythonWithCryptography()
        let dir = try TempDir()
        let bytes = seededBytes(count, seed: 0xC4C3_2000 + UInt64(count))
        let path = try dir.write("input", bytes)
        let expected = try runOracle([
            python, "-c", "import sys, zlib; print(zlib.crc32(open(sys.argv[1], 'rb').read()))", path,
        ])
        #expect(String(CRC32.checksum(bytes)) == expected)
        #expect(String(bytes.withUnsafeBytes { CRC32.checksum($0) }) == expected)

        var crc = CRC32()
        let half = count / 3
        crc.update(Array(bytes[..<half]))
        bytes[half...].withUnsafeBytes { crc.update($0) }
        #expect(String(crc.value) == expected)
    }

    @Test func continuationMatchesPythonChaining() throws {
        let python = try pythonWithCryptography()
        let a = Array("crc_num chained ".utf8)
        let b = seededBytes(777, seed: 3)
        let expected = try runOracle([
            python, "-c",
            "import sys, zlib; a = bytes.fromhex(sys.argv[1]); b = bytes.fromhex(sys.argv[2]); print(zlib.crc32(b, zlib.crc32(a)))",
            hexString(a), hexString(b),
        ])
        var crc = CRC32(value: CRC32.checksum(a))
        crc.update(b)
        #expect(String(crc.value) == expected)
    }

    @Test func checkValue() {
        // The standard CRC-32 check value.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }
}
