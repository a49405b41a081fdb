/// A named constant parameter of a node (ONNX `AttributeProto`).
public struct Attribute: Sendable, Equatable {
    /// The attribute name, unique within its node.
    public var name: String
    /// The value.
    public var value: AttributeValue
    /// Free text carried from the source (ONNX `doc_string`).
    public var docString: String

    /// An attribute called `name` holding `value`.
    public init(name: String, value: AttributeValue, docString: String = "") {
        self.name = name
        self.value = value
        self.docString = docString
    }

    /// Shorthand for `Attribute(name: name, value: value)`.
    public static func named(_ name: String, _ value: AttributeValue) -> Attribute {
        Attribute(name: name, value: value)
    }
}

/// The kind of an attribute value, without the value (ONNX `AttributeProto.AttributeType`).
public enum AttributeKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Single values.
    case int, float, string, tensor, graph, sparseTensor, type
    /// Lists.
    case ints, floats, strings, tensors, graphs, sparseTensors, types
}

/// The value of an attribute.
///
/// Equality compares floats by bit pattern, so a NaN attribute equals itself and `0.0` differs
/// from `-0.0`: the IR is compared after round trips, where "the same bits" is what matters.
public enum AttributeValue: Sendable {
    /// ONNX `i`.
    case int(Int64)
    /// ONNX `f`.
    case float(Float)
    /// ONNX `s`: bytes, usually but not necessarily UTF-8.
    case string([UInt8])
    /// ONNX `t`.
    case tensor(Tensor)
    /// ONNX `g`: a subgraph that may read values of the enclosing scopes.
    case graph(Graph)
    /// ONNX `sparse_tensor`.
    case sparseTensor(SparseTensor)
    /// ONNX `tp`.
    case type(ValueType)
    /// ONNX `ints`.
    case ints([Int64])
    /// ONNX `floats`.
    case floats([Float])
    /// ONNX `strings`.
    case strings([[UInt8]])
    /// ONNX `tensors`.
    case tensors([Tensor])
    /// ONNX `graphs`.
    case graphs([Graph])
    /// ONNX `sparse_tensors`.
    case sparseTensors([SparseTensor])
    /// ONNX `type_protos`.
    case types([ValueType])
    /// Inside a function body: the value is the calling node's attribute `attribute`, which has
    /// kind `kind` (ONNX `ref_attr_name` with `type`).
    case reference(attribute: String, kind: AttributeKind)

    /// A string attribute from text (stored as its UTF-8 bytes).
    public static func text(_ text: String) -> AttributeValue { .string(Array(text.utf8)) }

    /// A list-of-strings attribute from texts (stored as UTF-8 bytes).
    public static func texts(_ texts: [String]) -> AttributeValue { .strings(texts.map { Array($0.utf8) }) }

    /// The kind of this value; for a reference, the kind it refers to.
    public var kind: AttributeKind {
        switch self {
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .tensor: return .tensor
        case .graph: return .graph
        case .sparseTensor: return .sparseTensor
        case .type: return .type
        case .ints: return .ints
        case .floats: return .floats
        case .strings: return .strings
        case .tensors: return .tensors
        case .graphs: return .graphs
        case .sparseTensors: return .sparseTensors
        case .types: return .types
        case .reference(_, let kind): return kind
        }
    }

    /// The text of a `string` value when it is valid UTF-8.
    public var textValue: String? {
        guard case .string(let bytes) = self else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The subgraphs this value holds (`graph` and `graphs`), in order.
    public var subgraphs: [Graph] {
        switch self {
        case .graph(let graph): return [graph]
        case .graphs(let graphs): return graphs
        default: return []
        }
    }
}

extension AttributeValue: Equatable {
    public static func == (lhs: AttributeValue, rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): return a == b
        case (.tensor(let a), .tensor(let b)): return a == b
        case (.graph(let a), .graph(let b)): return a == b
        case (.sparseTensor(let a), .sparseTensor(let b)): return a == b
        case (.type(let a), .type(let b)): return a == b
        case (.ints(let a), .ints(let b)): return a == b
        case (.floats(let a), .floats(let b)): return a.map(\.bitPattern) == b.map(\.bitPattern)
        case (.strings(let a), .strings(let b)): return a == b
        case (.tensors(let a), .tensors(let b)): return a == b
        case (.graphs(let a), .graphs(let b)): return a == b
        case (.sparseTensors(let a), .sparseTensors(let b)): return a == b
        case (.types(let a), .types(let b)): return a == b
        case (.reference(let a, let kindA), .reference(let b, let kindB)): return a == b && kindA == kindB
        default: return false
        }
    }
}
