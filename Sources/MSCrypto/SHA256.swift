import COpenSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming SHA-256 backed by an OpenSSL `EVP_MD_CTX`.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// hasher.update(part1)
/// hasher.update(part2)
/// let digest = hasher.finalize()   // 32 bytes; consumes the hasher
/// ```
public struct SHA256Hasher: ~Copyable {
    private let ctx: OpaquePointer

    /// Starts a new digest.
    ///
    /// Traps only if OpenSSL cannot allocate or initialise a digest context,
    /// which happens only when memory is exhausted.
    public init() {
        guard let ctx = EVP_MD_CTX_new() else {
            fatalError("SHA256Hasher: OpenSSL could not allocate a digest context")
        }
        guard EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(ctx)
            fatalError("SHA256Hasher: OpenSSL could not initialise SHA-256")
        }
        self.ctx = ctx
    }

    deinit {
        EVP_MD_CTX_free(ctx)
    }

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // EVP_DigestUpdate cannot fail for SHA-256 on a valid context.
        _ = EVP_DigestUpdate(ctx, base, bytes.count)
    }

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes the digest and returns its 32 bytes. The hasher is consumed.
    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { buf in
            EVP_DigestFinal_ex(ctx, buf.baseAddress, &length)
        }
        precondition(ok == 1 && length == 32, "SHA256Hasher: EVP_DigestFinal_ex failed")
        digest.removeLast(digest.count - 32)
        return digest
    }
}

/// One-shot SHA-256 helpers and hex conversion.
public enum SHA256 {
    /// Length of a SHA-256 digest in bytes.
    public static let digestCount = 32

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The SHA-256 digest of the file at `path`.
    ///
    /// Reads with POSIX `read()` into one buffer of `bufferSize` bytes, so memory use does
    /// not depend on the file size. Throws `.io` when the file cannot be opened or read.
    public static func hashFile(path: String, bufferSize: Int = 1 << 20) throws(CryptoError) -> [UInt8] {
        guard bufferSize > 0 else {
            throw CryptoError(.io, message: "bufferSize must be positive, got \(bufferSize)")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CryptoError(.io, message: "cannot open \(path): \(errnoText())")
        }
        defer { close(fd) }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif

        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256Hasher()
        var total = 0
        while true {
            let n = read(fd, buffer, bufferSize)
            if n > 0 {
                hasher.update(UnsafeRawBufferPointer(start: buffer, count: n))
                total += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw CryptoError(.io, offset: total, message: "cannot read \(path): \(errnoText())")
            }
        }
        return hasher.finalize()
    }

    /// Lowercase hexadecimal text of `bytes`, two digits per byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    /// Bytes from hexadecimal text (either case), or `nil` when the text has an odd length
    /// or a character that is not a hex digit.
    public static func fromHex(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The text of the current `errno`.
func errnoText() -> String {
    let code = errno
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text) + " (errno \(code))"
}
