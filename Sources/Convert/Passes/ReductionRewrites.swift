// Reductions some targets lack, written with ops they have: ReduceSumSquare(x) is
// ReduceSum(Mul(x, x)) and ReduceL2(x) is Sqrt(ReduceSum(Mul(x, x))), over the same axes with the
// same keepdims. MindSpore's ONNX export writes LayerNorm with ReduceSumSquare, and neither
// MindIR nor AIR has a primitive for it, while both have ReduceSum, Mul and Sqrt.
//
// The axes move between forms by opset: ReduceSumSquare and ReduceL2 take `axes` as an attribute
// before opset 18 and as an input from 18; ReduceSum takes it as an attribute before 13 and as
// an input from 13. So below 13 the attribute is copied, from 13 to 17 it becomes an int64
// initializer, and from 18 the input is passed through. One case has no faithful form: from
// opset 18, `noop_with_empty_axes` with axes absent or empty makes the reduction the identity
// (x, not x·x), so such a node is left as it is (and the plan calls it unsupported).

import Formats
import GraphIR

public enum ReductionRewrites {
    /// The ops rewritten, and how (the plan's note).
    public static let rewrites: [String: String] = [
        "ReduceSumSquare": "ReduceSum(Mul(x, x)) over the same axes",
        "ReduceL2": "Sqrt(ReduceSum(Mul(x, x))) over the same axes",
    ]

    /// Whether the rewrite applies for `target`: it must lack the op and have ReduceSum, Mul and Sqrt.
    public static func applies(to target: ModelFormat) -> Bool { target == .mindir || target == .air }

    /// The main graph with every ReduceSumSquare and ReduceL2 of the default domain rewritten;
    /// returns how many nodes of each op were rewritten, in first-seen order.
    public static func apply(_ model: Model) -> (Model, [(op: String, count: Int)]) {
        let opset = model.opsetImports[""] ?? model.opsetImports["ai.onnx"] ?? 1
        var out = model
        var graph = model.graph
        var names = FreshNames(graph: graph, outputs: true)
        func unique(_ base: String) -> String { names.fresh(base) }
        var counts: [(op: String, count: Int)] = []
        var nodes: [Node] = []
        for node in model.graph.nodes {
            guard node.domain.isEmpty || node.domain == "ai.onnx", rewrites[node.op] != nil, node.outputs.count == 1,
                let x = node.inputs.first, !x.isEmpty
            else {
                nodes.append(node)
                continue
            }
            var keepdims: Int64 = 1
            if case .int(let value)? = node.attribute(named: "keepdims") { keepdims = value }
            var noop: Int64 = 0
            if case .int(let value)? = node.attribute(named: "noop_with_empty_axes") { noop = value }
            let axesInput = node.inputs.count > 1 && !node.inputs[1].isEmpty ? node.inputs[1] : nil
            var axesAttribute: [Int64]?
            if case .ints(let value)? = node.attribute(named: "axes") { axesAttribute = value }
            if opset >= 18, noop != 0 {
                let constant = axesInput.flatMap { graph.initializer(named: $0) }
                // Identity when the axes are empty: only a non-empty constant list keeps the meaning.
                guard let constant, constant.shape.reduce(1, *) > 0 else {
                    nodes.append(node)
                    continue
                }
            }
            let base = node.name.isEmpty ? node.outputs[0] : node.name
            let squared = unique(node.outputs[0] + "_squared")
            nodes.append(Node(name: base + "_square", op: "Mul", inputs: [x, x], outputs: [squared]))
            // x·x has x's type: recorded so exporters that need a rank (AIR's axes) have it.
            if let type = (graph.inputs + graph.valueInfo).first(where: { $0.name == x })?.type {
                graph.valueInfo.append(Value(name: squared, type: type))
            } else if let tensor = graph.initializer(named: x) {
                graph.valueInfo.append(Value(name: squared, dtype: tensor.dtype, shape: Shape(tensor.shape)))
            }
            var sumInputs = [squared]
            var attributes: [Attribute] = [.named("keepdims", .int(keepdims))]
            if opset < 13 {
                if let axesAttribute { attributes.insert(.named("axes", .ints(axesAttribute)), at: 0) }
            } else if opset < 18 {
                if let axesAttribute {
                    let name = unique(base + "_axes")
                    graph.initializers.append(
                        Tensor(name: name, dtype: .int64, shape: [axesAttribute.count],
                            bytes: TensorBytes(bytes: axesAttribute.withUnsafeBytes { Array($0) })))
                    sumInputs.append(name)
                }
            } else {
                if let axesInput { sumInputs.append(axesInput) }
                if noop != 0 { attributes.append(.named("noop_with_empty_axes", .int(noop))) }
            }
            if node.op == "ReduceL2" {
                let sum = unique(node.outputs[0] + "_sum")
                nodes.append(Node(name: base + "_sum", op: "ReduceSum", inputs: sumInputs, outputs: [sum], attributes: attributes))
                nodes.append(Node(name: node.name, op: "Sqrt", inputs: [sum], outputs: node.outputs))
            } else {
                nodes.append(Node(name: node.name, op: "ReduceSum", inputs: sumInputs, outputs: node.outputs, attributes: attributes))
            }
            if let at = counts.firstIndex(where: { $0.op == node.op }) {
                counts[at].count += 1
            } else {
                counts.append((node.op, 1))
            }
        }
        graph.nodes = nodes
        out.graph = graph
        return (out, counts)
    }
}
