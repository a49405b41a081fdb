// Partial conversion (`mshub convert --allow-partial`): the largest part of a model's main graph
// a target can hold, and a report of what was left out.
//
// Every node the target has no form for is removed (a node whose subgraphs hold such an op
// counts too), and with it every node that reads, directly or through a subgraph, a value of a
// removed node. Graph outputs still computed stay. Values the removed nodes read that kept nodes
// produce, or that are graph inputs, become graph outputs (the cut frontier), so nothing
// computed is lost; initializers nothing reads any more are dropped. An exporter can still refuse
// a node the tables accept (an attribute value it has no form for): when its ConversionError
// names a main-graph node, that node is removed as well and the cut made again, at most once per
// node. The frontier outputs need element types and shapes, which the graph's value info may not
// hold; the caller supplies the rest (the CLI runs the interpreter, which this module cannot
// import: Verify depends on Convert, not the reverse).

import Formats
import GraphIR

/// What a partial conversion left out of the main graph.
public struct PartialReport: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The target has no form for the node's op (or for an op in its subgraphs); the note says why.
        case unsupported(String)
        /// The node reads a value of the removed node at this index.
        case dependsOn(Int)
    }

    /// One removed node; `index` is its position in the graph that was cut.
    public struct RemovedNode: Sendable, Equatable {
        public var index: Int
        public var name: String
        public var op: String
        public var domain: String
        public var reason: Reason
    }

    public var target: ModelFormat
    /// Nodes of the main graph before the cut.
    public var totalNodes: Int
    /// Removed nodes, in graph order.
    public var removed: [RemovedNode]
    /// Graph outputs kept, in order.
    public var keptOutputs: [String]
    /// Graph outputs no kept node computes.
    public var droppedOutputs: [String]
    /// The cut frontier, now graph outputs after the kept ones.
    public var addedOutputs: [String]
    /// Initializers only removed nodes read.
    public var droppedInitializers: [String]

    public var keptNodes: Int { totalNodes - removed.count }
    /// Whether anything was left out.
    public var isPartial: Bool { !removed.isEmpty }
    /// Whether the cut leaves nothing worth writing: no node, or no output.
    public var keepsNothing: Bool { keptNodes == 0 || (keptOutputs.isEmpty && addedOutputs.isEmpty) }

    /// `node[3] (name:Op)`.
    public func label(_ node: RemovedNode) -> String {
        let op = node.domain.isEmpty ? node.op : "\(node.domain).\(node.op)"
        return "node[\(node.index)] (\(node.name.isEmpty ? "" : node.name + ":")\(op))"
    }

    /// Why a node was removed, in words.
    public func reasonText(_ node: RemovedNode) -> String {
        switch node.reason {
        case .unsupported(let note): return "unsupported by \(target.rawValue): \(note)"
        case .dependsOn(let index):
            guard let producer = removed.first(where: { $0.index == index }) else { return "depends on removed node[\(index)]" }
            return "depends on removed \(label(producer))"
        }
    }

    /// The report as lines of text (no trailing newline), headed `PARTIAL:` when anything was left out.
    public func lines() -> [String] {
        guard isPartial else { return ["complete: every node of the main graph converts to \(target.rawValue)"] }
        var lines = [
            "PARTIAL: \(removed.count) of \(totalNodes) nodes left out, \(keptNodes) kept; outputs kept \(keptOutputs.count), "
                + "dropped \(droppedOutputs.count), added \(addedOutputs.count); \(droppedInitializers.count) initializers dropped"
        ]
        for node in removed { lines.append("  removed \(label(node)): \(reasonText(node))") }
        for name in droppedOutputs { lines.append("  dropped output: \(name)") }
        for name in addedOutputs { lines.append("  added output: \(name)") }
        for name in droppedInitializers { lines.append("  dropped initializer: \(name)") }
        return lines
    }
}

public enum PartialConversion {
    /// The main-graph nodes `target` cannot hold, by index, with the reason: the node's op, or
    /// the first op of its subgraphs, has no mapping.
    public static func unsupportedNodes(_ model: Model, for target: ModelFormat) -> [Int: String] {
        func firstUnsupported(_ graph: Graph) -> String? {
            for node in graph.nodes {
                let (mapping, note) = Converter.mapping(op: node.op, domain: node.domain, target: target, hasSubgraphs: false)
                if mapping == .unsupported {
                    let op = node.domain.isEmpty ? node.op : "\(node.domain).\(node.op)"
                    return "\(op) in a subgraph\(note.map { ": \($0)" } ?? "")"
                }
                for attribute in node.attributes {
                    for sub in attribute.value.subgraphs { if let found = firstUnsupported(sub) { return found } }
                }
            }
            return nil
        }
        var found: [Int: String] = [:]
        for (index, node) in model.graph.nodes.enumerated() {
            let (mapping, note) = Converter.mapping(op: node.op, domain: node.domain, target: target, hasSubgraphs: false)
            if mapping == .unsupported {
                found[index] = note ?? "no mapping"
                continue
            }
            for attribute in node.attributes {
                for sub in attribute.value.subgraphs {
                    if found[index] == nil, let inner = firstUnsupported(sub) { found[index] = inner }
                }
            }
        }
        return found
    }

    /// Every name a node reads: its inputs, and the names its subgraphs read from enclosing scopes
    /// (all names read inside, less those defined inside; ONNX names are defined once, so a
    /// name read inside and defined outside is the outer value).
    static func reads(_ node: Node) -> [String] {
        var names = node.inputs.filter { !$0.isEmpty }
        func visit(_ graph: Graph) -> Set<String> {
            var defined = Set(graph.inputs.map(\.name) + graph.initializers.map(\.name))
            var read = Set<String>()
            for inner in graph.nodes {
                for name in inner.inputs where !name.isEmpty && !defined.contains(name) { read.insert(name) }
                for attribute in inner.attributes {
                    for sub in attribute.value.subgraphs { read.formUnion(visit(sub).subtracting(defined)) }
                }
                defined.formUnion(inner.outputs)
            }
            for output in graph.outputs where !defined.contains(output.name) { read.insert(output.name) }
            return read
        }
        for attribute in node.attributes {
            for sub in attribute.value.subgraphs { names += visit(sub).sorted() }
        }
        return names
    }

    /// The cut: `model` without the nodes in `removing` (index → why) and everything depending on
    /// them. `keptIndices[i]` is the original index of the cut graph's node `i`. Added outputs take
    /// their types from the graph's value info where it has them; the others are left untyped.
    public static func cut(_ model: Model, for target: ModelFormat, removing: [Int: String])
        -> (model: Model, report: PartialReport, keptIndices: [Int])
    {
        let graph = model.graph
        var producer: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() { for name in node.outputs where !name.isEmpty { producer[name] = index } }
        var removedReason: [Int: PartialReport.Reason] = [:]
        var kept: [Int] = []
        for (index, node) in graph.nodes.enumerated() {
            if let note = removing[index] {
                removedReason[index] = .unsupported(note)
                continue
            }
            if let dependency = reads(node).lazy.compactMap({ producer[$0] }).first(where: { removedReason[$0] != nil }) {
                removedReason[index] = .dependsOn(dependency)
                continue
            }
            kept.append(index)
        }
        let keptSet = Set(kept)
        let inputNames = Set(graph.inputs.map(\.name))
        let initializerNames = Set(graph.initializers.map(\.name))
        // A value is still available when a kept node makes it, or it is an input or initializer.
        func available(_ name: String) -> Bool {
            if let index = producer[name] { return keptSet.contains(index) }
            return inputNames.contains(name) || initializerNames.contains(name)
        }
        var out = model
        var keptOutputs: [Value] = []
        var droppedOutputs: [String] = []
        for output in graph.outputs {
            if available(output.name) { keptOutputs.append(output) } else { droppedOutputs.append(output.name) }
        }
        var frontier: [String] = []
        var seen = Set(keptOutputs.map(\.name))
        for index in removedReason.keys.sorted() {
            for name in reads(graph.nodes[index]) where !seen.contains(name) {
                let computed = producer[name].map { keptSet.contains($0) } ?? false
                if computed || inputNames.contains(name) {
                    frontier.append(name)
                    seen.insert(name)
                }
            }
        }
        var types: [String: ValueType] = [:]
        for value in graph.inputs + graph.valueInfo + graph.outputs where types[value.name] == nil { types[value.name] = value.type }
        let added = frontier.map { name in
            types[name].map { Value(name: name, type: $0) } ?? Value(name: name)
        }
        out.graph.nodes = kept.map { graph.nodes[$0] }
        out.graph.outputs = keptOutputs + added
        var read = Set(out.graph.outputs.map(\.name))
        for node in out.graph.nodes { read.formUnion(reads(node)) }
        let droppedInitializers = graph.initializers.filter { !read.contains($0.name) }.map(\.name)
        let dropped = Set(droppedInitializers)
        out.graph.initializers.removeAll { dropped.contains($0.name) }
        let definedNow = Set(out.graph.inputs.map(\.name) + out.graph.initializers.map(\.name) + out.graph.nodes.flatMap(\.outputs))
        out.graph.valueInfo.removeAll { !definedNow.contains($0.name) }
        let removed = removedReason.keys.sorted().map { index in
            let node = graph.nodes[index]
            return PartialReport.RemovedNode(index: index, name: node.name, op: node.op, domain: node.domain, reason: removedReason[index] ?? .dependsOn(index))
        }
        let report = PartialReport(
            target: target, totalNodes: graph.nodes.count, removed: removed, keptOutputs: keptOutputs.map(\.name),
            droppedOutputs: droppedOutputs, addedOutputs: frontier, droppedInitializers: droppedInitializers)
        return (out, report, kept)
    }

    /// The cut for `target`, exported by `export`: the unsupported nodes are removed first; when
    /// `export` throws a ConversionError that names a node of the cut graph, that node is removed
    /// too and the cut made again (at most once per node). `types` gives types for added outputs
    /// the value info lacks (given the cut model and the names); it may leave some out. The
    /// result is nil when the cut keeps nothing (`report.keepsNothing`): nothing is exported then.
    /// - Throws: the exporter's error when it locates no main-graph node, or when the same node
    ///   is named twice.
    public static func convert<T>(
        _ model: Model, for target: ModelFormat,
        types: (Model, [String]) -> [String: ValueType],
        export: (Model) throws(ConversionError) -> T
    ) throws(ConversionError) -> (result: T?, model: Model, report: PartialReport) {
        var removing = unsupportedNodes(model, for: target)
        var known: [String: ValueType] = [:]
        var asked = Set<String>()
        for _ in 0...model.graph.nodes.count {
            var (cutModel, report, keptIndices) = cut(model, for: target, removing: removing)
            if report.keepsNothing { return (nil, cutModel, report) }
            let untyped = cutModel.graph.outputs.filter { $0.dtype == nil && known[$0.name] == nil }.map(\.name)
            if !untyped.isEmpty { known.merge(types(cutModel, untyped)) { old, _ in old } }
            for (position, output) in cutModel.graph.outputs.enumerated() where output.dtype == nil {
                if let type = known[output.name] { cutModel.graph.outputs[position].type = type }
            }
            // Best effort, for the exporters: fixed types of the other values the graph does not
            // type (MindSpore's loader needs a MatMul's output shape when it cannot infer it).
            var typed = Set((cutModel.graph.inputs + cutModel.graph.outputs + cutModel.graph.valueInfo).filter { $0.dtype != nil && $0.shape != nil }.map(\.name))
            typed.formUnion(cutModel.graph.initializers.map(\.name))
            let intermediates = cutModel.graph.nodes.flatMap(\.outputs).filter { !$0.isEmpty && !typed.contains($0) }
            let unknownIntermediates = intermediates.filter { known[$0] == nil && !asked.contains($0) }
            if !unknownIntermediates.isEmpty {
                asked.formUnion(unknownIntermediates)
                known.merge(types(cutModel, unknownIntermediates)) { old, _ in old }
            }
            for name in intermediates {
                guard let type = known[name], type.dtype != nil, type.shape?.dimensions.allSatisfy(\.isFixed) == true else { continue }
                cutModel.graph.valueInfo.removeAll { $0.name == name }
                cutModel.graph.valueInfo.append(Value(name: name, type: type))
            }
            do {
                return (try export(cutModel), cutModel, report)
            } catch {
                guard let index = locate(error, in: cutModel.graph), keptIndices.indices.contains(index) else { throw error }
                let original = keptIndices[index]
                guard removing[original] == nil else { throw error }
                var note = error.message
                if let field = error.field { note = "\(field): \(note)" }
                removing[original] = note
            }
        }
        throw ConversionError(.invalidModel, format: target, graph: model.graph.name, message: "the partial conversion did not settle")
    }

    /// The node of `graph` an exporter's error names: the node at `nodeIndex` when its op (and
    /// name, when given) agree, else the only node with that name and op (exporters that rewrite
    /// the graph first, like the .ms layout pass, number their own nodes).
    static func locate(_ error: ConversionError, in graph: Graph) -> Int? {
        // The main graph as each exporter names it (ONNX and .ms say "main" for an unnamed graph,
        // MindIR "graph", with ':' replaced); MindIR, AIR and .ms hold no subgraphs.
        let base = graph.name.isEmpty ? "" : graph.name
        let mainNames: Set<String> = [base, "main", "graph", base.replacingOccurrences(of: ":", with: "_")]
        if let name = error.graph, !mainNames.contains(name) { return nil }
        guard let index = error.nodeIndex, let op = error.op else { return nil }
        if graph.nodes.indices.contains(index), graph.nodes[index].op == op,
            error.nodeName.map({ $0 == graph.nodes[index].name }) ?? true
        {
            return index
        }
        guard let name = error.nodeName, !name.isEmpty else { return nil }
        let matches = graph.nodes.indices.filter { graph.nodes[$0].name == name && graph.nodes[$0].op == op }
        return matches.count == 1 ? matches[0] : nil
    }

    /// `model` computing just `outputs`: only the nodes they need, and the initializers those read
    /// (inputs kept). Used to read intermediate values (the cut frontier) of a source model
    /// whose other nodes may not run.
    public static func restricted(_ model: Model, to outputs: [String]) -> Model {
        var out = model
        let graph = model.graph
        var needed = Set(outputs)
        var keep = [Bool](repeating: false, count: graph.nodes.count)
        for index in graph.nodes.indices.reversed() {
            let node = graph.nodes[index]
            if node.outputs.contains(where: { needed.contains($0) }) {
                keep[index] = true
                needed.formUnion(reads(node))
            }
        }
        out.graph.nodes = graph.nodes.indices.filter { keep[$0] }.map { graph.nodes[$0] }
        var types: [String: ValueType] = [:]
        for value in graph.inputs + graph.valueInfo + graph.outputs where types[value.name] == nil { types[value.name] = value.type }
        out.graph.outputs = outputs.map { name in types[name].map { Value(name: name, type: $0) } ?? Value(name: name) }
        out.graph.initializers.removeAll { !needed.contains($0.name) }
        return out
    }
}
