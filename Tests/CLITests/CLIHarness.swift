// Runs the built `mshub` executable (and oracle tools such as GNU `sha256sum`) as child processes.
//
// Why child processes: the CLI's contract is its bytes on stdout, its exit code and that stderr says
// something — exactly what a user or a script sees — so the tests look at nothing else.
// stdout/stderr go to temporary files rather than pipes so a chatty child can never dead-lock the test.

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct ProcessResult: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
}

enum Stdin: Sendable {
    /// /dev/null, so a child that wrongly reads stdin sees EOF instead of hanging on the test runner's stdin.
    case null
    /// A regular file as stdin.
    case file(URL)
    /// Bytes fed through a pipe (written from another thread, so any size is safe).
    case pipe(Data)
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

enum CLI {
    /// The package root, found from this source file's location (Tests/CLITests/CLIHarness.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let testdata: URL = packageRoot.appendingPathComponent("testdata")

    static let snapshots: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    /// Environment for every child: fixed locale (sha256sum's "OK"/"FAILED" are translated otherwise) and a
    /// fixed terminal width (swift-argument-parser wraps help text to COLUMNS).
    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C"
        env["LANG"] = "C"
        env["LANGUAGE"] = "C"
        env["COLUMNS"] = "80"
        env["LINES"] = "50"
        return env
    }()

    /// Where the `mshub` executable built for this test run lives.
    ///
    /// The test target depends on the `mshub` executable target, so SwiftPM builds it into the same
    /// folder as the test bundle. We start from the running test executable (on Linux the `.xctest`
    /// itself; on macOS a helper inside it) and walk up until a folder holds an executable `mshub`.
    /// `MSHUB_BIN` overrides this for running the tests against another build.
    static let mshubLookup: Result<URL, HarnessError> = {
        let fm = FileManager.default
        if let override = ProcessInfo.processInfo.environment["MSHUB_BIN"], !override.isEmpty {
            return fm.isExecutableFile(atPath: override)
                ? .success(URL(fileURLWithPath: override))
                : .failure(HarnessError(description: "MSHUB_BIN=\(override) is not an executable file"))
        }
        var starts: [URL] = []
        if let exe = Bundle.main.executableURL { starts.append(exe.resolvingSymlinksInPath()) }
        starts.append(Bundle.main.bundleURL.resolvingSymlinksInPath())
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
        var tried: [String] = []
        for start in starts {
            var dir = start.deletingLastPathComponent()
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("mshub")
                tried.append(candidate.path)
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
                    fm.isExecutableFile(atPath: candidate.path)
                {
                    return .success(candidate)
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return .failure(
            HarnessError(
                description: "could not find the built mshub executable next to the test bundle; looked at:\n  "
                    + tried.joined(separator: "\n  ")))
    }()

    static func mshubURL() throws -> URL {
        switch mshubLookup {
        case .success(let url): return url
        case .failure(let error):
            Issue.record("\(error)")
            throw error
        }
    }

    /// Finds a tool on PATH (the oracles: sha256sum …); records a clear issue when it is missing.
    static func tool(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        let error = HarnessError(description: "oracle tool '\(name)' not found on PATH (\(path))")
        Issue.record("\(error)")
        throw error
    }

    /// Runs `mshub args…`.
    static func mshub(_ args: [String], cwd: URL? = nil, stdin: Stdin = .null) throws -> ProcessResult {
        try run(try mshubURL(), args, cwd: cwd, stdin: stdin)
    }

    /// Runs `sha256sum args…` (GNU coreutils), the oracle for `mshub hash`.
    static func sha256sum(_ args: [String], cwd: URL? = nil, stdin: Stdin = .null) throws -> ProcessResult {
        try run(try tool("sha256sum"), args, cwd: cwd, stdin: stdin)
    }

    /// Runs an executable to completion. Kills it after `timeout` seconds (the test then fails on status).
    static func run(
        _ executable: URL, _ args: [String], cwd: URL? = nil, stdin: Stdin = .null, timeout: Double = 300
    ) throws -> ProcessResult {
        let scratch = try TempDir()
        defer { scratch.remove() }
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.environment = environment
        if let cwd { process.currentDirectoryURL = cwd }
        process.standardOutput = outHandle
        process.standardError = errHandle

        var feed: (Pipe, Data)?
        switch stdin {
        case .null:
            process.standardInput = FileHandle.nullDevice
        case .file(let url):
            process.standardInput = try FileHandle(forReadingFrom: url)
        case .pipe(let data):
            let pipe = Pipe()
            process.standardInput = pipe
            feed = (pipe, data)
        }

        try process.run()
        let pid = process.processIdentifier
        if let (pipe, data) = feed {
            let writer = pipe.fileHandleForWriting
            try? pipe.fileHandleForReading.close()
            DispatchQueue.global().async {
                try? writer.write(contentsOf: data)
                try? writer.close()
            }
        }
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if finished.wait(timeout: .now() + timeout) == .timedOut { kill(pid, SIGKILL) }
        }
        process.waitUntilExit()
        finished.signal()

        let status: Int32 =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(
            status: status,
            stdout: try Data(contentsOf: outURL),
            stderr: try Data(contentsOf: errURL))
    }
}

/// A fresh temporary folder; call `remove()` (in a `defer`) when done.
struct TempDir: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mshub-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Writes `data` to `name` inside the folder and returns its URL.
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file.path, contents: data) else {
            throw HarnessError(description: "could not create \(file.path)")
        }
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Data(text.utf8))
    }

    /// Copies a fixture from testdata/ into the folder under `name`.
    func copyFixture(_ relative: String, as name: String) throws -> URL {
        let target = url.appendingPathComponent(name)
        try FileManager.default.copyItem(at: CLI.testdata.appendingPathComponent(relative), to: target)
        return target
    }
}

/// Expects two process outputs to be byte-identical; on failure shows both as text.
func expectSameBytes(
    _ ours: Data, _ oracle: Data, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    if ours != oracle {
        Issue.record(
            """
            \(what) differs from the oracle's.
            mshub:
            \(String(decoding: ours, as: UTF8.self).debugDescription)
            oracle:
            \(String(decoding: oracle, as: UTF8.self).debugDescription)
            """, sourceLocation: sourceLocation)
    }
}
