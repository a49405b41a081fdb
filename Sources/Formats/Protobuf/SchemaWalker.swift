/// One step of a path from the root message to a nested field: the field number and which
/// occurrence of it (the element index for repeated fields, 0 for singular ones).
public struct WireStep: Sendable, Hashable {
    public let field: Int
    public let index: Int

    public init(field: Int, index: Int) {
        self.field = field
        self.index = index
    }
}

/// A length-delimited field that `SchemaWalker.skeleton` took out of the message: where it was
/// (by path) and its payload as a view into the input.
public struct HollowedField: Sendable {
    /// Steps from the root to the message that holds the field, then the field itself.
    public let path: [WireStep]
    public let payload: ByteView
}

/// A schema-aware walk over protobuf bytes that checks them before the generated decoder runs.
///
/// It checks every key, wire type, length, packed run and UTF-8 string against `WireSchema`,
/// bounds nesting by `DecodingOptions.maxDepth`, and names the exact byte offset and field path
/// of the first problem. It can also build a *skeleton*: the same message with large `bytes`
/// payloads (e.g. `TensorProto.raw_data`) taken out, so the generated decoder never copies them;
/// the caller puts them back as zero-copy views.
public struct SchemaWalker: Sendable {
    public let schema: WireSchema
    public let format: String
    public let options: DecodingOptions
    /// Fields to take out, as (message index, field number); only `.bytes` fields qualify.
    public let hollow: Set<Key>
    /// Payloads shorter than this stay in the skeleton.
    public let hollowThreshold: Int
    /// Field names per message, for the scanner's error paths.
    private let fieldNames: [[Int: String]]
    /// Called with each message of the listed types after its fields were checked.
    public let inspectors: [Int: @Sendable (ByteView, FieldPath) throws(FormatError) -> Void]

    public struct Key: Sendable, Hashable {
        public let message: Int
        public let field: Int
        public init(message: Int, field: Int) {
            self.message = message
            self.field = field
        }
    }

    /// The skeleton and what was taken out of it.
    public struct Skeleton: Sendable {
        public var bytes: [UInt8]
        public var hollowed: [HollowedField]
        /// A singular message field occurred more than once on the way to a hollowed field; the
        /// decoder would merge the copies, so paths no longer name one place. Callers fall back
        /// to decoding the original bytes.
        public var mergesMessages: Bool
    }

    public init(
        schema: WireSchema, format: String, options: DecodingOptions, hollow: Set<Key> = [],
        hollowThreshold: Int = 128,
        inspectors: [Int: @Sendable (ByteView, FieldPath) throws(FormatError) -> Void] = [:]
    ) {
        self.schema = schema
        self.format = format
        self.options = options
        self.hollow = hollow
        self.hollowThreshold = max(1, hollowThreshold)
        self.inspectors = inspectors
        self.fieldNames = schema.messages.map { $0.fields.mapValues(\.name) }
    }

    /// Checks `view` as a message of type `root` and returns its skeleton.
    public func skeleton(of view: ByteView, root: Int) throws(FormatError) -> Skeleton {
        var result = Skeleton(bytes: [], hollowed: [], mergesMessages: false)
        var steps: [WireStep] = []
        let rootName = schema.messages.indices.contains(root) ? schema.messages[root].name : "message"
        result.bytes = try walk(
            view, message: root, depth: 1, path: FieldPath([.field(rootName)]), steps: &steps, into: &result)
        return result
    }

    private func walk(
        _ view: ByteView, message: Int, depth: Int, path: FieldPath, steps: inout [WireStep],
        into result: inout Skeleton
    ) throws(FormatError) -> [UInt8] {
        var scanner = WireScanner(ByteReader(view, format: format, fieldPath: path), names: fieldNames[message])
        guard depth <= options.maxDepth else {
            throw scanner.error(
                .limitExceeded, at: view.range.lowerBound,
                "messages nest deeper than the limit of \(options.maxDepth)")
        }
        let type = schema.messages[message]
        var out = WireWriter(reserving: min(view.count, 1 << 16))
        var occurrences: [Int: Int] = [:]
        while let field = try scanner.next() {
            guard let spec = type.fields[field.number] else {
                out.append(field.raw)  // unknown field: kept byte for byte
                continue
            }
            let occurrence = occurrences[field.number, default: 0]
            occurrences[field.number] = occurrence + 1
            let component: FieldPath.Component =
                spec.isRepeated ? .element(spec.name, occurrence) : .field(spec.name)
            try checkWireType(field, spec, scanner: scanner)
            switch spec.kind {
            case .message(let child):
                guard case .bytes(let payload) = field.value else { continue }
                if !spec.isRepeated && occurrence > 0 { result.mergesMessages = true }
                steps.append(WireStep(field: field.number, index: spec.isRepeated ? occurrence : 0))
                let childPath = FieldPath(path.components + [component])
                let body = try walk(
                    payload, message: child, depth: depth + 1, path: childPath, steps: &steps, into: &result)
                steps.removeLast()
                out.lengthDelimitedHeader(field.number, length: body.count)
                out.append(body)
            case .bytes where hollow.contains(Key(message: message, field: field.number)):
                guard case .bytes(let payload) = field.value else { continue }
                if payload.count >= hollowThreshold {
                    var here = steps
                    here.append(WireStep(field: field.number, index: spec.isRepeated ? occurrence : 0))
                    result.hollowed.append(HollowedField(path: here, payload: payload))
                } else {
                    out.append(field.raw)
                }
            case .string:
                guard case .bytes(let payload) = field.value else { continue }
                guard payload.count <= options.maxStringBytes else {
                    throw scanner.error(
                        .limitExceeded, at: field.valueOffset, field: spec.name,
                        "\(payload.count) bytes exceed the string limit of \(options.maxStringBytes)")
                }
                let valid = payload.withUnsafeBytes { String(validating: $0, as: UTF8.self) != nil }
                guard valid else {
                    throw scanner.error(.invalidValue, at: field.valueOffset, field: spec.name, "not valid UTF-8")
                }
                out.append(field.raw)
            case .varint, .fixed32, .fixed64, .bytes:
                if case .bytes(let payload) = field.value, spec.kind != .bytes {
                    try checkPacked(payload, spec, scanner: scanner, offset: field.valueOffset)
                }
                out.append(field.raw)
            }
        }
        if let inspect = inspectors[message] { try inspect(view, path) }
        return out.bytes
    }

    private func checkWireType(_ field: WireField, _ spec: WireSchema.Field, scanner: WireScanner) throws(FormatError) {
        let expected: WireType
        switch spec.kind {
        case .varint: expected = .varint
        case .fixed32: expected = .fixed32
        case .fixed64: expected = .fixed64
        case .string, .bytes, .message: expected = .lengthDelimited
        }
        if field.wireType == expected { return }
        // Repeated numbers may come packed (one length-delimited run), as proto3 writers do.
        if spec.isRepeated && field.wireType == .lengthDelimited && expected != .lengthDelimited { return }
        throw scanner.error(
            .invalidWireType, at: field.keyOffset, field: spec.name,
            "wire type \(field.wireType.rawValue) where \(expected.rawValue) is expected")
    }

    private func checkPacked(
        _ payload: ByteView, _ spec: WireSchema.Field, scanner: WireScanner, offset: Int
    ) throws(FormatError) {
        switch spec.kind {
        case .fixed32, .fixed64:
            let width = spec.kind == .fixed32 ? 4 : 8
            guard payload.count % width == 0 else {
                throw scanner.error(
                    .sizeMismatch, at: offset, field: spec.name,
                    "packed run of \(payload.count) bytes is not a multiple of \(width)")
            }
        case .varint:
            var reader = ByteReader(payload, format: format, fieldPath: scanner.fieldPath.appending(spec.name))
            while !reader.isAtEnd { _ = try reader.readVarint() }
        default:
            break
        }
    }
}
