// Value and node names a rewrite may add without clashing: `base` when it is free, else the
// first of `base_1`, `base_2`, ... that is. Every name handed out counts as used from then on.

import GraphIR

struct FreshNames {
    private var used: Set<String>

    init(_ used: Set<String> = []) { self.used = used }

    /// The names `graph` already defines: its inputs, initializers and node outputs (and, with
    /// `outputs`, its output names).
    init(graph: Graph, outputs: Bool = false) {
        var used = Set(graph.inputs.map(\.name) + graph.initializers.map(\.name))
        if outputs { used.formUnion(graph.outputs.map(\.name)) }
        for node in graph.nodes { used.formUnion(node.outputs) }
        self.used = used
    }

    mutating func fresh(_ base: String) -> String {
        var name = base
        var k = 1
        while used.contains(name) {
            name = "\(base)_\(k)"
            k += 1
        }
        used.insert(name)
        return name
    }
}
