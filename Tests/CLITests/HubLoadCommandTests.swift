import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mshub hub load|list|scaffold|cache` and `mshub check` as processes, against a loopback HTTP server.
@Suite struct HubLoadCommandTests {
    static let fixture = CLI.testdata.appendingPathComponent("ckpt/convnet.ckpt").path
    static let fixtureSHA = "54bb1d89a093d81af03a843acd71cae5aecfba5e165bc722f98aa206a5f29d6d"

    /// A hub folder serving convnet.ckpt, its server and a cache folder.
    final class Setup: @unchecked Sendable {
        let dir: TempDir
        let hub: URL
        let cache: String
        let server: HubTestServer

        init() throws {
            dir = try TempDir()
            hub = dir.url.appendingPathComponent("hub")
            try FileManager.default.createDirectory(at: hub.appendingPathComponent("files"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: HubLoadCommandTests.fixture, toPath: hub.appendingPathComponent("files/convnet.ckpt").path)
            cache = dir.url.appendingPathComponent("cache").path
            server = try HubTestServer(root: hub)
        }

        func asset(_ name: String, path: String = "files/convnet.ckpt", sha: String = HubLoadCommandTests.fixtureSHA) throws -> String {
            let id = "t/1.0/\(name)_mnist"
            try HubTree.writeAsset(root: hub, id: id, format: "ckpt", link: "\(server.base)/\(path)", sha256: sha)
            return id
        }

        var blobs: [String] { (try? FileManager.default.contentsOfDirectory(atPath: cache + "/blobs/sha256"))?.sorted() ?? [] }

        deinit {
            server.stop()
            dir.remove()
        }
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "stdout: \(result.out) stderr: \(result.err)")
    }

    static func firstAsset(_ result: ProcessResult) throws -> [String: Any] {
        let assets = try #require(try json(result)["assets"] as? [[String: Any]])
        return try #require(assets.first)
    }

    @Test func eightConcurrentLoadsDownloadOnce() throws {
        let s = try Setup()
        let id = try s.asset("many", path: "fault/slow/files/convnet.ckpt")
        let mshub = try CLI.mshubURL()
        var processes: [(Process, URL)] = []
        for index in 0..<8 {
            let out = s.dir.url.appendingPathComponent("out\(index)")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            let process = Process()
            process.executableURL = mshub
            process.arguments = ["hub", "load", id, "--hub", s.server.base, "--cache", s.cache, "--json"]
            process.environment = CLI.environment
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            processes.append((process, out))
        }
        var paths = Set<String>()
        for (process, out) in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let result = ProcessResult(status: process.terminationStatus, stdout: try Data(contentsOf: out), stderr: Data())
            let asset = try Self.firstAsset(result)
            #expect(asset["sha256"] as? String == Self.fixtureSHA)
            paths.insert(asset["path"] as? String ?? "")
        }
        #expect(paths == [s.cache + "/blobs/sha256/" + Self.fixtureSHA])
        let stat = try #require(try s.server.stats()["files/convnet.ckpt"])
        #expect(stat.full == 1, "\(stat)")
        #expect(stat.range == 0, "\(stat)")
    }

    @Test func killedMidDownloadLeavesNoCorruptEntryAndTheNextLoadCompletes() throws {
        let s = try Setup()
        let id = try s.asset("killed", path: "fault/slow/files/convnet.ckpt")
        let process = Process()
        process.executableURL = try CLI.mshubURL()
        process.arguments = ["hub", "load", id, "--hub", s.server.base, "--cache", s.cache]
        process.environment = CLI.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Wait until some bytes (not all) have arrived, then kill it hard.
        let partial = s.cache + "/blobs/sha256/" + Self.fixtureSHA + ".partial"
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0
            if size >= 2048 { break }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0
        #expect(size > 0 && size < 16236, "partial has \(size) bytes")
        #expect(!s.blobs.contains(Self.fixtureSHA), "an unverified blob entered the cache: \(s.blobs)")
        #expect(try CLI.mshub(["hub", "load", id, "--offline", "--cache", s.cache]).status == 2)

        let again = try CLI.mshub(["hub", "load", id, "--hub", s.server.base, "--cache", s.cache, "--json"])
        #expect(again.status == 0, "\(again.err)")
        #expect(try Self.firstAsset(again)["sha256"] as? String == Self.fixtureSHA)
        #expect(s.blobs.contains(Self.fixtureSHA))
        #expect(!s.blobs.contains { $0.hasSuffix(".partial") }, "\(s.blobs)")
        let starts = try #require(try s.server.stats()["files/convnet.ckpt"]?.starts)
        #expect(starts.count == 2 && starts[0] == 0 && starts[1] > 0, "the second load resumed: \(starts)")
        #expect(FileManager.default.contentsEqual(atPath: s.cache + "/blobs/sha256/" + Self.fixtureSHA, andPath: Self.fixture))
    }

    @Test func folderAndHTTPLoadsGiveTheSameVerifiedFile() throws {
        let s = try Setup()
        let id = try s.asset("same")
        let folder = try CLI.mshub(["hub", "load", id, "--hub", s.hub.path, "--cache", s.cache, "--json"])
        let http = try CLI.mshub(["hub", "load", id, "--hub", s.server.base, "--cache", s.cache, "--json"])
        #expect(folder.status == 0 && http.status == 0, "\(folder.err) \(http.err)")
        let a = try Self.firstAsset(folder)
        let b = try Self.firstAsset(http)
        #expect(a["source"] as? String == "local")
        #expect(b["source"] as? String == "download")
        #expect(a["sha256"] as? String == Self.fixtureSHA)
        #expect(a["sha256"] as? String == b["sha256"] as? String)
        let pathA = try #require(a["path"] as? String)
        let pathB = try #require(b["path"] as? String)
        #expect(FileManager.default.contentsEqual(atPath: pathA, andPath: pathB))
        let inspect = try #require(b["inspect"] as? [String: Any])
        #expect(inspect["format"] as? String == "ckpt")
        #expect((inspect["tensors"] as? [Any])?.count == 9)
        // Text output names the verified path.
        let text = try CLI.mshub(["hub", "load", id, "--hub", s.server.base, "--cache", s.cache])
        #expect(text.status == 0)
        #expect(text.out.contains(pathB))
        #expect(!text.err.contains("\r"), "no progress bar when stderr is not a terminal")
    }

    @Test func exitCodes() throws {
        let s = try Setup()
        let wrong = try s.asset("wrong", path: "fault/wrong/files/convnet.ckpt")
        let result = try CLI.mshub(["hub", "load", wrong, "--hub", s.server.base, "--cache", s.cache])
        #expect(result.status == 1)
        #expect(result.err.contains("nothing was cached"))
        #expect(s.blobs.isEmpty)
        #expect(try CLI.mshub(["hub", "load", "t/1.0/absent_mnist", "--hub", s.server.base, "--cache", s.cache]).status == 2)
        #expect(try CLI.mshub(["hub", "load", "not-an-id", "--hub", s.server.base, "--cache", s.cache]).status == 2)
        #expect(try CLI.mshub(["hub", "load", "a/b/c", "--hub", "/nonexistent", "--cache", s.cache]).status == 2)
        #expect(try CLI.mshub(["hub", "load", "a/b/c", "--timeout", "-1"]).status == 64)
    }

    @Test func listCacheLsAndPrune() throws {
        let s = try Setup()
        _ = try s.asset("one")
        _ = try s.asset("two")
        let list = try CLI.mshub(["hub", "list", s.hub.path])
        #expect(list.status == 0)
        #expect(list.out == "t/1.0/one_mnist\nt/1.0/two_mnist\n")
        try list.stdout.write(to: s.hub.appendingPathComponent("index.txt"))
        let remote = try CLI.mshub(["hub", "list", s.server.base])
        #expect(remote.out == list.out)
        #expect(try CLI.mshub(["hub", "load", "t/1.0/one_mnist", "--hub", s.server.base, "--cache", s.cache]).status == 0)
        let ls = try Self.json(try CLI.mshub(["hub", "cache", "ls", "--cache", s.cache, "--json"]))
        #expect((ls["ids"] as? [[String: Any]])?.map { $0["id"] as? String } == ["t/1.0/one_mnist"])
        #expect((ls["blobs"] as? [[String: Any]])?.count == 2, "the model file and its asset file")
        let prune = try Self.json(try CLI.mshub(["hub", "cache", "prune", "--all", "--cache", s.cache, "--json"]))
        #expect((prune["removed_blobs"] as? [String])?.count == 2)
        #expect(s.blobs.isEmpty)
    }

    @Test func scaffoldOutputPassesBothValidatorModes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for model in ["ckpt/convnet.ckpt", "models/convnet.onnx", "models/convnet.mindir", "models/convnet.safetensors"] {
            let result = try CLI.mshub(
                [
                    "hub", "scaffold", CLI.testdata.appendingPathComponent(model).path, "--name", "convnet", "--dataset", "cifar10",
                    "--link", "https://models.example.org/\(model)", "--force",
                ], cwd: dir.url)
            #expect(result.status == 0, "\(result.err)")
            #expect(result.out == "convnet_cifar10.md\n")
            let file = dir.url.appendingPathComponent("convnet_cifar10.md").path
            #expect(try CLI.mshub(["hub", "validate", file]).status == 0)
            #expect(try CLI.mshub(["hub", "validate", "--compat", file]).status == 0)
            let assets = CLI.testdata.appendingPathComponent((model as NSString).deletingLastPathComponent).path
            #expect(try CLI.mshub(["hub", "validate", "--assets", assets, file]).status == 0)
        }
        #expect(try CLI.mshub(["hub", "scaffold", Self.fixture, "--name", "x", "--dataset", "mnist", "--link", "ftp://x"]).status == 64)
        let notModel = try dir.write("notes.txt", "hello")
        let bad = try CLI.mshub(["hub", "scaffold", notModel.path, "--name", "x", "--dataset", "mnist", "--link", "https://a.example.org/x", "--output", dir.url.appendingPathComponent("x.md").path])
        #expect(bad.status == 2)
    }

    @Test func checkOnTheSampleHub() throws {
        let result = try CLI.mshub(["check", "--json"], cwd: CLI.packageRoot)
        #expect(result.status == 0, "\(result.out)\(result.err)")
        let document = try Self.json(result)
        #expect(document["rows"] as? Int == 8)
        #expect(document["caught"] as? Int == 2)
        #expect(document["failed"] as? Int == 0)
        let text = try CLI.mshub(["check", "testdata/hub"], cwd: CLI.packageRoot)
        #expect(text.status == 0)
        #expect(text.out.contains("6 passed, 2 deliberate failures caught, 0 failed"))

        // The same hub without its list of deliberate failures fails.
        let dir = try TempDir()
        defer { dir.remove() }
        let hub = dir.url.appendingPathComponent("hub")
        try FileManager.default.copyItem(at: CLI.testdata.appendingPathComponent("hub/assets"), to: hub.appendingPathComponent("assets"))
        try FileManager.default.createSymbolicLink(
            at: hub.appendingPathComponent("files"), withDestinationURL: CLI.testdata.appendingPathComponent("hub/files"))
        let failing = try CLI.mshub(["check", hub.path])
        #expect(failing.status == 1)
        #expect(failing.out.contains("2 failed"))
        #expect(try CLI.mshub(["check", "/nonexistent/hub"]).status == 2)
    }
}
