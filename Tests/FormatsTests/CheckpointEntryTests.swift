import Formats
import TestSupport
import Testing

/// Grouping rules of `load_checkpoint` (FORMATS.md §1.4) on hand-built records.
@Suite struct CheckpointEntryTests {
    func entries(_ bytes: [UInt8]) throws -> [CheckpointEntry] {
        try CheckpointCodec.entries(of: CheckpointCodec.decode(ByteStorage(bytes: bytes)))
    }

    func f32(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    @Test func adjacentChunksJoinAndLaterRepeatsReplaceInPlace() throws {
        let a1 = HandBuilt.record(tag: "a", tensor: HandBuilt.tensor(dims: [4], type: "Float32", content: f32([1, 2])))
        let a2 = HandBuilt.record(tag: "a", tensor: HandBuilt.tensor(dims: [4], type: "Float32", content: f32([3, 4])))
        let b = HandBuilt.record(tag: "b", tensor: HandBuilt.tensor(dims: [1], type: "Int32", content: [9, 0, 0, 0]))
        let a3 = HandBuilt.record(tag: "a", tensor: HandBuilt.tensor(dims: [2], type: "Float32", content: f32([5, 6])))
        let list = try entries(a1 + a2 + b + a3)
        // Python dicts keep the first position of a key whose value is replaced.
        #expect(list.map(\.name) == ["a", "b"])
        #expect(list[0].tensor?.data.bytes == f32([5, 6]))
        #expect(list[0].records == 3..<4)

        let joined = try entries(a1 + a2 + b)
        #expect(joined[0].tensor?.data.chunks.count == 2)
        #expect(joined[0].tensor?.data.bytes == f32([1, 2, 3, 4]))
        #expect(joined[0].tensor?.shape == [4])
    }

    @Test func legacySpellingsAndScalars() throws {
        let legacy = HandBuilt.record(tag: "u", tensor: HandBuilt.tensor(dims: [3], type: "Uint8", content: [1, 2, 3]))
        let scalar = HandBuilt.record(tag: "s", tensor: HandBuilt.tensor(dims: [], type: "Float64", content: Array(repeating: 0, count: 8)))
        let zeroDims = HandBuilt.record(tag: "z", tensor: HandBuilt.tensor(dims: [0], type: "Int32", content: [1, 0, 0, 0]))
        let list = try entries(legacy + scalar + zeroDims)
        #expect(list[0].tensor?.tensorType.canonicalName == "uint8")
        #expect(list[1].tensor?.shape == [])
        #expect(list[2].tensor?.shape == [])  // MindSpore reads dims [0] as a scalar
        #expect(list[2].tensor?.storedDims == [0])
    }

    @Test func emptyStringIsOneNulCodePoint() throws {
        let empty = HandBuilt.record(tag: "t", tensor: HandBuilt.tensor(dims: [0], type: "str", content: [0, 0, 0, 0]))
        #expect(try entries(empty)[0].tensor?.stringValue == "")
        let odd = HandBuilt.record(tag: "t", tensor: HandBuilt.tensor(dims: [0], type: "str", content: [0x41, 0, 0]))
        #expect(throws: FormatError.self) { try entries(odd) }
    }

    /// MapParameter chunks: inner tensors (keys, values, status) joined along axis 0, dims[0] summed.
    @Test func mapTensorChunksJoinAlongAxis0() throws {
        func map(_ keys: [UInt8], _ values: [Float], _ status: [UInt8]) -> [UInt8] {
            let n = Int64(keys.count / 4)
            let inner =
                HandBuilt.lengthDelimited(1, HandBuilt.tensor(dims: [n], type: "int32", content: keys))
                + HandBuilt.lengthDelimited(1, HandBuilt.tensor(dims: [n, 2], type: "float32", content: f32(values)))
                + HandBuilt.lengthDelimited(1, HandBuilt.tensor(dims: [n], type: "int32", content: status))
            return HandBuilt.lengthDelimited(1, HandBuilt.lengthDelimited(1, Array("emb".utf8)) + HandBuilt.lengthDelimited(3, inner))
        }
        let first = map([1, 0, 0, 0], [0.5, 1.5], [0, 0, 0, 0])
        let second = map([2, 0, 0, 0, 3, 0, 0, 0], [2, 3, 4, 5], [1, 0, 0, 0, 1, 0, 0, 0])
        let bytes = first + second
        let list = try entries(bytes)
        #expect(list.count == 1)
        guard case .map(let inner) = list[0].value else {
            Issue.record("not a map tensor")
            return
        }
        #expect(inner.map(\.shape) == [[3], [3, 2], [3]])
        #expect(inner[1].data.bytes == f32([0.5, 1.5, 2, 3, 4, 5]))
        #expect(inner[0].data.bytes == [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])
        // Lossless: the records re-encode to the same bytes.
        #expect(CheckpointCodec.encode(try CheckpointCodec.decode(ByteStorage(bytes: bytes))) == bytes)
    }

    @Test func unknownFieldsSurviveARoundTrip() throws {
        // An unknown varint field (15) inside the tensor, an unknown string (9) in the value, and an unknown
        // top-level field (4) between records.
        let tensor = HandBuilt.tensor(dims: [1], type: "Int32", content: [1, 0, 0, 0]) + [0x78, 0x05]
        let value = HandBuilt.lengthDelimited(1, Array("x".utf8)) + HandBuilt.lengthDelimited(2, tensor) + HandBuilt.lengthDelimited(9, [0x41])
        let record = HandBuilt.lengthDelimited(1, value)
        let bytes = record + HandBuilt.lengthDelimited(4, [0x42, 0x43]) + record
        let document = try CheckpointCodec.decode(ByteStorage(bytes: bytes))
        #expect(document.unknownTopLevel.count == 1)
        #expect(CheckpointCodec.encode(document) == bytes)
        // Packed dims are kept packed.
        let packed = HandBuilt.record(tag: "p", tensor: HandBuilt.lengthDelimited(1, [2, 2]) + HandBuilt.lengthDelimited(2, Array("Int8".utf8)) + HandBuilt.lengthDelimited(3, [1, 2, 3, 4]))
        let packedDocument = try CheckpointCodec.decode(ByteStorage(bytes: packed))
        #expect(try CheckpointCodec.entries(of: packedDocument)[0].tensor?.shape == [2, 2])
        #expect(CheckpointCodec.encode(packedDocument) == packed)
    }
}
