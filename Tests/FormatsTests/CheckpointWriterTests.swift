import Foundation
import Formats
import MSCrypto
import TestSupport
import Testing

/// Checkpoints we write load in MindSpore itself (`mindspore.load_checkpoint` via scripts/ckpt_oracle.py)
/// with identical names, types, shapes and bytes.
@Suite(.serialized) struct CheckpointWriterTests {
    /// scripts/ckpt_oracle.py prints tensors in the manifest's form.
    struct OracleOutput: Decodable { let tensors: [Manifest.Tensor] }

    struct Sample {
        let name: String
        let type: String
        let dims: [Int64]
        let bytes: [UInt8]
    }

    static func samples() -> [Sample] {
        var rng = SeededGenerator(seed: 42)
        func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        func floats(_ count: Int) -> [UInt8] {
            (0..<count).flatMap { _ -> [UInt8] in
                let value = Float.random(in: -2...2, using: &rng)
                return withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
            }
        }
        func halves(_ count: Int) -> [UInt8] {
            // Finite float16/bfloat16 patterns: keep the exponent away from all-ones.
            (0..<count).flatMap { _ -> [UInt8] in [UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...0x3F, using: &rng)] }
        }
        return [
            Sample(name: "conv.weight", type: "Float32", dims: [4, 3, 2, 2], bytes: floats(48)),
            Sample(name: "half", type: "Float16", dims: [3, 5], bytes: halves(15)),
            Sample(name: "brain", type: "BFloat16", dims: [7], bytes: halves(7)),
            Sample(name: "double", type: "Float64", dims: [2, 2], bytes: (0..<4).flatMap { i in withUnsafeBytes(of: (Double(i) * 0.25).bitPattern.littleEndian) { Array($0) } }),
            Sample(name: "i8", type: "Int8", dims: [9], bytes: random(9)),
            Sample(name: "u8", type: "UInt8", dims: [3, 3], bytes: random(9)),
            Sample(name: "i32", type: "Int32", dims: [5], bytes: random(20)),
            Sample(name: "i64", type: "Int64", dims: [2], bytes: random(16)),
            Sample(name: "flags", type: "Bool", dims: [6], bytes: [0, 1, 1, 0, 1, 0]),
            Sample(name: "step", type: "Int64", dims: [], bytes: withUnsafeBytes(of: Int64(1234).littleEndian) { Array($0) }),
            Sample(name: "packed", type: "Int4", dims: [2, 4], bytes: random(8)),
            Sample(name: "note", type: "str", dims: [0], bytes: "mshub ✓".unicodeScalars.flatMap { s in withUnsafeBytes(of: s.value.littleEndian) { Array($0) } }),
        ]
    }

    func oracle(_ path: String, extra: [String] = []) throws -> [Manifest.Tensor] {
        let result = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/ckpt_oracle.py").path, path] + extra)
        try #require(result.status == 0, "MindSpore refused \(path): \(result.stderr.suffix(2000))")
        return try JSONDecoder().decode(OracleOutput.self, from: result.stdout).tensors
    }

    func expected() -> [Manifest.Tensor] {
        Self.samples().map { sample in
            // MindSpore reports dims [0] (strings) as a scalar shape.
            let shape = sample.dims == [0] ? [] : sample.dims.map { Int($0) }
            return Manifest.Tensor(
                name: sample.name, dtype: sample.type, shape: shape, sha256: SHA256.hex(SHA256.hash(sample.bytes)),
                bytes: sample.bytes.count)
        }
    }

    func write(_ path: String, options: CheckpointWriteOptions) throws {
        let writer = try CheckpointWriter(path: path, options: options)
        for sample in Self.samples() {
            try writer.appendTensor(name: sample.name, type: CheckpointTensorType(sample.type), dims: sample.dims, data: TensorBytes(bytes: sample.bytes))
        }
        try writer.finish()
    }

    @Test(arguments: ["plain", "crc", "AES-GCM", "AES-CBC", "SM4-CBC"])
    func mindSporeLoadsWhatWeWrite(variant: String) throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ours.ckpt").path
        var options = CheckpointWriteOptions()
        var extra: [String] = []
        switch variant {
        case "plain": break
        case "crc":
            options.crc = true
            extra = ["--crc"]
        default:
            let mode = try #require(CipherMode(name: variant))
            let key: [UInt8] = mode == .aesCBC ? Array(0..<24) : Array(100..<116)
            options.encryption = mode
            options.key = key
            extra = ["--key", SHA256.hex(key), "--mode", variant]
        }
        try write(path, options: options)
        #expect(try oracle(path, extra: extra) == expected())

        // And we read back what we wrote.
        var decoding = DecodingOptions()
        decoding.key = options.key
        let entries = try CheckpointCodec.entries(of: CheckpointCodec.decode(path: path, options: decoding))
        #expect(entries.map(\.name) == Self.samples().map(\.name))
        #expect(entries.map { $0.tensor?.data.bytes ?? [] } == Self.samples().map(\.bytes))
    }

    @Test func writerNeverLeavesAHalfWrittenFile() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.ckpt").path
        do {
            let writer = try CheckpointWriter(path: path)
            try writer.appendTensor(name: "a", type: CheckpointTensorType("Float32"), dims: [1], data: TensorBytes(bytes: [0, 0, 128, 63]))
            writer.abort()
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        // Refuses to overwrite its input.
        let input = Project.testdata("ckpt/convnet.ckpt")
        var options = CheckpointWriteOptions()
        options.protecting = [input]
        #expect(throws: FormatError.self) { try CheckpointWriter(path: input, options: options) }
        // CRC and encryption together are refused, as in MindSpore.
        #expect(throws: FormatError.self) {
            try CheckpointWriter(path: path, options: CheckpointWriteOptions(crc: true, encryption: .aesGCM, key: Array(0..<16)))
        }
    }

    /// A tensor over 512 MiB is written as two chunk records (full dims in each) and read back as one
    /// tensor whose chunks are views into the memory map: no copy of the payload.
    @Test func tensorOver512MiBReadsBackAsOneTensorWithoutCopying() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.ckpt").path
        let count = 512 * 1024 * 1024 + 4096
        let payload = ByteStorage(repeating: 0x3F, count: count)
        let writer = try CheckpointWriter(path: path, options: CheckpointWriteOptions(crc: true))
        try writer.appendTensor(name: "small", type: CheckpointTensorType("Int32"), dims: [1], data: TensorBytes(bytes: [7, 0, 0, 0]))
        try writer.appendTensor(name: "big", type: CheckpointTensorType("UInt8"), dims: [Int64(count)], data: TensorBytes(payload.view))
        try writer.finish()
        #expect(writer.recordCount == 3)

        let storage = try ByteStorage.map(path: path)
        let document = try CheckpointCodec.decode(storage)
        #expect(document.records.count == 3)
        let entries = try CheckpointCodec.entries(of: document)
        #expect(entries.map(\.name) == ["small", "big"])
        let big = try #require(entries[1].tensor)
        #expect(big.shape == [count])
        #expect(big.data.count == count)
        #expect(big.data.chunks.count == 2)
        #expect(big.data.chunks[0].count == 512 * 1024 * 1024)
        let base = try #require(storage.baseAddress)
        for chunk in big.data.chunks {
            #expect(chunk.storage === storage)
            chunk.withUnsafeBytes { bytes in
                #expect(bytes.baseAddress == base + chunk.range.lowerBound)
                #expect(bytes.first == 0x3F && bytes.last == 0x3F)
            }
        }
    }
}
