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
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw FormatError(.io, format: format, file: path, message: "write failed: \(errnoText())")
            }
            offset += n
        }
        bytesWritten += buffer.count
    }

    public func write(_ bytes: [UInt8]) throws(FormatError) {
        try bytes.withBytes { (b: UnsafeRawBufferPointer) throws(FormatError) in try write(b) }
    }

    public func write(_ view: ByteView) throws(FormatError) {
        try view.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(FormatError) in try write(b) }
    }

    /// Flushes, closes and renames the temporary file onto the target.
    public func commit() throws(FormatError) {
        guard !done else { return }
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
        guard !done else { return }
        done = true
        close(fd)
        unlink(temporaryPath)
    }

    deinit { abort() }
}

/// The canonical absolute path, or the path itself when it does not exist yet.
func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}
