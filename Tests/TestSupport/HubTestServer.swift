import Foundation

/// A real HTTP server on 127.0.0.1 for the hub tests: `scripts/hub-test-server.py` serving one folder,
/// with byte ranges and injected faults (`/fault/drop-once/...`, `wrong`, `slow`, `stall`, see the script).
/// It dies when this object's pipe to its stdin closes (`stop()`, or the test process ending).
public final class HubTestServer: @unchecked Sendable {
    public let root: URL
    public let port: Int
    let process: Process
    let stdin: Pipe
    let statsFile: URL

    /// Per served file: requests for the whole body (`full`), ranged requests, and every start offset.
    public struct Stat: Decodable, Sendable, Equatable {
        public let full: Int
        public let range: Int
        public let starts: [Int]
    }

    /// Starts the server on a free port serving `root`.
    public init(root: URL) throws {
        self.root = root
        statsFile = root.deletingLastPathComponent().appendingPathComponent("server-stats-\(UUID().uuidString).json")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Project.root.appendingPathComponent("scripts/hub-test-server.py").path, root.path, statsFile.path,
        ]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // The first line of stdout is the port.
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw TestSupportError("hub-test-server.py did not print a port (python3 missing?)")
        }
        self.port = port
    }

    /// `http://127.0.0.1:PORT`.
    public var base: String { "http://127.0.0.1:\(port)" }

    /// What the server has served so far, keyed by file path relative to the root.
    public func stats() throws -> [String: Stat] {
        guard let data = FileManager.default.contents(atPath: statsFile.path) else { return [:] }
        return try JSONDecoder().decode([String: Stat].self, from: data)
    }

    public func stop() {
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: statsFile)
    }

    deinit { if process.isRunning { stop() } }
}

/// A failure in test set-up.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes small hub trees for tests: `assets/<id>.md` files whose one asset points at `link`.
public enum HubTree {
    /// Writes `<root>/assets/<id>.md` describing one asset and returns its path.
    @discardableResult
    public static func writeAsset(
        root: URL, id: String, format: String, link: String, sha256: String
    ) throws -> URL {
        let file = root.appendingPathComponent("assets/\(id).md")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let name = id.split(separator: "/").last.map(String.init) ?? id
        let text = """
            # \(name)

            ---

            model-name: \(name)

            backbone-name: convnet

            module-type: cv-classification

            fine-tunable: False

            model-version: 1.0

            train-dataset: mnist

            author: tests

            update-time: 2026-01-01

            repo-link: <https://models.example.org/tests>

            user-id: tests

            used-for: inference

            mindspore-version: 2.10

            asset:

            - file-format: \(format)
              asset-link: <\(link)>
              asset-sha256: \(sha256)

            license: Apache2.0

            summary: test asset

            ---

            A test asset.

            """
        try Data(text.utf8).write(to: file)
        return file
    }
}
