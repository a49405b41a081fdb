// ONNX Max and Min take any number of inputs; MindSpore's Maximum/Minimum, Graph Engine's and
// Lite's take two. For those targets a Max or Min of n > 2 inputs becomes a left-to-right chain
// of n - 1 binary nodes (the same broadcasting, the same result: max and min are associative),
// and one of a single input becomes the node of that input with itself (x max x is x, NaN
// included; Lite has no Identity).

import GraphIR

public enum VariadicRewrites {
    static let ops: Set<String> = ["Max", "Min"]

    /// The main graph with every default-domain Max and Min made binary; returns how many nodes changed.
    public static func apply(_ model: Model) -> (Model, Int) {
        var out = model
        var names = FreshNames(graph: model.graph, outputs: true)
        func unique(_ base: String) -> String { names.fresh(base) }
        var nodes: [Node] = []
        var changed = 0
        for node in model.graph.nodes {
            guard (node.domain.isEmpty || node.domain == "ai.onnx"), ops.contains(node.op), node.inputs.count != 2,
                !node.inputs.isEmpty, !node.inputs.contains(where: \.isEmpty), node.outputs.count == 1
            else {
                nodes.append(node)
                continue
            }
            changed += 1
            if node.inputs.count == 1 {
                nodes.append(Node(name: node.name, op: node.op, domain: node.domain, inputs: node.inputs + node.inputs, outputs: node.outputs))
                continue
            }
            var running = node.inputs[0]
            for (position, operand) in node.inputs.dropFirst().enumerated() {
                let last = position == node.inputs.count - 2
                let output = last ? node.outputs[0] : unique("\(node.outputs[0])/\(node.op.lowercased())\(position)")
                let name = last ? node.name : unique("\(node.name)/\(position)")
                nodes.append(Node(name: name, op: node.op, domain: node.domain, inputs: [running, operand], outputs: [output]))
                running = output
            }
        }
        out.graph.nodes = nodes
        return (out, changed)
    }
}
