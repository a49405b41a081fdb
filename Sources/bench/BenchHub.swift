import ArgumentParser
import Dispatch
import Foundation
import Hub
import MSCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// `bench hub`: (1) validating the whole upstream asset corpus, strict and compat, in this process and
/// as `mshub hub validate` when the mshub executable sits beside this one; (2) download throughput over
/// loopback, `mshub`'s loader (download + SHA-256 verification + rename into a fresh cache) against
/// `curl -o` (download only), both from the same local server (scripts/hub-test-server.py), interleaved.
struct HubBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub", abstract: "Asset-corpus validation time; loopback download throughput vs curl.")

    @Option(help: "The upstream asset tree.")
    var corpus = "../shared/corpus/hub-assets"

    @Option(help: "Size of the downloaded file in MiB.")
    var sizeMib = 256

    @Option(help: "Interleaved repetitions of each side.")
    var reps = 5

    @Option(help: "Seed for the generated file.")
    var seed: UInt64 = 1

    @Option(help: "Folder for the served file and the caches (removed afterwards).")
    var dir = "/tmp"

    @Option(help: "The test server script.")
    var server = "scripts/hub-test-server.py"

    func run() throws {
        try benchValidate()
        try benchDownload()
    }

    func benchValidate() throws {
        guard FileManager.default.fileExists(atPath: corpus) else { throw ValidationError("no corpus at \(corpus)") }
        let files = AssetValidator.markdownFiles(under: corpus).count
        let mshub = (selfExecutable() as NSString).deletingLastPathComponent + "/mshub"
        let haveCLI = access(mshub, X_OK) == 0
        for mode in AssetValidator.Mode.allCases {
            var inProcess: [Double] = []
            var cli: [Double] = []
            var failed = 0
            for _ in 0..<reps {
                let start = now()
                let reports = AssetValidator(mode: mode).validateTree(root: corpus)
                inProcess.append(now() - start)
                failed = reports.count { !$0.ok }
                if haveCLI {
                    let run = try spawnMeasured(mshub, ["hub", "validate", "--json"] + (mode == .compat ? ["--compat"] : []) + [corpus])
                    guard run.status == 0 || run.status == 1 else { throw ValidationError("mshub hub validate exited \(run.status)") }
                    cli.append(run.seconds)
                }
            }
            var line: [(String, String)] = [
                ("bench", "\"hub-validate\""), ("mode", "\"\(mode.rawValue)\""), ("files", "\(files)"), ("failed", "\(failed)"),
                ("in_process_median_s", fmt(median(inProcess))),
                ("files_per_s", fmt(Double(files) / median(inProcess))),
            ]
            if haveCLI { line.append(("mshub_hub_validate_median_s", fmt(median(cli)))) }
            line.append(("reps", "\(reps)"))
            emit(line)
        }
    }

    func benchDownload() throws {
        let curl = try requireTool("curl")
        let python = try requireTool("python3")
        let root = "\(dir)/mshub-bench-hub-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/served/files", withIntermediateDirectories: true)
        let model = root + "/served/files/model.bin"
        try generateFile(model, bytes: sizeMib << 20, seed: seed)
        let sha = SHA256.hex(try SHA256.hashFile(path: model))

        // The server: its first stdout line is the port; it exits when its stdin closes.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [server, root + "/served"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        var portLine = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            portLine.append(byte)
        }
        guard let port = Int(String(decoding: portLine, as: UTF8.self)) else { throw ValidationError("the server printed no port") }
        let base = "http://127.0.0.1:\(port)"
        let id = "bench/1.0/model_none"
        let asset = """
            ---
            asset:
            - file-format: ckpt
              asset-link: <\(base)/files/model.bin>
              asset-sha256: \(sha)
            ---
            """
        try FileManager.default.createDirectory(atPath: root + "/served/assets/bench/1.0", withIntermediateDirectories: true)
        try Data(asset.utf8).write(to: URL(fileURLWithPath: root + "/served/assets/\(id).md"))

        var ours: [Double] = []
        var peer: [Double] = []
        for rep in 0...reps {
            let cache = Cache(root: "\(root)/cache-\(rep)")
            let start = now()
            let sum = try loadBlocking(id: id, hub: base, cache: cache)
            let ourTime = now() - start
            guard sum == sha else { throw ValidationError("loaded file hashes to \(sum), expected \(sha)") }
            try? FileManager.default.removeItem(atPath: cache.root)
            let target = "\(root)/curl-\(rep).bin"
            let run = try spawnMeasured(curl, ["-s", "-f", "-o", target, base + "/files/model.bin"])
            guard run.status == 0, fileSize(target) == sizeMib << 20 else { throw ValidationError("curl failed (\(run.status))") }
            unlink(target)
            // Rep 0 warms the page cache and the server; it is not counted.
            if rep > 0 {
                ours.append(ourTime)
                peer.append(run.seconds)
            }
        }
        let bytes = Double(sizeMib << 20)
        let oursMedian = median(ours)
        let peerMedian = median(peer)
        emit([
            ("bench", "\"hub-download\""), ("tool", "\"mshub hub load (download + sha256 + rename)\""), ("bytes", "\(sizeMib << 20)"),
            ("median_s", fmt(oursMedian)), ("mib_per_s", fmt(bytes / oursMedian / 1_048_576)),
        ])
        emit([
            ("bench", "\"hub-download\""), ("tool", "\"curl -o (download only)\""), ("bytes", "\(sizeMib << 20)"),
            ("median_s", fmt(peerMedian)), ("mib_per_s", fmt(bytes / peerMedian / 1_048_576)),
        ])
        emit([("bench", "\"hub-download\""), ("ratio_throughput_mshub_over_curl", fmt(peerMedian / oursMedian)), ("reps", "\(reps)")])
    }

    /// Runs the async loader from this synchronous command and returns the verified file's SHA-256.
    func loadBlocking(id: String, hub: String, cache: Cache) throws -> String {
        final class Box: @unchecked Sendable { var result: Result<String, HubError> = .failure(HubError(.io, "bench", "not run")) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let registry = try Registry(hub)
        Task {
            let loader = Loader(registry: registry, cache: cache)
            do throws(HubError) {
                let loaded = try await loader.load(id: id)
                box.result = .success(loaded.assets.first?.sha256 ?? "")
            } catch {
                box.result = .failure(error)
            }
            await loader.shutdown()
            done.signal()
        }
        done.wait()
        return try box.result.get()
    }
}
