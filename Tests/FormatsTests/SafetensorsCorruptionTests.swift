import Formats
import Foundation
import TestSupport
import Testing

/// Enumerated corruptions of safetensors files, each with the error code, file offset and field path it
/// must give. The files are built by hand from the format's definition (u64 LE length, JSON, data).
@Suite struct SafetensorsCorruptionTests {
    /// A file with `header` as its JSON (padded with spaces to 8 bytes) and `data`; `length` overrides the stored length.
    static func file(_ header: String, data: [UInt8] = [], length: UInt64? = nil, pad: Bool = true) -> [UInt8] {
        var json = Array(header.utf8)
        if pad { json += Array(repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8) }
        let stored = length ?? UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: stored >> (8 * UInt64($0))) } + json + data
    }

    /// File offset of the first occurrence of `needle` in the header (the header starts at byte 8).
    static func at(_ needle: String, in header: String, occurrence: Int = 0) -> Int {
        let bytes = Array(header.utf8)
        let target = Array(needle.utf8)
        var found = -1
        var i = 0
        var seen = 0
        while i + target.count <= bytes.count {
            if Array(bytes[i..<(i + target.count)]) == target {
                if seen == occurrence {
                    found = i
                    break
                }
                seen += 1
            }
            i += 1
        }
        precondition(found >= 0, "\(needle) not in \(header)")
        return 8 + found
    }

    static func path(_ components: FieldPath.Component...) -> FieldPath { FieldPath(components) }

    static func decode(_ bytes: [UInt8]) -> FormatError? {
        do {
            _ = try SafetensorsCodec.decode(ByteStorage(bytes: bytes, path: "bad.safetensors"))
            return nil
        } catch {
            return error
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var code: FormatError.Code
        var offset: Int
        var fieldPath: FieldPath
        var description: String { name }
    }

    static let tensorA = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#

    static let cases: [Case] = {
        var list: [Case] = []
        func add(_ name: String, _ bytes: [UInt8], _ code: FormatError.Code, _ offset: Int, _ path: FieldPath) {
            list.append(Case(name: name, bytes: bytes, code: code, offset: offset, fieldPath: path))
        }
        let length = path(.field("header_length"))
        let header = path(.field("header"))
        func field(_ name: String, _ f: String) -> FieldPath { path(.field("header"), .field(name), .field(f)) }
        func element(_ name: String, _ f: String, _ i: Int) -> FieldPath { path(.field("header"), .field(name), .element(f, i)) }

        add("shorter than the length field", [8, 0, 0, 0], .truncated, 0, length)
        add("header length past the end", file(tensorA, data: Array(repeating: 0, count: 8), length: 4096), .lengthOutOfBounds, 0, length)
        add("header length over the limit", file("{}", length: 100_000_001), .limitExceeded, 0, length)
        add("header length of 2^64-1", file("{}", length: UInt64.max), .limitExceeded, 0, length)
        add("not JSON", file(#"{"a" 1}"#), .invalidValue, 8 + 5, header)
        add("not an object", file("[]"), .invalidValue, 8, header)
        add("leading space", file(" {}"), .invalidValue, 8, header)
        add("garbage after the object", file("{}x"), .invalidValue, 8 + 2, header)
        add("NUL padding", file("{}\0\0\0\0\0\0", pad: false), .invalidValue, 8 + 2, header)
        add("unclosed", file(#"{"a":{"dtype":"F32""#, pad: false), .truncated, 8 + 19, path(.field("header"), .field("a")))
        let dup = #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#
        add("duplicate tensor name", file(dup, data: [1, 2]), .invalidValue, at(#""a""#, in: dup, occurrence: 1), header)
        let dupField = #"{"a":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        add("duplicate field", file(dupField, data: [1]), .invalidValue, at(#""dtype""#, in: dupField, occurrence: 1), field("a", "dtype"))
        let dupMeta = #"{"__metadata__":{"k":"1","k":"2"}}"#
        add("duplicate metadata key", file(dupMeta), .invalidValue, at(#""k""#, in: dupMeta, occurrence: 1), path(.field("header"), .field("__metadata__")))
        let deep = #"{"__metadata__":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        add("deep nesting in metadata", file(deep), .invalidValue, at("[", in: deep), path(.field("header"), .field("__metadata__")))
        let deepShape = #"{"a":{"dtype":"U8","shape":"# + String(repeating: "[", count: 5000) + "1" + String(repeating: "]", count: 5000) + #","data_offsets":[0,1]}}"#
        add("deep nesting in a shape", file(deepShape, data: [0]), .invalidValue, at("[", in: deepShape) + 1, element("a", "shape", 0))
        let metaNumber = #"{"__metadata__":{"k":1}}"#
        add("metadata value not a string", file(metaNumber), .invalidValue, at("1", in: metaNumber), path(.field("header"), .field("__metadata__"), .field("k")))
        let unknown = #"{"a":{"dtype":"F31","shape":[2],"data_offsets":[0,8]}}"#
        add("unknown dtype", file(unknown, data: Array(repeating: 0, count: 8)), .unknownDType, at(#""F31""#, in: unknown), field("a", "dtype"))
        let lower = #"{"a":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}}"#
        add("lowercase dtype", file(lower, data: Array(repeating: 0, count: 8)), .unknownDType, at(#""f32""#, in: lower), field("a", "dtype"))
        let extraField = #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"x":1}}"#
        add("unknown field", file(extraField, data: [0]), .invalidValue, at(#""x""#, in: extraField), field("a", "x"))
        let missing = #"{"a":{"dtype":"U8","shape":[1]}}"#
        add("missing data_offsets", file(missing), .missingField, at(#""a""#, in: missing), field("a", "data_offsets"))
        let overlap = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        add("offsets overlap", file(overlap, data: Array(repeating: 0, count: 8)), .invalidValue, at("[4,8]", in: overlap), field("b", "data_offsets"))
        let same = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        add("two tensors on the same bytes", file(same, data: Array(repeating: 0, count: 8)), .invalidValue, at("[0,4]", in: same, occurrence: 1), field("b", "data_offsets"))
        let gap = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        add("offsets leave a gap", file(gap, data: Array(repeating: 0, count: 8)), .invalidValue, at("[4,8]", in: gap), field("a", "data_offsets"))
        add("offsets past the end", file(tensorA, data: Array(repeating: 0, count: 4)), .lengthOutOfBounds, at("[0,8]", in: tensorA), field("a", "data_offsets"))
        let backwards = #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#
        add("offsets backwards", file(backwards, data: Array(repeating: 0, count: 8)), .invalidValue, at("[8,0]", in: backwards), field("a", "data_offsets"))
        let mismatch = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        add("offsets do not match the shape", file(mismatch, data: Array(repeating: 0, count: 8)), .sizeMismatch, at("[0,8]", in: mismatch), field("a", "data_offsets"))
        let three = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}"#
        add("three offsets", file(three, data: Array(repeating: 0, count: 8)), .invalidValue, at("8]", in: three), field("a", "data_offsets"))
        let overflow = #"{"a":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,8]}}"#
        add("shape product overflows", file(overflow, data: Array(repeating: 0, count: 8)), .arithmeticOverflow, at("[4294967296", in: overflow), field("a", "shape"))
        let byteOverflow = #"{"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]}}"#
        add("byte count overflows", file(byteOverflow, data: Array(repeating: 0, count: 8)), .arithmeticOverflow, at("[46", in: byteOverflow), field("a", "shape"))
        let huge = #"{"a":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}}"#
        add("dimension past 64 bits", file(huge, data: Array(repeating: 0, count: 8)), .arithmeticOverflow, at("99", in: huge), element("a", "shape", 0))
        let negative = #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#
        add("negative dimension", file(negative, data: Array(repeating: 0, count: 8)), .invalidValue, at("-2", in: negative), element("a", "shape", 0))
        let fraction = #"{"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#
        add("fractional dimension", file(fraction, data: Array(repeating: 0, count: 8)), .invalidValue, at("2.0", in: fraction), element("a", "shape", 0))
        let negativeOffset = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}"#
        add("negative offset", file(negativeOffset, data: Array(repeating: 0, count: 8)), .invalidValue, at("-8", in: negativeOffset), element("a", "data_offsets", 0))
        let halfByte = #"{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}"#
        add("F4 not on a byte boundary", file(halfByte, data: [0, 0]), .sizeMismatch, at("[3]", in: halfByte), field("a", "shape"))
        add("bytes after the last tensor", file(tensorA, data: Array(repeating: 0, count: 9)), .sizeMismatch, 8 + file(tensorA).count - 8 + 8, path(.field("data")))
        let surrogate = #"{"\ud800":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        add("lone surrogate", file(surrogate, data: [0]), .invalidValue, 8 + 2, header)
        var badUTF8 = file(#"{"__metadata__":{"k":"v"}}"#)
        badUTF8[8 + 22] = 0xFF
        add("invalid UTF-8", badUTF8, .invalidValue, 8 + 21, path(.field("header"), .field("__metadata__"), .field("k")))
        let control = "{\"__metadata__\":{\"k\":\"a\u{1}b\"}}"
        add("raw control character", file(control), .invalidValue, at("\u{1}", in: control), path(.field("header"), .field("__metadata__"), .field("k")))
        let rank = #"{"a":{"dtype":"U8","shape":["# + Array(repeating: "1", count: 65).joined(separator: ",") + #"],"data_offsets":[0,1]}}"#
        add("rank over the limit", file(rank, data: [0]), .limitExceeded, at("1,1,", in: rank) + 128, field("a", "shape"))
        return list
    }()

    @Test(arguments: cases)
    func corruptionIsLocated(_ c: Case) throws {
        let error = try #require(Self.decode(c.bytes), "\(c.name) was accepted")
        #expect(error.code == c.code, "\(c.name): \(error)")
        #expect(error.offset == c.offset, "\(c.name): \(error)")
        #expect(error.fieldPath == c.fieldPath, "\(c.name): \(error)")
        #expect(error.file == "bad.safetensors")
        #expect(error.format == "safetensors")
    }

    @Test func validEdgeCasesAreAccepted() throws {
        // Empty header, null metadata, zero-size tensors sharing an offset, whitespace inside, escapes.
        let samples: [([UInt8], Int)] = [
            (Self.file("{}"), 0),
            (Self.file(#"{"__metadata__":null}"#), 0),
            (Self.file(#"{ "z" : {"dtype":"U8","shape":[0],"data_offsets":[0,0]}, "e":{"shape":[2,0],"dtype":"F64","data_offsets":[0,0]},"x":{"dtype":"U8","shape":[],"data_offsets":[0,1]} }"# + "\n", data: [9]), 3),
            (Self.file(#"{"\u00e9\n\"":{"dtype":"F6_E2M3","shape":[4],"data_offsets":[0,3]}}"#, data: [1, 2, 3]), 1),
        ]
        for (bytes, count) in samples {
            let document = try SafetensorsCodec.decode(ByteStorage(bytes: bytes))
            #expect(document.tensors.count == count)
        }
        let escaped = try SafetensorsCodec.decode(ByteStorage(bytes: samples[3].0))
        #expect(escaped.tensors.first?.name == "é\n\"")
        #expect(escaped.tensors.first?.data.bytes == [1, 2, 3])
    }

    @Test func limitsFromOptions() throws {
        var options = DecodingOptions()
        options.maxTensorCount = 1
        let two = Self.file(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, data: [1, 2])
        #expect(throws: FormatError.self) { try SafetensorsCodec.decode(ByteStorage(bytes: two), options: options) }
        options = DecodingOptions()
        options.maxStringBytes = 4
        let long = Self.file(#"{"abcdefgh":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#, data: [1])
        do {
            _ = try SafetensorsCodec.decode(ByteStorage(bytes: long), options: options)
            Issue.record("a name over maxStringBytes was accepted")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.offset == 9)
        }
    }
}
