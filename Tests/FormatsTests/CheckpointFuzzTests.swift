import Foundation
import Formats
import MSCrypto
import TestSupport
import Testing

/// A bounded mutation fuzz run of the CKPT reader: any trap kills the test process, so finishing is the
/// assertion, together with every failure being a located `FormatError`. Crashes it ever finds are kept
/// under Tests/Fuzz/regressions/ckpt and replayed by `regressionFilesNeverTrap`.
@Suite struct CheckpointFuzzTests {
    static var iterations: Int {
        Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000
    }

    static func seeds() throws -> [(bytes: [UInt8], key: [UInt8]?)] {
        let manifest = try Manifest.load()
        return try manifest.fixtures.map { fixture in
            (try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.path))), fixture.encryption.flatMap { SHA256.fromHex($0.key_hex) })
        }
    }

    static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...4, using: &rng)
        for _ in 0..<rounds {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1: bytes[at] = [0x00, 0x7F, 0x80, 0xFF, 0x0A, 0x12, 0x1A][Int.random(in: 0..<7, using: &rng)]
            case 2: bytes.removeSubrange(at..<bytes.count)
            case 3: bytes.insert(contentsOf: Array(repeating: 0xFF, count: Int.random(in: 1...11, using: &rng)), at: at)
            case 4: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &rng)))
            case 5:
                let from = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = bytes[from]
            default: bytes.append(contentsOf: (0..<Int.random(in: 1...32, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            }
        }
        return bytes
    }

    static func exercise(_ bytes: [UInt8], key: [UInt8]?) -> FormatError? {
        var options = DecodingOptions()
        options.key = key
        do {
            let document = try CheckpointCodec.decode(ByteStorage(bytes: bytes, path: "fuzz.ckpt"), options: options)
            let entries = try CheckpointCodec.entries(of: document, file: "fuzz.ckpt", options: options)
            for entry in entries { _ = entry.tensor?.stringValue }
            _ = CheckpointCodec.encode(document)
            return nil
        } catch {
            return error
        }
    }

    @Test func mutatedFixturesNeverTrap() throws {
        var rng = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MSHUB_FUZZ_SEED"] ?? "") ?? 20261122)
        let seeds = try Self.seeds()
        var rejected = 0
        for _ in 0..<Self.iterations {
            let seed = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            let input = Self.mutate(seed.bytes, &rng)
            if let error = Self.exercise(input, key: seed.key) {
                rejected += 1
                #expect(error.file == "fuzz.ckpt")
                if error.code != .keyRequired && error.code != .badKey { #expect(error.offset != nil, "\(error)") }
            }
        }
        // Most mutations must be caught; a reader that accepted everything would be broken.
        #expect(rejected > Self.iterations / 2)
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<Self.iterations {
            let length = Int.random(in: 0...256, using: &rng)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if length > 0 && Bool.random(using: &rng) { bytes[0] = 0x0A }
            _ = Self.exercise(bytes, key: Array(0..<16))
        }
    }

    @Test func regressionFilesNeverTrap() throws {
        let dir = Project.root.appendingPathComponent("Tests/Fuzz/regressions/ckpt")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") && $0 != "README.md" }
        #expect(!files.isEmpty)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(file)))
            #expect(Self.exercise(bytes, key: Array(0..<16)) != nil, "\(file) should be rejected")
        }
    }
}
