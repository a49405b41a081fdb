import Formats

extension GraphView {
    /// The graph view of a MindIR model: the top graph's inputs and outputs, the primitives its
    /// nodes call, its parameters (weights) and the header values MindSpore writes.
    public init(mindir document: MindIRDocument) {
        let summary = document.summary
        func port(_ value: MindIRSummary.Value) -> Port {
            // Neutral lowercase names for tensor types, as the other formats' views give them;
            // a non-tensor keeps MindSpore's type name (`UMonadType`).
            let dtype = MindIRDataType.allCases.first { $0.name == value.dtype }?.name.lowercased() ?? value.dtype
            return Port(name: value.name, dtype: dtype, shape: value.dims.map { $0 < 0 ? Dim.unknown : Dim.fixed(Int(clamping: $0)) })
        }
        inputs = summary.inputs.map(port)
        outputs = summary.outputs.map(port)
        opsets = []
        opHistogram = summary.primitives.map { ($0.name, $0.count) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let topNodes = document.model.graph.node.count
        nodeCount = topNodes
        nestedNodeCount = summary.nodeCount - topNodes
        initializerCount = summary.parameterCount
        initializerBytes = summary.parameterBytes
        facts = [
            ("ir_version", .string(summary.irVersion)),
            ("producer", .string(summary.producerName)),
            ("mindspore_version", .string(summary.modelVersion)),
            ("mind_ir_version", summary.mindIRVersion.map { .int(Int(clamping: $0)) } ?? .null),
            ("graph_name", .string(summary.graphName)),
            ("functions", .int(summary.functionCount)),
            ("external_parameters", .int(summary.externalParameterCount)),
        ]
    }
}
