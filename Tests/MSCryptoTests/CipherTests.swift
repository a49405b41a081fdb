import MSCrypto
import TestSupport
import Testing

/// Overwrites the little-endian 32-bit field at `offset`.
func patch32(_ bytes: inout [UInt8], at offset: Int, _ value: Int32) {
    bytes.replaceSubrange(offset..<(offset + 4), with: le32(UInt32(bitPattern: value)))
}

func block(
    _ algorithm: CipherAlgorithm, plaintext: [UInt8], key: [UInt8], iv: [UInt8]? = nil
) throws(CryptoError) -> [UInt8] {
    let result = plaintext.withUnsafeBytes { raw in
        Result { () throws(CryptoError) in
            try MindSporeCipher.encryptBlock(raw, algorithm: algorithm, key: key, iv: iv)
        }
    }
    return try result.get()
}

func parse(_ bytes: [UInt8], at offset: Int = 0) throws(CryptoError) -> MindSporeCipher.BlockHeader {
    let result = bytes.withUnsafeBytes { raw in
        Result { () throws(CryptoError) in try MindSporeCipher.parseBlockHeader(raw, at: offset) }
    }
    return try result.get()
}

func decryptBlock(
    _ bytes: [UInt8], header: MindSporeCipher.BlockHeader, key: [UInt8], into output: inout [UInt8]
) throws(CryptoError) {
    var out = output
    let result = bytes.withUnsafeBytes { raw in
        Result { () throws(CryptoError) in
            try MindSporeCipher.decryptBlock(raw, header: header, key: key, into: &out)
        }
    }
    output = out
    try result.get()
}

struct KeyCase: Sendable, CustomTestStringConvertible {
    let algorithm: CipherAlgorithm
    let keyCount: Int
    var testDescription: String { "\(algorithm.rawValue)/\(keyCount * 8)" }
    static let all: [KeyCase] = [16, 24, 32].map { KeyCase(algorithm: .aesGCM, keyCount: $0) }
        + [16, 24, 32].map { KeyCase(algorithm: .aesCBC, keyCount: $0) }
        + [KeyCase(algorithm: .sm4CBC, keyCount: 16)]
}

@Suite struct CipherAlgorithmTests {
    @Test func magics() {
        for algorithm in CipherAlgorithm.allCases {
            #expect(algorithm.magic == expectedMagic(algorithm))
            #expect(CipherAlgorithm(magic: expectedMagic(algorithm)) == algorithm)
            #expect(CipherAlgorithm(rawValue: algorithm.rawValue) == algorithm)
        }
        #expect(CipherAlgorithm(magic: 0x7F3A_5EDB) == nil)
        #expect(CipherAlgorithm(magic: 0) == nil)
        #expect(CipherAlgorithm(magic: 0xD85E_3A7F) == nil)  // byte-swapped GCM magic
        #expect(MindSporeCipher.headerCount(for: .aesGCM) == 48)
        #expect(MindSporeCipher.headerCount(for: .aesCBC) == 32)
        #expect(MindSporeCipher.maxBlockPlaintext == 64 * 1024 * 1024)
    }
}

@Suite struct CipherRoundTripTests {
    @Test(arguments: KeyCase.all, [0, 1, 16, 100_003])
    func roundTrip(_ c: KeyCase, count: Int) throws {
        let key = seededBytes(c.keyCount, seed: 500 + UInt64(c.keyCount))
        let plaintext = seededBytes(count, seed: 600 + UInt64(count))
        let encrypted = try MindSporeCipher.encrypt(plaintext, algorithm: c.algorithm, key: key)
        let header = try parse(encrypted)
        #expect(header.algorithm == c.algorithm)
        #expect(header.offset == 0)
        #expect(header.end == encrypted.count)
        #expect(header.iv.count == 16)
        #expect((header.tag != nil) == (c.algorithm == .aesGCM))
        let expectedCipherCount = c.algorithm == .aesGCM ? count : (count / 16 + 1) * 16
        #expect(header.cipherRange.count == expectedCipherCount)
        #expect(try MindSporeCipher.decrypt(encrypted, key: key) == plaintext)

        // A fresh random IV each time.
        let again = try MindSporeCipher.encrypt(plaintext, algorithm: c.algorithm, key: key)
        #expect(again != encrypted)
        #expect(try parse(again).iv != header.iv)
    }

    @Test func decryptBlockAppendsAndWorksAtAnOffset() throws {
        let key = seededBytes(32, seed: 1)
        let plaintext = seededBytes(300, seed: 2)
        let prefix: [UInt8] = [1, 2, 3, 4, 5]
        // A fixed IV keeps the wrong-key check below deterministic (CBC has no integrity check).
        let buffer = prefix + (try block(.aesCBC, plaintext: plaintext, key: key, iv: seededBytes(16, seed: 3)))
        let header = try parse(buffer, at: 5)
        #expect(header.offset == 5)
        #expect(header.cipherRange == (5 + 32)..<buffer.count)
        var output: [UInt8] = [9, 9]
        try decryptBlock(buffer, header: header, key: key, into: &output)
        #expect(output == [9, 9] + plaintext)

        // A failed decryption leaves the output untouched.
        var wrongKey = key
        wrongKey[0] ^= 0xFF
        expectCryptoError(.badPadding, field: "ciphertext", offset: 5) { () throws(CryptoError) in
            try decryptBlock(buffer, header: header, key: wrongKey, into: &output)
        }
        #expect(output == [9, 9] + plaintext)

        // A header that does not fit the buffer it is used with is rejected, not trusted.
        expectCryptoError(.truncated) { () throws(CryptoError) in
            try decryptBlock(Array(buffer.prefix(40)), header: header, key: key, into: &output)
        }
    }

    @Test func concatenatedBlocksDecryptInOrder() throws {
        let key = seededBytes(16, seed: 11)
        let parts = [seededBytes(10, seed: 12), seededBytes(0, seed: 13), seededBytes(1000, seed: 14)]
        var buffer: [UInt8] = []
        for part in parts { buffer += try block(.sm4CBC, plaintext: part, key: key) }
        #expect(try MindSporeCipher.decrypt(buffer, key: key) == parts.flatMap { $0 })
    }

    /// MindSpore cuts plaintext into 64 MiB blocks; check the cut and reassembly.
    @Test(arguments: [CipherAlgorithm.aesGCM, .aesCBC])
    func sixtyFourMiBBlocks(_ algorithm: CipherAlgorithm) throws {
        let mib = 1 << 20
        let chunk = seededBytes(mib, seed: 42)
        var plaintext: [UInt8] = []
        plaintext.reserveCapacity(129 * mib + 1000)
        for i in 0..<129 {
            plaintext += chunk
            plaintext.replaceSubrange((i * mib)..<(i * mib + 8), with: le32(UInt32(i)) + le32(~UInt32(i)))
        }
        plaintext += seededBytes(1000, seed: 43)
        let key = seededBytes(24, seed: 44)
        let encrypted = try MindSporeCipher.encrypt(plaintext, algorithm: algorithm, key: key)

        var offset = 0
        var cipherCounts: [Int] = []
        while offset < encrypted.count {
            let header = try parse(encrypted, at: offset)
            #expect(header.algorithm == algorithm)
            cipherCounts.append(header.cipherRange.count)
            offset = header.end
        }
        // CBC pads every block (a full 16-byte block when the plaintext is a multiple of 16).
        let expected = algorithm == .aesGCM
            ? [64 * mib, 64 * mib, mib + 1000]
            : [64 * mib + 16, 64 * mib + 16, mib + 1008]
        #expect(cipherCounts == expected)
        #expect(offset == encrypted.count)
        #expect(try MindSporeCipher.decrypt(encrypted, key: key) == plaintext)
    }
}

@Suite struct CipherCorruptionTests {
    let key = seededBytes(16, seed: 0xBAD)
    let plaintext = seededBytes(40, seed: 0xBEEF)
    let iv = seededBytes(16, seed: 0xF00D)

    func decrypt(_ bytes: [UInt8], key: [UInt8]? = nil) throws(CryptoError) -> [UInt8] {
        try MindSporeCipher.decrypt(bytes, key: key ?? self.key)
    }

    @Test(arguments: CipherAlgorithm.allCases)
    func everyTruncationPoint(_ algorithm: CipherAlgorithm) throws {
        let full = try block(algorithm, plaintext: plaintext, key: key, iv: iv)
        let layout = Layout(algorithm)
        let garbage: [UInt8] = [0xEE, 0xEE, 0xEE]
        for count in 0..<full.count {
            let prefix = Array(full[..<count])
            let cut = layout.fieldCut(at: count)
            expectCryptoError(.truncated, field: cut.name, offset: cut.start) { () throws(CryptoError) in
                _ = try parse(prefix)
            }
            expectCryptoError(.truncated, field: cut.name, offset: garbage.count + cut.start) { () throws(CryptoError) in
                _ = try parse(garbage + prefix, at: garbage.count)
            }
            expectCryptoError(.truncated, field: "block[0].\(cut.name)", offset: cut.start) { () throws(CryptoError) in
                _ = try decrypt(prefix)
            }
        }
        #expect(try decrypt(full) == plaintext)
    }

    @Test func offsetsOutsideTheBuffer() throws {
        let full = try block(.aesGCM, plaintext: plaintext, key: key)
        for offset in [-1, Int.min, full.count + 1, Int.max] {
            expectCryptoError(.truncated) { () throws(CryptoError) in _ = try parse(full, at: offset) }
        }
    }

    @Test(arguments: CipherAlgorithm.allCases)
    func badHeaderFields(_ algorithm: CipherAlgorithm) throws {
        let full = try block(algorithm, plaintext: plaintext, key: key, iv: iv)
        let layout = Layout(algorithm)
        let cipherCount = full.count - layout.cipher

        var bytes = full
        patch32(&bytes, at: 0, Int32(bitPattern: 0x7F3A_5EDB))
        expectCryptoError(.badMagic, field: "magic", offset: 0) { () throws(CryptoError) in _ = try parse(bytes) }
        expectCryptoError(.badMagic, field: "block[0].magic", offset: 0) { () throws(CryptoError) in _ = try decrypt(bytes) }

        for ivLen: Int32 in [12, 0, -16, 17, Int32.max] {
            bytes = full
            patch32(&bytes, at: layout.ivLen, ivLen)
            expectCryptoError(.badHeader, field: "iv_len", offset: layout.ivLen) { () throws(CryptoError) in
                _ = try parse(bytes)
            }
        }

        for delta: Int32 in [1, -1, 16, Int32.max - Int32(24 + cipherCount)] {
            bytes = full
            patch32(&bytes, at: layout.blockSize, Int32(24 + cipherCount) &+ delta)
            expectCryptoError(.badHeader, field: "block_size", offset: layout.blockSize) { () throws(CryptoError) in
                _ = try parse(bytes)
            }
        }
        for blockSize: Int32 in [0, 23, -1, Int32.min] {
            bytes = full
            patch32(&bytes, at: layout.blockSize, blockSize)
            expectCryptoError(.badHeader, field: "block_size", offset: layout.blockSize) { () throws(CryptoError) in
                _ = try parse(bytes)
            }
        }

        // cipher_len past the end, with block_size kept consistent.
        for cipherLen: Int32 in [Int32(cipherCount + 16), (Int32.max - 24) & ~15] {
            bytes = full
            patch32(&bytes, at: layout.cipherLen, cipherLen)
            patch32(&bytes, at: layout.blockSize, 24 + cipherLen)
            expectCryptoError(.truncated, field: "cipher_len", offset: layout.cipherLen) { () throws(CryptoError) in
                _ = try parse(bytes)
            }
            expectCryptoError(.truncated, field: "block[0].cipher_len") { () throws(CryptoError) in _ = try decrypt(bytes) }
        }
        // cipher_len so large that 24 + cipher_len overflows an int32.
        bytes = full
        patch32(&bytes, at: layout.cipherLen, Int32.max)
        patch32(&bytes, at: layout.blockSize, Int32.max)
        expectCryptoError(.badHeader, field: "block_size") { () throws(CryptoError) in _ = try parse(bytes) }

        for cipherLen: Int32 in [-1, -16, Int32.min] {
            bytes = full
            patch32(&bytes, at: layout.cipherLen, cipherLen)
            expectCryptoError(.badHeader, field: "cipher_len", offset: layout.cipherLen) { () throws(CryptoError) in
                _ = try parse(bytes)
            }
        }

        // A shorter but self-consistent block: fine for GCM, not a multiple of 16 for CBC.
        bytes = Array(full.prefix(full.count - 1))
        patch32(&bytes, at: layout.cipherLen, Int32(cipherCount - 1))
        patch32(&bytes, at: layout.blockSize, Int32(24 + cipherCount - 1))
        if algorithm == .aesGCM {
            #expect(try parse(bytes).cipherRange.count == cipherCount - 1)
            expectCryptoError(.authenticationFailed, field: "block[0].tag") { () throws(CryptoError) in
                _ = try decrypt(bytes)
            }
        } else {
            expectCryptoError(.badHeader, field: "cipher_len", offset: layout.cipherLen) { () throws(CryptoError) in
                _ = try parse(bytes)
            }
        }
    }

    @Test func cbcRejectsEmptyCiphertext() {
        var bytes = le32(expectedMagic(.aesCBC)) + le32(24) + le32(16) + iv + le32(0)
        expectCryptoError(.badHeader, field: "cipher_len", offset: 28) { () throws(CryptoError) in _ = try parse(bytes) }
        bytes = le32(expectedMagic(.aesGCM)) + [UInt8](repeating: 0, count: 16) + le32(24) + le32(16) + iv + le32(0)
        #expect((try? parse(bytes))?.cipherRange == 48..<48)
    }

    @Test func gcmDetectsEveryKindOfTampering() throws {
        let full = try block(.aesGCM, plaintext: plaintext, key: key, iv: iv)
        let layout = Layout(.aesGCM)
        for position in [layout.cipher, layout.cipher + 17, full.count - 1, 4, 19, layout.iv, layout.iv + 11] {
            var bytes = full
            bytes[position] ^= 0x01
            expectCryptoError(.authenticationFailed, field: "block[0].tag", offset: 0) { () throws(CryptoError) in
                _ = try decrypt(bytes)
            }
        }
        // As in MindSpore, only the first 12 stored IV bytes are the GCM nonce: the last 4 are not used.
        var unused = full
        unused[layout.iv + 15] ^= 0x01
        #expect((try? decrypt(unused)) == plaintext)
        // Empty plaintext is authenticated too.
        var empty = try block(.aesGCM, plaintext: [], key: key, iv: iv)
        empty[5] ^= 0x80
        expectCryptoError(.authenticationFailed) { () throws(CryptoError) in _ = try decrypt(empty) }
    }

    @Test(arguments: CipherAlgorithm.allCases)
    func wrongKeyIsAnError(_ algorithm: CipherAlgorithm) throws {
        let full = try block(algorithm, plaintext: plaintext, key: key, iv: iv)
        var wrong = key
        wrong[15] ^= 0x01
        expectCryptoError(algorithm == .aesGCM ? .authenticationFailed : .badPadding, offset: 0) {
            () throws(CryptoError) in _ = try decrypt(full, key: wrong)
        }
    }

    @Test(arguments: [CipherAlgorithm.aesCBC, .sm4CBC])
    func cbcPaddingTamperingIsBadPadding(_ algorithm: CipherAlgorithm) throws {
        // 40 bytes pad to 48 with eight 0x08 bytes; flipping the last byte of the second
        // ciphertext block turns the final padding byte into 0x88, which is never valid.
        let full = try block(algorithm, plaintext: plaintext, key: key, iv: iv)
        var bytes = full
        bytes[Layout(algorithm).cipher + 31] ^= 0x80
        expectCryptoError(.badPadding, field: "block[0].ciphertext", offset: 0) { () throws(CryptoError) in
            _ = try decrypt(bytes)
        }
    }

    @Test func wrongKeyAndIVLengthsAreBadKey() throws {
        let aes = [0, 1, 15, 17, 23, 31, 33, 64]
        for algorithm in [CipherAlgorithm.aesGCM, .aesCBC] {
            for count in aes {
                expectCryptoError(.badKey, field: "key") { () throws(CryptoError) in
                    _ = try MindSporeCipher.encrypt(plaintext, algorithm: algorithm, key: seededBytes(count, seed: 1))
                }
            }
        }
        for count in [0, 15, 17, 24, 32] {
            expectCryptoError(.badKey, field: "key") { () throws(CryptoError) in
                _ = try MindSporeCipher.encrypt(plaintext, algorithm: .sm4CBC, key: seededBytes(count, seed: 1))
            }
        }
        for ivCount in [0, 12, 15, 17, 32] {
            expectCryptoError(.badKey, field: "iv") { () throws(CryptoError) in
                _ = try block(.aesGCM, plaintext: plaintext, key: key, iv: seededBytes(ivCount, seed: 2))
            }
        }
        for algorithm in CipherAlgorithm.allCases {
            let full = try block(algorithm, plaintext: plaintext, key: key)
            for count in [0, 8, 15, 17, 33] {
                expectCryptoError(.badKey, field: "key") { () throws(CryptoError) in
                    _ = try decrypt(full, key: seededBytes(count, seed: 3))
                }
            }
        }
        let sm4 = try block(.sm4CBC, plaintext: plaintext, key: key)
        expectCryptoError(.badKey) { () throws(CryptoError) in _ = try decrypt(sm4, key: seededBytes(32, seed: 4)) }
    }

    @Test func multiBlockErrorsNameTheBlock() throws {
        var blocks: [[UInt8]] = []
        for i in 0..<3 {
            blocks.append(try block(.aesCBC, plaintext: seededBytes(20 + i, seed: UInt64(i)), key: key))
        }
        let starts = [0, blocks[0].count, blocks[0].count + blocks[1].count]
        let whole = blocks.flatMap { $0 }
        #expect(try decrypt(whole).count == 20 + 21 + 22)

        var bytes = whole
        patch32(&bytes, at: starts[1] + 8, 12)
        expectCryptoError(.badHeader, field: "block[1].iv_len", offset: starts[1] + 8) { () throws(CryptoError) in
            _ = try decrypt(bytes)
        }

        bytes = whole
        patch32(&bytes, at: starts[2] + 28, 4096)
        patch32(&bytes, at: starts[2] + 4, 24 + 4096)
        expectCryptoError(.truncated, field: "block[2].cipher_len", offset: starts[2] + 28) { () throws(CryptoError) in
            _ = try decrypt(bytes)
        }

        // block[2] holds 22 bytes padded with ten 0x0A; flipping the last byte of the first
        // ciphertext block turns the final padding byte into 0x8A.
        bytes = whole
        bytes[starts[2] + 32 + 15] ^= 0x80
        expectCryptoError(.badPadding, field: "block[2].ciphertext", offset: starts[2]) { () throws(CryptoError) in
            _ = try decrypt(bytes)
        }

        // Trailing bytes that are not a block.
        expectCryptoError(.truncated, field: "block[3].magic", offset: whole.count) { () throws(CryptoError) in
            _ = try decrypt(whole + [0xD9, 0x5E])
        }
        expectCryptoError(.badMagic, field: "block[3].magic", offset: whole.count) { () throws(CryptoError) in
            _ = try decrypt(whole + [UInt8](repeating: 0, count: 64))
        }
        expectCryptoError(.truncated, field: "block[0].magic", offset: 0) { () throws(CryptoError) in
            _ = try decrypt([])
        }
    }

    @Test func mixedAlgorithmsAreRejected() throws {
        let gcm = try block(.aesGCM, plaintext: plaintext, key: key)
        let cbc = try block(.aesCBC, plaintext: plaintext, key: key)
        expectCryptoError(.badMagic, field: "block[1].magic", offset: gcm.count) { () throws(CryptoError) in
            _ = try decrypt(gcm + cbc)
        }
        expectCryptoError(.badMagic, field: "block[1].magic", offset: cbc.count) { () throws(CryptoError) in
            _ = try decrypt(cbc + gcm)
        }
    }

    /// Random damage to valid data must only ever produce thrown errors, never a trap.
    @Test(arguments: CipherAlgorithm.allCases)
    func randomDamageNeverTraps(_ algorithm: CipherAlgorithm) throws {
        var valid: [UInt8] = []
        var plaintexts: [[UInt8]] = []  // the plaintext of the first k whole blocks, k = 0...3
        var plaintext: [UInt8] = []
        plaintexts.append(plaintext)
        for i in 0..<3 {
            let part = seededBytes(17 * i, seed: UInt64(i))
            valid += try block(algorithm, plaintext: part, key: key, iv: seededBytes(16, seed: 100 + UInt64(i)))
            plaintext += part
            plaintexts.append(plaintext)
        }
        let noise = seededBytes(40_000, seed: 0xF022)
        var n = 0
        func next() -> Int {
            defer { n += 4 }
            return Int(noise[n % noise.count]) | Int(noise[(n + 1) % noise.count]) << 8
                | Int(noise[(n + 2) % noise.count]) << 16 | Int(noise[(n + 3) % noise.count]) << 24
        }
        var failures = 0
        for _ in 0..<3000 {
            var bytes = valid
            for _ in 0..<(1 + next() % 4) {
                let position = next() % bytes.count
                if next() % 3 == 0 {
                    // Write a wild little-endian int32 over whatever is there.
                    let start = min(position, bytes.count - 4)
                    patch32(&bytes, at: start, Int32(truncatingIfNeeded: next() << 7 ^ next()))
                } else {
                    bytes[position] ^= UInt8(truncatingIfNeeded: next() | 1)
                }
            }
            if next() % 4 == 0 { bytes.removeLast(next() % bytes.count) }
            do {
                let output = try decrypt(bytes)
                // GCM authenticates each block: whatever is accepted is whole original blocks.
                if algorithm == .aesGCM { #expect(plaintexts.contains(output)) }
            } catch {
                failures += 1
            }
        }
        // CBC has no integrity check, so damage to the IV or inner blocks goes unnoticed;
        // header and padding damage is still caught.
        #expect(failures > (algorithm == .aesGCM ? 2900 : 2000))
    }
}
