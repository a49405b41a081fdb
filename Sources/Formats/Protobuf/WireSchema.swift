/// The field facts of a protobuf schema (message names, field numbers, names and wire kinds),
/// generated from our `.proto` files by `scripts/gen-wire-schema.py`.
///
/// `SchemaWalker` uses it to check every field's wire type, to bound nesting and to name the
/// field path of an error before the generated decoder (which reports no positions) sees the bytes.
public struct WireSchema: Sendable {
    /// How a field's values sit on the wire.
    public enum Kind: Sendable, Equatable {
        case varint
        case fixed32
        case fixed64
        /// UTF-8 text; checked, because the generated decoder rejects invalid UTF-8 without a position.
        case string
        case bytes
        /// A nested message: the index of its type in `messages`.
        case message(Int)
    }

    public struct Field: Sendable {
        public let name: String
        public let kind: Kind
        public let isRepeated: Bool

        public init(_ name: String, _ kind: Kind, repeated: Bool = false) {
            self.name = name
            self.kind = kind
            self.isRepeated = repeated
        }
    }

    public struct Message: Sendable {
        /// The message's name as shown in field paths (`TensorProto`, `TypeProto.Tensor`).
        public let name: String
        public let fields: [Int: Field]

        public init(name: String, fields: [Int: Field]) {
            self.name = name
            self.fields = fields
        }
    }

    public let messages: [Message]

    public init(messages: [Message]) { self.messages = messages }

    /// The index of the message called `name`.
    public func index(of name: String) -> Int? { messages.firstIndex { $0.name == name } }
}
