import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reports download progress: (bytes so far, total when known).
public typealias ProgressHandler = @Sendable (_ done: Int, _ total: Int?) -> Void

/// HTTP GETs through async-http-client: small documents into memory, model files into a partial file
/// with resumption (`Range: bytes=N-`) after a dropped connection.
final class Fetcher: Sendable {
    let client: HTTPClient
    /// Attempts per download; attempts that receive no byte at all count double towards giving up.
    let maxAttempts: Int

    /// `readTimeout`: seconds without a byte before a connection counts as dropped.
    init(readTimeout: Double, maxAttempts: Int = 8) {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(10), read: .milliseconds(Int64(max(0.05, readTimeout) * 1000))))
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maxAttempts = maxAttempts
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// The body of `url` (at most `limit` bytes). 404 and 410 are `.notFound`.
    func fetch(_ url: String, limit: Int) async throws(HubError) -> [UInt8] {
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(120))
            switch response.status.code {
            case 200: break
            case 404, 410: throw HubError(.notFound, url, "the server answers \(response.status.code) \(response.status.reasonPhrase)")
            default: throw HubError(.network, url, "the server answers \(response.status.code) \(response.status.reasonPhrase)")
            }
            var buffer = try await response.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as HubError {
            throw error
        } catch let error as NIOTooManyBytesError {
            throw HubError(.badAsset, url, "larger than \(limit) bytes (\(error))")
        } catch {
            throw HubError(.network, url, "\(error)")
        }
    }

    /// What a download did.
    struct DownloadStats: Sendable, Equatable {
        /// Requests sent (1 when nothing went wrong).
        var requests = 0
        /// Bytes already in the partial file when this call started (resumed from an earlier process).
        var resumedFrom = 0
        /// Bytes received over the network by this call.
        var received = 0
        /// True when some request asked for a range (resumed after a drop, or from an earlier partial).
        var resumed: Bool { requests > 1 || resumedFrom > 0 }
    }

    /// Downloads `url` into `partial`, appending to what is already there (asking the server for the
    /// rest with `Range`). A server that ignores the range (200) restarts the file; 416 restarts it.
    /// A dropped connection or a read timeout is retried from where it stopped.
    ///
    /// The file may not grow past `limit` bytes: an announced length above it is refused before
    /// anything is written, and a body that runs past it is cut off and its partial removed. While
    /// writing, the file system is asked every 64 MiB for its free space; below `diskReserve`
    /// bytes the download stops and keeps its partial for a later resume.
    func download(
        _ url: String, into partial: String, limit: Int, diskReserve: Int = 256 << 20, progress: ProgressHandler?
    ) async throws(HubError) -> DownloadStats {
        var stats = DownloadStats()
        stats.resumedFrom = fileSize(partial) ?? 0
        var failures = 0
        var lastError = ""
        while true {
            stats.requests += 1
            let offset = fileSize(partial) ?? 0
            var request = HTTPClientRequest(url: url)
            if offset > 0 { request.headers.add(name: "Range", value: "bytes=\(offset)-") }
            var receivedThisAttempt = 0
            var expectedTotal: Int?
            do {
                let response = try await client.execute(request, timeout: .hours(24))
                let status = response.status.code
                var truncate = false
                switch status {
                case 200:
                    truncate = true
                    expectedTotal = response.headers.first(name: "Content-Length").flatMap { Int($0) }
                case 206:
                    guard let range = response.headers.first(name: "Content-Range").flatMap(Self.parseContentRange),
                        range.start == offset
                    else {
                        // A range we did not ask for: start again from zero.
                        try? FileManager.default.removeItem(atPath: partial)
                        throw RetryableError.badRange
                    }
                    expectedTotal = range.total
                case 416:
                    try? FileManager.default.removeItem(atPath: partial)
                    throw RetryableError.badRange
                case 404, 410:
                    throw HubError(.notFound, url, "the server answers \(status) \(response.status.reasonPhrase)")
                default:
                    throw HubError(.network, url, "the server answers \(status) \(response.status.reasonPhrase)")
                }
                if let expectedTotal, expectedTotal > limit {
                    try? FileManager.default.removeItem(atPath: partial)
                    throw HubError(.badAsset, url, "the server announces \(expectedTotal) bytes, over the limit of \(limit) (--max-bytes)")
                }
                let fd = open(partial, O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0o644)
                guard fd >= 0 else { throw HubError(.io, partial, "cannot open: \(String(cString: strerror(errno)))") }
                defer { close(fd) }
                let base = truncate ? 0 : offset
                var nextDiskCheck = 0
                for try await buffer in response.body {
                    guard base + receivedThisAttempt + buffer.readableBytes <= limit else {
                        try? FileManager.default.removeItem(atPath: partial)
                        throw HubError(
                            .badAsset, url, "the body runs past the limit of \(limit) bytes (--max-bytes); nothing was kept")
                    }
                    if receivedThisAttempt >= nextDiskCheck {
                        if let free = Self.freeBytes(partial), free < diskReserve {
                            throw HubError(
                                .io, partial,
                                "the disk has \(free) bytes free, less than the \(diskReserve) kept in reserve; "
                                    + "\(base + receivedThisAttempt) bytes kept for resuming")
                        }
                        nextDiskCheck = receivedThisAttempt + (64 << 20)
                    }
                    try buffer.withUnsafeReadableBytes { (bytes: UnsafeRawBufferPointer) throws(HubError) in
                        try Self.writeAll(fd, bytes, path: partial)
                    }
                    receivedThisAttempt += buffer.readableBytes
                    stats.received += buffer.readableBytes
                    progress?(base + receivedThisAttempt, expectedTotal)
                }
                guard fsync(fd) == 0 else { throw HubError(.io, partial, "cannot flush: \(String(cString: strerror(errno)))") }
                let size = fileSize(partial) ?? 0
                if let expectedTotal, size < expectedTotal { throw RetryableError.short(size, expectedTotal) }
                if let expectedTotal, size > expectedTotal {
                    try? FileManager.default.removeItem(atPath: partial)
                    throw RetryableError.badRange
                }
                return stats
            } catch let error as HubError {
                throw error
            } catch {
                lastError = "\(error)"
                // An attempt that moved the file forward resets the count of fruitless ones.
                failures = receivedThisAttempt > 0 ? 1 : failures + 2
                if stats.requests >= maxAttempts || failures > 4 {
                    throw HubError(
                        .network, url,
                        "download failed after \(stats.requests) attempt(s), \(fileSize(partial) ?? 0) bytes kept for resuming: \(lastError)")
                }
                do {
                    try await Task.sleep(nanoseconds: UInt64(100_000_000 * min(stats.requests, 10)))
                } catch {
                    throw HubError(.network, url, "cancelled")
                }
            }
        }
    }

    /// Bytes an unprivileged writer may still use on the file system holding `path`.
    static func freeBytes(_ path: String) -> Int? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        let (bytes, overflow) = Int(info.f_bavail).multipliedReportingOverflow(by: Int(info.f_frsize))
        return overflow ? Int.max : bytes
    }

    enum RetryableError: Error, CustomStringConvertible {
        case badRange
        case short(Int, Int)

        var description: String {
            switch self {
            case .badRange: "the server's byte range does not continue the partial file"
            case .short(let got, let total): "connection ended after \(got) of \(total) bytes"
            }
        }
    }

    /// `bytes A-B/TOTAL` → (A, TOTAL or nil for `*`).
    static func parseContentRange(_ text: String) -> (start: Int, total: Int?)? {
        guard text.hasPrefix("bytes ") else { return nil }
        let rest = text.dropFirst(6)
        let parts = rest.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let dash = parts[0].firstIndex(of: "-"), let start = Int(parts[0][..<dash]) else { return nil }
        return (start, Int(parts[1]))
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(HubError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw HubError(.io, path, "write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}

/// A one-line progress bar on stderr (the caller decides that stderr is a terminal).
public final class TerminalProgress: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastDraw = 0.0
    private var drawn = false

    public init(label: String) { self.label = label }

    /// Redraws at most ten times a second; ends the line when `done` reaches `total`.
    public func update(_ done: Int, _ total: Int?) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date().timeIntervalSince1970
        guard now - lastDraw >= 0.1 || (total != nil && done >= total ?? 0) else { return }
        lastDraw = now
        drawn = true
        let mib = { (n: Int) in String(format: "%.1f", Double(n) / 1_048_576) }
        var line = "\r\(label) "
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int(fraction * 30)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "]"
            line += " \(Int(fraction * 100))% \(mib(done))/\(mib(total)) MiB"
        } else {
            line += "\(mib(done)) MiB"
        }
        let complete = total.map { done >= $0 } ?? false
        FileHandle.standardError.write(Data((line + "\u{1B}[K" + (complete ? "\n" : "")).utf8))
        drawn = !complete
    }

    /// Ends the line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
