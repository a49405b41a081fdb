import Foundation
import Formats
import MSCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The local, content-addressed cache of hub downloads.
///
/// ```
/// <root>/blobs/sha256/<64 hex>          verified files, named by their SHA-256 (asset files too)
/// <root>/blobs/sha256/<key>.partial     a download in progress or interrupted (resumed next time)
/// <root>/locks/<key>.lock               flock(2) target: one downloader per blob, across processes
/// <root>/refs/<publisher>/.../<name>.json   what an id resolved to (see `Ref`)
/// ```
/// A blob appears only by `rename(2)` of a partial whose hash matched, so a reader never sees a partial
/// or unverified blob. `<key>` is the declared hash, or for prefix-only hashes `prefix-<hex>-<url digest>`.
public struct Cache: Sendable {
    /// The cache folder.
    public let root: String

    /// Uses `root` (created on first write).
    public init(root: String) {
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// `$MSHUB_CACHE`, else `$XDG_CACHE_HOME/mshub` (when absolute, as the XDG spec asks), else `~/.cache/mshub`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["MSHUB_CACHE"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/mshub" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/mshub"
    }

    var blobsDirectory: String { root + "/blobs/sha256" }
    var locksDirectory: String { root + "/locks" }
    var refsDirectory: String { root + "/refs" }

    /// Where the verified blob with this SHA-256 lives (whether or not it is there).
    public func blobPath(_ sha256: String) -> String { blobsDirectory + "/" + sha256 }

    func partialPath(key: String) -> String { blobsDirectory + "/" + key + ".partial" }

    func refPath(id: String) -> String { refsDirectory + "/" + id + ".json" }

    /// The lock and partial-file key for a declared hash of the file at `link`.
    static func key(for declared: DeclaredHash, link: String) -> String {
        switch declared {
        case .full(let hex): return hex
        case .prefix(let hex):
            let digest = SHA256.hex(SHA256.hash(Array(link.utf8)))
            return "prefix-\(hex)-\(digest.prefix(16))"
        }
    }

    func createLayout() throws(HubError) {
        for dir in [blobsDirectory, locksDirectory, refsDirectory] {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw HubError(.io, dir, "cannot create the cache folder: \(error.localizedDescription)")
            }
        }
    }

    /// A blob that satisfies `declared`: the exact blob for a full hash; for a prefix, any blob whose name
    /// starts with it (that blob meets the declared check exactly as well as a new download would).
    public func findBlob(_ declared: DeclaredHash) -> String? {
        switch declared {
        case .full(let hex):
            return isRegularFile(blobPath(hex)) ? blobPath(hex) : nil
        case .prefix(let hex):
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: blobsDirectory) else { return nil }
            let match = names.sorted().first { $0.hasPrefix(hex) && $0.utf8.count == 64 && !$0.hasSuffix(".partial") }
            return match.map(blobPath)
        }
    }

    // MARK: Locks

    /// Runs `body` holding the exclusive lock for `key` (flock on `locks/<key>.lock`). Waiting polls
    /// without blocking a thread; the kernel drops the lock when a holder dies, so a killed process never
    /// leaves the cache locked. Lock files are never deleted (that would split one lock into two inodes).
    func withLock<T>(key: String, _ body: () async throws(HubError) -> T) async throws(HubError) -> T {
        try createLayout()
        let path = locksDirectory + "/" + key + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HubError(.io, path, "cannot open the lock file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw HubError(.io, path, "cannot lock: \(String(cString: strerror(errno)))")
            }
            do {
                try await Task.sleep(nanoseconds: 20_000_000)
            } catch {
                throw HubError(.io, path, "cancelled while waiting for the lock")
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }

    /// True when `key`'s lock is free right now (used by prune, which must not delete a live partial).
    func lockIsFree(key: String) -> Bool {
        let fd = open(locksDirectory + "/" + key + ".lock", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(fd, LOCK_UN)
        return true
    }

    // MARK: Blobs

    /// Moves a verified partial into place as `blobs/sha256/<sha256>` (read-only).
    func commit(partial: String, sha256: String) throws(HubError) {
        let target = blobPath(sha256)
        _ = chmod(partial, 0o444)
        guard rename(partial, target) == 0 else {
            let text = String(cString: strerror(errno))
            unlink(partial)
            throw HubError(.io, target, "cannot move the verified download into the cache: \(text)")
        }
    }

    /// Stores `bytes` (an asset file) as a blob and returns its SHA-256.
    @discardableResult
    func storeBlob(_ bytes: [UInt8]) throws(HubError) -> String {
        try createLayout()
        let sha = SHA256.hex(SHA256.hash(bytes))
        if isRegularFile(blobPath(sha)) { return sha }
        do {
            let writer = try AtomicFileWriter(path: blobPath(sha), format: "cache")
            try writer.write(bytes)
            try writer.commit()
        } catch {
            throw HubError(.io, blobPath(sha), "\(error)")
        }
        return sha
    }

    // MARK: Refs

    /// What an id resolved to when it was last loaded: enough to load it again offline.
    public struct Ref: Codable, Sendable, Equatable {
        public struct Asset: Codable, Sendable, Equatable {
            /// `asset-link` without angle brackets.
            public var link: String
            /// `file-format` as written.
            public var fileFormat: String?
            /// `asset-sha256` as written (full or prefix).
            public var declaredSHA256: String
            /// The full SHA-256 of the verified file (its blob name when it is in the cache).
            public var sha256: String
            public var bytes: Int
        }

        public var id: String
        /// The hub it came from, as given.
        public var hub: String
        /// SHA-256 of the asset markdown file (stored as a blob).
        public var assetFileSHA256: String
        public var assets: [Asset]
    }

    /// The ref for `id`, or nil when there is none (or it cannot be read).
    public func ref(id: String) -> Ref? {
        guard let data = FileManager.default.contents(atPath: refPath(id: id)) else { return nil }
        return try? JSONDecoder().decode(Ref.self, from: data)
    }

    func writeRef(_ ref: Ref) throws(HubError) {
        let path = refPath(id: ref.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(
                atPath: String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]), withIntermediateDirectories: true)
            let data = try encoder.encode(ref)
            let writer = try AtomicFileWriter(path: path, format: "cache")
            try writer.write(Array(data) + [0x0A])
            try writer.commit()
        } catch {
            throw HubError(.io, path, "cannot write the cache ref: \(error)")
        }
    }

    /// Every ref in the cache, sorted by id.
    public func refs() -> [Ref] {
        guard let enumerator = FileManager.default.enumerator(atPath: refsDirectory) else { return [] }
        var result: [Ref] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".json"), let ref = ref(id: String(relative.dropLast(5))) else { continue }
            result.append(ref)
        }
        return result.sorted { $0.id < $1.id }
    }

    // MARK: Listing and pruning

    /// A file in `blobs/sha256`.
    public struct BlobEntry: Sendable, Equatable {
        public var name: String
        public var bytes: Int
        /// True for `.partial` files (interrupted or running downloads).
        public var partial: Bool
    }

    /// The files in `blobs/sha256`, sorted by name.
    public func blobs() -> [BlobEntry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: blobsDirectory) else { return [] }
        // Dot files are AtomicFileWriter temporaries of asset-file blobs being stored right now.
        return names.sorted().compactMap { name in
            guard !name.hasPrefix(".") else { return nil }
            return BlobEntry(name: name, bytes: fileSize(blobsDirectory + "/" + name) ?? 0, partial: !isBlobName(name))
        }
    }

    /// What `prune` removed.
    public struct PruneReport: Sendable, Equatable {
        public var removedBlobs: [String] = []
        public var removedPartials: [String] = []
        public var removedRefs: [String] = []
        public var freedBytes = 0
        /// Partials left alone because a download holds their lock.
        public var busy: [String] = []
    }

    /// Removes blobs no ref names and partials no download holds; with `all`, every ref first (so every
    /// blob goes). Lock files stay (see `withLock`).
    public func prune(all: Bool = false) -> PruneReport {
        var report = PruneReport()
        if all {
            for ref in refs() where unlink(refPath(id: ref.id)) == 0 { report.removedRefs.append(ref.id) }
        }
        var keep = Set<String>()
        for ref in refs() {
            keep.insert(ref.assetFileSHA256)
            for asset in ref.assets { keep.insert(asset.sha256) }
        }
        for entry in blobs() {
            let path = blobsDirectory + "/" + entry.name
            if entry.partial {
                let key = entry.name.hasSuffix(".partial") ? String(entry.name.dropLast(8)) : entry.name
                guard lockIsFree(key: key) else {
                    report.busy.append(entry.name)
                    continue
                }
                if unlink(path) == 0 {
                    report.removedPartials.append(entry.name)
                    report.freedBytes += entry.bytes
                }
            } else if !keep.contains(entry.name), unlink(path) == 0 {
                report.removedBlobs.append(entry.name)
                report.freedBytes += entry.bytes
            }
        }
        // Temporaries left by a process that died while storing an asset file (an hour is far beyond any write).
        let names = (try? FileManager.default.contentsOfDirectory(atPath: blobsDirectory)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let path = blobsDirectory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0, Double(info.st_mtim.tv_sec) < Date().timeIntervalSince1970 - 3600 else { continue }
            if unlink(path) == 0 {
                report.removedPartials.append(name)
                report.freedBytes += Int(info.st_size)
            }
        }
        return report
    }

    func isBlobName(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}

func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
}

func fileSize(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_size)
}
