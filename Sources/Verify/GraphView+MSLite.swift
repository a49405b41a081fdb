import Formats

extension GraphView {
    /// The graph view of a MindSpore Lite model (its first subgraph's ports, all nodes counted).
    /// Lite has no opsets; the schema version string is shown as a fact instead.
    public init(mslite document: MSLiteDocument) {
        let summary = document.graphSummary()
        func port(_ value: MSLiteGraphSummary.Value) -> Port {
            Port(name: value.name, dtype: value.dtype, shape: value.shape.map { $0 < 0 ? Dim.unknown : Dim.fixed($0) })
        }
        inputs = summary.inputs.map(port)
        outputs = summary.outputs.map(port)
        opsets = []
        opHistogram = summary.opHistogram.map { ($0.op, $0.count) }
        nodeCount = summary.nodeCount
        nestedNodeCount = 0
        initializerCount = summary.constantCount
        initializerBytes = summary.constantBytes
        facts = [
            ("version", summary.version.map(JSONValue.string) ?? .null),
            ("graph_name", summary.name.map(JSONValue.string) ?? .null),
            ("subgraphs", .int(summary.subGraphCount)),
            ("tensors", .int(summary.tensorCount)),
        ]
    }
}
