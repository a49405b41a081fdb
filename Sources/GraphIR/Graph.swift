/// A computation: inputs, constant initializers, nodes in topological order, outputs
/// (ONNX `GraphProto`). Also the body of attribute subgraphs and of functions.
///
/// Value names form one namespace per graph: each is defined once, by a graph input, an
/// initializer or a node output. Subgraphs may read names of their enclosing graphs.
public struct Graph: Sendable, Equatable {
    /// The graph name.
    public var name: String
    /// The values the caller supplies. An input that shares its name with an initializer has
    /// that initializer as its default value (the ONNX convention).
    public var inputs: [Value]
    /// The values the graph returns; each must be defined in this graph or an enclosing one.
    public var outputs: [Value]
    /// The nodes, each after the nodes that produce its inputs.
    public var nodes: [Node]
    /// Type information for intermediate values (ONNX `value_info`).
    public var valueInfo: [Value]
    /// Constant values (weights), whose bytes are views into the source file.
    public var initializers: [Tensor]
    /// Sparse constant values (ONNX `sparse_initializer`).
    public var sparseInitializers: [SparseTensor]
    /// Free text carried from the source (ONNX `doc_string`).
    public var docString: String

    /// A graph; everything but the name defaults to empty.
    public init(
        name: String, inputs: [Value] = [], outputs: [Value] = [], nodes: [Node] = [],
        valueInfo: [Value] = [], initializers: [Tensor] = [], sparseInitializers: [SparseTensor] = [],
        docString: String = ""
    ) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = nodes
        self.valueInfo = valueInfo
        self.initializers = initializers
        self.sparseInitializers = sparseInitializers
        self.docString = docString
    }

    /// The initializer called `name`.
    public func initializer(named name: String) -> Tensor? {
        initializers.first { $0.name == name }
    }
}
