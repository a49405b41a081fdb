/// A FlatBuffers schema as data: the tables a buffer may hold and the type of each field.
///
/// The verifier and the generic value layer (`FlatObject`) are driven by it, so a format's schema is
/// written once (for `.ms`, `MSLiteSchema`) and the runtime stays format-neutral. Field ids are array
/// positions: field `i` lives at vtable byte offset `4 + 2*i`.
public struct FlatBufferSchema: Sendable {
    /// Fixed-width scalar kinds as they are stored (little-endian).
    public enum Scalar: String, Sendable, Equatable, Hashable, CaseIterable {
        case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64

        public var size: Int {
            switch self {
            case .bool, .int8, .uint8: 1
            case .int16, .uint16: 2
            case .int32, .uint32, .float32: 4
            case .int64, .uint64, .float64: 8
            }
        }
    }

    public enum FieldType: Sendable, Equatable {
        case scalar(Scalar)
        case string
        case vector(Scalar)
        case vectorOfStrings
        /// A sub-table, by table name.
        case table(String)
        case vectorOfTables(String)
        /// An inline struct of fixed size and alignment.
        case structure(size: Int, alignment: Int)
        case vectorOfStructs(size: Int, alignment: Int)
        /// The `<name>_type` byte of a union; the union's value is the next field id.
        case unionType
        /// A union value; `members[i]` names the table for type `i + 1` (nil: a member whose fields are unknown).
        case union([String?])

        /// Bytes the field takes inside its table.
        public var inlineSize: Int {
            switch self {
            case .scalar(let s): s.size
            case .unionType: 1
            case .structure(let size, _): size
            default: 4
            }
        }

        public var inlineAlignment: Int {
            switch self {
            case .structure(_, let alignment): alignment
            default: inlineSize
            }
        }
    }

    /// A default for a scalar field (what a reader sees when the field is absent).
    public enum ScalarDefault: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
        ExpressibleByBooleanLiteral
    {
        case int(Int64)
        case float(Double)
        case bool(Bool)
        public init(integerLiteral value: Int64) { self = .int(value) }
        public init(floatLiteral value: Double) { self = .float(value) }
        public init(booleanLiteral value: Bool) { self = .bool(value) }
    }

    public struct Field: Sendable, Equatable {
        public var name: String
        public var type: FieldType
        public var defaultValue: ScalarDefault?
        public var required: Bool

        public init(_ name: String, _ type: FieldType, default defaultValue: ScalarDefault? = nil, required: Bool = false) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
            self.required = required
        }
    }

    public struct Table: Sendable, Equatable {
        public var name: String
        /// Field `i` has id `i`; a deprecated slot is still listed (its type keeps the layout checkable).
        public var fields: [Field]

        public init(_ name: String, _ fields: [Field]) {
            self.name = name
            self.fields = fields
        }
    }

    public let tables: [String: Table]

    public init(_ tables: [Table]) {
        var byName: [String: Table] = [:]
        for table in tables { byName[table.name] = table }
        self.tables = byName
    }

    public subscript(name: String) -> Table? { tables[name] }
}
