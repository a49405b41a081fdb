import Foundation
import Formats
import TestSupport
import Testing

/// A bounded mutation fuzz run of the safetensors reader (iterations from MSHUB_FUZZ_ITERATIONS, seed from
/// MSHUB_FUZZ_SEED). Finishing is the assertion (a trap kills the process), together with every failure
/// being a located `FormatError` and every accepted file re-encoding to one that reads back the same.
@Suite struct SafetensorsFuzzTests {
    static var iterations: Int {
        Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 3000
    }

    /// Seed files written by our writer from seeded tensors (the writer is checked against the reference elsewhere).
    static func seeds() throws -> [[UInt8]] {
        var rng = SeededGenerator(seed: 5)
        var out: [[UInt8]] = []
        for round in 0..<4 {
            var tensors: [SafetensorsWriteTensor] = []
            for (i, dtype) in SafetensorsDType.allCases.enumerated() where (i + round) % 3 == 0 {
                let shape = dtype.bits % 8 == 0 ? [i % 3 + 1, 2] : [2, 4]
                let count = dtype.byteCount(elements: shape.reduce(1, *)) ?? 0
                tensors.append(SafetensorsWriteTensor(
                    name: "t\(i).w", dtype: dtype, shape: shape, data: TensorBytes(bytes: seededBytes(count, seed: rng.next()))))
            }
            let metadata = round % 2 == 0 ? [SafetensorsMetadataEntry("format", "ms"), SafetensorsMetadataEntry("n", "\(round)")] : nil
            out.append(try SafetensorsCodec.encode(tensors, metadata: metadata))
        }
        return out
    }

    static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        let headerEnd = min(bytes.count, 8 + Int(bytes.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & 0xFFFF))
        let interesting = Array("{}[]\",:-0123456789 \\eE.un".utf8) + [0x00, 0xFF, 0x80]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            // Mostly hit the header, where the structure is.
            let inHeader = headerEnd > 8 && Bool.random(using: &rng)
            let at = inHeader ? Int.random(in: 8..<headerEnd, using: &rng) % bytes.count : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1: bytes[at] = interesting[Int.random(in: 0..<interesting.count, using: &rng)]
            case 2: bytes.removeSubrange(at..<bytes.count)
            case 3: bytes.insert(contentsOf: Array(repeating: interesting[Int.random(in: 0..<interesting.count, using: &rng)], count: Int.random(in: 1...9, using: &rng)), at: at)
            case 4: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &rng)))
            case 5: bytes[Int.random(in: 0..<min(8, bytes.count), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            default: bytes.append(contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            }
        }
        return bytes
    }

    static func exercise(_ bytes: [UInt8]) -> FormatError? {
        do {
            let document = try SafetensorsCodec.decode(ByteStorage(bytes: bytes, path: "fuzz.safetensors"))
            for tensor in document.tensors {
                #expect(tensor.data.count == tensor.dataOffsets.count)
                #expect(tensor.dtype.byteCount(elements: tensor.elementCount) == tensor.data.count)
            }
            let again = try SafetensorsCodec.decode(ByteStorage(bytes: try SafetensorsCodec.encode(document)))
            #expect(Set(again.tensors.map(\.name)) == Set(document.tensors.map(\.name)))
            #expect(again.metadata == document.metadata)
            for tensor in document.tensors {
                #expect(again.tensor(named: tensor.name)?.data == tensor.data)
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func mutatedFilesNeverTrap() throws {
        var rng = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["MSHUB_FUZZ_SEED"] ?? "") ?? 20261130)
        let seeds = try Self.seeds()
        var rejected = 0
        for _ in 0..<Self.iterations {
            let input = Self.mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], &rng)
            if let error = Self.exercise(input) {
                rejected += 1
                #expect(error.file == "fuzz.safetensors")
                #expect(error.offset != nil, "\(error)")
            }
        }
        #expect(rejected > Self.iterations / 2)
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<Self.iterations {
            let length = Int.random(in: 0...96, using: &rng)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if length > 9 {
                bytes[0] = UInt8(length - 8 - Int.random(in: 0...(length - 8), using: &rng))
                for i in 1..<8 { bytes[i] = 0 }
                bytes[8] = UInt8(ascii: "{")
            }
            _ = Self.exercise(bytes)
        }
    }
}
