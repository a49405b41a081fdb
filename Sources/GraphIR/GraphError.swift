/// One located error found in a GraphIR model: by `validate()`, or by size arithmetic on
/// element types and shapes.
///
/// Rendered like `graph 'main': node[12] 'conv1' (Conv): input 'x' is used before it is defined`.
/// Tests compare `code`, `nodeIndex` and `field`; the message is for people.
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of rule was broken.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A name that must be non-empty is empty (graph input/output, initializer, node op).
        case emptyName
        /// A value name is defined more than once (graph inputs, initializers and node outputs
        /// share one namespace, and a node output may not shadow an outer-scope name).
        case duplicateDefinition
        /// A node lists the same attribute name twice.
        case duplicateAttribute
        /// A node input names a value that is not defined before the node.
        case undefinedInput
        /// A graph output names a value that is never defined.
        case undefinedOutput
        /// A tensor's byte count differs from elements x element width.
        case byteCountMismatch
        /// A string tensor holds a different number of strings than its shape has elements.
        case elementCountMismatch
        /// A tensor's storage kind does not fit its element type (strings stored as bytes, or
        /// numbers stored as strings).
        case storageMismatch
        /// A dimension is negative, or a shape is not static where a static one is needed.
        case badShape
        /// Size arithmetic (elements x width, product of dims) overflows `Int`.
        case arithmeticOverflow
        /// The element type has no fixed width (`string`), so it has no byte count.
        case variableWidth
        /// A sparse tensor's indices or dims do not describe its values.
        case invalidSparseTensor
        /// Subgraphs in attributes are nested deeper than the validation limit.
        case recursionTooDeep
    }

    /// What kind of rule was broken.
    public var code: Code
    /// The innermost graph the error is in, when known.
    public var graph: String?
    /// Where that graph sits when it is a subgraph, outermost first, e.g.
    /// `graph 'main': node[3] 'if1' (If): attribute 'then_branch'`; nil for a top-level graph.
    public var enclosing: String?
    /// The index of the node in its graph's `nodes`, when the error is about a node.
    public var nodeIndex: Int?
    /// The node's name (may be empty: node names are optional).
    public var nodeName: String?
    /// The node's op.
    public var op: String?
    /// The part of the node or graph concerned, e.g. `input[1]`, `attribute 'value'`,
    /// `initializer 'w'`, `output[0]`.
    public var field: String?
    /// A sentence for people.
    public var message: String

    /// Makes an error; location fields are usually filled in by the validator.
    public init(
        _ code: Code, graph: String? = nil, enclosing: String? = nil, nodeIndex: Int? = nil,
        nodeName: String? = nil, op: String? = nil, field: String? = nil, message: String
    ) {
        self.code = code
        self.graph = graph
        self.enclosing = enclosing
        self.nodeIndex = nodeIndex
        self.nodeName = nodeName
        self.op = op
        self.field = field
        self.message = message
    }

    /// The location without the message, e.g. `graph 'main': node[12] 'conv1' (Conv)`.
    public var location: String {
        var parts: [String] = []
        if let enclosing { parts.append(enclosing) }
        if let graph { parts.append("graph '\(graph)'") }
        if let nodeIndex {
            var node = "node[\(nodeIndex)]"
            if let nodeName, !nodeName.isEmpty { node += " '\(nodeName)'" }
            if let op { node += " (\(op))" }
            parts.append(node)
        }
        return parts.joined(separator: ": ")
    }

    public var description: String {
        let location = location
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
