import Foundation
import Formats
import MSCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One asset of a loaded model, verified.
public struct LoadedAsset: Sendable, Equatable {
    /// Where the verified file came from.
    public enum Source: String, Sendable, Equatable {
        /// A folder hub's own copy, verified in place.
        case local
        /// Already in the cache (re-hashed now).
        case cache
        /// Downloaded now (possibly resuming an earlier partial download).
        case download
    }

    /// Index in the `asset:` list.
    public var index: Int
    /// `asset-link` without angle brackets.
    public var link: String
    /// `file-format` as written.
    public var fileFormat: String?
    /// `asset-sha256` as declared.
    public var declared: DeclaredHash
    /// The verified file.
    public var path: String
    /// Its full SHA-256.
    public var sha256: String
    public var bytes: Int
    public var source: Source
    /// Requests sent to download it (0 when nothing was downloaded).
    public var requests: Int
    /// The format sniffed from its content (nil when it matches none).
    public var realFormat: ModelFormat?

    /// The format `file-format` declares (nil when the name is unknown or absent).
    public var declaredFormat: ModelFormat? { fileFormat.flatMap(AssetValidator.declaredFormat) }

    /// True when the content's format is the declared one.
    public var formatMatches: Bool { realFormat != nil && realFormat == declaredFormat }
}

/// A loaded model: its id, the asset file, and every asset verified.
public struct LoadResult: Sendable, Equatable {
    public var id: String
    /// The hub it came from (`cache` when loaded from a cache ref alone).
    public var hub: String
    public var assets: [LoadedAsset]

    /// True when every asset's real format is the declared one.
    public var formatsMatch: Bool { assets.allSatisfy(\.formatMatches) }
}

/// Loads models by id: reads the asset file from the hub (or the cache's ref), then gets every asset
/// as a verified local file — a folder hub's own copy, a cache blob, or a download into the cache.
///
/// Downloads take the blob's lock, so concurrent loads of one file (in any process) download it once;
/// the file is hashed before it is renamed into the cache, so a mismatching file never enters it.
public final class Loader: Sendable {
    /// Settings for a loader.
    public struct Options: Sendable {
        /// Never use the network: a folder hub's files and the cache only.
        public var offline = false
        /// Seconds without a byte before a connection counts as dropped (and is resumed).
        public var readTimeout: Double = 60
        /// Called with download progress, per asset (label = the file name).
        public var progress: (@Sendable (_ label: String) -> ProgressHandler?)?
        /// The largest model file a download may bring. A server announcing more is refused before
        /// any byte is written; one sending more (a body without a length) is cut off there.
        public var maxBytes: Int

        /// 64 GiB: above any model the public hub links to, below what fills most disks.
        public static let defaultMaxBytes = 64 << 30

        public init(offline: Bool = false, readTimeout: Double = 60, maxBytes: Int = defaultMaxBytes) {
            self.offline = offline
            self.readTimeout = readTimeout
            self.maxBytes = maxBytes
        }
    }

    /// The hub; nil to load from the cache's refs alone.
    public let registry: Registry?
    public let cache: Cache
    public let options: Options
    let fetcher: Fetcher

    /// Asset files larger than this are refused (upstream's are a few KiB).
    public static let assetFileLimit = 1 << 20

    public init(registry: Registry?, cache: Cache, options: Options = Options()) {
        self.registry = registry
        self.cache = cache
        self.options = options
        fetcher = Fetcher(readTimeout: options.readTimeout)
    }

    /// Closes the HTTP client; call once when done.
    public func shutdown() async { await fetcher.shutdown() }

    /// The ids of the hub, sorted: a folder is walked; an HTTP hub's `index.txt` is read (one id per line,
    /// `#` comments; every id is checked).
    public func listIDs() async throws(HubError) -> [String] {
        guard let registry else { return cache.refs().map(\.id) }
        switch registry.location {
        case .folder:
            return try registry.folderIDs()
        case .http(let base):
            let url = base + "/index.txt"
            let text = String(decoding: try await fetcher.fetch(url, limit: 64 << 20), as: UTF8.self)
            var ids: [String] = []
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let id = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if id.isEmpty || id.hasPrefix("#") { continue }
                do {
                    _ = try Registry.idParts(id)
                } catch {
                    throw HubError(.badHub, "\(url):\(number + 1)", error.message)
                }
                ids.append(id)
            }
            return ids.sorted()
        }
    }

    /// The asset file of `id`: its bytes and a name for messages.
    public func assetFile(id: String) async throws(HubError) -> (bytes: [UInt8], name: String) {
        _ = try Registry.idParts(id)
        guard let registry else {
            guard let ref = cache.ref(id: id) else {
                throw HubError(.offlineMiss, id, "not in the cache at \(cache.root); give --hub to fetch it")
            }
            let path = cache.blobPath(ref.assetFileSHA256)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw HubError(.offlineMiss, id, "the cache's ref names the asset file \(path), which is missing")
            }
            return (Array(data), "\(id).md (cached)")
        }
        let location = try registry.assetFileLocation(id: id)
        switch registry.location {
        case .folder:
            guard isRegularFile(location), let data = FileManager.default.contents(atPath: location) else {
                throw HubError(.notFound, id, "no asset file \(location)")
            }
            guard data.count <= Self.assetFileLimit else { throw HubError(.badAsset, location, "larger than \(Self.assetFileLimit) bytes") }
            return (Array(data), location)
        case .http:
            if options.offline {
                guard let ref = cache.ref(id: id), let data = FileManager.default.contents(atPath: cache.blobPath(ref.assetFileSHA256)) else {
                    throw HubError(.offlineMiss, id, "offline, and the cache at \(cache.root) has no asset file for it")
                }
                return (Array(data), "\(id).md (cached)")
            }
            do {
                return (try await fetcher.fetch(location, limit: Self.assetFileLimit), location)
            } catch where error.code == .notFound {
                throw HubError(.notFound, id, "the hub has no asset file for it (\(location): \(error.message))")
            }
        }
    }

    /// Loads `id`: every asset of its asset file as a verified local file. Throws on the first asset
    /// that cannot be had or whose hash does not match; a format mismatch is reported in the result.
    public func load(id: String) async throws(HubError) -> LoadResult {
        let (bytes, name) = try await assetFile(id: id)
        let asset: AssetFile
        do {
            asset = try AssetFile.parse(String(decoding: bytes, as: UTF8.self), file: name)
        } catch {
            throw HubError(.badAsset, error.file, "line \(error.line): \(error.field.map { "\($0): " } ?? "")\(error.message)")
        }
        let items = asset.assets
        guard !items.isEmpty else { throw HubError(.badAsset, name, "line \(asset.headerLine): no `asset:` list of files") }
        var loaded: [LoadedAsset] = []
        for item in items {
            loaded.append(try await load(item, of: id, file: name))
        }
        if registry != nil {
            let sha = try cache.storeBlob(bytes)
            try cache.writeRef(
                Cache.Ref(
                    id: id, hub: registry?.spec ?? "", assetFileSHA256: sha,
                    assets: loaded.map {
                        Cache.Ref.Asset(link: $0.link, fileFormat: $0.fileFormat, declaredSHA256: $0.declared.hex, sha256: $0.sha256, bytes: $0.bytes)
                    }))
        }
        return LoadResult(id: id, hub: registry?.spec ?? "cache", assets: loaded)
    }

    func load(_ item: AssetEntry, of id: String, file: String) async throws(HubError) -> LoadedAsset {
        let field = "\(file): line \(item.line): asset[\(item.index)]"
        guard let rawLink = item.assetLink, !rawLink.isEmpty else { throw HubError(.badAsset, field, "no asset-link") }
        guard let rawHash = item.assetSHA256, let declared = DeclaredHash(rawHash) else {
            throw HubError(.badAsset, field, "asset-sha256 `\(item.assetSHA256 ?? "")` is not 8 to 64 hex digits")
        }
        let link = AssetFile.stripAngleBrackets(rawLink)
        var result = LoadedAsset(
            index: item.index, link: link, fileFormat: item.fileFormat, declared: declared, path: "", sha256: "", bytes: 0,
            source: .local, requests: 0, realFormat: nil)

        if let local = registry?.localFile(forLink: link) {
            let sha = try hashFile(local)
            guard declared.matches(sha) else {
                throw HubError(.hashMismatch, local, "hashes to \(sha), but \(id) declares \(declared.hex) (\(field))")
            }
            result.path = local
            result.sha256 = sha
        } else if let cached = try verifiedBlob(declared) {
            result.path = cached.path
            result.sha256 = cached.sha
            result.source = .cache
        } else {
            guard !options.offline else {
                throw HubError(.offlineMiss, id, "offline, and the cache at \(cache.root) has no file with SHA-256 \(declared.hex)")
            }
            guard link.hasPrefix("http://") || link.hasPrefix("https://") else {
                throw HubError(.badAsset, field, "asset-link `\(link)` is neither a file of this hub nor an http(s) URL")
            }
            let (path, sha, requests) = try await download(link, declared: declared, id: id)
            result.path = path
            result.sha256 = sha
            result.source = requests == 0 ? .cache : .download
            result.requests = requests
        }
        result.bytes = fileSize(result.path) ?? 0
        result.realFormat = try? ModelFile.open(result.path).format
        return result
    }

    /// A cached blob satisfying `declared`, re-hashed; a blob that no longer matches its name is removed.
    func verifiedBlob(_ declared: DeclaredHash) throws(HubError) -> (path: String, sha: String)? {
        guard let path = cache.findBlob(declared) else { return nil }
        let sha = try hashFile(path)
        let name = String(path.split(separator: "/").last ?? "")
        guard sha == name, declared.matches(sha) else {
            unlink(path)
            return nil
        }
        return (path, sha)
    }

    /// Downloads `link` into the cache under the blob lock. Returns the blob, its hash and the number of
    /// requests sent (0 when another process had already stored it while this one waited for the lock).
    func download(_ link: String, declared: DeclaredHash, id: String) async throws(HubError) -> (String, String, Int) {
        let key = Cache.key(for: declared, link: link)
        return try await cache.withLock(key: key) { () async throws(HubError) -> (String, String, Int) in
            if let cached = try verifiedBlob(declared) { return (cached.path, cached.sha, 0) }
            let partial = cache.partialPath(key: key)
            let label = String(link.split(separator: "/").last ?? Substring(link))
            var requests = 0
            // A resumed file that fails the check may have gone wrong before the resume: one fresh try.
            for fresh in [false, true] {
                let progress = options.progress?(label)
                let stats = try await fetcher.download(link, into: partial, limit: options.maxBytes, progress: progress)
                requests += stats.requests
                let sha = try hashFile(partial)
                if declared.matches(sha) {
                    try cache.commit(partial: partial, sha256: sha)
                    return (cache.blobPath(sha), sha, requests)
                }
                unlink(partial)
                if fresh || !stats.resumed {
                    throw HubError(
                        .hashMismatch, link,
                        "downloaded \(stats.received) bytes hash to \(sha), but \(id) declares \(declared.hex); nothing was cached")
                }
            }
            throw HubError(.hashMismatch, link, "the download does not match \(declared.hex); nothing was cached")
        }
    }
}

func hashFile(_ path: String) throws(HubError) -> String {
    do {
        return SHA256.hex(try SHA256.hashFile(path: path))
    } catch {
        throw HubError(.io, path, "\(error)")
    }
}
