import COpenSSL

/// An error raised by the hashing, checksum and cipher helpers in `MSCrypto`.
///
/// Errors about malformed input say where the problem is: `offset` is the absolute
/// byte offset (in the buffer that was passed in) of the offending header field or
/// block, and `field` names it, for example `"block[2].cipher_len"`.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The first four bytes of a block are not a known MindSpore cipher magic.
        case badMagic
        /// A header field has an impossible or inconsistent value.
        case badHeader
        /// The buffer ends before a header field or the ciphertext it announces.
        case truncated
        /// The key (or IV) has a length the algorithm does not accept.
        case badKey
        /// AES-GCM tag verification failed: wrong key or modified data.
        case authenticationFailed
        /// CBC padding is invalid after decryption: usually a wrong key or modified data.
        case badPadding
        /// A file could not be opened or read.
        case io
        /// OpenSSL reported an unexpected failure.
        case openssl
    }

    /// The kind of failure.
    public var code: Code
    /// Absolute byte offset of the offending header field or block, when known.
    public var offset: Int?
    /// Name of the offending field, for example `"block[2].cipher_len"`, when known.
    public var field: String?
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, offset: Int? = nil, field: String? = nil, message: String) {
        self.code = code
        self.offset = offset
        self.field = field
        self.message = message
    }

    /// A one-line description: code, field, offset and message.
    public var description: String {
        var text = "CryptoError.\(code.rawValue)"
        if let field { text += " [\(field)]" }
        if let offset { text += " at offset \(offset)" }
        return text + ": " + message
    }

    /// An `.openssl` error carrying the text of OpenSSL's oldest queued error, which it clears.
    static func openssl(_ what: String) -> CryptoError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return CryptoError(.openssl, message: "\(what) failed") }
        var text = [CChar](repeating: 0, count: 256)
        let detail = text.withUnsafeMutableBufferPointer { buf -> String in
            guard let base = buf.baseAddress else { return "" }
            ERR_error_string_n(code, base, buf.count)
            return String(cString: base)
        }
        return CryptoError(.openssl, message: "\(what) failed: \(detail)")
    }
}
