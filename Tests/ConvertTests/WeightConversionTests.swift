import Convert
import Formats
import Foundation
import TestSupport
import Testing

/// CKPT ↔ safetensors against MindSpore 2.10 (scripts/safetensors_oracle.py): our outputs against what
/// `mindspore.ckpt_to_safetensors` / `safetensors_to_ckpt` write for the same inputs, and against what
/// `mindspore.load_checkpoint` reads back from them.
@Suite(.serialized) struct WeightConversionTests {
    static func withDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    static func byName(_ tensors: [SafetensorsOracle.Tensor]) -> [String: SafetensorsOracle.Tensor] {
        Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0) })
    }

    /// The plain and the CRC convnet: byte-identical to MindSpore's conversion, and loadable back to the source.
    @Test(arguments: ["ckpt/convnet.ckpt", "ckpt/convnet_crc.ckpt"])
    func ckptToSafetensorsMatchesMindSpore(_ fixture: String) throws {
        try Self.withDirectory { dir in
            let input = Project.testdata(fixture)
            let ours = dir.appendingPathComponent("ours.safetensors").path
            let report = try WeightConversion.ckptToSafetensors(input: input, output: ours)
            let theirs = try SafetensorsOracle.run(
                SafetensorsOracle.Output.self, ["ms-convert", "to-safetensors", input, dir.appendingPathComponent("ms").path]
            ).output
            #expect(try Self.bytes(ours) == Self.bytes(theirs), "\(fixture)")
            #expect(report.tensors == 9)
            #expect(report.notes.isEmpty == !fixture.contains("crc"))
            // load_checkpoint(format="safetensors") on ours gives the source's tensors.
            let source = Self.byName(try SafetensorsOracle.mindsporeLoad(input, format: "ckpt"))
            let loaded = try SafetensorsOracle.mindsporeLoad(ours, format: "safetensors")
            #expect(loaded.map(\.name) == source.keys.sorted())
            for tensor in loaded { #expect(source[tensor.name] == tensor, "\(tensor.name)") }
        }
    }

    /// Every type MindSpore's converter handles here (dtypes.ckpt without BFloat16, which this MindSpore's
    /// NumPy cannot convert, and without its strings, which make MindSpore's converter fail): the same content
    /// as MindSpore's output; byte-identical too when the hash-map order MindSpore's writer gave the two
    /// metadata entries ("format" and the Int4 note) happens to be ours.
    @Test func allConvertibleTypesMatchMindSpore() throws {
        try Self.withDirectory { dir in
            let input = dir.appendingPathComponent("types.ckpt").path
            _ = try SafetensorsOracle.run(
                SafetensorsOracle.Output.self,
                ["ms-resave", Project.testdata("ckpt/dtypes.ckpt"), input, "bf16", "note", "emoji"])
            let ours = dir.appendingPathComponent("ours.safetensors").path
            try WeightConversion.ckptToSafetensors(input: input, output: ours)
            let theirs = try SafetensorsOracle.run(
                SafetensorsOracle.Output.self, ["ms-convert", "to-safetensors", input, dir.appendingPathComponent("ms").path]
            ).output
            let comparison = try SafetensorsOracle.run(SafetensorsOracle.Comparison.self, ["same-content", ours, theirs])
            #expect(comparison.same_content, "\(comparison.why)")
            let document = try SafetensorsCodec.decode(path: ours)
            #expect(document.metadata == [SafetensorsMetadataEntry("format", "ms"), SafetensorsMetadataEntry("int4", "Int4")])
            #expect(document.tensor(named: "int4")?.dtype == .i8)

            // Back: ours from MindSpore's safetensors equals MindSpore's safetensors_to_ckpt byte for byte,
            // and both equal the source checkpoint's tensors when loaded.
            let back = dir.appendingPathComponent("back.ckpt").path
            try WeightConversion.safetensorsToCkpt(input: theirs, output: back)
            let msBack = try SafetensorsOracle.run(
                SafetensorsOracle.Output.self, ["ms-convert", "to-ckpt", theirs, dir.appendingPathComponent("msback").path]
            ).output
            #expect(try Self.bytes(back) == Self.bytes(msBack))
            let source = Self.byName(try SafetensorsOracle.mindsporeLoad(input, format: "ckpt"))
            let reloaded = try SafetensorsOracle.mindsporeLoad(back, format: "ckpt")
            #expect(reloaded.count == source.count)
            for tensor in reloaded { #expect(source[tensor.name] == tensor, "\(tensor.name)") }
            let fromOurs = try SafetensorsOracle.mindsporeLoad(ours, format: "safetensors")
            for tensor in fromOurs { #expect(source[tensor.name] == tensor, "\(tensor.name)") }
        }
    }

    /// dtypes.ckpt has strings: MindSpore's converter fails on them and so do we, naming the entry; with
    /// `dropUnsupported` the rest (BFloat16 included) is written and read back by the reference reader.
    @Test func stringsFailAsInMindSporeUnlessDropped() throws {
        try Self.withDirectory { dir in
            let input = Project.testdata("ckpt/dtypes.ckpt")
            let output = dir.appendingPathComponent("d.safetensors").path
            #expect(try SafetensorsOracle.runExpectingFailure(["ms-convert", "to-safetensors", input, dir.path]) != nil)
            do {
                try WeightConversion.ckptToSafetensors(input: input, output: output)
                Issue.record("a checkpoint with strings converted")
            } catch let error as FormatError {
                #expect(error.code == .unsupported)
                #expect(error.offset != nil)
            }
            #expect(!FileManager.default.fileExists(atPath: output))

            let report = try WeightConversion.ckptToSafetensors(
                input: input, output: output, options: WeightConversionOptions(dropUnsupported: true))
            #expect(report.skipped.count == 2)
            let source = try SafetensorsOracle.mindsporeLoad(input, format: "ckpt").filter { $0.dtype != "str" }
            let loaded = Self.byName(try SafetensorsOracle.load(output).tensors)
            #expect(loaded.count == source.count)
            let codes = ["Float32": "F32", "Float16": "F16", "BFloat16": "BF16", "Float64": "F64", "Int8": "I8", "UInt8": "U8",
                         "Int16": "I16", "UInt16": "U16", "Int32": "I32", "UInt32": "U32", "Int64": "I64", "UInt64": "U64",
                         "Bool": "BOOL", "Int4": "I8"]
            for tensor in source {
                let theirs = try #require(loaded[tensor.name], "\(tensor.name)")
                #expect(theirs.sha256 == tensor.sha256, "\(tensor.name)")
                #expect(theirs.shape == tensor.shape, "\(tensor.name)")
                #expect(theirs.dtype == codes[tensor.dtype], "\(tensor.name)")
            }
        }
    }

    /// safetensors → CKPT for every type with a loadable MindSpore counterpart (BFloat16 included, which this
    /// MindSpore cannot take from safetensors itself), checked with load_checkpoint on our CKPT.
    @Test func safetensorsToCkptLoadsInMindSpore() throws {
        try Self.withDirectory { dir in
            var rng = SeededGenerator(seed: 3)
            let types: [SafetensorsDType] = [.bool, .u8, .i8, .i16, .u16, .i32, .u32, .i64, .u64, .f16, .bf16, .f32, .f64]
            var tensors: [SafetensorsWriteTensor] = []
            for (i, dtype) in types.enumerated() {
                let shape = [[3, 2], [], [4], [1, 2, 2]][i % 4]
                var bytes = seededBytes(shape.reduce(1, *) * dtype.bits / 8, seed: rng.next())
                if dtype == .bool { bytes = bytes.map { $0 & 1 } }
                tensors.append(SafetensorsWriteTensor(name: "p\(types.count - i).\(dtype)", dtype: dtype, shape: shape, data: TensorBytes(bytes: bytes)))
            }
            tensors.append(SafetensorsWriteTensor(name: "q4", dtype: .i8, shape: [2, 3], data: TensorBytes(bytes: [0x21, 0x78, 0x0F, 0xC3, 0xA5, 0xF0])))
            tensors.append(SafetensorsWriteTensor(name: "empty", dtype: .f32, shape: [0, 3], data: TensorBytes(bytes: [])))
            let input = dir.appendingPathComponent("in.safetensors").path
            try SafetensorsCodec.write(tensors, metadata: [SafetensorsMetadataEntry("format", "ms"), SafetensorsMetadataEntry("q4", "Int4")], to: input)
            let output = dir.appendingPathComponent("out.ckpt").path
            let report = try WeightConversion.safetensorsToCkpt(input: input, output: output)
            #expect(report.tensors == tensors.count - 1)
            #expect(report.skipped.count == 1)
            let loaded = try SafetensorsOracle.mindsporeLoad(output, format: "ckpt")
            let reference = Self.byName(try SafetensorsOracle.load(input).tensors)
            #expect(loaded.map(\.name) == tensors.map(\.name).filter { $0 != "empty" }.sorted())
            for tensor in loaded {
                let source = try #require(reference[tensor.name])
                #expect(tensor.sha256 == source.sha256, "\(tensor.name)")
                #expect(tensor.shape == source.shape, "\(tensor.name)")
            }
            #expect(loaded.first { $0.name == "q4" }?.dtype == "Int4")
            #expect(loaded.first { $0.name.hasSuffix("BF16") }?.dtype == "BFloat16")
        }
    }

    /// A zero-size tensor has no record in MindSpore's checkpoint (its chunk loop runs zero times), nor in ours.
    @Test func zeroSizeTensorsAreLeftOutAsMindSporeDoes() throws {
        try Self.withDirectory { dir in
            let input = dir.appendingPathComponent("e.safetensors").path
            try SafetensorsCodec.write(
                [
                    SafetensorsWriteTensor(name: "empty", dtype: .f32, shape: [0, 3], data: TensorBytes(bytes: [])),
                    SafetensorsWriteTensor(name: "x", dtype: .f32, shape: [2], data: TensorBytes(bytes: [0, 0, 128, 63, 0, 0, 0, 64])),
                ], metadata: [SafetensorsMetadataEntry("format", "ms")], to: input)
            let ours = dir.appendingPathComponent("ours.ckpt").path
            let report = try WeightConversion.safetensorsToCkpt(input: input, output: ours)
            #expect(report.tensors == 1)
            let theirs = try SafetensorsOracle.run(
                SafetensorsOracle.Output.self, ["ms-convert", "to-ckpt", input, dir.appendingPathComponent("ms").path]
            ).output
            #expect(try Self.bytes(ours) == Self.bytes(theirs))
        }
    }

    @Test func hostileInputsFailLocated() throws {
        try Self.withDirectory { dir in
            let bad = dir.appendingPathComponent("bad.safetensors").path
            var bytes: [UInt8] = [16, 0, 0, 0, 0, 0, 0, 0] + Array(#"{"a":{"dtype":"#.utf8)
            bytes += Array(repeating: UInt8(ascii: " "), count: 24 - bytes.count)
            FileManager.default.createFile(atPath: bad, contents: Data(bytes))
            let out = dir.appendingPathComponent("out.ckpt").path
            do {
                try WeightConversion.safetensorsToCkpt(input: bad, output: out)
                Issue.record("accepted")
            } catch let error as FormatError {
                #expect(error.file == bad)
                #expect(error.offset != nil)
            }
            #expect(!FileManager.default.fileExists(atPath: out))
            // Never onto the input.
            let good = dir.appendingPathComponent("good.ckpt").path
            try FileManager.default.copyItem(atPath: Project.testdata("ckpt/convnet.ckpt"), toPath: good)
            #expect(throws: FormatError.self) { try WeightConversion.ckptToSafetensors(input: good, output: good) }
            #expect(try Self.bytes(good) == Self.bytes(Project.testdata("ckpt/convnet.ckpt")))
        }
    }
}
