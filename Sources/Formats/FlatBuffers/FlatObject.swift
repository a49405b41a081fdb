/// A schema-driven, lossless value for one FlatBuffers table: the fields that are present, by id.
///
/// Used where a format has many small tables (the 221 `.ms` op tables) that are better kept as data
/// than as one Swift type each. Payloads stay zero-copy views; scalars keep their exact bits (so
/// `-0.0`, NaN payloads and explicit defaults survive a round trip). A field present in the file is
/// present here, even when it holds its default, and is written back.
public struct FlatObject: Sendable, Equatable {
    /// The schema table this object follows.
    public var table: String
    public var fields: [Int: FlatValue]

    public init(table: String, fields: [Int: FlatValue] = [:]) {
        self.table = table
        self.fields = fields
    }

    public subscript(id: Int) -> FlatValue? {
        get { fields[id] }
        set { fields[id] = newValue }
    }
}

/// A table of a type the schema does not describe (for example a union member newer than our schema):
/// each present slot's inline bytes, sized by the distance to the next field or the table's end.
public struct FlatRawTable: Sendable, Equatable {
    public var slots: [Int: [UInt8]]

    public init(slots: [Int: [UInt8]]) { self.slots = slots }

    /// True when some slot is 4 bytes wide: it may be an offset to data we cannot copy without the
    /// schema, so such a table cannot be re-encoded faithfully.
    public var mayHoldReferences: Bool { slots.values.contains { $0.count == 4 } }
}

public indirect enum FlatValue: Sendable, Equatable {
    /// A scalar's raw little-endian bits, zero-extended to 64 bits.
    case scalar(FlatBufferSchema.Scalar, bits: UInt64)
    case string(ByteView)
    /// A vector of scalars: its element bytes (little-endian), zero-copy.
    case vector(FlatBufferSchema.Scalar, ByteView)
    case strings([ByteView])
    case structure(ByteView)
    case structs(ByteView)
    case table(FlatObject)
    case tables([FlatObject])
    /// A union member whose table the schema does not know.
    case rawTable(FlatRawTable)

    public static func int(_ value: Int64, _ kind: FlatBufferSchema.Scalar = .int64) -> FlatValue {
        .scalar(kind, bits: UInt64(bitPattern: value) & FlatValue.mask(kind.size))
    }
    public static func float(_ value: Float) -> FlatValue { .scalar(.float32, bits: UInt64(value.bitPattern)) }
    public static func bool(_ value: Bool) -> FlatValue { .scalar(.bool, bits: value ? 1 : 0) }
    public static func string(_ text: String) -> FlatValue { .string(ByteView(bytes: Array(text.utf8))) }
    public static func int64s(_ values: [Int64]) -> FlatValue {
        .vector(.int64, ByteView(bytes: values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }))
    }

    static func mask(_ size: Int) -> UInt64 { size >= 8 ? .max : (UInt64(1) << UInt64(8 * size)) - 1 }

    /// The scalar as a signed integer (sign-extended from its stored width), or nil for non-integers.
    public var integerValue: Int64? {
        guard case .scalar(let kind, let bits) = self else { return nil }
        switch kind {
        case .int8: return Int64(Int8(truncatingIfNeeded: bits))
        case .int16: return Int64(Int16(truncatingIfNeeded: bits))
        case .int32: return Int64(Int32(truncatingIfNeeded: bits))
        case .int64, .uint64: return Int64(bitPattern: bits)
        case .bool, .uint8, .uint16, .uint32: return Int64(bits)
        case .float32, .float64: return nil
        }
    }

    public var doubleValue: Double? {
        guard case .scalar(let kind, let bits) = self else { return nil }
        switch kind {
        case .float32: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float64: return Double(bitPattern: bits)
        default: return integerValue.map(Double.init)
        }
    }

    public var stringValue: String? {
        guard case .string(let view) = self else { return nil }
        return view.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Elements of an integer vector, sign- or zero-extended to Int64.
    public var integers: [Int64]? {
        guard case .vector(let kind, let view) = self else { return nil }
        let size = kind.size
        return view.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: size).map { at in
                var bits: UInt64 = 0
                for k in 0..<size { bits |= UInt64(raw[at + k]) << UInt64(8 * k) }
                return FlatValue.scalar(kind, bits: bits).integerValue ?? 0
            }
        }
    }
}

// MARK: Reading and writing by schema

extension FlatTable {
    /// Reads this table as `FlatObject` of schema table `name` (run `FlatBufferVerifier` first;
    /// depth is bounded by `maxDepth` regardless).
    public func object(_ name: String, schema: FlatBufferSchema, maxDepth: Int = 64) throws(FormatError) -> FlatObject {
        try readObject(name, schema: schema, depth: 1, maxDepth: maxDepth)
    }

    func readObject(_ name: String, schema: FlatBufferSchema, depth: Int, maxDepth: Int) throws(FormatError) -> FlatObject {
        guard depth <= maxDepth else {
            throw buffer.error(.limitExceeded, at: position, path, "tables nest deeper than \(maxDepth)")
        }
        guard let schemaTable = schema[name] else {
            throw buffer.error(.unsupported, at: position, path, "no schema for table \(name)")
        }
        var object = FlatObject(table: name)
        for (id, field) in schemaTable.fields.enumerated() where has(id) {
            let fieldPath = path.appending(field.name)
            switch field.type {
            case .scalar(let kind):
                object[id] = try scalarBits(id, field.name, size: kind.size).map { .scalar(kind, bits: $0) }
            case .unionType:
                object[id] = try scalarBits(id, field.name, size: 1).map { .scalar(.uint8, bits: $0) }
            case .structure(let size, _):
                if let at = try fieldPosition(id, size: size, name: field.name) {
                    object[id] = .structure(buffer.view(at..<(at + size)))
                }
            case .string:
                object[id] = try stringView(id, field.name).map { .string($0) }
            case .vector(let kind):
                object[id] = try vector(id, field.name, elementSize: kind.size).map { .vector(kind, $0.bytes) }
            case .vectorOfStructs(let size, _):
                object[id] = try vector(id, field.name, elementSize: size).map { .structs($0.bytes) }
            case .vectorOfStrings:
                object[id] = try strings(id, field.name).map { .strings($0) }
            case .table(let child):
                if let sub = try table(id, field.name) {
                    object[id] = .table(try sub.readObject(child, schema: schema, depth: depth + 1, maxDepth: maxDepth))
                }
            case .vectorOfTables(let child):
                if let subs = try tables(id, field.name) {
                    var list: [FlatObject] = []
                    list.reserveCapacity(subs.count)
                    for sub in subs { list.append(try sub.readObject(child, schema: schema, depth: depth + 1, maxDepth: maxDepth)) }
                    object[id] = .tables(list)
                }
            case .union(let members):
                let type = id > 0 ? Int(try integer(id - 1, schemaTable.fields[id - 1].name, default: UInt8(0))) : 0
                guard let sub = try self.table(id, field.name) else { continue }
                if type >= 1, type <= members.count, let member = members[type - 1] {
                    object[id] = .table(try sub.readObject(member, schema: schema, depth: depth + 1, maxDepth: maxDepth))
                } else {
                    object[id] = .rawTable(try sub.rawTable())
                    _ = fieldPath
                }
            }
        }
        return object
    }

    /// The table's present slots as raw inline bytes (for tables the schema does not know).
    public func rawTable() throws(FormatError) -> FlatRawTable {
        var starts: [(id: Int, offset: Int)] = []
        for id in 0..<slotCount {
            let offset = fieldOffset(id)
            if offset != 0 {
                _ = try fieldPosition(id, size: 1, name: "#\(id)")
                starts.append((id, offset))
            }
        }
        let sorted = starts.sorted { $0.offset < $1.offset }
        var slots: [Int: [UInt8]] = [:]
        for (k, entry) in sorted.enumerated() {
            let next = k + 1 < sorted.count ? sorted[k + 1].offset : tableSize
            // Inline fields are at most 8 bytes (scalars, offsets) unless they are structs; keep what lies
            // between this field and the next, minus trailing alignment padding we cannot tell apart.
            let width = min(next - entry.offset, 8)
            let from = position + entry.offset
            slots[entry.id] = buffer.storage.withUnsafeBytes { Array($0[from..<(from + width)]) }
        }
        return FlatRawTable(slots: slots)
    }
}

extension FlatBufferBuilder {
    /// Writes `object` (children first) by its schema table and returns the table's offset.
    public func write(_ object: FlatObject, schema: FlatBufferSchema, maxDepth: Int = 64) throws(FormatError) -> Offset {
        try write(object, schema: schema, depth: 1, maxDepth: maxDepth)
    }

    func write(_ object: FlatObject, schema: FlatBufferSchema, depth: Int, maxDepth: Int) throws(FormatError) -> Offset {
        guard depth <= maxDepth else { throw FormatError(.limitExceeded, format: format, message: "objects nest deeper than \(maxDepth)") }
        guard let table = schema[object.table] else {
            throw FormatError(.unsupported, format: format, message: "no schema for table \(object.table)")
        }
        var children: [Int: Offset] = [:]
        for id in object.fields.keys.sorted() {
            guard let value = object.fields[id] else { continue }
            guard id < table.fields.count else {
                throw FormatError(.invalidValue, format: format, message: "\(object.table) has no field id \(id)")
            }
            switch value {
            case .scalar, .structure: continue
            case .string(let view): children[id] = try createString(view)
            case .vector(let kind, let view):
                children[id] = try createVector(view, count: view.count / kind.size, elementSize: kind.size)
            case .structs(let view):
                guard case .vectorOfStructs(let size, let alignment) = table.fields[id].type else {
                    throw FormatError(.invalidValue, format: format, message: "\(object.table).\(table.fields[id].name) is not a vector of structs")
                }
                children[id] = try createVector(view, count: view.count / size, elementSize: size, alignment: alignment)
            case .strings(let list):
                var offsets: [Offset] = []
                for s in list { offsets.append(try createString(s)) }
                children[id] = try createVector(offsets: offsets)
            case .table(let child): children[id] = try write(child, schema: schema, depth: depth + 1, maxDepth: maxDepth)
            case .tables(let list):
                var offsets: [Offset] = []
                for child in list { offsets.append(try write(child, schema: schema, depth: depth + 1, maxDepth: maxDepth)) }
                children[id] = try createVector(offsets: offsets)
            case .rawTable(let raw):
                children[id] = try writeRaw(raw, name: "\(object.table).\(table.fields[id].name)")
            }
        }
        try startTable()
        for (id, value) in object.fields {
            switch value {
            case .scalar(let kind, let bits): addScalar(id, bits: bits, size: kind.size)
            case .structure(let view):
                let alignment = table.fields[id].type.inlineAlignment
                addStruct(id, bytes: view.bytes, alignment: alignment)
            default: add(id, children[id])
            }
        }
        return try endTable()
    }

    /// Writes a raw table's slots back as inline bytes; refuses slots that may be offsets.
    public func writeRaw(_ raw: FlatRawTable, name: String) throws(FormatError) -> Offset {
        guard !raw.mayHoldReferences else {
            throw FormatError(
                .unsupported, format: format,
                message: "\(name): a table of unknown type with 4-byte fields (possible references) cannot be re-encoded without its schema")
        }
        try startTable()
        for (id, bytes) in raw.slots {
            let size = bytes.count
            if [1, 2, 8].contains(size) {
                var bits: UInt64 = 0
                for (k, b) in bytes.enumerated() { bits |= UInt64(b) << UInt64(8 * k) }
                addScalar(id, bits: bits, size: size)
            } else {
                addStruct(id, bytes: bytes, alignment: 1)
            }
        }
        return try endTable()
    }
}
