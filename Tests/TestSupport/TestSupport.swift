import Foundation
import Formats

/// Where the project and its fixtures are, and how to reach the oracles tests use.
public enum Project {
    /// The package root (found from this file's path).
    public static let root: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    public static func testdata(_ relative: String) -> String {
        root.appendingPathComponent("testdata").appendingPathComponent(relative).path
    }

    /// The project's Python (with mindspore) made by scripts/install-deps.
    public static var python: String { root.appendingPathComponent(".venv/bin/python").path }

    /// A fresh temporary directory, removed by the caller with `cleanup`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mshub-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The fixture list written by scripts/make-testdata.py from what MindSpore reports.
public struct Manifest: Decodable, Sendable {
    /// A tensor as MindSpore reports it (also the output format of scripts/ckpt_oracle.py).
    public struct Tensor: Decodable, Sendable, Equatable {
        public let name: String
        public let dtype: String
        public let shape: [Int]
        public let sha256: String
        public let bytes: Int

        public init(name: String, dtype: String, shape: [Int], sha256: String, bytes: Int) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.sha256 = sha256
            self.bytes = bytes
        }
    }
    public struct Encryption: Decodable, Sendable {
        public let mode: String
        public let key_hex: String
    }
    public struct Fixture: Decodable, Sendable {
        public let file: String
        public let sha256: String
        public let bytes: Int
        public let encryption: Encryption?
        public let crc: Bool
        public let tensors: [Tensor]
        public let plaintext_sha256: String?

        public var path: String { Project.testdata(file) }
        public var url: URL { URL(fileURLWithPath: path) }
    }
    public let fixtures: [Fixture]

    public static func load() throws -> Manifest {
        let data = try Data(contentsOf: URL(fileURLWithPath: Project.testdata("MANIFEST.json")))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    public func fixture(_ file: String) -> Fixture? { fixtures.first { $0.file == file } }

    /// The manifest for parameterized test arguments, which cannot throw: an unreadable manifest stops the run.
    public static let required: Manifest = {
        do { return try load() } catch { fatalError("cannot read testdata/MANIFEST.json: \(error)") }
    }()
}

public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: Data
    public let stderr: String
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

public enum OracleError: Error, CustomStringConvertible {
    case missing(String)
    /// The oracle ran and failed.
    case failed(String)
    public var description: String {
        switch self {
        case .missing(let what): "oracle missing: \(what) (run scripts/install-deps)"
        case .failed(let why): "oracle failed: \(why)"
        }
    }
}

/// Runs a program and collects its output.
public func runProcess(_ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil)
    throws -> ProcessResult
{
    guard FileManager.default.isExecutableFile(atPath: executable) else { throw OracleError.missing(executable) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a chatty child cannot block on a full pipe.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
}

/// Finds a tool on PATH.
public func which(_ tool: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(dir)/\(tool)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Lowercase hex SHA-256 computed by the system `sha256sum` (an oracle no one here wrote).
public func sha256sum(_ data: Data) throws -> String {
    guard let tool = which("sha256sum") else { throw OracleError.missing("sha256sum") }
    let result = try runProcess(tool, ["-"], stdin: data)
    return String(result.stdoutText.prefix(64))
}

extension Data {
    public init(_ bytes: TensorBytes) { self.init(bytes.bytes) }
}

/// A small deterministic generator (SplitMix64) for seeded test inputs.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Deterministic pseudo-random bytes from `SeededGenerator`, so a failing case can be reproduced.
public func seededBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    var bytes = [UInt8]()
    bytes.reserveCapacity(count + 8)
    while bytes.count < count {
        withUnsafeBytes(of: generator.next().littleEndian) { bytes.append(contentsOf: $0) }
    }
    return Array(bytes.prefix(count))
}

/// Protobuf wire bytes built by hand from the wire-format rules, independently of the code under test.
public enum ProtoBytes {
    public static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    /// A length-delimited field (wire type 2).
    public static func lengthDelimited(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(payload.count)) + payload
    }
}
