/// The graph view `mshub inspect` shows for a `.ms` file.
public struct MSLiteGraphSummary: Sendable, Equatable {
    public struct Value: Sendable, Equatable {
        public var name: String
        /// Neutral dtype name (`float32` …), or `typeid:N` for a TypeId we do not know.
        public var dtype: String
        public var shape: [Int]
        public var format: Int32
    }

    public var name: String?
    public var version: String?
    public var inputs: [Value]
    public var outputs: [Value]
    /// Op name -> node count, sorted by name.
    public var opHistogram: [(op: String, count: Int)]
    public var nodeCount: Int
    public var subGraphCount: Int
    public var tensorCount: Int
    /// Tensors holding data (weights, constants) and their payload bytes.
    public var constantCount: Int
    public var constantBytes: Int

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.version == b.version && a.inputs == b.inputs && a.outputs == b.outputs
            && a.opHistogram.map(\.op) == b.opHistogram.map(\.op) && a.opHistogram.map(\.count) == b.opHistogram.map(\.count)
            && a.nodeCount == b.nodeCount && a.subGraphCount == b.subGraphCount && a.tensorCount == b.tensorCount
            && a.constantCount == b.constantCount && a.constantBytes == b.constantBytes
    }
}

extension MSLiteDocument {
    /// Inputs/outputs (name, dtype, shape), op histogram, node/tensor counts and constant bytes.
    /// Indices out of range are reported as `#N` values rather than trapping.
    public func graphSummary() -> MSLiteGraphSummary {
        func value(_ index: UInt32) -> MSLiteGraphSummary.Value {
            guard Int(index) < tensors.count else { return .init(name: "#\(index)", dtype: "unknown", shape: [], format: 0) }
            let t = tensors[Int(index)]
            return .init(
                name: t.name ?? "#\(index)", dtype: MSLiteDataType.name(t.dataType) ?? "typeid:\(t.dataType)",
                shape: t.dims.map(Int.init), format: t.format)
        }
        var histogram: [String: Int] = [:]
        for node in nodes { histogram[node.primitive?.name ?? "NONE", default: 0] += 1 }
        let constants = tensors.filter { !$0.data.isEmpty }
        return MSLiteGraphSummary(
            name: name, version: version, inputs: inputIndex.map(value), outputs: outputIndex.map(value),
            opHistogram: histogram.sorted { $0.key < $1.key }.map { (op: $0.key, count: $0.value) }, nodeCount: nodes.count,
            subGraphCount: subGraphs.count, tensorCount: tensors.count, constantCount: constants.count,
            constantBytes: constants.reduce(0) { $0 + $1.data.count })
    }
}
