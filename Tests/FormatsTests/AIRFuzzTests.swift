import Foundation
import Formats
import TestSupport
import Testing

/// A bounded mutation fuzz run of the AIR reader (MSHUB_FUZZ_ITERATIONS, default 4000): finishing
/// is the assertion, every failure must be a located `FormatError`, and whatever decodes must
/// re-encode to bytes that decode to the same model.
@Suite struct AIRFuzzTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000 }

    @Test func mutatedFilesNeverTrap() throws {
        var rng = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MSHUB_FUZZ_SEED"] ?? "") ?? 20261122)
        let seeds = [
            AIRTestBytes.sample(),
            AIRTestBytes.sample(weights: seededBytes(8 * 4, seed: 3), weightDims: [2, 4]),
            AIRTestBytes.sample(matmulInputs: ["x:0", "w:0", "x:-1"]),
        ]
        var rejected = 0
        var accepted = 0
        for _ in 0..<Self.iterations {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                case 1: bytes[at] = [0x00, 0x7F, 0x80, 0xFF, 0x0A, 0x12][Int.random(in: 0..<6, using: &rng)]
                case 2: bytes.removeSubrange(max(1, at)...)
                case 3:
                    let from = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[at] = bytes[from]
                case 4:
                    let from = Int.random(in: 0..<bytes.count, using: &rng)
                    let length = min(Int.random(in: 1...32, using: &rng), bytes.count - from)
                    bytes.insert(contentsOf: bytes[from..<(from + length)], at: at)
                default: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                }
                if bytes.isEmpty { break }
            }
            do {
                let document = try AIRCodec.decode(ByteStorage(bytes: bytes, path: "fuzz.air"))
                accepted += 1
                let again = try AIRCodec.encode(document)
                let back = try AIRCodec.decode(ByteStorage(bytes: again))
                #expect(back.model == document.model)
            } catch {
                rejected += 1
                #expect(error.file == "fuzz.air")
                #expect(error.offset != nil || error.code == .invalidValue, "\(error)")
            }
        }
        #expect(rejected > 0)
        #expect(accepted > 0)
    }
}
