#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file through a temporary file beside the target and a rename, so a reader never sees a
/// half-written file and a failed write leaves the target untouched.
public final class AtomicFileWriter {
    public let path: String
    public let temporaryPath: String
    public let format: String
    private var fd: Int32
    public private(set) var bytesWritten = 0
    private var done = false

    /// Creates `<dir>/.<name>.XXXXXX.tmp`. Refuses to replace any of `protecting` (the inputs).
    public init(path: String, format: String, protecting inputs: [String] = []) throws(FormatError) {
        self.path = path
        self.format = format
        let target = realPath(path)
        for input in inputs where realPath(input) == target {
            throw FormatError(.invalidValue, format: format, file: path, message: "refusing to overwrite an input file")
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(dir.isEmpty ? "/" : dir)/.\(name).XXXXXX.tmp".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemps(base, 4)
        }
        guard descriptor >= 0 else {
            throw FormatError(.io, format: format, file: path, message: "cannot create a temporary file: \(errnoText())")
        }
        fd = descriptor
        temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func write(_ buffer: UnsafeRawBufferPointer) throws(FormatError) {
        guard let base = buffer.baseAddress else { return }
        if staging != nil {
            var offset = 0
            while offset < buffer.count {
                let n = try stage(buffer.count - offset) { target, room throws(FormatError) in
                    target.copyMemory(from: base + offset, byteCount: room)
                }
                offset += n
            }
            bytesWritten += buffer.count
            return
        }
        try writeAll(base, buffer.count)
        bytesWritten += buffer.count
    }

    private func writeAll(_ base: UnsafeRawPointer, _ count: Int) throws(FormatError) {
        var offset = 0
        while offset < count {
            let n = Glibc.write(fd, base + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw FormatError(.io, format: format, file: path, message: "write failed: \(errnoText())")
            }
            offset += n
        }
    }

    // MARK: Direct I/O

    /// Size and alignment of the direct-I/O staging buffer.
    static let stagingSize = 16 << 20
    static let directAlignment = 4096

    private var staging: UnsafeMutableRawPointer?
    private var staged = 0

    /// Large outputs: writes bypass the page cache (O_DIRECT) through an aligned staging buffer,
    /// so the data is not copied into the cache and then flushed again at `commit`. Returns false
    /// (and changes nothing) where the file system refuses direct I/O. Linux only.
    @discardableResult
    public func useDirectIO() -> Bool {
        #if os(Linux)
            guard staging == nil, bytesWritten == 0 else { return staging != nil }
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, fcntl(fd, F_SETFL, flags | O_DIRECT_FLAG) == 0 else { return false }
            staging = UnsafeMutableRawPointer.allocate(byteCount: Self.stagingSize, alignment: Self.directAlignment)
            return true
        #else
            return false
        #endif
    }

    /// Lets `fill` put up to `wanted` bytes into the staging buffer (it is given the room it may
    /// fill, which it must fill entirely); writes the buffer out when it is full. Returns the room.
    private func stage(
        _ wanted: Int, _ fill: (UnsafeMutableRawPointer, Int) throws(FormatError) -> Void
    ) throws(FormatError) -> Int {
        guard let staging else { return 0 }
        let room = min(wanted, Self.stagingSize - staged)
        try fill(staging + staged, room)
        staged += room
        if staged == Self.stagingSize {
            try writeAll(staging, staged)
            staged = 0
        }
        return room
    }

    /// Writes what is staged, padded with zeros to the alignment, then cuts the file to its size.
    private func flushStaging() throws(FormatError) {
        guard let staging, staged > 0 else { return }
        let padded = (staged + Self.directAlignment - 1) / Self.directAlignment * Self.directAlignment
        (staging + staged).initializeMemory(as: UInt8.self, repeating: 0, count: padded - staged)
        try writeAll(staging, padded)
        staged = 0
        if ftruncate(fd, off_t(bytesWritten)) != 0 {
            throw FormatError(.io, format: format, file: path, message: "cannot set the file size: \(errnoText())")
        }
    }

    public func write(_ bytes: [UInt8]) throws(FormatError) {
        try bytes.withBytes { (b: UnsafeRawBufferPointer) throws(FormatError) in try write(b) }
    }

    public func write(_ view: ByteView) throws(FormatError) {
        try view.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(FormatError) in try write(b) }
    }

    /// Appends `count` bytes of the open file `source` from `offset`. On Linux the kernel copies
    /// them (copy_file_range: no pass through user memory, a clone where the file system shares
    /// extents); elsewhere, or where the call is refused, `fallback` supplies the bytes to write.
    public func copy(
        from source: Int32, offset: Int, count: Int, fallback: () throws(FormatError) -> Void
    ) throws(FormatError) {
        var done = 0
        if staging != nil, source >= 0 {
            // Read straight into the staging buffer: the source is never mapped into our memory.
            while done < count {
                let n = try stage(count - done) { target, room throws(FormatError) in
                    var got = 0
                    while got < room {
                        let r = pread(source, target + got, room - got, off_t(offset + done + got))
                        if r < 0 {
                            if errno == EINTR { continue }
                            throw FormatError(.io, format: format, file: path, message: "reading the source failed: \(errnoText())")
                        }
                        if r == 0 {
                            throw FormatError(.io, format: format, file: path, message: "the source ended \(count - done - got) bytes early")
                        }
                        got += r
                    }
                }
                done += n
            }
            bytesWritten += count
            return
        }
        #if os(Linux)
            if let copyRange = KernelCopy.copyFileRange, source >= 0 {
                var position = Int64(offset)
                while done < count {
                    let n = copyRange(source, &position, fd, nil, count - done, 0)
                    if n < 0 {
                        if errno == EINTR { continue }
                        // Nothing copied yet and the call is unsupported here: write instead.
                        if done == 0 && [ENOSYS, EXDEV, EINVAL, EOPNOTSUPP, EBADF].contains(errno) { break }
                        throw FormatError(.io, format: format, file: path, message: "copy failed: \(errnoText())")
                    }
                    if n == 0 {
                        throw FormatError(.io, format: format, file: path, message: "the source ended \(count - done) bytes early")
                    }
                    done += n
                }
                if done == count {
                    bytesWritten += count
                    return
                }
            }
        #endif
        try fallback()
    }

    /// Asks the kernel to start writing the last `count` bytes out now, so that `commit`'s flush
    /// does not wait for all of a large file at the end (Linux; elsewhere nothing).
    public func startWriteback(lastBytes count: Int) {
        #if os(Linux)
            if staging == nil, let syncRange = KernelCopy.syncFileRange, count > 0 {
                _ = syncRange(fd, Int64(bytesWritten - count), Int64(count), 2)  // SYNC_FILE_RANGE_WRITE
            }
        #endif
    }

    /// Flushes, closes and renames the temporary file onto the target.
    public func commit() throws(FormatError) {
        guard !done else { return }
        do throws(FormatError) {
            try flushStaging()
        } catch {
            abort()
            throw error
        }
        releaseStaging()
        done = true
        defer { fd = -1 }
        if fsync(fd) != 0 || close(fd) != 0 {
            let text = errnoText()
            unlink(temporaryPath)
            throw FormatError(.io, format: format, file: path, message: "cannot flush: \(text)")
        }
        _ = chmod(temporaryPath, 0o644)
        if rename(temporaryPath, path) != 0 {
            let text = errnoText()
            unlink(temporaryPath)
            throw FormatError(.io, format: format, file: path, message: "cannot rename into place: \(text)")
        }
    }

    /// Removes the temporary file; the target is untouched.
    public func abort() {
        releaseStaging()
        guard !done else { return }
        done = true
        close(fd)
        unlink(temporaryPath)
    }

    private func releaseStaging() {
        staging?.deallocate()
        staging = nil
    }

    deinit { abort() }
}

#if os(Linux)
    /// O_DIRECT (Linux x86-64 and arm64 value; the Glibc module does not export it).
    #if arch(arm64)
        let O_DIRECT_FLAG: Int32 = 0o200000
    #else
        let O_DIRECT_FLAG: Int32 = 0o40000
    #endif

    /// copy_file_range and sync_file_range, looked up at run time (the Glibc module does not
    /// declare them).
    enum KernelCopy {
        typealias CopyFileRange = @convention(c) (
            Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32
        ) -> Int
        typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

        nonisolated(unsafe) static let copyFileRange: CopyFileRange? = dlsym(nil, "copy_file_range").map {
            unsafeBitCast($0, to: CopyFileRange.self)
        }
        nonisolated(unsafe) static let syncFileRange: SyncFileRange? = dlsym(nil, "sync_file_range").map {
            unsafeBitCast($0, to: SyncFileRange.self)
        }
    }
#endif

/// The canonical absolute path, or the path itself when it does not exist yet.
func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}
