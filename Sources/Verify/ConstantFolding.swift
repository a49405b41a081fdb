// Constant folding of shape arithmetic: nodes whose inputs are all constants (initializers,
// earlier folded results, or the Shape of a value whose shape is static) are run once by the
// reference interpreter and replaced by initializers. Only small results are folded (shape
// arithmetic, not weights), random ops and ops with subgraphs never are, and the model's own
// initializers are kept.

import Convert
import Formats
import GraphIR

public enum ConstantFolding {
    static let neverFolded: Set<String> = [
        "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Bernoulli", "Multinomial",
        "If", "Loop", "Scan", "SequenceMap", "Dropout",
    ]

    /// The model with foldable nodes of its main graph replaced by initializers; returns how many
    /// nodes were folded. `maxElements` bounds each folded result.
    public static func apply(_ model: Model, maxElements: Int = 1 << 16) -> (Model, Int) {
        var out = model
        var graph = model.graph
        var constants: [String: Tensor] = [:]
        for tensor in graph.initializers where (tensor.elementCount ?? .max) <= maxElements { constants[tensor.name] = tensor }
        let inputNames = Set(graph.inputs.map(\.name))
        var staticShapes: [String: [Int]] = [:]
        for tensor in graph.initializers { staticShapes[tensor.name] = tensor.shape }
        for value in graph.inputs + graph.valueInfo {
            if let sizes = value.shape?.staticSizes { staticShapes[value.name] = sizes }
        }
        var kept: [Node] = []
        var added: [Tensor] = []
        var folded = 0
        for node in graph.nodes {
            let hasSubgraph = node.attributes.contains { !$0.value.subgraphs.isEmpty }
            guard node.domain.isEmpty, !neverFolded.contains(node.op), !hasSubgraph, !node.outputs.isEmpty else {
                kept.append(node)
                continue
            }
            var result: [Tensor]? = nil
            if node.op == "Shape", node.inputs.count == 1, let sizes = staticShapes[node.inputs[0]] {
                var dims = sizes.map(Int64.init)
                let rank = Int64(dims.count)
                func clamp(_ v: Int64) -> Int { Int(max(0, min(rank, v < 0 ? v + rank : v))) }
                if case .int(let s)? = node.attribute(named: "start") { dims = Array(dims[clamp(s)...]) }
                if case .int(let e)? = node.attribute(named: "end") {
                    let start = { if case .int(let s)? = node.attribute(named: "start") { return clamp(s) } else { return 0 } }()
                    dims = Array(sizes.map(Int64.init)[start..<max(start, clamp(e))])
                }
                result = [Tensor(name: node.outputs[0], dtype: .int64, shape: [dims.count], bytes: TensorBytes(bytes: dims.withUnsafeBytes { Array($0) }))]
            } else if !node.inputs.isEmpty || node.op == "Constant",
                node.inputs.allSatisfy({ $0.isEmpty || (constants[$0] != nil && !inputNames.contains($0)) })
            {
                result = evaluate(node, constants, maxElements: maxElements, opsets: model.opsetImports)
            }
            guard let tensors = result, tensors.count == node.outputs.filter({ !$0.isEmpty }).count else {
                kept.append(node)
                continue
            }
            for tensor in tensors {
                constants[tensor.name] = tensor
                added.append(tensor)
                if let count = tensor.elementCount, count >= 0 { staticShapes[tensor.name] = tensor.shape }
            }
            folded += 1
        }
        // Folded results that nothing reads any more are dropped; the model's own initializers stay.
        var read = Set(graph.outputs.map(\.name))
        for node in kept {
            read.formUnion(node.inputs)
            for attribute in node.attributes { for sub in attribute.value.subgraphs { read.formUnion(Interpreter.namesRead(sub)) } }
        }
        graph.nodes = kept
        graph.initializers += added.filter { read.contains($0.name) }
        out.graph = graph
        return (out, folded)
    }

    static func evaluate(_ node: Node, _ constants: [String: Tensor], maxElements: Int, opsets: OrderedMap<String, Int>) -> [Tensor]? {
        let inputs = node.inputs.filter { !$0.isEmpty }.compactMap { constants[$0] }
        let outputs = node.outputs.filter { !$0.isEmpty }
        let model = Model(
            graph: Graph(name: "fold", outputs: outputs.map { Value(name: $0) }, nodes: [node], initializers: inputs),
            opsetImports: opsets)
        let limits = InterpreterLimits(maxElements: maxElements, maxLiveBytes: 64 << 20, maxLoopIterations: 0, maxDepth: 1)
        guard let results = try? Interpreter(model: model, limits: limits).run(tensors: [:]) else { return nil }
        var tensors: [Tensor] = []
        for (name, array) in results {
            guard array.count <= maxElements else { return nil }
            tensors.append(array.tensor(name: name))
        }
        return tensors
    }
}
