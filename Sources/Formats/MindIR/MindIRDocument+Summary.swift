/// What `mshub inspect` shows of a MindIR model: header values, inputs and outputs, a histogram
/// of the primitives its nodes call, and the weights' count and size. Nothing here reads weights.
public struct MindIRSummary: Sendable, Equatable {
    /// A graph input or output: name, element type and dims (-1 for a dynamic dim).
    public struct Value: Sendable, Equatable {
        public var name: String
        /// MindSpore's dtype name (`Float32`), `DataType(<code>)` for a code we do not know, or
        /// the `denotation` of a non-tensor value (`UMonadType`).
        public var dtype: String
        public var dims: [Int64]
    }

    /// `ModelProto.ir_version` (MindSpore 2.10 writes "1.1").
    public var irVersion: String
    /// `ModelProto.producer_name` ("MindSpore").
    public var producerName: String
    /// `ModelProto.model_version`: the MindSpore version that wrote the file.
    public var modelVersion: String
    /// `ModelProto.mind_ir_version`, nil when absent.
    public var mindIRVersion: Int64?
    /// `GraphProto.name` of the top graph.
    public var graphName: String
    public var inputs: [Value]
    public var outputs: [Value]
    /// Nodes per callee, sorted by name: the `op_type` of the referenced `PrimitiveProto`;
    /// `Constant` for value nodes; `FuncGraph` for calls of a graph in `functions`; the
    /// text after `REF::` for anything else (closures, meta graphs).
    public var primitives: [(name: String, count: Int)]
    /// Nodes in the top graph and in every function graph.
    public var nodeCount: Int
    /// `ModelProto.functions` count.
    public var functionCount: Int
    /// `graph.parameter` count and their bytes (inline or external).
    public var parameterCount: Int
    public var parameterBytes: Int
    /// Parameters whose data is in a data file (split save).
    public var externalParameterCount: Int
    /// The cipher mode, for an encrypted file.
    public var encryption: String?

    public static func == (a: MindIRSummary, b: MindIRSummary) -> Bool {
        a.irVersion == b.irVersion && a.producerName == b.producerName && a.modelVersion == b.modelVersion
            && a.mindIRVersion == b.mindIRVersion && a.graphName == b.graphName && a.inputs == b.inputs
            && a.outputs == b.outputs && a.primitives.elementsEqual(b.primitives, by: { $0 == $1 })
            && a.nodeCount == b.nodeCount && a.functionCount == b.functionCount
            && a.parameterCount == b.parameterCount && a.parameterBytes == b.parameterBytes
            && a.externalParameterCount == b.externalParameterCount && a.encryption == b.encryption
    }
}

extension MindIRDocument {
    /// The summary of this model (no weight bytes are read).
    public var summary: MindIRSummary {
        let model = self.model
        let primitiveTypes = Dictionary(
            model.primitives.map { ($0.name, $0.opType) }, uniquingKeysWith: { first, _ in first })
        let functionNames = Set(model.functions.map(\.name))
        var histogram: [String: Int] = [:]
        var nodes = 0
        for graph in [model.graph] + model.functions {
            for node in graph.node {
                nodes += 1
                histogram[Self.callee(node.opType, primitiveTypes, functionNames), default: 0] += 1
            }
        }
        var bytes = 0
        var external = 0
        for tensor in model.graph.parameter {
            if tensor.hasExternalData && !tensor.hasRawData {
                external += 1
                bytes = bytes &+ Int(clamping: max(0, tensor.externalData.length))
            } else if tensor.hasRawData {
                bytes = bytes &+ tensor.rawData.count
            } else if let type = MindIRDataType(code: tensor.dataType),
                let count = type.byteCount(elements: Self.elementCount(tensor.dims) ?? 0)
            {
                bytes = bytes &+ count
            }
        }
        return MindIRSummary(
            irVersion: model.irVersion, producerName: model.producerName, modelVersion: model.modelVersion,
            mindIRVersion: model.hasMindIrVersion ? model.mindIrVersion : nil, graphName: model.graph.name,
            inputs: model.graph.input.map(Self.value), outputs: model.graph.output.map(Self.value),
            primitives: histogram.sorted { $0.key < $1.key }.map { (name: $0.key, count: $0.value) },
            nodeCount: nodes, functionCount: model.functions.count,
            parameterCount: model.graph.parameter.count, parameterBytes: bytes, externalParameterCount: external,
            encryption: encryption?.rawValue)
    }

    /// Who a node calls: `REF::Conv2D:3` → the op_type of primitive `Conv2D:3` (FORMATS.md §2.4).
    static func callee(_ opType: String, _ primitives: [String: String], _ functions: Set<String>) -> String {
        guard opType.hasPrefix("REF::") else { return opType }
        let target = String(opType.dropFirst(5))
        if let primitive = primitives[target] { return primitive }
        if functions.contains(target) { return "FuncGraph" }
        return target
    }

    static func value(_ info: MindIr_ValueInfoProto) -> MindIRSummary.Value {
        guard let tensor = info.tensor.first else {
            return MindIRSummary.Value(name: info.name, dtype: info.denotation, dims: [])
        }
        let dtype = MindIRDataType(code: tensor.dataType)?.name ?? "DataType(\(tensor.dataType))"
        return MindIRSummary.Value(name: info.name, dtype: dtype, dims: tensor.dims)
    }

    /// The product of `dims`, nil when one is negative or the product overflows.
    static func elementCount(_ dims: [Int64]) -> Int? {
        var count = 1
        for dim in dims {
            guard dim >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
            if overflow { return nil }
            count = product
        }
        return count
    }
}
