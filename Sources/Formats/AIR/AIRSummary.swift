/// What `mshub inspect` shows of an AIR model: the main graph's inputs (`Data` ops), outputs
/// (the `NetOutput` op's inputs), op-type histogram, constants and their bytes, model name and
/// version.
public struct AIRSummary: Sendable, Equatable {
    /// A graph input or output.
    public struct Port: Sendable, Equatable {
        /// The `Data` op's name, or the reference `<op>:<index>` an output reads.
        public var name: String
        /// Neutral dtype name (`AIRDataType.name`), or `code N` for codes outside the table.
        public var dtype: String
        /// Dims as written; -1 is an unknown size; nil when no shape is recorded (or GE's -2).
        public var shape: [Int64]?
        /// The descriptor's layout (`NCHW`, `ND`, …), possibly empty.
        public var layout: String
        /// `Data` attr `index`, when present.
        public var index: Int64?

        public init(name: String, dtype: String, shape: [Int64]?, layout: String, index: Int64?) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.layout = layout
            self.index = index
        }
    }

    /// `ModelDef.name`.
    public var name: String
    /// `ModelDef.version`.
    public var version: UInt32
    /// `ModelDef.custom_version`.
    public var customVersion: String
    /// `GraphDef.name` of graph[0].
    public var graphName: String
    /// How many graphs the model holds (graph[0] is the main one).
    public var graphCount: Int
    public var inputs: [Port]
    public var outputs: [Port]
    /// Op count per `OpDef.type`, in first-seen order.
    public var opTypes: [(type: String, count: Int)]
    /// The number of ops in the main graph.
    public var opCount: Int
    /// `Const`/`Constant` ops and the bytes of their `value` tensors.
    public var constCount: Int
    public var weightBytes: Int

    public static func == (a: AIRSummary, b: AIRSummary) -> Bool {
        a.name == b.name && a.version == b.version && a.customVersion == b.customVersion
            && a.graphName == b.graphName && a.graphCount == b.graphCount && a.inputs == b.inputs
            && a.outputs == b.outputs && a.opTypes.map(\.type) == b.opTypes.map(\.type)
            && a.opTypes.map(\.count) == b.opTypes.map(\.count) && a.opCount == b.opCount
            && a.constCount == b.constCount && a.weightBytes == b.weightBytes
    }

    public init(_ document: AIRDocument) {
        let model = document.model
        name = model.name
        version = model.version
        customVersion = model.customVersion
        graphCount = model.graph.count
        let graph = model.graph.first ?? Ge_Proto_GraphDef()
        graphName = graph.name
        opCount = graph.op.count
        inputs = []
        outputs = []
        opTypes = []
        constCount = 0
        weightBytes = 0
        var positions: [String: Int] = [:]
        for op in graph.op {
            if let position = positions[op.type] {
                opTypes[position].count += 1
            } else {
                positions[op.type] = opTypes.count
                opTypes.append((op.type, 1))
            }
            switch op.type {
            case "Data":
                var port = Self.port(op.name, op.outputDesc.first ?? op.inputDesc.first)
                if case .i(let index)? = op.attr["index"]?.value { port.index = index }
                inputs.append(port)
            case "NetOutput":
                for (position, input) in op.input.enumerated() {
                    guard let reference = AIRInputReference(input), !reference.isControl else { continue }
                    let desc = op.inputDesc.indices.contains(position) ? op.inputDesc[position] : nil
                    outputs.append(Self.port(input, desc))
                }
            case "Const", "Constant":
                constCount += 1
                if case .t(let tensor)? = op.attr["value"]?.value { weightBytes &+= tensor.data.count }
            default: break
            }
        }
    }

    static func port(_ name: String, _ desc: Ge_Proto_TensorDescriptor?) -> Port {
        guard let desc else { return Port(name: name, dtype: "undefined", shape: nil, layout: "", index: nil) }
        let code = Int64(desc.dtype.rawValue)
        let dtype = AIRDataType(code: code)?.name ?? "code \(code)"
        var shape: [Int64]? = desc.hasShape ? desc.shape.dim : nil
        if shape == [-2] { shape = nil }
        return Port(name: name, dtype: dtype, shape: shape, layout: desc.layout, index: nil)
    }
}
