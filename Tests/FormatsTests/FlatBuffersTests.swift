import Foundation
import Formats
import TestSupport
import Testing

/// The FlatBuffers runtime on its own: builder, verifier and reader against a small recursive test schema.
@Suite struct FlatBuffersTests {
    typealias F = FlatBufferSchema.Field

    static let schema = FlatBufferSchema([
        .init(
            "Node",
            [
                F("name", .string), F("value", .scalar(.int32), default: 7), F("child", .table("Node")),
                F("kids", .vectorOfTables("Node")), F("data", .vector(.int64)), F("tags", .vectorOfStrings),
                F("flag", .scalar(.bool), default: false), F("ratio", .scalar(.float32), default: 0.5),
                F("payload_type", .unionType), F("payload", .union(["Leaf", "Node"])), F("small", .scalar(.int8), default: -1),
                F("wide", .scalar(.float64), default: 1.0), F("point", .structure(size: 8, alignment: 4)),
                F("bytes", .vector(.uint8)),
            ]),
        .init("Leaf", [F("x", .scalar(.int16), default: 0), F("y", .scalar(.uint64), default: 0)]),
    ])

    static func randomBytes(_ count: Int, _ rng: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// A random `Node` tree with every kind of field, bounded in depth and size.
    static func randomNode(_ rng: inout SeededGenerator, depth: Int = 0) -> FlatObject {
        var node = FlatObject(table: "Node")
        func maybe() -> Bool { Bool.random(using: &rng) }
        if maybe() { node[0] = .string(ByteView(bytes: randomBytes(Int.random(in: 0...12, using: &rng), &rng).map { $0 | 1 })) }
        if maybe() { node[1] = .scalar(.int32, bits: UInt64(UInt32.random(in: 0...UInt32.max, using: &rng))) }
        if depth < 3 && maybe() { node[2] = .table(randomNode(&rng, depth: depth + 1)) }
        if depth < 3 && maybe() { node[3] = .tables((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomNode(&rng, depth: depth + 1) }) }
        if maybe() { node[4] = .vector(.int64, ByteView(bytes: randomBytes(8 * Int.random(in: 0...5, using: &rng), &rng))) }
        if maybe() { node[5] = .strings((0..<Int.random(in: 0...3, using: &rng)).map { _ in ByteView(bytes: randomBytes(Int.random(in: 0...5, using: &rng), &rng)) }) }
        if maybe() { node[6] = .bool(maybe()) }
        if maybe() { node[7] = .scalar(.float32, bits: UInt64(UInt32.random(in: 0...UInt32.max, using: &rng))) }
        if maybe() {
            if depth < 3 && maybe() {
                node[8] = .scalar(.uint8, bits: 2)
                node[9] = .table(randomNode(&rng, depth: depth + 1))
            } else {
                node[8] = .scalar(.uint8, bits: 1)
                var leaf = FlatObject(table: "Leaf")
                if maybe() { leaf[0] = .scalar(.int16, bits: UInt64(UInt16.random(in: 0...UInt16.max, using: &rng))) }
                if maybe() { leaf[1] = .scalar(.uint64, bits: rng.next()) }
                node[9] = .table(leaf)
            }
        }
        if maybe() { node[10] = .scalar(.int8, bits: UInt64(UInt8.random(in: 0...255, using: &rng))) }
        if maybe() { node[11] = .scalar(.float64, bits: rng.next()) }
        if maybe() { node[12] = .structure(ByteView(bytes: randomBytes(8, &rng))) }
        if maybe() { node[13] = .vector(.uint8, ByteView(bytes: randomBytes(Int.random(in: 0...40, using: &rng), &rng))) }
        return node
    }

    static func build(_ node: FlatObject, forceDefaults: Bool = false, identifier: [UInt8]? = Array("TEST".utf8), maxDepth: Int = 64) throws -> [UInt8] {
        let builder = FlatBufferBuilder(capacity: 16, forceDefaults: forceDefaults)
        let root = try builder.write(node, schema: schema, maxDepth: maxDepth)
        return try builder.finish(root: root, identifier: identifier)
    }

    static func read(_ bytes: [UInt8]) throws(FormatError) -> FlatObject {
        let buffer = FlatBuffer(storage: ByteStorage(bytes: bytes, path: "t.bin"), format: "test")
        var verifier = FlatBufferVerifier(buffer, schema: schema)
        try verifier.verify(root: "Node", identifier: Array("TEST".utf8))
        return try buffer.root(named: "Node").object("Node", schema: schema)
    }

    @Test func builtTreesReadBackEqual() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<400 {
            let node = Self.randomNode(&rng)
            let bytes = try Self.build(node)
            #expect(try Self.read(bytes) == node)
            #expect(bytes.count % 4 == 0)
        }
    }

    @Test func fieldOrderDoesNotChangeBytes() throws {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            let node = Self.randomNode(&rng)
            // Dictionaries with the same content but different insertion history.
            var shuffled = FlatObject(table: "Node")
            for key in node.fields.keys.shuffled(using: &rng) { shuffled[key] = node[key] }
            #expect(try Self.build(shuffled) == Self.build(node))
        }
    }

    @Test func forceDefaultsWritesDefaultValuedScalars() throws {
        func make(_ force: Bool) throws -> [UInt8] {
            let b = FlatBufferBuilder(forceDefaults: force)
            try b.startTable()
            b.add(1, Int32(7), default: 7)
            b.add(6, false, default: false)
            b.add(10, Int8(-1), default: -1)
            let root = try b.endTable()
            return try b.finish(root: root)
        }
        let lean = try make(false)
        let full = try make(true)
        #expect(full.count > lean.count)
        for bytes in [lean, full] {
            let table = try FlatBuffer(storage: ByteStorage(bytes: bytes), format: "test").root(named: "Node")
            #expect(try table.integer(1, "value", default: Int32(7)) == 7)
            #expect(try table.integer(10, "small", default: Int8(-1)) == -1)
        }
        let leanTable = try FlatBuffer(storage: ByteStorage(bytes: lean), format: "test").root(named: "Node")
        let fullTable = try FlatBuffer(storage: ByteStorage(bytes: full), format: "test").root(named: "Node")
        #expect(!leanTable.has(1) && fullTable.has(1) && fullTable.has(6) && fullTable.has(10))
    }

    @Test func identicalVtablesAreShared() throws {
        let b = FlatBufferBuilder()
        var offsets: [FlatBufferBuilder.Offset] = []
        for i in 0..<10 {
            try b.startTable()
            b.add(1, Int32(i + 100))
            offsets.append(try b.endTable())
        }
        let kids = try b.createVector(offsets: offsets)
        try b.startTable()
        b.add(3, kids)
        let bytes = try b.finish(root: b.endTable())
        let root = try FlatBuffer(storage: ByteStorage(bytes: bytes), format: "test").root(named: "Node")
        let tables = try #require(try root.tables(3, "kids"))
        #expect(Set(tables.map(\.vtable)).count == 1)
        #expect(try tables.map { try $0.integer(1, "value", default: Int32(7)) } == (0..<10).map { Int32($0 + 100) })
    }

    @Test func payloadsAreViewsIntoTheStorage() throws {
        var node = FlatObject(table: "Node")
        node[13] = .vector(.uint8, ByteView(bytes: Array(0..<200)))
        let storage = ByteStorage(bytes: try Self.build(node))
        let table = try FlatBuffer(storage: storage, format: "test").root(named: "Node")
        let view = try #require(try table.vector(13, "bytes", elementSize: 1))
        #expect(view.bytes.storage === storage)
        #expect(view.bytes.bytes == Array(0..<200))
    }

    @Test func nestingDeeperThanTheLimitIsRejected() throws {
        var node = FlatObject(table: "Node")
        for _ in 0..<70 {
            var parent = FlatObject(table: "Node")
            parent[2] = .table(node)
            node = parent
        }
        let bytes = try Self.build(node, maxDepth: 100)
        let error = try #require(throws: FormatError.self) { try Self.read(bytes) }
        #expect(error.code == .limitExceeded)
        #expect(error.fieldPath.components.count == 65)
        #expect(error.fieldPath.description.hasPrefix("Node.child.child"))
    }

    @Test func selfPointingOffsetIsRejected() throws {
        var node = FlatObject(table: "Node")
        node[0] = .string("abc")
        var bytes = try Self.build(node)
        let table = try FlatBuffer(storage: ByteStorage(bytes: bytes), format: "test").root(named: "Node")
        let at = table.position + table.fieldOffset(0)
        for k in 0..<4 { bytes[at + k] = 0 }
        let error = try #require(throws: FormatError.self) { try Self.read(bytes) }
        #expect(error.code == .invalidValue)
        #expect(error.offset == at)
        #expect(error.fieldPath == "Node.name")
    }

    @Test func missingRequiredFieldIsNamed() throws {
        let strict = FlatBufferSchema([.init("Node", [F("name", .string, required: true)])])
        let b = FlatBufferBuilder()
        try b.startTable()
        let bytes = try b.finish(root: b.endTable())
        var verifier = FlatBufferVerifier(FlatBuffer(storage: ByteStorage(bytes: bytes), format: "test"), schema: strict)
        let error = try #require(throws: FormatError.self) { try verifier.verify(root: "Node") }
        #expect(error.code == .missingField)
        #expect(error.fieldPath == "Node.name")
    }

    @Test func sharedOffsetsCannotInflateTheWork() throws {
        // One big vector referenced by many tables: each visit counts, so the limit stops the walk.
        let b = FlatBufferBuilder()
        let big = try b.createVector([UInt8](repeating: 1, count: 4096))
        var offsets: [FlatBufferBuilder.Offset] = []
        for _ in 0..<64 {
            try b.startTable()
            b.add(13, big)
            offsets.append(try b.endTable())
        }
        let kids = try b.createVector(offsets: offsets)
        try b.startTable()
        b.add(3, kids)
        let bytes = try b.finish(root: b.endTable())
        var verifier = FlatBufferVerifier(
            FlatBuffer(storage: ByteStorage(bytes: bytes), format: "test"), schema: Self.schema,
            limits: .init(maxApparentBytes: 8 * bytes.count))
        let error = try #require(throws: FormatError.self) { try verifier.verify(root: "Node") }
        #expect(error.code == .limitExceeded)
    }

    static var iterations: Int { Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000 }

    @Test func randomAndMutatedBytesNeverTrapTheVerifier() throws {
        var rng = SeededGenerator(seed: 99)
        var valid: [[UInt8]] = []
        for _ in 0..<20 { valid.append(try Self.build(Self.randomNode(&rng))) }
        var rejected = 0
        for i in 0..<Self.iterations {
            var bytes: [UInt8]
            if i % 4 == 0 {
                bytes = Self.randomBytes(Int.random(in: 0...128, using: &rng), &rng)
            } else {
                bytes = valid[Int.random(in: 0..<valid.count, using: &rng)]
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                    case 1: bytes[at] = [0, 0xFF, 0x7F, 0x80, 4][Int.random(in: 0..<5, using: &rng)]
                    case 2: bytes.removeSubrange(at...)
                    default: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                    }
                }
            }
            do {
                let object = try Self.read(bytes)
                _ = try Self.build(object)
            } catch let error as FormatError {
                rejected += 1
                #expect(error.offset != nil || error.file == nil, "\(error)")
            }
        }
        #expect(rejected > Self.iterations / 4)
    }
}
