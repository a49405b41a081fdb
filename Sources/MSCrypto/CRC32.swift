import CSystemZlib

/// Standard CRC-32 (polynomial 0xEDB88320, initial value 0), the checksum of Python's
/// `zlib.crc32` and of MindSpore's `crc_num` trailer. Computed by zlib.
public struct CRC32: Sendable, Equatable {
    /// The checksum of everything passed to `update` so far.
    public private(set) var value: UInt32

    /// zlib takes `uInt` lengths, so long inputs are fed in pieces of this size.
    private static let chunk = 1 << 30

    /// Starts a checksum, optionally continuing from an earlier `value`
    /// (like `zlib.crc32(data, value)`).
    public init(value: UInt32 = 0) {
        self.value = value
    }

    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var crc = uLong(value)
        var done = 0
        while done < bytes.count {
            let n = min(CRC32.chunk, bytes.count - done)
            crc = crc32(crc, base.advanced(by: done).assumingMemoryBound(to: Bytef.self), uInt(n))
            done += n
        }
        value = UInt32(truncatingIfNeeded: crc)
    }

    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
