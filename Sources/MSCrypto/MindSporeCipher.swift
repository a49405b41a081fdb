import COpenSSL

/// A MindSpore checkpoint encryption mode (`enc_mode` / `dec_mode`).
public enum CipherAlgorithm: String, Sendable, CaseIterable {
    /// AES-GCM with a 16-byte IV and a 16-byte tag; the default mode.
    case aesGCM = "AES-GCM"
    /// AES-CBC with PKCS#7 padding.
    case aesCBC = "AES-CBC"
    /// SM4-CBC with PKCS#7 padding.
    case sm4CBC = "SM4-CBC"

    /// The little-endian `u32` that starts every cipher block of this mode.
    public var magic: UInt32 {
        switch self {
        case .aesGCM: 0x7F3A_5ED8
        case .aesCBC: 0x7F3A_5ED9
        case .sm4CBC: 0x7F3A_5EDA
        }
    }

    /// The mode whose block magic is `magic`, or `nil` for any other value.
    public init?(magic: UInt32) {
        guard let found = CipherAlgorithm.allCases.first(where: { $0.magic == magic }) else { return nil }
        self = found
    }

    /// Whether blocks of this mode carry a 16-byte authentication tag after the magic.
    public var hasTag: Bool { self == .aesGCM }

    /// Key lengths in bytes that this mode accepts.
    public var keyCounts: [Int] { self == .sm4CBC ? [16] : [16, 24, 32] }
}

/// MindSpore's encrypted checkpoint layout (`save_checkpoint(enc_key:, enc_mode:)`).
///
/// An encrypted file is a concatenation of cipher blocks, one per 64 MiB of plaintext.
/// Each block is (all integers 4-byte little-endian):
///
/// | size | field |
/// |---|---|
/// | 4 | magic (see ``CipherAlgorithm/magic``) |
/// | 16 | tag, AES-GCM only |
/// | 4 | block_size = 4 + 16 + 4 + cipher_len |
/// | 4 | iv_len = 16 |
/// | 16 | IV (GCM uses all 16 bytes as its nonce) |
/// | 4 | cipher_len |
/// | cipher_len | ciphertext (GCM: no AAD; CBC: PKCS#7 padded) |
///
/// Keys are raw bytes with no key derivation: AES takes 16, 24 or 32 bytes, SM4 takes 16.
public enum MindSporeCipher {
    /// Plaintext bytes per cipher block; MindSpore cuts its plaintext into 64 MiB pieces.
    public static let maxBlockPlaintext = 64 * 1024 * 1024
    /// Length of the IV stored in every block.
    public static let ivCount = 16
    /// Bytes of the stored IV that AES-GCM actually uses as its nonce.
    public static let gcmNonceCount = 12
    /// Length of the AES-GCM authentication tag.
    public static let tagCount = 16

    /// Bytes before the ciphertext in a block of `algorithm`: 48 for GCM, 32 for CBC modes.
    public static func headerCount(for algorithm: CipherAlgorithm) -> Int {
        (algorithm.hasTag ? 4 + tagCount : 4) + 4 + 4 + ivCount + 4
    }

    /// The parsed header of one cipher block. All positions are absolute offsets in the
    /// buffer that was parsed.
    public struct BlockHeader: Sendable, Equatable {
        /// The block's mode, from its magic.
        public let algorithm: CipherAlgorithm
        /// Where the block (its magic) starts.
        public let offset: Int
        /// The 16-byte GCM tag; `nil` for CBC modes.
        public let tag: [UInt8]?
        /// The 16-byte IV.
        public let iv: [UInt8]
        /// Where the ciphertext lies.
        public let cipherRange: Range<Int>
        /// One past the block's last byte: where the next block starts.
        public var end: Int { cipherRange.upperBound }
    }

    // MARK: Encryption

    /// Encrypts `plaintext` as one complete cipher block.
    ///
    /// - Parameters:
    ///   - iv: the 16-byte IV; when `nil`, 16 random bytes from OpenSSL's `RAND_bytes`.
    /// - Throws: `.badKey` for a key or IV of the wrong length, `.badHeader` when the
    ///   plaintext is too large for the block's 32-bit length fields, `.openssl` when OpenSSL fails.
    public static func encryptBlock(
        _ plaintext: UnsafeRawBufferPointer, algorithm: CipherAlgorithm, key: [UInt8], iv: [UInt8]? = nil
    ) throws(CryptoError) -> [UInt8] {
        let cipher = try evpCipher(algorithm, keyCount: key.count)
        let ivBytes: [UInt8]
        if let iv {
            guard iv.count == ivCount else {
                throw CryptoError(.badKey, field: "iv", message: "IV must be \(ivCount) bytes, got \(iv.count)")
            }
            ivBytes = iv
        } else {
            ivBytes = try randomIV()
        }
        let capacity = try blockCapacity(algorithm, plaintextCount: plaintext.count)
        return try fill(capacity: capacity) { out in
            writeBlock(plaintext, algorithm: algorithm, cipher: cipher, key: key, iv: ivBytes, to: out)
        }
    }

    /// Encrypts `plaintext` the way MindSpore does: one block per ``maxBlockPlaintext`` bytes,
    /// each with a fresh random IV, concatenated. An empty plaintext gives one empty block.
    public static func encrypt(
        _ plaintext: UnsafeRawBufferPointer, algorithm: CipherAlgorithm, key: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        let cipher = try evpCipher(algorithm, keyCount: key.count)
        var pieces: [Range<Int>] = []
        var capacity = 0
        var start = 0
        repeat {
            let end = min(plaintext.count, start + maxBlockPlaintext)
            pieces.append(start..<end)
            capacity += try blockCapacity(algorithm, plaintextCount: end - start)
            start = end
        } while start < plaintext.count
        var ivs: [[UInt8]] = []
        for _ in pieces { ivs.append(try randomIV()) }

        return try fill(capacity: capacity) { out in
            var written = 0
            for (piece, iv) in zip(pieces, ivs) {
                let input = UnsafeRawBufferPointer(rebasing: plaintext[piece])
                switch writeBlock(input, algorithm: algorithm, cipher: cipher, key: key, iv: iv, to: out + written) {
                case .success(let n): written += n
                case .failure(let error): return .failure(error)
                }
            }
            return .success(written)
        }
    }

    /// Encrypts `plaintext` like the `UnsafeRawBufferPointer` overload of `encrypt(_:algorithm:key:)`.
    public static func encrypt(
        _ plaintext: [UInt8], algorithm: CipherAlgorithm, key: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        let result = plaintext.withUnsafeBytes { raw in
            Result { () throws(CryptoError) in try encrypt(raw, algorithm: algorithm, key: key) }
        }
        return try result.get()
    }

    /// The most bytes a block holding `plaintextCount` bytes can take (CBC adds up to 16).
    private static func blockCapacity(_ algorithm: CipherAlgorithm, plaintextCount: Int) throws(CryptoError) -> Int {
        let room = algorithm.hasTag ? plaintextCount : (plaintextCount / 16 + 1) * 16
        // block_size = 24 + cipher_len must fit in an int32.
        guard room <= Int(Int32.max) - 24 else {
            throw CryptoError(.badHeader, field: "cipher_len",
                              message: "plaintext of \(plaintextCount) bytes is too large for one block")
        }
        return headerCount(for: algorithm) + room
    }

    /// An array of at most `capacity` bytes, filled by `body`, which returns how many it wrote.
    private static func fill(
        capacity: Int, _ body: (UnsafeMutableRawPointer) -> Result<Int, CryptoError>
    ) throws(CryptoError) -> [UInt8] {
        var result: Result<Int, CryptoError> = .success(0)
        let bytes = [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, initialized in
            if let base = buffer.baseAddress {
                result = body(UnsafeMutableRawPointer(base))
            } else {
                result = .failure(CryptoError(.openssl, message: "cannot allocate \(capacity) bytes"))
            }
            initialized = (try? result.get()) ?? 0
        }
        _ = try result.get()
        return bytes
    }

    /// Writes one complete block (header and ciphertext) at `out`; returns its length.
    private static func writeBlock(
        _ plaintext: UnsafeRawBufferPointer, algorithm: CipherAlgorithm, cipher: OpaquePointer,
        key: [UInt8], iv: [UInt8], to out: UnsafeMutableRawPointer
    ) -> Result<Int, CryptoError> {
        let header = headerCount(for: algorithm)
        let tagPointer = algorithm.hasTag ? out + 4 : nil
        let result = key.withUnsafeBytes { keyRaw in
            iv.withUnsafeBytes { ivRaw in
                crypt(encrypt: true, algorithm: algorithm, cipher: cipher, key: keyRaw, iv: ivRaw,
                      tag: tagPointer, input: plaintext, output: out + header)
            }
        }
        guard case .success(let cipherLen) = result else { return result }

        var pos = 0
        func put(_ value: UInt32) {
            out.storeBytes(of: value.littleEndian, toByteOffset: pos, as: UInt32.self)
            pos += 4
        }
        put(algorithm.magic)
        if algorithm.hasTag { pos += tagCount }  // already written by OpenSSL
        put(UInt32(4 + ivCount + 4 + cipherLen))
        put(UInt32(ivCount))
        iv.withUnsafeBytes { UnsafeMutableRawBufferPointer(start: out + pos, count: ivCount).copyMemory(from: $0) }
        pos += ivCount
        put(UInt32(cipherLen))
        return .success(header + cipherLen)
    }

    private static func randomIV() throws(CryptoError) -> [UInt8] {
        var iv = [UInt8](repeating: 0, count: ivCount)
        let ok = iv.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard ok == 1 else { throw CryptoError.openssl("RAND_bytes") }
        return iv
    }

    // MARK: Parsing

    /// Parses and validates the header of the block starting at `offset` in `buffer`.
    ///
    /// Every length is checked against the buffer before use, so hostile input only ever
    /// produces an error. Checks: known magic; `iv_len == 16`; `cipher_len >= 0`;
    /// `block_size == 4 + 16 + 4 + cipher_len`; for CBC modes `cipher_len` is a positive
    /// multiple of 16; the ciphertext lies inside the buffer.
    ///
    /// - Throws: `.badMagic`, `.badHeader` or `.truncated`, with the absolute offset and name
    ///   of the offending field.
    public static func parseBlockHeader(
        _ buffer: UnsafeRawBufferPointer, at offset: Int
    ) throws(CryptoError) -> BlockHeader {
        try parseBlockHeader(buffer, at: offset, index: nil)
    }

    static func parseBlockHeader(
        _ buffer: UnsafeRawBufferPointer, at offset: Int, index: Int?
    ) throws(CryptoError) -> BlockHeader {
        func name(_ field: String) -> String { fieldName(field, index) }
        guard offset >= 0, offset <= buffer.count else {
            throw CryptoError(.truncated, offset: offset, field: name("magic"),
                              message: "block offset \(offset) is outside the buffer of \(buffer.count) bytes")
        }
        var pos = offset

        func need(_ count: Int, _ field: String) throws(CryptoError) {
            // pos <= buffer.count always holds here, so the subtraction cannot overflow.
            guard buffer.count - pos >= count else {
                throw CryptoError(.truncated, offset: pos, field: name(field),
                                  message: "\(field) needs \(count) bytes but only \(buffer.count - pos) remain")
            }
        }
        func readInt32(_ field: String) throws(CryptoError) -> (value: Int32, at: Int) {
            try need(4, field)
            let raw = buffer.loadUnaligned(fromByteOffset: pos, as: UInt32.self)
            defer { pos += 4 }
            return (Int32(bitPattern: UInt32(littleEndian: raw)), pos)
        }
        func readBytes(_ count: Int, _ field: String) throws(CryptoError) -> [UInt8] {
            try need(count, field)
            defer { pos += count }
            return Array(buffer[pos..<(pos + count)])
        }

        let magic = try readInt32("magic")
        guard let algorithm = CipherAlgorithm(magic: UInt32(bitPattern: magic.value)) else {
            let hex = String(UInt32(bitPattern: magic.value), radix: 16)
            throw CryptoError(.badMagic, offset: magic.at, field: name("magic"),
                              message: "0x\(hex) is not a MindSpore cipher block magic")
        }
        let tag = algorithm.hasTag ? try readBytes(tagCount, "tag") : nil

        let blockSize = try readInt32("block_size")
        let minimumBlockSize = 4 + ivCount + 4
        guard blockSize.value >= minimumBlockSize else {
            throw CryptoError(.badHeader, offset: blockSize.at, field: name("block_size"),
                              message: "block_size \(blockSize.value) is below the minimum \(minimumBlockSize)")
        }
        let ivLen = try readInt32("iv_len")
        guard ivLen.value == ivCount else {
            throw CryptoError(.badHeader, offset: ivLen.at, field: name("iv_len"),
                              message: "iv_len is \(ivLen.value), expected \(ivCount)")
        }
        let iv = try readBytes(ivCount, "iv")

        let cipherLen = try readInt32("cipher_len")
        guard cipherLen.value >= 0 else {
            throw CryptoError(.badHeader, offset: cipherLen.at, field: name("cipher_len"),
                              message: "cipher_len \(cipherLen.value) is negative")
        }
        let (expected, overflow) = Int32(minimumBlockSize).addingReportingOverflow(cipherLen.value)
        guard !overflow, expected == blockSize.value else {
            throw CryptoError(.badHeader, offset: blockSize.at, field: name("block_size"),
                              message: "block_size \(blockSize.value) does not equal 4 + 16 + 4 + cipher_len (\(cipherLen.value))")
        }
        if !algorithm.hasTag, cipherLen.value == 0 || cipherLen.value % 16 != 0 {
            throw CryptoError(.badHeader, offset: cipherLen.at, field: name("cipher_len"),
                              message: "\(algorithm.rawValue) cipher_len \(cipherLen.value) is not a positive multiple of 16")
        }
        let length = Int(cipherLen.value)
        guard buffer.count - pos >= length else {
            throw CryptoError(.truncated, offset: cipherLen.at, field: name("cipher_len"),
                              message: "cipher_len \(length) runs past the end of the buffer (\(buffer.count - pos) bytes remain)")
        }
        return BlockHeader(algorithm: algorithm, offset: offset, tag: tag, iv: iv,
                           cipherRange: pos..<(pos + length))
    }

    // MARK: Decryption

    /// Decrypts the block described by `header` (from ``parseBlockHeader(_:at:)`` on the same
    /// buffer) and appends its plaintext to `output`. On error `output` is left unchanged.
    ///
    /// - Throws: `.badKey` for a key of the wrong length, `.authenticationFailed` when the GCM
    ///   tag does not match, `.badPadding` when CBC padding is invalid (usually a wrong key),
    ///   `.truncated`/`.badHeader` when `header` does not fit `buffer`.
    public static func decryptBlock(
        _ buffer: UnsafeRawBufferPointer, header: BlockHeader, key: [UInt8], into output: inout [UInt8]
    ) throws(CryptoError) {
        let plaintext = try fill(capacity: header.cipherRange.count + 16) { out in
            decryptBlock(buffer, header: header, key: key, index: nil, to: out)
        }
        output.append(contentsOf: plaintext)
    }

    /// Decrypts a whole MindSpore-encrypted buffer: walks every block from offset 0 to the end
    /// and returns the concatenated plaintext. Every block must use the same mode as the first.
    ///
    /// - Throws: any error of ``parseBlockHeader(_:at:)`` or ``decryptBlock(_:header:key:into:)``,
    ///   with fields named `block[i].…`; `.truncated` for an empty buffer; `.badMagic` when a
    ///   block's mode differs from the first block's.
    public static func decrypt(_ buffer: UnsafeRawBufferPointer, key: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard !buffer.isEmpty else {
            throw CryptoError(.truncated, offset: 0, field: fieldName("magic", 0), message: "buffer is empty")
        }
        // Validate every header first, then decrypt straight into one output array.
        var headers: [BlockHeader] = []
        var offset = 0
        var total = 0
        while offset < buffer.count {
            let header = try parseBlockHeader(buffer, at: offset, index: headers.count)
            if let first = headers.first, header.algorithm != first.algorithm {
                throw CryptoError(.badMagic, offset: offset, field: fieldName("magic", headers.count),
                                  message: "block uses \(header.algorithm.rawValue) but block 0 uses \(first.algorithm.rawValue)")
            }
            headers.append(header)
            total += header.cipherRange.count  // sums lengths inside the buffer: cannot overflow
            offset = header.end
        }
        return try fill(capacity: total + 16) { out in
            var written = 0
            for (index, header) in headers.enumerated() {
                switch decryptBlock(buffer, header: header, key: key, index: index, to: out + written) {
                case .success(let n): written += n
                case .failure(let error): return .failure(error)
                }
            }
            return .success(written)
        }
    }

    /// Decrypts a whole buffer like the `UnsafeRawBufferPointer` overload of `decrypt(_:key:)`.
    public static func decrypt(_ buffer: [UInt8], key: [UInt8]) throws(CryptoError) -> [UInt8] {
        let result = buffer.withUnsafeBytes { raw in
            Result { () throws(CryptoError) in try decrypt(raw, key: key) }
        }
        return try result.get()
    }

    /// Decrypts one block to `out`, which must have room for its ciphertext length plus 16 bytes.
    /// Returns the plaintext length.
    private static func decryptBlock(
        _ buffer: UnsafeRawBufferPointer, header: BlockHeader, key: [UInt8], index: Int?,
        to out: UnsafeMutableRawPointer
    ) -> Result<Int, CryptoError> {
        let range = header.cipherRange
        guard range.lowerBound >= 0, range.upperBound <= buffer.count else {
            return .failure(CryptoError(.truncated, offset: header.offset, field: fieldName("cipher_len", index),
                                        message: "ciphertext \(range) lies outside the buffer of \(buffer.count) bytes"))
        }
        guard header.iv.count == ivCount, header.algorithm.hasTag == (header.tag?.count == tagCount) else {
            return .failure(CryptoError(.badHeader, offset: header.offset, field: fieldName("iv", index),
                                        message: "header has a malformed IV or tag"))
        }
        let cipher: OpaquePointer
        do {
            cipher = try evpCipher(header.algorithm, keyCount: key.count)
        } catch {
            return .failure(error)
        }
        var tag = header.tag ?? []
        let input = UnsafeRawBufferPointer(rebasing: buffer[range])
        let result = tag.withUnsafeMutableBytes { tagRaw in
            key.withUnsafeBytes { keyRaw in
                header.iv.withUnsafeBytes { ivRaw in
                    crypt(encrypt: false, algorithm: header.algorithm, cipher: cipher, key: keyRaw, iv: ivRaw,
                          tag: header.algorithm.hasTag ? tagRaw.baseAddress : nil, input: input, output: out)
                }
            }
        }
        return result.mapError { error in
            guard error.code == .authenticationFailed || error.code == .badPadding else { return error }
            var located = error
            located.offset = header.offset
            located.field = fieldName(header.algorithm.hasTag ? "tag" : "ciphertext", index)
            return located
        }
    }

    // MARK: OpenSSL

    private static func fieldName(_ field: String, _ index: Int?) -> String {
        guard let index else { return field }
        return "block[\(index)].\(field)"
    }

    /// The EVP cipher for `algorithm` with a key of `keyCount` bytes.
    private static func evpCipher(_ algorithm: CipherAlgorithm, keyCount: Int) throws(CryptoError) -> OpaquePointer {
        let cipher: OpaquePointer?
        switch (algorithm, keyCount) {
        case (.aesGCM, 16): cipher = EVP_aes_128_gcm()
        case (.aesGCM, 24): cipher = EVP_aes_192_gcm()
        case (.aesGCM, 32): cipher = EVP_aes_256_gcm()
        case (.aesCBC, 16): cipher = EVP_aes_128_cbc()
        case (.aesCBC, 24): cipher = EVP_aes_192_cbc()
        case (.aesCBC, 32): cipher = EVP_aes_256_cbc()
        case (.sm4CBC, 16): cipher = EVP_sm4_cbc()
        default:
            let allowed = algorithm.keyCounts.map(String.init).joined(separator: ", ")
            throw CryptoError(.badKey, field: "key",
                              message: "\(algorithm.rawValue) needs a key of \(allowed) bytes, got \(keyCount)")
        }
        guard let cipher else { throw CryptoError.openssl("\(algorithm.rawValue) is unavailable in this OpenSSL") }
        return cipher
    }

    /// Runs one complete encryption or decryption of `input` into `output`, which must have
    /// room for `input.count + 16` bytes. For GCM, `tag` receives (encrypt) or supplies
    /// (decrypt) the 16-byte tag. Returns the number of bytes written.
    private static func crypt(
        encrypt: Bool, algorithm: CipherAlgorithm, cipher: OpaquePointer,
        key: UnsafeRawBufferPointer, iv: UnsafeRawBufferPointer, tag: UnsafeMutableRawPointer?,
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawPointer
    ) -> Result<Int, CryptoError> {
        guard let ctx = EVP_CIPHER_CTX_new() else { return .failure(.openssl("EVP_CIPHER_CTX_new")) }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let mode: Int32 = encrypt ? 1 : 0
        guard EVP_CipherInit_ex(ctx, cipher, nil, nil, nil, mode) == 1 else {
            return .failure(.openssl("EVP_CipherInit_ex"))
        }
        if algorithm.hasTag {
            // MindSpore stores 16 IV bytes but never changes OpenSSL's default GCM IV length, so only the
            // first 12 are used (checked against files MindSpore 2.10 wrote; FORMATS.md §1.6 says 16).
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, Int32(gcmNonceCount), nil) == 1 else {
                return .failure(.openssl("setting the GCM IV length"))
            }
        }
        guard let keyBase = key.baseAddress, let ivBase = iv.baseAddress,
              EVP_CipherInit_ex(ctx, nil, nil, keyBase.assumingMemoryBound(to: UInt8.self),
                                ivBase.assumingMemoryBound(to: UInt8.self), mode) == 1
        else { return .failure(.openssl("setting the key and IV")) }

        let out = output.assumingMemoryBound(to: UInt8.self)
        var written: Int32 = 0
        if let inBase = input.baseAddress, !input.isEmpty {
            guard let count = Int32(exactly: input.count),
                  EVP_CipherUpdate(ctx, out, &written, inBase.assumingMemoryBound(to: UInt8.self), count) == 1
            else { return .failure(.openssl("EVP_CipherUpdate")) }
        }
        if algorithm.hasTag, !encrypt {
            guard let tag, EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(tagCount), tag) == 1 else {
                return .failure(.openssl("setting the GCM tag"))
            }
        }
        var last: Int32 = 0
        guard EVP_CipherFinal_ex(ctx, out + Int(written), &last) == 1 else {
            if encrypt { return .failure(.openssl("EVP_CipherFinal_ex")) }
            ERR_clear_error()
            return .failure(algorithm.hasTag
                ? CryptoError(.authenticationFailed, message: "GCM tag mismatch: wrong key or modified data")
                : CryptoError(.badPadding, message: "invalid CBC padding: wrong key or modified data"))
        }
        if algorithm.hasTag, encrypt {
            guard let tag, EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(tagCount), tag) == 1 else {
                return .failure(.openssl("reading the GCM tag"))
            }
        }
        return .success(Int(written) + Int(last))
    }
}
