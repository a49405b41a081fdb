import Formats

extension GraphView {
    /// The graph view of an AIR model: the main graph's `Data` inputs, `NetOutput` outputs, op
    /// types, and `Const` weights.
    public init(air document: AIRDocument) {
        let summary = AIRSummary(document)
        func port(_ value: AIRSummary.Port) -> Port {
            Port(name: value.name, dtype: value.dtype,
                 shape: value.shape.map { $0.map { $0 < 0 ? Dim.unknown : Dim.fixed(Int(clamping: $0)) } })
        }
        inputs = summary.inputs.map(port)
        outputs = summary.outputs.map(port)
        opsets = []
        opHistogram = summary.opTypes.map { ($0.type, $0.count) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        nodeCount = summary.opCount
        nestedNodeCount = 0
        initializerCount = summary.constCount
        initializerBytes = summary.weightBytes
        facts = [
            ("name", .string(summary.name)),
            ("version", .int(Int(summary.version))),
            ("custom_version", .string(summary.customVersion)),
            ("graph_name", .string(summary.graphName)),
            ("graphs", .int(summary.graphCount)),
        ]
    }
}
