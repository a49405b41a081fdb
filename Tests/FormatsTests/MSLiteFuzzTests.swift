import Foundation
import Formats
import TestSupport
import Testing

/// A bounded mutation fuzz run of the `.ms` reader (MSHUB_FUZZ_ITERATIONS, default 4000): finishing is
/// the assertion, every failure must be a located `FormatError`, and whatever decodes must re-encode and
/// decode to the same document (unless it holds raw tables of unknown union members). Inputs that once broke the reader live in Tests/Fuzz/regressions/mslite.
@Suite struct MSLiteFuzzTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000 }

    static func exercise(_ bytes: [UInt8]) -> FormatError? {
        do {
            let doc = try MSLiteCodec.decode(ByteStorage(bytes: bytes, path: "fuzz.ms"))
            // Raw (unknown-member) tables infer slot widths from the layout, so they are exempt from the
            // identity check; everything the schema describes must come back exactly.
            let hasRaw = doc.nodes.contains { if case .raw? = $0.primitive?.value { true } else { false } }
            if !hasRaw, let again = try? MSLiteCodec.encode(doc) {
                let back = try MSLiteCodec.decode(ByteStorage(bytes: again))
                #expect(back == doc, "\(Self.firstDifference(back, doc))")
            }
            return nil
        } catch {
            return error
        }
    }

    static func firstDifference(_ a: MSLiteDocument, _ b: MSLiteDocument) -> String {
        for (i, (x, y)) in zip(a.nodes, b.nodes).enumerated() where x != y {
            if case .table(let p)? = x.primitive?.value, case .table(let q)? = y.primitive?.value {
                for key in Set(p.fields.keys).union(q.fields.keys) where p[key] != q[key] {
                    return "node \(i) field \(key): \(String(describing: p[key])) vs \(String(describing: q[key]))"
                }
            }
            return "node \(i): \(x) vs \(y)"
        }
        for (i, (x, y)) in zip(a.tensors, b.tensors).enumerated() where x != y { return "tensor \(i): \(x) vs \(y)" }
        return "elsewhere"
    }

    @Test func mutatedFilesNeverTrap() throws {
        var rng = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MSHUB_FUZZ_SEED"] ?? "") ?? 20261122)
        let seeds = [
            try MSLiteCodec.encode(try MSLiteSamples.cnn()),
            try MSLiteCodec.encode(try MSLiteSamples.withFutureOp()),
            try MSLiteCodec.encode(try MSLiteSamples.cnn(seed: 9), options: .init(forceDefaults: true)),
        ]
        var rejected = 0
        for _ in 0..<Self.iterations {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                case 1: bytes[at] = [0x00, 0x7F, 0x80, 0xFF, 0x04, 0xFA][Int.random(in: 0..<6, using: &rng)]
                case 2: bytes.removeSubrange(max(8, at)...)
                case 3:
                    let from = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[at] = bytes[from]
                case 4 where at + 4 <= bytes.count:
                    let v = [UInt32(0), 4, 0x7FFF_FFFF, 0xFFFF_FFFF, UInt32(bytes.count)][Int.random(in: 0..<5, using: &rng)]
                    for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
                default: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                }
                if bytes.isEmpty { break }
            }
            if let error = Self.exercise(bytes) {
                rejected += 1
                #expect(error.file == "fuzz.ms")
                #expect(error.offset != nil, "\(error)")
            }
        }
        #expect(rejected > Self.iterations / 4)
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<Self.iterations {
            var bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if bytes.count >= 8 && Bool.random(using: &rng) { bytes.replaceSubrange(4..<8, with: Array("MSL2".utf8)) }
            _ = Self.exercise(bytes)
        }
    }

    @Test func regressionFilesAreRejected() throws {
        let dir = Project.root.appendingPathComponent("Tests/Fuzz/regressions/mslite")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".ms") }
        #expect(files.count >= 5)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(file)))
            let error = Self.exercise(bytes)
            #expect(error != nil, "\(file) should be rejected")
            #expect(error?.offset != nil, "\(file): \(String(describing: error))")
        }
    }
}
