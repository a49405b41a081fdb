import Foundation
import Formats
@testable import Hub
import MSCrypto
import TestSupport
import Testing

/// The loader against a real HTTP server on 127.0.0.1 (scripts/hub-test-server.py) with injected faults.
@Suite struct LoaderTests {
    /// A hub folder with one served model file (convnet.ckpt), its server, and a fresh cache.
    final class Setup: @unchecked Sendable {
        let dir: URL
        let hub: URL
        let server: HubTestServer
        let cache: Cache
        let fixture = Project.testdata("ckpt/convnet.ckpt")
        let sha: String

        init() throws {
            dir = try Project.temporaryDirectory()
            hub = dir.appendingPathComponent("hub")
            try FileManager.default.createDirectory(at: hub.appendingPathComponent("files"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: fixture, toPath: hub.appendingPathComponent("files/convnet.ckpt").path)
            sha = SHA256.hex(try SHA256.hashFile(path: fixture))
            server = try HubTestServer(root: hub)
            cache = Cache(root: dir.appendingPathComponent("cache").path)
        }

        /// Writes asset file `t/1.0/<name>_mnist` whose link is `<server>/<path>`; returns the id.
        func asset(_ name: String, path: String = "files/convnet.ckpt", sha256: String? = nil, format: String = "ckpt") throws -> String {
            let id = "t/1.0/\(name)_mnist"
            try HubTree.writeAsset(root: hub, id: id, format: format, link: "\(server.base)/\(path)", sha256: sha256 ?? sha)
            return id
        }

        func loader(offline: Bool = false, readTimeout: Double = 60, http: Bool = true, maxBytes: Int = Loader.Options.defaultMaxBytes) throws -> Loader {
            Loader(
                registry: try Registry(http ? server.base : hub.path), cache: cache,
                options: Loader.Options(offline: offline, readTimeout: readTimeout, maxBytes: maxBytes))
        }

        func blobFiles() -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: cache.root + "/blobs/sha256"))?.sorted() ?? []
        }

        deinit {
            server.stop()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    func load(_ loader: Loader, _ id: String) async throws(HubError) -> LoadResult {
        do {
            let result = try await loader.load(id: id)
            await loader.shutdown()
            return result
        } catch {
            await loader.shutdown()
            throw error
        }
    }

    @Test func plainDownloadIsVerifiedAndCached() async throws {
        let s = try Setup()
        let id = try s.asset("plain")
        let result = try await load(try s.loader(), id)
        let asset = try #require(result.assets.first)
        #expect(asset.source == .download)
        #expect(asset.sha256 == s.sha)
        #expect(asset.path == s.cache.blobPath(s.sha))
        #expect(asset.realFormat == .ckpt && asset.formatMatches)
        #expect(FileManager.default.contentsEqual(atPath: asset.path, andPath: s.fixture))
        #expect(s.cache.ref(id: id)?.assets.first?.sha256 == s.sha)
        // Loaded again: from the cache, no new request.
        let again = try await load(try s.loader(), id)
        #expect(again.assets.first?.source == .cache)
        #expect(try s.server.stats()["files/convnet.ckpt"]?.full == 1)
    }

    @Test func droppedDownloadResumesWithRangeAndVerifies() async throws {
        let s = try Setup()
        let id = try s.asset("drop", path: "fault/drop-once/files/convnet.ckpt")
        let result = try await load(try s.loader(), id)
        let asset = try #require(result.assets.first)
        #expect(asset.sha256 == s.sha)
        #expect(asset.requests == 2)
        let stat = try #require(try s.server.stats()["files/convnet.ckpt"])
        #expect(stat.full == 1)
        #expect(stat.range == 1)
        #expect(stat.starts == [0, 16236 / 2])
        #expect(FileManager.default.contentsEqual(atPath: asset.path, andPath: s.fixture))
        #expect(!s.blobFiles().contains { $0.hasSuffix(".partial") })
    }

    @Test func wrongBytesAreRejectedAndNothingIsCached() async throws {
        let s = try Setup()
        let id = try s.asset("wrong", path: "fault/wrong/files/convnet.ckpt")
        await #expect(throws: HubError.self) { _ = try await load(try s.loader(), id) }
        do {
            _ = try await load(try s.loader(), id)
            Issue.record("a wrong download was accepted")
        } catch {
            #expect((error as? HubError)?.code == .hashMismatch, "\(error)")
        }
        #expect(s.blobFiles().isEmpty, "cache holds \(s.blobFiles())")
        #expect(s.cache.ref(id: id) == nil)
    }

    @Test func missingAssetFileAndMissingLinkAre404() async throws {
        let s = try Setup()
        do {
            _ = try await load(try s.loader(), "t/1.0/absent_mnist")
            Issue.record("loaded an id the hub does not have")
        } catch {
            #expect((error as? HubError)?.code == .notFound, "\(error)")
        }
        let id = try s.asset("gone", path: "files/absent.ckpt")
        do {
            _ = try await load(try s.loader(), id)
            Issue.record("loaded a link that answers 404")
        } catch {
            #expect((error as? HubError)?.code == .notFound, "\(error)")
        }
        #expect(s.blobFiles().isEmpty)
    }

    @Test func slowServerCompletes() async throws {
        let s = try Setup()
        let id = try s.asset("slow", path: "fault/slow/files/convnet.ckpt")
        // 16 KiB at 1 KiB per 150 ms: 2.4 s in total, past a 2 s read timeout, yet never silent for
        // long (the margin keeps it true on a loaded CI machine, where a 0.5 s timeout was not).
        let result = try await load(try s.loader(readTimeout: 2), id)
        #expect(result.assets.first?.sha256 == s.sha)
        #expect(try s.server.stats()["files/convnet.ckpt"]?.full == 1)
    }

    @Test func stalledServerTimesOutAndKeepsOnlyAPartial() async throws {
        let s = try Setup()
        let id = try s.asset("stall", path: "fault/stall/files/convnet.ckpt")
        do {
            _ = try await load(try s.loader(readTimeout: 0.3), id)
            Issue.record("a stalled download succeeded")
        } catch {
            #expect((error as? HubError)?.code == .network, "\(error)")
        }
        let files = s.blobFiles()
        #expect(files.allSatisfy { $0.hasSuffix(".partial") }, "\(files)")
        #expect(s.cache.findBlob(.full(s.sha)) == nil)
        // The next load of the same file from a healthy link resumes the partial.
        let healthy = try s.asset("healthy")
        let result = try await load(try s.loader(), healthy)
        #expect(result.assets.first?.sha256 == s.sha)
        let starts = try #require(try s.server.stats()["files/convnet.ckpt"]?.starts)
        #expect(starts.last == 16236 / 2, "\(starts)")
    }

    @Test func anEndlessBodyIsCutOffAtTheLimitAndNothingIsKept() async throws {
        let s = try Setup()
        let id = try s.asset("endless", path: "fault/endless/files/convnet.ckpt")
        do {
            _ = try await load(try s.loader(maxBytes: 1 << 20), id)
            Issue.record("an endless body was accepted")
        } catch {
            let hub = try #require(error as? HubError, "\(error)")
            #expect(hub.code == .badAsset)
            #expect(hub.message.contains("past the limit of 1048576 bytes"), "\(hub)")
        }
        #expect(s.blobFiles().isEmpty, "\(s.blobFiles())")
    }

    @Test func anAnnouncedLengthOverTheLimitIsRefusedBeforeWriting() async throws {
        let s = try Setup()
        let id = try s.asset("big")
        do {
            _ = try await load(try s.loader(maxBytes: 16235), id)
            Issue.record("a file over the limit was downloaded")
        } catch {
            let hub = try #require(error as? HubError, "\(error)")
            #expect(hub.code == .badAsset)
            #expect(hub.message.contains("announces 16236 bytes, over the limit of 16235"), "\(hub)")
        }
        #expect(s.blobFiles().isEmpty, "\(s.blobFiles())")
        // Exactly at the limit is allowed.
        let result = try await load(try s.loader(maxBytes: 16236), id)
        #expect(result.assets.first?.sha256 == s.sha)
    }

    @Test func aNearlyFullDiskStopsTheDownloadAndKeepsThePartial() async throws {
        let s = try Setup()
        let fetcher = Fetcher(readTimeout: 10)
        let partial = s.dir.appendingPathComponent("convnet.partial").path
        do {
            _ = try await fetcher.download(
                "\(s.server.base)/files/convnet.ckpt", into: partial, limit: .max, diskReserve: .max, progress: nil)
            Issue.record("the download ignored the disk reserve")
        } catch {
            #expect(error.code == .io, "\(error)")
            #expect(error.message.contains("bytes free, less than the"), "\(error)")
        }
        await fetcher.shutdown()
        #expect(FileManager.default.fileExists(atPath: partial))
    }

    @Test func offlineUsesTheCacheOnly() async throws {
        let s = try Setup()
        let id = try s.asset("offline")
        do {
            _ = try await load(try s.loader(offline: true), id)
            Issue.record("offline load with an empty cache succeeded")
        } catch {
            #expect((error as? HubError)?.code == .offlineMiss, "\(error)")
        }
        _ = try await load(try s.loader(), id)
        s.server.stop()
        let cacheOnly = Loader(registry: nil, cache: s.cache, options: Loader.Options(offline: true))
        let result = try await load(cacheOnly, id)
        #expect(result.assets.first?.source == .cache)
        #expect(result.assets.first?.sha256 == s.sha)
    }

    @Test func prefixOnlyHashIsCheckedByPrefixAndSaysSo() async throws {
        let s = try Setup()
        let id = try s.asset("prefix", sha256: String(s.sha.prefix(8)))
        let result = try await load(try s.loader(), id)
        let asset = try #require(result.assets.first)
        #expect(asset.declared == .prefix(String(s.sha.prefix(8))))
        #expect(asset.declared.strength == "prefix (32 bits)")
        #expect(asset.sha256 == s.sha)
        let wrong = try s.asset("prefixwrong", sha256: "00000000")
        do {
            _ = try await load(try s.loader(), wrong)
            Issue.record("a wrong prefix was accepted")
        } catch {
            #expect((error as? HubError)?.code == .hashMismatch, "\(error)")
        }
    }

    @Test func folderAndHTTPHubGiveTheSameVerifiedFile() async throws {
        let s = try Setup()
        let id = try s.asset("both")
        let folder = try await load(try s.loader(http: false), id)
        let http = try await load(try s.loader(), id)
        let a = try #require(folder.assets.first)
        let b = try #require(http.assets.first)
        #expect(a.source == .local)
        #expect(a.path == s.hub.appendingPathComponent("files/convnet.ckpt").path)
        #expect(b.source == .download)
        #expect(a.sha256 == b.sha256)
        #expect(FileManager.default.contentsEqual(atPath: a.path, andPath: b.path))
    }

    @Test func declaredFormatMismatchIsReported() async throws {
        let s = try Setup()
        let id = try s.asset("fmt", format: "onnx")
        let result = try await load(try s.loader(), id)
        #expect(!result.formatsMatch)
        #expect(result.assets.first?.realFormat == .ckpt)
    }

    @Test func pruneRemovesUnreferencedBlobsAndIdlePartials() async throws {
        let s = try Setup()
        let id = try s.asset("prune")
        _ = try await load(try s.loader(), id)
        let stray = s.cache.root + "/blobs/sha256/" + String(repeating: "a", count: 64)
        let partial = s.cache.root + "/blobs/sha256/" + String(repeating: "b", count: 64) + ".partial"
        #expect(FileManager.default.createFile(atPath: stray, contents: Data("x".utf8)))
        #expect(FileManager.default.createFile(atPath: partial, contents: Data("y".utf8)))
        let report = s.cache.prune()
        #expect(report.removedBlobs == [String(repeating: "a", count: 64)])
        #expect(report.removedPartials.count == 1)
        #expect(s.cache.findBlob(.full(s.sha)) != nil)
        let all = s.cache.prune(all: true)
        #expect(all.removedRefs == [id])
        #expect(s.blobFiles().isEmpty)
    }

    @Test func idsAndHubsAreChecked() throws {
        for bad in ["a/b", "a//b/c", "a/../b/c", "a/./b/c", "a/b/c.md", "a\\b/c/d"] {
            #expect(throws: HubError.self, "\(bad)") { _ = try Registry.idParts(bad) }
        }
        #expect(try Registry.idParts("mindspore/1.6/googlenet_cifar10") == ["mindspore", "1.6", "googlenet_cifar10"])
        #expect(throws: HubError.self) { _ = try Registry("/nonexistent/hub") }
        let env = ["HOME": "/home/u", "XDG_CACHE_HOME": "/x", "MSHUB_CACHE": "/m"]
        #expect(Cache.defaultRoot(environment: env) == "/m")
        #expect(Cache.defaultRoot(environment: env.filter { $0.key != "MSHUB_CACHE" }) == "/x/mshub")
        #expect(Cache.defaultRoot(environment: ["HOME": "/home/u", "XDG_CACHE_HOME": "relative"]) == "/home/u/.cache/mshub")
    }

    @Test func folderHubLinksStayInsideTheHub() throws {
        let s = try Setup()
        let registry = try Registry(s.hub.path)
        #expect(registry.localFile(forLink: "<https://models.example.org/x/convnet.ckpt>") == s.hub.appendingPathComponent("files/convnet.ckpt").path)
        #expect(registry.localFile(forLink: "files/convnet.ckpt") != nil)
        #expect(registry.localFile(forLink: "../hub/files/convnet.ckpt") == nil)
        #expect(registry.localFile(forLink: "/etc/passwd") == nil)
        #expect(registry.localFile(forLink: "https://models.example.org/%2e%2e") == nil)
        #expect(registry.localFile(forLink: "https://models.example.org/absent.ckpt") == nil)
    }
}
