/// A whole model: the main graph, the functions it may call, and what is said about it
/// (ONNX `ModelProto`, MindIR `ModelProto`, AIR `ModelDef`, MindSpore Lite `MetaGraph`).
public struct Model: Sendable, Equatable {
    /// The graph that runs when the model runs.
    public var graph: Graph
    /// Further graphs nodes may call by domain and name.
    public var functions: [Function]
    /// Key-value pairs in source order (ONNX `metadata_props`).
    public var metadata: OrderedMap<String, String>
    /// The tool that wrote the model (ONNX `producer_name`).
    public var producerName: String
    /// Its version (ONNX `producer_version`).
    public var producerVersion: String
    /// The model's namespace, reverse-DNS style (ONNX `domain`).
    public var domain: String
    /// The model's own version (ONNX `model_version`), if given.
    public var modelVersion: Int64?
    /// Operator set versions by domain, in source order; `""` is the default (ONNX) domain
    /// (ONNX `opset_import`).
    public var opsetImports: OrderedMap<String, Int>
    /// Free text carried from the source (ONNX `doc_string`).
    public var docString: String

    /// A model around `graph`; everything else defaults to empty.
    public init(
        graph: Graph, functions: [Function] = [], metadata: OrderedMap<String, String> = [:],
        producerName: String = "", producerVersion: String = "", domain: String = "",
        modelVersion: Int64? = nil, opsetImports: OrderedMap<String, Int> = [:], docString: String = ""
    ) {
        self.graph = graph
        self.functions = functions
        self.metadata = metadata
        self.producerName = producerName
        self.producerVersion = producerVersion
        self.domain = domain
        self.modelVersion = modelVersion
        self.opsetImports = opsetImports
        self.docString = docString
    }

    /// The graphs in order: the main graph first, then each function's body.
    public var graphs: [Graph] { [graph] + functions.map(\.body) }
}
