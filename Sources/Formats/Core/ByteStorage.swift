#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Immutable bytes that tensors can point into: a read-only memory map of a file, or owned bytes.
///
/// The base address never moves for the storage's lifetime, so `ByteView`s stay valid as long
/// as they hold the storage. Nothing here ever writes to the bytes.
public final class ByteStorage: @unchecked Sendable {
    public let count: Int
    /// The file the bytes came from, for error messages (nil for bytes made in memory).
    public let path: String?
    public let isMapped: Bool
    private let base: UnsafeMutableRawPointer?

    /// Copies `bytes` into storage owned by this object.
    public init(bytes: [UInt8], path: String? = nil) {
        count = bytes.count
        self.path = path
        isMapped = false
        if bytes.isEmpty {
            base = nil
        } else {
            let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 64)
            bytes.withUnsafeBytes { source in
                if let from = source.baseAddress { memory.copyMemory(from: from, byteCount: source.count) }
            }
            base = memory
        }
    }

    /// `count` bytes, each set to `byte` (for making large inputs without a Swift array in between).
    public convenience init(repeating byte: UInt8, count: Int) {
        precondition(count >= 0)
        let memory = count == 0 ? nil : UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 64)
        memory?.initializeMemory(as: UInt8.self, repeating: byte, count: count)
        self.init(adopting: memory, count: count, path: nil)
    }

    /// Takes ownership of memory allocated with `UnsafeMutableRawPointer.allocate`.
    init(adopting memory: UnsafeMutableRawPointer?, count: Int, path: String?) {
        self.count = count
        self.path = path
        isMapped = false
        base = memory
    }

    private init(mapped: UnsafeMutableRawPointer?, count: Int, path: String, descriptor: Int32) {
        self.count = count
        self.path = path
        isMapped = true
        base = mapped
        fileDescriptor = descriptor
    }

    /// The open file behind a mapped storage (-1 otherwise): copies can go from it to another
    /// file inside the kernel, and it names the same file even if the path is replaced.
    public private(set) var fileDescriptor: Int32 = -1

    /// Memory-maps `path` read-only. An empty file gives an empty storage.
    public static func map(path: String, format: String = "file") throws(FormatError) -> ByteStorage {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw ioError(path, format: format, "cannot open: \(errnoText())") }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let text = errnoText()
            _ = close(fd)
            throw ioError(path, format: format, "cannot stat: \(text)")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            _ = close(fd)
            throw ioError(path, format: format, "is a directory")
        }
        let size = Int(info.st_size)
        if size == 0 { return ByteStorage(mapped: nil, count: 0, path: path, descriptor: fd) }
        guard let memory = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), memory != MAP_FAILED else {
            let text = errnoText()
            _ = close(fd)
            throw ioError(path, format: format, "cannot map \(size) bytes: \(text)")
        }
        return ByteStorage(mapped: memory, count: size, path: path, descriptor: fd)
    }

    deinit {
        if fileDescriptor >= 0 { _ = close(fileDescriptor) }
        guard let base else { return }
        if isMapped {
            munmap(base, count)
        } else {
            base.deallocate()
        }
    }

    /// The whole storage as a view.
    public var view: ByteView { ByteView(storage: self, range: 0..<count) }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The address of byte 0; valid while `self` is alive. Used to prove views are zero-copy.
    public var baseAddress: UnsafeRawPointer? { UnsafeRawPointer(base) }

    /// Tells the kernel the mapped range will be read front to back.
    public func adviseSequential() {
        #if canImport(Glibc)
            if isMapped, let base { _ = madvise(base, count, MADV_SEQUENTIAL) }
        #endif
    }

    /// Tells the kernel the pages wholly inside `range` of a mapped file are not needed for now, so they
    /// leave the resident set (they are read again from the file if touched). Does nothing for owned bytes.
    public func releasePages(_ range: Range<Int>) {
        #if canImport(Glibc)
            guard isMapped, let base, !range.isEmpty else { return }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            guard page > 0 else { return }
            let start = (range.lowerBound + page - 1) / page * page
            let end = range.upperBound == count ? count : range.upperBound / page * page
            guard start < end else { return }
            _ = madvise(base + start, end - start, MADV_DONTNEED)
        #endif
    }

    private static func ioError(_ path: String, format: String, _ message: String) -> FormatError {
        FormatError(.io, format: format, file: path, message: message)
    }
}

func errnoText() -> String {
    String(cString: strerror(errno))
}

/// A range of bytes inside a `ByteStorage`; copying a view never copies the bytes.
public struct ByteView: Sendable, Equatable, CustomStringConvertible {
    public let storage: ByteStorage
    public let range: Range<Int>

    public init(storage: ByteStorage, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count, "view outside its storage")
        self.storage = storage
        self.range = range
    }

    /// A view of freshly owned bytes.
    public init(bytes: [UInt8]) {
        let storage = ByteStorage(bytes: bytes)
        self.init(storage: storage, range: 0..<storage.count)
    }

    public var count: Int { range.count }
    public var isEmpty: Bool { range.isEmpty }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try storage.withUnsafeBytes { (all: UnsafeRawBufferPointer) throws(E) -> R in
            try body(UnsafeRawBufferPointer(rebasing: all[range]))
        }
    }

    /// A sub-view; `sub` is relative to this view.
    public func slice(_ sub: Range<Int>) -> ByteView {
        precondition(sub.lowerBound >= 0 && sub.upperBound <= count, "slice outside its view")
        return ByteView(storage: storage, range: (range.lowerBound + sub.lowerBound)..<(range.lowerBound + sub.upperBound))
    }

    /// Copies the bytes out.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    public static func == (lhs: ByteView, rhs: ByteView) -> Bool {
        if lhs.count != rhs.count { return false }
        if lhs.storage === rhs.storage && lhs.range == rhs.range { return true }
        return lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in a.elementsEqual(b) } }
    }

    public var description: String { "ByteView(\(count) bytes at \(range.lowerBound))" }
}

/// The bytes of one tensor: one view, or the views of adjacent chunks that together form it.
/// Joined only when someone asks for contiguous bytes.
public struct TensorBytes: Sendable, Equatable {
    public var chunks: [ByteView]

    public init(_ view: ByteView) { chunks = [view] }
    public init(chunks: [ByteView]) { self.chunks = chunks }
    public init(bytes: [UInt8]) { chunks = [ByteView(bytes: bytes)] }

    public var count: Int { chunks.reduce(0) { $0 + $1.count } }
    public var isContiguous: Bool { chunks.count <= 1 }

    /// Calls `body` once per chunk, in order.
    public func forEachChunk<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        for chunk in chunks { try chunk.withUnsafeBytes(body) }
    }

    /// Copies every chunk into one array.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for chunk in chunks { chunk.withUnsafeBytes { out.append(contentsOf: $0) } }
        return out
    }

    /// A single view: the chunk itself when there is one, otherwise a copy into owned storage.
    public func contiguous() -> ByteView {
        if chunks.count == 1 { return chunks[0] }
        return ByteView(bytes: bytes)
    }

    public static func == (lhs: TensorBytes, rhs: TensorBytes) -> Bool {
        if lhs.count != rhs.count { return false }
        if lhs.chunks == rhs.chunks { return true }
        return lhs.bytes == rhs.bytes
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps a typed error (the standard one rethrows `any Error`).
    @inlinable
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = withUnsafeBytes { buffer in Result { () throws(E) -> R in try body(buffer) } }
        return try result.get()
    }
}
