import Foundation
import Formats
import TestSupport
import Testing

/// The safetensors reader and writer against PyPI `safetensors` 0.8 (scripts/safetensors_oracle.py): our
/// writer's bytes equal the reference writer's for the same seeded tensors of every dtype it can write,
/// the reference reader reads every file we write back to the same tensors and metadata, and our reader
/// reads the reference's files to the tensors it was given.
@Suite struct SafetensorsCodecTests {
    /// The reference files, made once per test in a fresh folder.
    static func referenceFiles() throws -> (URL, SafetensorsOracle.ReferenceFiles) {
        let dir = try Project.temporaryDirectory()
        let files = try SafetensorsOracle.run(SafetensorsOracle.ReferenceFiles.self, ["reference", dir.path])
        return (dir, files)
    }

    static func writeTensors(_ file: SafetensorsOracle.ReferenceFiles.File) throws -> [SafetensorsWriteTensor] {
        try file.tensors.map { spec in
            let dtype = try #require(SafetensorsDType(rawValue: spec.dtype), "dtype \(spec.dtype)")
            return SafetensorsWriteTensor(name: spec.name, dtype: dtype, shape: spec.shape, data: TensorBytes(bytes: spec.bytes))
        }
    }

    static func metadata(_ file: SafetensorsOracle.ReferenceFiles.File) -> [SafetensorsMetadataEntry]? {
        file.metadata.map { $0.map { SafetensorsMetadataEntry($0[0], $0[1]) } }
    }

    @Test func writerBytesEqualTheReferenceWriters() throws {
        let (dir, reference) = try Self.referenceFiles()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(reference.files.count == 5)
        var dtypes = Set<String>()
        for file in reference.files {
            let theirs = try [UInt8](Data(contentsOf: dir.appendingPathComponent(file.file)))
            let tensors = try Self.writeTensors(file)
            dtypes.formUnion(file.tensors.map(\.dtype))
            let ours = try SafetensorsCodec.encode(tensors, metadata: Self.metadata(file))
            #expect(ours == theirs, "\(file.file): \(String(decoding: ours.prefix(200), as: UTF8.self)) vs \(String(decoding: theirs.prefix(200), as: UTF8.self))")
            // The streaming writer gives the same bytes.
            let path = dir.appendingPathComponent("ours-" + file.file).path
            let result = try SafetensorsCodec.write(tensors, metadata: Self.metadata(file), to: path)
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == theirs, "\(file.file) (streamed)")
            #expect(result.bytes == theirs.count)
            // So does the direct-I/O path that large files take.
            let direct = dir.appendingPathComponent("direct-" + file.file).path
            try SafetensorsCodec.write(tensors, metadata: Self.metadata(file), to: direct, directIOFrom: 0)
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: direct))) == theirs, "\(file.file) (direct I/O)")
        }
        // Every dtype the reference can write (F6_* have no constructor in its Python API).
        let writable = Set(SafetensorsDType.allCases.map(\.rawValue)).subtracting(["F6_E2M3", "F6_E3M2"])
        #expect(dtypes == writable)
    }

    @Test func readerReadsTheReferenceFiles() throws {
        let (dir, reference) = try Self.referenceFiles()
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in reference.files {
            let storage = try ByteStorage.map(path: dir.appendingPathComponent(file.file).path)
            let document = try SafetensorsCodec.decode(storage)
            #expect(document.metadata == Self.metadata(file), "\(file.file)")
            #expect(document.tensors.count == file.tensors.count)
            for spec in file.tensors {
                let tensor = try #require(document.tensor(named: spec.name), "\(file.file): \(spec.name)")
                #expect(tensor.dtypeName == spec.dtype)
                #expect(tensor.shape == spec.shape)
                #expect(tensor.data.bytes == spec.bytes, "\(spec.name)")
                // A view into the mapped file, not a copy.
                #expect(tensor.data.storage === storage)
                #expect(tensor.data.range.lowerBound == document.dataStart + tensor.dataOffsets.lowerBound)
            }
            // The reference writes canonically: re-encoding what we read gives its bytes back.
            #expect(try SafetensorsCodec.encode(document) == storage.view.bytes, "\(file.file)")
        }
    }

    /// Seeded tensors of every dtype, odd names and several metadata entries, written by us and read by
    /// `safe_open`, `deserialize` and `numpy.load_file`.
    @Test func referenceReadsWhatWeWrite() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 99)
        var numpyOnly: [SafetensorsWriteTensor] = []
        var all: [SafetensorsWriteTensor] = []
        let names = ["a", "layer.0.weight", "ünïcødé", "quote\"back\\slash", "tab\tnew\nline\u{1}", "😀", "z"]
        for (i, dtype) in SafetensorsDType.allCases.enumerated() {
            let shape: [Int] = dtype.bits % 8 == 0 ? [[2, 3], [], [4], [1, 2, 2], [0, 5]][i % 5] : [3, 4]
            let elements = shape.reduce(1, *)
            let count = try #require(dtype.byteCount(elements: elements))
            var bytes = seededBytes(count, seed: rng.next())
            if dtype == .bool { bytes = bytes.map { $0 & 1 } }
            let tensor = SafetensorsWriteTensor(name: names[i % names.count] + "_\(i)", dtype: dtype, shape: shape, data: TensorBytes(bytes: bytes))
            all.append(tensor)
            if ["BOOL", "U8", "I8", "I16", "U16", "F16", "I32", "U32", "F32", "F64", "I64", "U64", "C64"].contains(dtype.rawValue) {
                numpyOnly.append(tensor)
            }
        }
        let metadata = [
            SafetensorsMetadataEntry("format", "ms"), SafetensorsMetadataEntry("crc_num", "12345"),
            SafetensorsMetadataEntry("ключ", "значение \"q\" \\ \n"), SafetensorsMetadataEntry("", ""),
        ]
        let cases: [(String, [SafetensorsWriteTensor], [SafetensorsMetadataEntry]?)] = [
            ("numpy", numpyOnly, metadata), ("all", all, nil), ("none", [], metadata),
        ]
        for (label, tensors, meta) in cases {
            let path = dir.appendingPathComponent("\(label).safetensors").path
            try SafetensorsCodec.write(tensors, metadata: meta, to: path)
            let loaded = try SafetensorsOracle.load(path)
            #expect(loaded.metadata == meta.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key, $0.value) }) })
            #expect(loaded.tensors.count == tensors.count)
            for tensor in tensors {
                let theirs = try #require(loaded.tensors.first { $0.name == tensor.name }, "\(label): \(tensor.name)")
                #expect(theirs.dtype == tensor.dtype.rawValue)
                #expect(theirs.shape == tensor.shape)
                #expect(theirs.bytes == tensor.data.count)
                #expect(theirs.sha256 == (try sha256Hex(tensor.data.bytes)), "\(tensor.name)")
            }
            // And ours reads it back the same.
            let document = try SafetensorsCodec.decode(path: path)
            #expect(document.metadata == meta)
            #expect(Set(document.tensors.map(\.name)) == Set(tensors.map(\.name)))
        }
    }

    @Test func layoutFollowsTheReferenceOrder() throws {
        let tensors = [
            SafetensorsWriteTensor(name: "b", dtype: .bool, shape: [1], data: TensorBytes(bytes: [1])),
            SafetensorsWriteTensor(name: "a", dtype: .f32, shape: [], data: TensorBytes(bytes: [0, 0, 128, 63])),
            SafetensorsWriteTensor(name: "c", dtype: .u64, shape: [0], data: TensorBytes(bytes: [])),
            SafetensorsWriteTensor(name: "B", dtype: .f32, shape: [1], data: TensorBytes(bytes: [0, 0, 0, 64])),
        ]
        let layout = try SafetensorsCodec.layout(tensors, metadata: nil)
        #expect(layout.order.map { tensors[$0].name } == ["c", "B", "a", "b"])
        #expect(layout.header.count % 8 == 0)
        #expect(layout.header.last == UInt8(ascii: " ") || layout.header.last == UInt8(ascii: "}"))
        // Duplicate names and wrong byte counts are refused.
        #expect(throws: FormatError.self) { try SafetensorsCodec.layout([tensors[0], tensors[0]], metadata: nil) }
        let short = SafetensorsWriteTensor(name: "s", dtype: .f32, shape: [2], data: TensorBytes(bytes: [0, 0, 0, 0]))
        #expect(throws: FormatError.self) { try SafetensorsCodec.layout([short], metadata: nil) }
    }

    @Test func writerNeverReplacesItsInput() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("in.safetensors").path
        let tensor = SafetensorsWriteTensor(name: "x", dtype: .u8, shape: [1], data: TensorBytes(bytes: [7]))
        try SafetensorsCodec.write([tensor], metadata: nil, to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: FormatError.self) { try SafetensorsCodec.write([], metadata: nil, to: path, protecting: [path]) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
