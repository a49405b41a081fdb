import Foundation
import TestSupport
import MSCrypto
import Testing

/// A failure to run an external oracle. Tests `try` these, so a missing oracle fails the test
/// with this message instead of skipping it.
struct OracleError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `arguments[0]` (looked up on PATH through /usr/bin/env) and returns its stdout.
/// Throws when it cannot start or exits with a non-zero status.
@discardableResult
func runOracle(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    do {
        try process.run()
    } catch {
        throw OracleError(description: "oracle `\(arguments.joined(separator: " "))` could not start: \(error)")
    }
    // Read both pipes before waiting so a chatty oracle cannot block on a full pipe.
    let outData = stdout.fileHandleForReading.readDataToEndOfFile()
    let errData = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        let err = String(decoding: errData, as: UTF8.self)
        throw OracleError(description:
            "oracle `\(arguments.prefix(3).joined(separator: " "))…` exited with \(process.terminationStatus): \(err)")
    }
    return String(decoding: outData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A Python interpreter that can import `cryptography`: the project's .venv (scripts/install-deps), else python3.
func pythonWithCryptography() throws -> String {
    let candidates = [Project.python, "python3"]
    for python in candidates {
        if (try? runOracle([python, "-c", "import cryptography, zlib"])) != nil { return python }
    }
    throw OracleError(description:
        "no Python with the `cryptography` package found (tried \(candidates)); install it to run the oracle tests")
}

/// A fresh temporary directory, removed when the value is dropped.
final class TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mscrypto-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to a file named `name` and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url.appendingPathComponent(name)))
    }
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// Checks that `body` throws a `CryptoError` with `code` (and, when given, `field` and `offset`).
func expectCryptoError(
    _ code: CryptoError.Code, field: String? = nil, offset: Int? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(CryptoError) -> Void
) {
    do {
        try body()
        Issue.record("expected CryptoError.\(code) but nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let field { #expect(error.field == field, "\(error)", sourceLocation: sourceLocation) }
        if let offset { #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation) }
    }
}
