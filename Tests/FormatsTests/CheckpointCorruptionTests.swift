import Foundation
import Formats
import MSCrypto
import TestSupport
import Testing

/// Builds checkpoint bytes by hand (independently of the codec) so every offset is known by construction.
struct HandBuilt {
    static func varint(_ value: UInt64) -> [UInt8] { ProtoBytes.varint(value) }

    static func lengthDelimited(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
        ProtoBytes.lengthDelimited(number, payload)
    }

    /// TensorProto bytes; `rawDims` replaces the dims fields when given.
    static func tensor(dims: [Int64], type: String, content: [UInt8], rawDims: [UInt8]? = nil) -> [UInt8] {
        let dimBytes = rawDims ?? dims.flatMap { [0x08] + varint(UInt64(bitPattern: $0)) }
        return dimBytes + lengthDelimited(2, Array(type.utf8)) + lengthDelimited(3, content)
    }

    static func record(tag: String, tensor: [UInt8]) -> [UInt8] {
        lengthDelimited(1, lengthDelimited(1, Array(tag.utf8)) + lengthDelimited(2, tensor))
    }
}

@Suite struct CheckpointCorruptionTests {
    let content16: [UInt8] = Array(0..<16)

    func decodeError(_ bytes: [UInt8], options: DecodingOptions = .default, group: Bool = true) -> FormatError? {
        do {
            let document = try CheckpointCodec.decode(ByteStorage(bytes: bytes, path: "bad.ckpt"), options: options)
            if group { _ = try CheckpointCodec.entries(of: document, file: "bad.ckpt", options: options) }
            return nil
        } catch {
            return error
        }
    }

    @Test func wellFormedHandBuiltRecordDecodes() throws {
        let bytes = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [2, 2], type: "Float32", content: content16))
        let entries = try CheckpointCodec.entries(of: CheckpointCodec.decode(ByteStorage(bytes: bytes)))
        #expect(entries.count == 1)
        #expect(entries[0].tensor?.shape == [2, 2])
        #expect(entries[0].tensor?.data.bytes == content16)
    }

    @Test func truncationAtEveryByteOfARecord() throws {
        let bytes = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [2, 2], type: "Float32", content: content16))
        for cut in 1..<bytes.count {
            let error = try #require(decodeError(Array(bytes[0..<cut])), "cut at \(cut) decoded")
            // The record's own length (at offset 1) is the first thing that cannot be satisfied.
            #expect(error.offset == 1, "cut at \(cut)")
            #expect(error.fieldPath == "Checkpoint.value", "cut at \(cut)")
            #expect(error.code == (cut == 1 ? .truncated : .lengthOutOfBounds), "cut at \(cut)")
            #expect(error.file == "bad.ckpt")
        }
    }

    /// A real MindSpore file cut at each record boundary is a shorter valid checkpoint (the format is a stream
    /// of messages; MindSpore reads it the same way); cut one byte later it is an error at that record.
    @Test func truncationAtEveryRecordBoundaryOfAMindSporeFile() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Project.testdata("ckpt/convnet.ckpt"))))
        // Record boundaries found with the hand-written varint reader above, not with the codec.
        var boundaries: [Int] = []
        var offset = 0
        while offset < bytes.count {
            boundaries.append(offset)
            #expect(bytes[offset] == 0x0A)
            var length = 0
            var shift = 0
            var i = offset + 1
            while true {
                length |= Int(bytes[i] & 0x7F) << shift
                shift += 7
                i += 1
                if bytes[i - 1] & 0x80 == 0 { break }
            }
            offset = i + length
        }
        #expect(offset == bytes.count)
        #expect(boundaries.count == 9)
        for (index, boundary) in boundaries.enumerated() {
            let prefix = try CheckpointCodec.decode(ByteStorage(bytes: Array(bytes[0..<boundary])))
            #expect(prefix.records.count == index)
            for cut in [boundary + 1, boundary + 2, boundary + 7] where cut < bytes.count {
                let error = try #require(decodeError(Array(bytes[0..<cut])), "cut at \(cut) decoded")
                #expect(error.offset == boundary + 1, "cut at \(cut)")
                #expect(error.fieldPath == "Checkpoint.value")
                #expect([.truncated, .lengthOutOfBounds].contains(error.code))
            }
        }
    }

    @Test func nestedLengthPastTheEnd() throws {
        var tensor = HandBuilt.tensor(dims: [2, 2], type: "Float32", content: content16)
        let contentLengthIndex = tensor.count - 17
        #expect(tensor[contentLengthIndex] == 16)
        tensor[contentLengthIndex] = 0x7F
        let bytes = HandBuilt.record(tag: "w", tensor: tensor)
        let start = bytes.count - tensor.count  // the TensorProto is the record's last field
        let error = try #require(decodeError(bytes))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == start + contentLengthIndex)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.tensor_content")
    }

    @Test func tagLengthPastTheEnd() throws {
        var bytes = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [4], type: "Float32", content: content16))
        bytes[3] = 0x50
        let error = try #require(decodeError(bytes))
        #expect(error.code == .lengthOutOfBounds)
        #expect(error.offset == 3)
        #expect(error.fieldPath == "Checkpoint.value[0].tag")
    }

    @Test func varintOverflowInDims() throws {
        let overlong: [UInt8] = [0x08] + Array(repeating: 0xFF, count: 10) + [0x01]
        let tensor = HandBuilt.tensor(dims: [], type: "Float32", content: content16, rawDims: overlong)
        let bytes = HandBuilt.record(tag: "w", tensor: tensor)
        let start = bytes.count - tensor.count
        let error = try #require(decodeError(bytes))
        #expect(error.code == .varintOverflow)
        #expect(error.offset == start + 1)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.dims")
    }

    @Test func dimsWhoseProductOverflows() throws {
        let tensor = HandBuilt.tensor(dims: [1 << 40, 1 << 40], type: "Float32", content: content16)
        let bytes = HandBuilt.record(tag: "w", tensor: tensor)
        let start = bytes.count - tensor.count
        let error = try #require(decodeError(bytes))
        #expect(error.code == .arithmeticOverflow)
        #expect(error.offset == start)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.dims")
    }

    @Test func byteCountThatOverflowsAfterTheElementCount() throws {
        // 2^61 elements fit in Int, but 2^61 * 64 bits do not.
        let bytes = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [1 << 61], type: "Float64", content: content16))
        let error = try #require(decodeError(bytes))
        #expect(error.code == .arithmeticOverflow)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.dims")
    }

    @Test func negativeDimension() throws {
        let bytes = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [-1, 4], type: "Float32", content: content16))
        let error = try #require(decodeError(bytes))
        #expect(error.code == .invalidValue)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.dims")
    }

    @Test func unknownTensorType() throws {
        let tensor = HandBuilt.tensor(dims: [4], type: "Float33", content: content16)
        let bytes = HandBuilt.record(tag: "w", tensor: tensor)
        let start = bytes.count - tensor.count
        let error = try #require(decodeError(bytes))
        #expect(error.code == .unknownDType)
        #expect(error.offset == start + 2 + 2)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.tensor_type")
        // Kept as raw bytes when asked to.
        var lenient = DecodingOptions()
        lenient.allowUnknownDTypes = true
        let document = try CheckpointCodec.decode(ByteStorage(bytes: bytes), options: lenient)
        #expect(CheckpointCodec.encode(document) == bytes)
    }

    @Test func contentLargerThanItsDims() throws {
        let bytes = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [2], type: "Float32", content: content16))
        let error = try #require(decodeError(bytes))
        #expect(error.code == .sizeMismatch)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.tensor_content")
    }

    @Test func contentSmallerThanItsDims() throws {
        let bytes = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [8], type: "Float32", content: content16))
        #expect(decodeError(bytes, group: false) == nil)  // a chunk may be partial ...
        let error = try #require(decodeError(bytes))  // ... but the whole tensor must be complete
        #expect(error.code == .sizeMismatch)
        #expect(error.offset == 0)
        #expect(error.fieldPath == "Checkpoint.value[0].tensor.tensor_content")
    }

    @Test func missingRequiredFields() throws {
        let noTag = HandBuilt.lengthDelimited(1, HandBuilt.lengthDelimited(2, HandBuilt.tensor(dims: [4], type: "Float32", content: content16)))
        let error = try #require(decodeError(noTag))
        #expect(error.code == .missingField)
        #expect(error.fieldPath == "Checkpoint.value[0].tag")

        let noContent = HandBuilt.record(tag: "w", tensor: [0x08, 0x04] + HandBuilt.lengthDelimited(2, Array("Float32".utf8)))
        #expect(decodeError(noContent)?.code == .missingField)
        #expect(decodeError(noContent)?.fieldPath == "Checkpoint.value[0].tensor.tensor_content")
    }

    @Test func wrongWireTypes() throws {
        // tag sent as a varint
        let badTag = HandBuilt.lengthDelimited(1, [0x08, 0x01])
        #expect(decodeError(badTag)?.code == .invalidWireType)
        #expect(decodeError(badTag)?.fieldPath == "Checkpoint.value[0].tag")
        // a start-group key at the top level
        #expect(decodeError([0x0B, 0x0C])?.code == .invalidWireType)
        // field number zero
        #expect(decodeError([0x02, 0x00])?.code == .invalidValue)
    }

    @Test func invalidUTF8Tag() throws {
        let bytes = HandBuilt.lengthDelimited(1, HandBuilt.lengthDelimited(1, [0xFF, 0xFE]) + HandBuilt.lengthDelimited(2, HandBuilt.tensor(dims: [4], type: "Float32", content: content16)))
        #expect(decodeError(bytes)?.code == .invalidValue)
        #expect(decodeError(bytes)?.offset == 4)
    }

    @Test func limitsAreEnforced() throws {
        var options = DecodingOptions()
        options.maxTensorCount = 2
        let one = HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [4], type: "Float32", content: content16))
        let error = try #require(decodeError(one + one + one, options: options))
        #expect(error.code == .limitExceeded)
        #expect(error.offset == 2 * one.count)
        options = DecodingOptions()
        options.maxRank = 1
        #expect(decodeError(HandBuilt.record(tag: "w", tensor: HandBuilt.tensor(dims: [2, 2], type: "Float32", content: content16)), options: options)?.code == .limitExceeded)
    }

    @Test func badCRC() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Project.testdata("ckpt/convnet_crc.ckpt"))))
        bytes[bytes.count / 2] ^= 0x01
        let error = try #require(decodeError(bytes))
        #expect(error.code == .checksumMismatch)
        #expect(error.offset == bytes.count - 10)
        #expect(error.fieldPath == "crc_num")
        var unchecked = DecodingOptions()
        unchecked.verifyChecksums = false
        #expect(decodeError(bytes, options: unchecked) == nil)
        // A trailer whose high bytes are not zero is not a 32-bit CRC.
        var wide = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Project.testdata("ckpt/convnet_crc.ckpt"))))
        wide[wide.count - 10] = 1
        #expect(decodeError(wide)?.code == .invalidValue)
    }

    static let manifest = Manifest.required

    @Test(arguments: manifest.fixtures.filter { $0.encryption != nil }.map(\.file))
    func encryptedFilesNeedTheRightKey(file: String) throws {
        let fixture = try #require(Self.manifest.fixture(file))
        let encryption = try #require(fixture.encryption)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.path)))
        #expect(decodeError(bytes)?.code == .keyRequired)
        #expect(decodeError(bytes)?.offset == 0)

        var wrong = DecodingOptions()
        var key = try #require(SHA256.fromHex(encryption.key_hex))
        key[0] ^= 0xFF
        wrong.key = key
        #expect(decodeError(bytes, options: wrong)?.code == .decryptionFailed)

        wrong.key = Array(key.prefix(15))
        #expect(decodeError(bytes, options: wrong)?.code == .badKey)

        var right = DecodingOptions()
        right.key = SHA256.fromHex(encryption.key_hex)
        // Damaged header: iv_len (after magic, the GCM tag and block_size) is not 16.
        let ivLenOffset = 4 + (encryption.mode == "AES-GCM" ? 16 : 0) + 4
        var damaged = bytes
        damaged[ivLenOffset] = 15
        let headerError = try #require(decodeError(damaged, options: right))
        #expect(headerError.code == .badCipherHeader)
        #expect(headerError.offset == ivLenOffset)
        #expect(headerError.fieldPath == "block[0].iv_len")
        // Damaged ciphertext.
        var flipped = bytes
        flipped[bytes.count - 20] ^= 0x40
        #expect(decodeError(flipped, options: right) != nil)
        // Truncated block.
        #expect(decodeError(Array(bytes.dropLast(5)), options: right)?.code != nil)
    }
}
