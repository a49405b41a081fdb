import Foundation
import TestSupport
import MSCrypto
import Testing

// MARK: - Test-side block framing, written from FORMATS.md §1.6 independently of MSCrypto.

/// Expected magics, spelled out here rather than taken from the library.
func expectedMagic(_ algorithm: CipherAlgorithm) -> UInt32 {
    switch algorithm {
    case .aesGCM: 0x7F3A_5ED8
    case .aesCBC: 0x7F3A_5ED9
    case .sm4CBC: 0x7F3A_5EDA
    }
}

func le32(_ value: UInt32) -> [UInt8] {
    [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
}

/// Start of each header field in one block; the ciphertext starts at `cipher`.
struct Layout {
    let magic = 0
    let tag: Int?
    let blockSize: Int
    let ivLen: Int
    let iv: Int
    let cipherLen: Int
    let cipher: Int

    init(_ algorithm: CipherAlgorithm) {
        let shift = algorithm == .aesGCM ? 16 : 0
        tag = algorithm == .aesGCM ? 4 : nil
        blockSize = 4 + shift
        ivLen = 8 + shift
        iv = 12 + shift
        cipherLen = 28 + shift
        cipher = 32 + shift
    }

    /// The field a reader is inside of when the data stops after `count` bytes.
    func fieldCut(at count: Int) -> (name: String, start: Int) {
        if count < 4 { return ("magic", magic) }
        if let tag, count < blockSize { return ("tag", tag) }
        if count < ivLen { return ("block_size", blockSize) }
        if count < iv { return ("iv_len", ivLen) }
        if count < cipherLen { return ("iv", iv) }
        return ("cipher_len", cipherLen)  // the field itself, or the ciphertext it announces
    }
}

/// One MindSpore cipher block around an oracle-made ciphertext.
func frameBlock(_ algorithm: CipherAlgorithm, tag: [UInt8]?, iv: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
    var out = le32(expectedMagic(algorithm))
    if let tag { out += tag }
    out += le32(UInt32(4 + 16 + 4 + ciphertext.count))
    out += le32(16)
    out += iv
    out += le32(UInt32(ciphertext.count))
    out += ciphertext
    return out
}

// MARK: - Oracles

enum CipherOracle: String, Sendable {
    /// Python's `cryptography` package.
    case python
    /// The `openssl enc` command (CBC modes only).
    case opensslEnc
}

/// Runs a batch of jobs (JSON list in the file argv[1]) through Python's `cryptography`
/// and prints a JSON list of results; a job that fails (bad tag, bad padding) gets "error".
private let pythonCipherScript = """
import sys, json
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import padding
def run(job):
    key, iv, data = (bytes.fromhex(job[k]) for k in ('key', 'iv', 'data'))
    algo = algorithms.SM4(key) if job['mode'] == 'SM4-CBC' else algorithms.AES(key)
    if job['mode'] == 'AES-GCM':
        if job['op'] == 'enc':
            e = Cipher(algo, modes.GCM(iv[:12])).encryptor()
            out = e.update(data) + e.finalize()
            return {'out': out.hex(), 'tag': e.tag.hex()}
        d = Cipher(algo, modes.GCM(iv[:12], bytes.fromhex(job['tag']))).decryptor()
        return {'out': (d.update(data) + d.finalize()).hex()}
    if job['op'] == 'enc':
        p = padding.PKCS7(128).padder()
        e = Cipher(algo, modes.CBC(iv)).encryptor()
        return {'out': (e.update(p.update(data) + p.finalize()) + e.finalize()).hex()}
    d = Cipher(algo, modes.CBC(iv)).decryptor()
    u = padding.PKCS7(128).unpadder()
    return {'out': (u.update(d.update(data) + d.finalize()) + u.finalize()).hex()}
results = []
for job in json.load(open(sys.argv[1])):
    try:
        results.append(run(job))
    except Exception as e:
        results.append({'error': repr(e)})
json.dump(results, sys.stdout)
"""

struct CipherJob: Codable {
    var op: String
    var mode: String
    var key: String
    var iv: String
    var data: String
    var tag: String?

    init(encrypt: Bool, _ algorithm: CipherAlgorithm, key: [UInt8], iv: [UInt8], data: [UInt8], tag: [UInt8]? = nil) {
        op = encrypt ? "enc" : "dec"
        mode = algorithm.rawValue
        self.key = hexString(key)
        self.iv = hexString(iv)
        self.data = hexString(data)
        self.tag = tag.map(hexString)
    }
}

struct CipherReply: Codable {
    var out: String?
    var tag: String?
    var error: String?

    func output() throws -> [UInt8] {
        guard let out, let bytes = SHA256.fromHex(out) else {
            throw OracleError(description: "cipher oracle failed: \(error ?? "no output")")
        }
        return bytes
    }
}

/// Runs cipher jobs through Python's `cryptography` in one process.
func pythonCipherBatch(_ jobs: [CipherJob]) throws -> [CipherReply] {
    let python = try pythonWithCryptography()
    let dir = try TempDir()
    let path = try dir.write("jobs.json", [UInt8](try JSONEncoder().encode(jobs)))
    let printed = try runOracle([python, "-c", pythonCipherScript, path])
    let replies = try JSONDecoder().decode([CipherReply].self, from: Data(printed.utf8))
    guard replies.count == jobs.count else {
        throw OracleError(description: "python oracle answered \(replies.count) of \(jobs.count) jobs")
    }
    return replies
}

func opensslCipherName(_ algorithm: CipherAlgorithm, keyCount: Int) -> String {
    algorithm == .sm4CBC ? "-sm4-cbc" : "-aes-\(keyCount * 8)-cbc"
}

/// Runs `openssl enc` (CBC modes) on `input`.
func opensslEnc(encrypt: Bool, _ algorithm: CipherAlgorithm, key: [UInt8], iv: [UInt8], input: [UInt8]) throws -> [UInt8] {
    let dir = try TempDir()
    let src = try dir.write("in", input)
    try runOracle(["openssl", "enc", encrypt ? "-e" : "-d", opensslCipherName(algorithm, keyCount: key.count),
                   "-K", hexString(key), "-iv", hexString(iv), "-in", src, "-out", dir.path("out")])
    return try dir.read("out")
}

struct OracleCase: Sendable, CustomTestStringConvertible {
    let oracle: CipherOracle
    let algorithm: CipherAlgorithm
    let keyCount: Int
    var testDescription: String { "\(algorithm.rawValue)-\(keyCount * 8) via \(oracle.rawValue)" }

    static let all: [OracleCase] =
        [16, 24, 32].map { OracleCase(oracle: .python, algorithm: .aesGCM, keyCount: $0) }
        + [16, 24, 32].map { OracleCase(oracle: .python, algorithm: .aesCBC, keyCount: $0) }
        + [16, 24, 32].map { OracleCase(oracle: .opensslEnc, algorithm: .aesCBC, keyCount: $0) }
        + [OracleCase(oracle: .opensslEnc, algorithm: .sm4CBC, keyCount: 16)]
}

// MARK: - Tests

@Suite struct CipherOracleTests {
    static let plaintextCounts = [0, 1, 15, 16, 17, 4099]

    @Test(arguments: OracleCase.all)
    func blocksAgreeWithOracle(_ c: OracleCase) throws {
        let layout = Layout(c.algorithm)
        struct Sample { var key, iv, plaintext: [UInt8] }
        let samples = Self.plaintextCounts.map { count in
            let seed = UInt64(c.keyCount * 1_000_000 + count)
            return Sample(key: seededBytes(c.keyCount, seed: seed), iv: seededBytes(16, seed: seed + 1),
                          plaintext: seededBytes(count, seed: seed + 2))
        }

        // 1. Oracle ciphertexts (and tags), framed by the test.
        var oracleOutputs: [(ciphertext: [UInt8], tag: [UInt8]?)] = []
        switch c.oracle {
        case .python:
            let replies = try pythonCipherBatch(samples.map {
                CipherJob(encrypt: true, c.algorithm, key: $0.key, iv: $0.iv, data: $0.plaintext)
            })
            for reply in replies {
                let tag = try reply.tag.map { hex in
                    guard let tag = SHA256.fromHex(hex), tag.count == 16 else {
                        throw OracleError(description: "python oracle gave a bad tag \(hex)")
                    }
                    return tag
                }
                if c.algorithm == .aesGCM, tag == nil { throw OracleError(description: "python oracle gave no tag") }
                oracleOutputs.append((try reply.output(), tag))
            }
        case .opensslEnc:
            for sample in samples {
                oracleOutputs.append((try opensslEnc(encrypt: true, c.algorithm, key: sample.key, iv: sample.iv,
                                                     input: sample.plaintext), nil))
            }
        }

        // 2. Our decryption of the oracle's blocks, and our encryption with the same IV,
        //    which must reproduce the framed oracle bytes exactly.
        var ourBlocks: [[UInt8]] = []
        for (sample, oracle) in zip(samples, oracleOutputs) {
            let framed = frameBlock(c.algorithm, tag: oracle.tag, iv: sample.iv, ciphertext: oracle.ciphertext)
            #expect(try MindSporeCipher.decrypt(framed, key: sample.key) == sample.plaintext,
                    "\(sample.plaintext.count) bytes")
            #expect(try block(c.algorithm, plaintext: sample.plaintext, key: sample.key, iv: sample.iv) == framed,
                    "\(sample.plaintext.count) bytes")

            // Our block with a random IV, checked field by field with the test's own layout.
            let ours = try block(c.algorithm, plaintext: sample.plaintext, key: sample.key)
            try #require(ours.count >= layout.cipher)
            let body = Array(ours[layout.cipher...])
            #expect(Array(ours[0..<4]) == le32(expectedMagic(c.algorithm)))
            #expect(Array(ours[layout.blockSize..<layout.ivLen]) == le32(UInt32(24 + body.count)))
            #expect(Array(ours[layout.ivLen..<layout.iv]) == le32(16))
            #expect(Array(ours[layout.cipherLen..<layout.cipher]) == le32(UInt32(body.count)))
            #expect(Array(ours[layout.iv..<layout.cipherLen]) != sample.iv)
            ourBlocks.append(ours)
        }

        // 3. The oracle decrypts our random-IV blocks.
        func parts(_ ours: [UInt8]) -> (iv: [UInt8], body: [UInt8], tag: [UInt8]?) {
            (Array(ours[layout.iv..<layout.cipherLen]), Array(ours[layout.cipher...]),
             layout.tag.map { Array(ours[$0..<($0 + 16)]) })
        }
        var decrypted: [[UInt8]] = []
        switch c.oracle {
        case .python:
            let replies = try pythonCipherBatch(zip(samples, ourBlocks).map { sample, ours in
                let p = parts(ours)
                return CipherJob(encrypt: false, c.algorithm, key: sample.key, iv: p.iv, data: p.body, tag: p.tag)
            })
            decrypted = try replies.map { try $0.output() }
        case .opensslEnc:
            for (sample, ours) in zip(samples, ourBlocks) {
                let p = parts(ours)
                decrypted.append(try opensslEnc(encrypt: false, c.algorithm, key: sample.key, iv: p.iv, input: p.body))
            }
        }
        #expect(decrypted == samples.map(\.plaintext))
    }

    @Test func oracleRejectsTamperedData() throws {
        // Guards the oracles themselves: damaged GCM data or a wrong CBC key must fail there too.
        let key = seededBytes(16, seed: 77)
        let plaintext = seededBytes(40, seed: 78)
        let gcm = Layout(.aesGCM)
        var ours = try MindSporeCipher.encrypt(plaintext, algorithm: .aesGCM, key: key)
        let intact = CipherJob(encrypt: false, .aesGCM, key: key, iv: Array(ours[gcm.iv..<gcm.cipherLen]),
                               data: Array(ours[gcm.cipher...]), tag: Array(ours[4..<20]))
        ours[ours.count - 1] ^= 1
        var damaged = intact
        damaged.data = hexString(Array(ours[gcm.cipher...]))
        let replies = try pythonCipherBatch([intact, damaged])
        #expect(try replies[0].output() == plaintext)
        #expect(replies[1].out == nil && replies[1].error != nil)

        let cbc = Layout(.aesCBC)
        var cbcBlock = try block(.aesCBC, plaintext: plaintext, key: key)
        cbcBlock[cbc.cipher + 31] ^= 0x80  // final padding byte becomes 0x88
        #expect(throws: OracleError.self) {
            _ = try opensslEnc(encrypt: false, .aesCBC, key: key, iv: Array(cbcBlock[cbc.iv..<cbc.cipherLen]),
                               input: Array(cbcBlock[cbc.cipher...]))
        }
    }
}
