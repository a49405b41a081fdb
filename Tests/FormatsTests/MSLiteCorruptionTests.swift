import Foundation
import Formats
import TestSupport
import Testing

/// Enumerated corruptions of a valid `.ms`: each gives a located `FormatError` with the expected code,
/// byte offset and field path (never a trap). Positions are found with our reader on the valid file.
@Suite struct MSLiteCorruptionTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        var description: String { name }
    }

    static func valid() throws -> [UInt8] { try MSLiteCodec.encode(try MSLiteSamples.cnn()) }

    static func root(_ bytes: [UInt8]) throws -> FlatTable {
        try FlatBuffer(storage: ByteStorage(bytes: bytes), format: "mslite").root(named: "MetaGraph")
    }

    static func put32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
    }

    static func put16(_ bytes: inout [UInt8], _ at: Int, _ value: UInt16) {
        bytes[at] = UInt8(value & 0xFF)
        bytes[at + 1] = UInt8(value >> 8)
    }

    static func decodeError(_ bytes: [UInt8], options: DecodingOptions = .default) throws -> FormatError {
        try #require(throws: FormatError.self) { try MSLiteCodec.decode(ByteStorage(bytes: bytes, path: "bad.ms"), options: options) }
    }

    func expect(_ error: FormatError, _ code: FormatError.Code, at offset: Int, _ path: FieldPath, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
        #expect(error.fieldPath == path, "\(error)", sourceLocation: sourceLocation)
        #expect(error.file == "bad.ms", sourceLocation: sourceLocation)
        #expect(error.format == "mslite", sourceLocation: sourceLocation)
    }

    @Test func truncatedHeader() throws {
        let bytes = Array(try Self.valid().prefix(6))
        expect(try Self.decodeError(bytes), .truncated, at: 0, "MetaGraph")
    }

    @Test func truncatedAnywhereIsLocated() throws {
        let bytes = try Self.valid()
        for cut in stride(from: 8, to: bytes.count, by: 7) {
            let error = try Self.decodeError(Array(bytes.prefix(cut)))
            #expect(error.offset != nil && error.offset! < cut + 8, "cut at \(cut): \(error)")
        }
    }

    @Test func rootOffsetOutOfBounds() throws {
        var bytes = try Self.valid()
        Self.put32(&bytes, 0, UInt32(bytes.count + 100))
        expect(try Self.decodeError(bytes), .lengthOutOfBounds, at: 0, "MetaGraph")
    }

    @Test func misalignedRootTable() throws {
        var bytes = try Self.valid()
        let root = try Self.root(bytes)
        Self.put32(&bytes, 0, UInt32(root.position + 2))
        expect(try Self.decodeError(bytes), .invalidValue, at: root.position + 2, "MetaGraph")
    }

    @Test func vtableTooShort() throws {
        var bytes = try Self.valid()
        let root = try Self.root(bytes)
        Self.put16(&bytes, root.vtable, 2)
        expect(try Self.decodeError(bytes), .invalidValue, at: root.vtable, "MetaGraph")
    }

    @Test func vtableRunsPastTheEnd() throws {
        var bytes = try Self.valid()
        let root = try Self.root(bytes)
        Self.put16(&bytes, root.vtable, 0xFFFE)
        expect(try Self.decodeError(bytes), .lengthOutOfBounds, at: root.vtable, "MetaGraph")
    }

    @Test func fieldOutsideItsTable() throws {
        var bytes = try Self.valid()
        let root = try Self.root(bytes)
        Self.put16(&bytes, root.vtable + 4 + 2 * 7, UInt16(root.tableSize + 4))
        expect(try Self.decodeError(bytes), .lengthOutOfBounds, at: root.vtable + 4 + 2 * 7, "MetaGraph.allTensors")
    }

    @Test func selfReferencingOffsetIsACycle() throws {
        var bytes = try Self.valid()
        let slots = try #require(try Self.root(bytes).vector(7, "allTensors", elementSize: 4))
        let slot = slots.bytes.range.lowerBound + 4
        Self.put32(&bytes, slot, 0)
        expect(try Self.decodeError(bytes), .invalidValue, at: slot, "MetaGraph.allTensors[1]")
    }

    @Test func nestingDeeperThanTheLimit() throws {
        var options = DecodingOptions()
        options.maxDepth = 3
        let bytes = try Self.valid()
        let node = try #require(try Self.root(bytes).tables(6, "nodes")?.first)
        let primitive = try #require(try node.table(2, "primitive"))
        let value = try #require(try primitive.table(1, "value"))
        expect(try Self.decodeError(bytes, options: options), .limitExceeded, at: value.position, "MetaGraph.nodes[0].primitive.value")
    }

    @Test func unionTypeOutOfRangeWithABrokenValue() throws {
        var bytes = try Self.valid()
        let node = try #require(try Self.root(bytes).tables(6, "nodes")?.first)
        let primitive = try #require(try node.table(2, "primitive"))
        bytes[primitive.position + primitive.fieldOffset(0)] = 250
        let valueSlot = primitive.position + primitive.fieldOffset(1)
        Self.put32(&bytes, valueSlot, 0xFFFF_FF00)
        expect(try Self.decodeError(bytes), .lengthOutOfBounds, at: valueSlot, "MetaGraph.nodes[0].primitive.value")
    }

    @Test func unionTypeOutOfRangeIsKeptRaw() throws {
        // An index newer than our schema over a well-formed table: decoded as a raw table, and refused
        // on re-encoding because its 4-byte slots may be references we cannot follow.
        var bytes = try Self.valid()
        let node = try #require(try Self.root(bytes).tables(6, "nodes")?.first)
        let primitive = try #require(try node.table(2, "primitive"))
        bytes[primitive.position + primitive.fieldOffset(0)] = 250
        let doc = try MSLiteCodec.decode(ByteStorage(bytes: bytes, path: "bad.ms"))
        let kept = try #require(doc.nodes[0].primitive)
        #expect(kept.type == 250 && kept.name == "PrimitiveType#250")
        guard case .raw(let raw) = kept.value else { Issue.record("expected a raw table"); return }
        #expect(raw.slots.count == 10)
        #expect(raw.slots[0] == [1, 0, 0, 0], "Conv2DFusion.format = NHWC, as raw bytes")
        #expect(throws: FormatError.self) { try MSLiteCodec.encode(doc) }
    }

    @Test func unionValueWithTypeNone() throws {
        var bytes = try Self.valid()
        let node = try #require(try Self.root(bytes).tables(6, "nodes")?.first)
        let primitive = try #require(try node.table(2, "primitive"))
        bytes[primitive.position + primitive.fieldOffset(0)] = 0
        expect(
            try Self.decodeError(bytes), .invalidValue, at: primitive.position + primitive.fieldOffset(1),
            "MetaGraph.nodes[0].primitive.value")
    }

    @Test func vectorLengthPastTheEnd() throws {
        var bytes = try Self.valid()
        let tensor = try #require(try Self.root(bytes).tables(7, "allTensors")?[1])
        let data = try #require(try tensor.vector(6, "data", elementSize: 1))
        let lengthAt = data.bytes.range.lowerBound - 4
        Self.put32(&bytes, lengthAt, 0x7FFF_FFFF)
        expect(try Self.decodeError(bytes), .lengthOutOfBounds, at: lengthAt, "MetaGraph.allTensors[1].data")
    }

    @Test func misalignedInt64Vector() throws {
        var bytes = try Self.valid()
        let node = try #require(try Self.root(bytes).tables(6, "nodes")?.first)
        let conv = try #require(try node.table(2, "primitive")?.table(1, "value"))
        let slot = conv.position + conv.fieldOffset(1)
        let target = try #require(try conv.target(1, "kernel_size"))
        // Point kernel_size 4 bytes earlier: still 4-aligned, but its int64 data lands on a 4 (not 8) boundary.
        Self.put32(&bytes, slot, UInt32(target - 4 - slot))
        let error = try Self.decodeError(bytes)
        #expect(error.code == .invalidValue || error.code == .lengthOutOfBounds, "\(error)")
        #expect(error.fieldPath == "MetaGraph.nodes[0].primitive.value.kernel_size")
    }

    @Test func stringWithoutTerminator() throws {
        var bytes = try Self.valid()
        let tensor = try #require(try Self.root(bytes).tables(7, "allTensors")?.first)
        let name = try #require(try tensor.stringView(9, "name"))
        bytes[name.range.upperBound] = UInt8(ascii: "x")
        expect(try Self.decodeError(bytes), .invalidValue, at: name.range.upperBound, "MetaGraph.allTensors[0].name")
    }

    @Test func tooManyTensorsForTheLimit() throws {
        var options = DecodingOptions()
        options.maxTensorCount = 4
        let error = try Self.decodeError(try Self.valid(), options: options)
        #expect(error.code == .limitExceeded)
    }
}
