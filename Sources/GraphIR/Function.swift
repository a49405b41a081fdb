/// A named graph that nodes can call by `domain` and `name` as if it were an op
/// (ONNX `FunctionProto`, MindIR `ModelProto.functions`).
///
/// The body is a `Graph` whose name is the function name; its inputs and outputs may carry no
/// types. Inside the body, `AttributeValue.reference` reads the calling node's attributes.
public struct Function: Sendable, Equatable {
    /// The operator set the function is called from.
    public var domain: String
    /// Distinguishes functions with the same domain and name (ONNX `overload`).
    public var overload: String
    /// The body; `body.name` is the function name.
    public var body: Graph
    /// The attributes a call may set, by name (ONNX `attribute`).
    public var attributeNames: [String]
    /// Attributes with default values (ONNX `attribute_proto`).
    public var attributeDefaults: [Attribute]
    /// The operator sets the body uses, in source order.
    public var opsetImports: OrderedMap<String, Int>

    /// A function; `body.name` names it.
    public init(
        domain: String = "", overload: String = "", body: Graph, attributeNames: [String] = [],
        attributeDefaults: [Attribute] = [], opsetImports: OrderedMap<String, Int> = [:]
    ) {
        self.domain = domain
        self.overload = overload
        self.body = body
        self.attributeNames = attributeNames
        self.attributeDefaults = attributeDefaults
        self.opsetImports = opsetImports
    }

    /// The function name (the body's name).
    public var name: String { body.name }
}
