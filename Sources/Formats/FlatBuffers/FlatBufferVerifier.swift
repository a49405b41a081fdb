/// Checks a whole FlatBuffer against a `FlatBufferSchema` before anything reads it: every offset in
/// bounds, every object aligned, every vtable well sized, every field inside its table, required
/// fields present, strings NUL-terminated, nesting no deeper than `maxDepth`, at most `maxTables`
/// tables and `maxApparentBytes` bytes visited (shared sub-objects count each time, which bounds the
/// work a hostile file of shared offsets can cause). Errors carry the byte offset and the field path.
public struct FlatBufferVerifier {
    public struct Limits: Sendable, Equatable {
        public var maxDepth: Int
        public var maxTables: Int
        public var maxApparentBytes: Int
        public var maxStringBytes: Int

        public init(maxDepth: Int = 64, maxTables: Int = 1_000_000, maxApparentBytes: Int = 1 << 34, maxStringBytes: Int = 1 << 20) {
            self.maxDepth = maxDepth
            self.maxTables = maxTables
            self.maxApparentBytes = maxApparentBytes
            self.maxStringBytes = maxStringBytes
        }

        /// Limits for a buffer of `size` bytes under `options`: depth and string length from the
        /// options, tables bounded by the tensor limit, visited bytes by 8x the buffer plus 1 MiB.
        public init(options: DecodingOptions, bufferSize size: Int) {
            let (scaled, overflow) = size.multipliedReportingOverflow(by: 8)
            self.init(
                maxDepth: options.maxDepth, maxTables: max(1024, min(options.maxTensorCount, Int.max / 8) * 8),
                maxApparentBytes: overflow ? Int.max : scaled + (1 << 20), maxStringBytes: options.maxStringBytes)
        }
    }

    public let buffer: FlatBuffer
    public let schema: FlatBufferSchema
    public let limits: Limits
    public private(set) var tablesVisited = 0
    public private(set) var bytesVisited = 0

    public init(_ buffer: FlatBuffer, schema: FlatBufferSchema, limits: Limits = Limits()) {
        self.buffer = buffer
        self.schema = schema
        self.limits = limits
    }

    /// Verifies the buffer whose root is a `root` table. The identifier, when given, must be at bytes 4..<8.
    public mutating func verify(root: String, identifier: [UInt8]? = nil) throws(FormatError) {
        let path = FieldPath([.field(root)])
        guard buffer.count >= 4 + (identifier == nil ? 0 : 4) else {
            throw buffer.error(.truncated, at: buffer.start, path, "buffer of \(buffer.count) bytes is too short for a FlatBuffer")
        }
        if let identifier, buffer.identifier != identifier {
            throw buffer.error(.badMagic, at: buffer.start + 4, path, "file identifier is not \(String(decoding: identifier, as: UTF8.self))")
        }
        try verifyTable(at: buffer.follow(at: buffer.start, path), named: root, depth: 1, path: path)
    }

    private mutating func visit(_ bytes: Int, at: Int, _ path: FieldPath) throws(FormatError) {
        let (sum, overflow) = bytesVisited.addingReportingOverflow(bytes)
        guard !overflow, sum <= limits.maxApparentBytes else {
            throw buffer.error(
                .limitExceeded, at: at, path,
                "objects visited exceed \(limits.maxApparentBytes) bytes (shared offsets inflate the buffer)")
        }
        bytesVisited = sum
    }

    private func aligned(_ at: Int, _ alignment: Int, _ what: String, _ path: FieldPath) throws(FormatError) {
        guard alignment <= 1 || (at - buffer.start) % alignment == 0 else {
            throw buffer.error(.invalidValue, at: at, path, "\(what) at 0x\(String(at, radix: 16)) is not \(alignment)-byte aligned")
        }
    }

    /// Verifies the table at `at` (and everything it references) as schema table `name`.
    public mutating func verifyTable(at: Int, named name: String, depth: Int, path: FieldPath) throws(FormatError) {
        guard depth <= limits.maxDepth else {
            throw buffer.error(.limitExceeded, at: at, path, "tables nest deeper than \(limits.maxDepth)")
        }
        tablesVisited += 1
        guard tablesVisited <= limits.maxTables else {
            throw buffer.error(.limitExceeded, at: at, path, "more than \(limits.maxTables) tables")
        }
        let table = try FlatTable(buffer, at: at, path: path)
        try visit(table.tableSize + table.vtableSize, at: at, path)
        guard let schemaTable = schema[name] else {
            // A table whose fields we do not know (an unknown union member): header and vtable only,
            // and every slot must still point inside the table.
            for id in 0..<table.slotCount { _ = try table.fieldPosition(id, size: 1, name: "#\(id)") }
            return
        }
        for (id, field) in schemaTable.fields.enumerated() {
            let fieldPath = path.appending(field.name)
            guard let position = try table.fieldPosition(id, size: field.type.inlineSize, name: field.name) else {
                if field.required {
                    throw buffer.error(.missingField, at: at, fieldPath, "required field \(field.name) is absent")
                }
                continue
            }
            try aligned(position, field.type.inlineAlignment, "field", fieldPath)
            switch field.type {
            case .scalar, .unionType, .structure:
                continue
            case .string:
                try verifyString(at: buffer.follow(at: position, fieldPath), fieldPath)
            case .vector(let scalar):
                try verifyVector(at: buffer.follow(at: position, fieldPath), elementSize: scalar.size, alignment: scalar.size, fieldPath)
            case .vectorOfStructs(let size, let alignment):
                try verifyVector(at: buffer.follow(at: position, fieldPath), elementSize: size, alignment: alignment, fieldPath)
            case .vectorOfStrings:
                let (count, bytes) = try verifyVector(at: buffer.follow(at: position, fieldPath), elementSize: 4, alignment: 4, fieldPath)
                for i in 0..<count {
                    let element = path.appending(field.name, index: i)
                    try verifyString(at: buffer.follow(at: bytes.range.lowerBound + 4 * i, element), element)
                }
            case .table(let child):
                try verifyTable(at: buffer.follow(at: position, fieldPath), named: child, depth: depth + 1, path: fieldPath)
            case .vectorOfTables(let child):
                let (count, bytes) = try verifyVector(at: buffer.follow(at: position, fieldPath), elementSize: 4, alignment: 4, fieldPath)
                for i in 0..<count {
                    let element = path.appending(field.name, index: i)
                    try verifyTable(
                        at: buffer.follow(at: bytes.range.lowerBound + 4 * i, element), named: child, depth: depth + 1,
                        path: element)
                }
            case .union(let members):
                let type = id > 0 ? try table.integer(id - 1, schemaTable.fields[id - 1].name, default: UInt8(0)) : 0
                guard type != 0 else {
                    throw buffer.error(.invalidValue, at: position, fieldPath, "union value present but its type is NONE")
                }
                let member = Int(type) <= members.count ? members[Int(type) - 1] : nil
                try verifyTable(
                    at: buffer.follow(at: position, fieldPath), named: member ?? "", depth: depth + 1, path: fieldPath)
            }
        }
        // A union type without its value (a type that is not NONE) is malformed too.
        for (id, field) in schemaTable.fields.enumerated() where field.type == .unionType && id + 1 < schemaTable.fields.count {
            let type = try table.integer(id, field.name, default: UInt8(0))
            if type != 0 && !table.has(id + 1) {
                let valueName = schemaTable.fields[id + 1].name
                throw buffer.error(.missingField, at: at, path.appending(valueName), "union type \(type) has no value")
            }
        }
    }

    private mutating func verifyString(at: Int, _ path: FieldPath) throws(FormatError) {
        try aligned(at, 4, "string", path)
        let view = try buffer.stringView(at: at, path)
        guard view.count <= limits.maxStringBytes else {
            throw buffer.error(.limitExceeded, at: at, path, "string of \(view.count) bytes exceeds \(limits.maxStringBytes)")
        }
        let terminator = buffer.storage.withUnsafeBytes { $0[view.range.upperBound] }
        guard terminator == 0 else {
            throw buffer.error(.invalidValue, at: view.range.upperBound, path, "string is not NUL-terminated")
        }
        try visit(view.count + 5, at: at, path)
    }

    @discardableResult
    private mutating func verifyVector(at: Int, elementSize: Int, alignment: Int, _ path: FieldPath) throws(FormatError)
        -> (count: Int, bytes: ByteView)
    {
        try aligned(at, 4, "vector", path)
        let result = try buffer.vector(at: at, elementSize: elementSize, path)
        try aligned(at + 4, alignment, "vector data", path)
        try visit(result.bytes.count + 4, at: at, path)
        return result
    }
}
