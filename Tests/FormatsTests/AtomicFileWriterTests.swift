import Foundation
import Formats
import TestSupport
import Testing

/// The streaming writer's three ways of putting bytes into a file — write(2), a kernel copy from
/// an open source file, and direct I/O through the aligned staging buffer — give the same bytes
/// for unaligned pieces of every size, and a failed or abandoned write leaves nothing behind.
@Suite struct AtomicFileWriterTests {
    /// Seeded bytes (xorshift), so a misplaced piece shows up as a mismatch.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// (offset, count) pieces of the source: unaligned, tiny, empty, and one larger than the staging buffer.
    static let pieces = [(7, 3_000_001), (0, 1), (100, 0), (4096, 4096), (13, 17 << 20), (5, 1_234_567)]

    @Test(arguments: [false, true])
    func copiesFromAnOpenFileGiveTheSourceBytes(direct: Bool) throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sourcePath = dir.appendingPathComponent("source.bin").path
        let source = Self.bytes(18 << 20, seed: 42)
        try Data(source).write(to: URL(fileURLWithPath: sourcePath))
        let storage = try ByteStorage.map(path: sourcePath)
        #expect(storage.fileDescriptor >= 0)

        let target = dir.appendingPathComponent("out.bin").path
        let writer = try AtomicFileWriter(path: target, format: "test", protecting: [sourcePath])
        let usedDirect = direct ? writer.useDirectIO() : false
        var expected: [UInt8] = Array("header-13-byt".utf8)
        try writer.write(expected)
        for (offset, count) in Self.pieces {
            let view = ByteView(storage: storage, range: offset..<(offset + count))
            try writer.copy(from: storage.fileDescriptor, offset: offset, count: count) { () throws(FormatError) in
                try writer.write(view)
            }
            expected += source[offset..<(offset + count)]
            // Plain writes mixed in between copies.
            try writer.write([UInt8(count & 0xFF)])
            expected.append(UInt8(count & 0xFF))
        }
        #expect(writer.bytesWritten == expected.count)
        try writer.commit()
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: target)))
        #expect(written.count == expected.count, "direct I/O used: \(usedDirect)")
        #expect(written == expected, "direct I/O used: \(usedDirect)")
        // Only the source and the result are left: no temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["out.bin", "source.bin"])
    }

    @Test func directWritesOfMemoryKeepEveryByte() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.bin").path
        let writer = try AtomicFileWriter(path: target, format: "test")
        writer.useDirectIO()
        let data = Self.bytes(20 << 20 + 3, seed: 7)
        var expected: [UInt8] = []
        var start = 0
        for size in [1, 4095, 4097, 16 << 20, 10, 3_000_000] {
            let end = min(data.count, start + size)
            try writer.write(Array(data[start..<end]))
            expected += data[start..<end]
            start = end
        }
        try writer.commit()
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: target))) == expected)
    }

    @Test func anAbandonedDirectWriteLeavesNothing() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.bin").path
        do {
            let writer = try AtomicFileWriter(path: target, format: "test")
            writer.useDirectIO()
            try writer.write(Self.bytes(17 << 20, seed: 3))
            writer.abort()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func aCopyFromAClosedDescriptorFallsBackOrFailsCleanly() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.bin").path
        let writer = try AtomicFileWriter(path: target, format: "test")
        var usedFallback = false
        // -1 is no file: the writer must use the fallback, not fail or trap.
        try writer.copy(from: -1, offset: 0, count: 5) { () throws(FormatError) in
            usedFallback = true
            try writer.write([1, 2, 3, 4, 5])
        }
        try writer.commit()
        #expect(usedFallback)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: target))) == [1, 2, 3, 4, 5])
    }

    /// A copy that runs past the end of its source (a file truncated after it was read) is an
    /// I/O error naming the output, on the kernel-copy path and on the direct path alike.
    @Test(arguments: [false, true])
    func aCopyPastTheSourcesEndFailsNamingTheFile(direct: Bool) throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sourcePath = dir.appendingPathComponent("source.bin").path
        try Data(Self.bytes(10_000, seed: 1)).write(to: URL(fileURLWithPath: sourcePath))
        let storage = try ByteStorage.map(path: sourcePath)
        let target = dir.appendingPathComponent("out.bin").path
        let writer = try AtomicFileWriter(path: target, format: "test")
        if direct { writer.useDirectIO() }
        var fellBack = false
        #expect {
            try writer.copy(from: storage.fileDescriptor, offset: 9_990, count: 100) { () throws(FormatError) in fellBack = true }
            try writer.commit()
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.code == .io && error.file == target && error.message.contains("ended 90 bytes early")
        }
        #expect(!fellBack)
        writer.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["source.bin"])
    }
}
