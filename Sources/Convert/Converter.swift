// The converter's planning and graph preparation: which ops of a model map to a target format
// and how, and the passes a conversion applies (MindSpore-only ops rewritten to standard ONNX,
// ReduceSumSquare/ReduceL2 rewritten for MindIR and AIR, weight binding, BatchNorm folding, precision). `mshub convert` runs exactly these steps, so
// the plan says what the conversion does.

import Formats
import GraphIR

/// How one op maps into a target format.
public enum OpMapping: String, Sendable, Equatable {
    /// One target op with the same meaning.
    case direct
    /// Several target ops, or attributes moved or derived.
    case rewritten
    /// The target has no form for it: the conversion refuses the model.
    case unsupported
}

/// One row of a plan: an op (with its domain), how often it occurs, and its mapping.
public struct PlanEntry: Sendable, Equatable {
    public var op: String
    public var domain: String
    public var count: Int
    public var mapping: OpMapping
    public var note: String?
}

/// What converting a model to a target would do, before anything is written.
public struct ConversionPlan: Sendable, Equatable {
    public var target: ModelFormat
    public var entries: [PlanEntry]
    /// Layout and precision changes, and passes, in the order they run.
    public var changes: [String]

    /// Whether every op maps.
    public var isSupported: Bool { !entries.contains { $0.mapping == .unsupported } }

    public var unsupportedOps: [String] { entries.filter { $0.mapping == .unsupported }.map(\.op) }
}

/// Options for preparing a graph for a target.
public struct ConversionOptions: Sendable, Equatable {
    /// float16 or bfloat16 to convert weights and compute to.
    public var precision: DType?
    /// Fold BatchNormalization into the Conv before it.
    public var optimize: Bool
    public init(precision: DType? = nil, optimize: Bool = false) {
        self.precision = precision
        self.optimize = optimize
    }
}

public enum Converter {
    public static let graphTargets: [ModelFormat] = [.onnx, .mindir, .air, .mslite]

    /// Every (op, domain) of the model's graphs (subgraphs and functions included) with counts,
    /// in first-seen order.
    static func census(_ model: Model) -> [(op: String, domain: String, count: Int)] {
        var order: [String] = []
        var counts: [String: (String, String, Int)] = [:]
        func visit(_ graph: Graph) {
            for node in graph.nodes {
                let key = node.domain + "::" + node.op
                if let (op, domain, n) = counts[key] {
                    counts[key] = (op, domain, n + 1)
                } else {
                    counts[key] = (node.op, node.domain, 1)
                    order.append(key)
                }
                for attribute in node.attributes { for sub in attribute.value.subgraphs { visit(sub) } }
            }
        }
        for graph in model.graphs { visit(graph) }
        return order.compactMap { counts[$0] }.map { (op: $0.0, domain: $0.1, count: $0.2) }
    }

    /// The mapping of one op into `target`.
    static func mapping(op: String, domain: String, target: ModelFormat, hasSubgraphs: Bool) -> (OpMapping, String?) {
        let standard = domain.isEmpty || domain == "ai.onnx"
        switch target {
        case .onnx:
            if standard || domain == "ai.onnx.ml" || domain == "ai.onnx.preview" || domain == "ai.onnx.preview.training" {
                return (.direct, nil)
            }
            if domain == MindSporeOps.domain, let how = MindSporeOps.onnxRewrites[op] { return (.rewritten, how) }
            return (.unsupported, "ONNX runtimes do not know domain '\(domain)'")
        case .mindir:
            guard let rule = MindIRExportTable.rules.first(where: { $0.op == op && $0.domain == domain }) else {
                return (.unsupported, "no MindSpore primitive in the export table")
            }
            return (rule.isDirect ? .direct : .rewritten, nil)
        case .air:
            guard let row = AIROpTable.row(op: op, domain: domain) else { return (.unsupported, "no Graph Engine op in the table") }
            return (row.irregular == nil ? .direct : .rewritten, row.geType == op ? nil : "as \(row.geType)")
        case .mslite:
            if MSLiteOpTable.exportRule(op: op, domain: domain) != nil {
                let plain = MSLiteOpTable.plainOps.contains { $0.graph == op }
                return (plain ? .direct : .rewritten, nil)
            }
            if domain.isEmpty, MSLiteOpTable.exportRule(op: op, domain: LayoutPass.channelLastDomain) != nil {
                return (.rewritten, "runs channel-last (NHWC) between transposes")
            }
            return (.unsupported, "no Lite primitive in the export table")
        default:
            return (.unsupported, "\(target.rawValue) holds weights only, not graphs")
        }
    }

    /// The plan for converting `model` to `target` with `options`.
    public static func plan(_ model: Model, to target: ModelFormat, options: ConversionOptions = ConversionOptions()) -> ConversionPlan {
        let prepared = (try? prepare(model, for: target, options: options).0) ?? model
        var entries: [PlanEntry] = []
        if ReductionRewrites.applies(to: target) {
            // Rewritten before the tables are consulted: listed as such, the ops they became follow.
            for (op, count) in ReductionRewrites.apply(liftConstants(model).0).1 {
                entries.append(PlanEntry(op: op, domain: "", count: count, mapping: .rewritten, note: ReductionRewrites.rewrites[op]))
            }
        }
        for (op, domain, count) in census(prepared) {
            let (mapping, note) = Self.mapping(op: op, domain: domain, target: target, hasSubgraphs: false)
            entries.append(PlanEntry(op: op, domain: domain, count: count, mapping: mapping, note: note))
        }
        var changes: [String] = []
        if target == .onnx {
            let rewritten = census(model).filter { $0.domain == MindSporeOps.domain && MindSporeOps.onnxRewrites[$0.op] != nil }
            for (op, _, count) in rewritten { changes.append("\(count) × \(op) rewritten as standard ONNX (\(MindSporeOps.onnxRewrites[op] ?? ""))") }
        }
        for entry in entries where entry.mapping == .rewritten && ReductionRewrites.rewrites[entry.op] != nil && ReductionRewrites.applies(to: target) {
            changes.append("\(entry.count) × \(entry.op) rewritten as \(entry.note ?? "")")
        }
        if options.optimize {
            let (_, folded) = BatchNormFolding.apply(model)
            changes.append("\(folded) BatchNormalization folded into the Conv before it")
        }
        if let precision = options.precision {
            let floats = model.graph.initializers.filter { $0.dtype == .float32 }.count
            changes.append("precision: \(floats) float32 weights and the compute to \(precision); float32 inputs and outputs kept, with Casts at the edges")
        }
        if target == .mslite {
            let channelLast = census(model).filter { $0.domain.isEmpty && MSLiteOpTable.exportRule(op: $0.op, domain: LayoutPass.channelLastDomain) != nil }
            if !channelLast.isEmpty {
                changes.append("layout: \(channelLast.map { "\($0.count) × \($0.op)" }.joined(separator: ", ")) run NHWC between Transposes; Conv weights OIHW → OHWI; the model's inputs keep their layout")
            }
        }
        return ConversionPlan(target: target, entries: entries, changes: changes)
    }

    /// `model` after the passes a conversion to `target` runs: MindSpore-only ops rewritten for
    /// ONNX, reductions the target lacks rewritten (ReductionRewrites), BatchNorm folding
    /// (`optimize`), precision. Returns notes on what changed.
    public static func prepare(_ model: Model, for target: ModelFormat, options: ConversionOptions) throws(ConversionError) -> (Model, [String]) {
        var out = model
        var notes: [String] = []
        if target == .onnx {
            let (rewritten, count) = try MindSporeOps.toStandardONNX(out)
            out = rewritten
            if count > 0 { notes.append("\(count) MindSpore-only ops rewritten as standard ONNX") }
        }
        if target != .onnx {
            let (lifted, count) = liftConstants(out)
            out = lifted
            if count > 0 { notes.append("\(count) Constant nodes became initializers") }
            // ONNX before IR 4 lists every weight as an input with an initializer default; the
            // other formats have no such default, so those inputs are weights (as .ms always took them).
            let initialized = Set(out.graph.initializers.map(\.name))
            let defaulted = out.graph.inputs.filter { initialized.contains($0.name) }.count
            if defaulted > 0 {
                out.graph.inputs.removeAll { initialized.contains($0.name) }
                notes.append("\(defaulted) inputs with initializer defaults became weights")
            }
        }
        if target != .onnx {
            let (binary, count) = VariadicRewrites.apply(out)
            out = binary
            if count > 0 { notes.append("\(count) Max/Min nodes of other than two inputs written with two-input nodes") }
        }
        if ReductionRewrites.applies(to: target) {
            let (rewritten, counts) = ReductionRewrites.apply(out)
            out = rewritten
            for (op, count) in counts { notes.append("\(count) \(op) rewritten as \(ReductionRewrites.rewrites[op] ?? "")") }
        }
        if target == .mindir {
            let (split, count) = MindSporeOps.splitConvBias(out)
            out = split
            if count > 0 { notes.append("\(count) Conv biases written as BiasAdd") }
        }
        if options.optimize {
            let (folded, count) = BatchNormFolding.apply(out)
            out = folded
            notes.append("\(count) BatchNormalization folded into Conv")
        }
        if let precision = options.precision {
            let (converted, report) = try PrecisionPass.apply(out, to: precision)
            out = converted
            notes.append("\(report.convertedTensors) tensors to \(precision), \(report.edgeCasts) edge casts, \(report.clampedValues) values clamped")
        }
        return (out, notes)
    }

    /// Constant nodes holding a tensor (or a float/int scalar or list) in the main graph become
    /// initializers: formats without a Constant op keep them as weights.
    public static func liftConstants(_ model: Model) -> (Model, Int) {
        var out = model
        var kept: [Node] = []
        var count = 0
        for node in model.graph.nodes {
            guard node.op == "Constant", node.domain.isEmpty, node.outputs.count == 1, let attribute = node.attributes.first,
                node.attributes.count == 1
            else {
                kept.append(node)
                continue
            }
            var tensor: Tensor?
            switch attribute.value {
            case .tensor(let t): tensor = t
            case .float(let v): tensor = Tensor(name: "", dtype: .float32, shape: [], bytes: TensorBytes(bytes: withUnsafeBytes(of: v) { Array($0) }))
            case .floats(let v): tensor = Tensor(name: "", dtype: .float32, shape: [v.count], bytes: TensorBytes(bytes: v.withUnsafeBytes { Array($0) }))
            case .int(let v): tensor = Tensor(name: "", dtype: .int64, shape: [], bytes: TensorBytes(bytes: withUnsafeBytes(of: v) { Array($0) }))
            case .ints(let v): tensor = Tensor(name: "", dtype: .int64, shape: [v.count], bytes: TensorBytes(bytes: v.withUnsafeBytes { Array($0) }))
            default: tensor = nil
            }
            guard var lifted = tensor, lifted.dtype != .string else {
                kept.append(node)
                continue
            }
            lifted.name = node.outputs[0]
            out.graph.initializers.append(lifted)
            count += 1
        }
        out.graph.nodes = kept
        return (out, count)
    }

    /// The model refused when any op is unsupported for `target`: the error names the first such node.
    public static func checkSupported(_ model: Model, for target: ModelFormat) throws(ConversionError) {
        func visit(_ graph: Graph) throws(ConversionError) {
            for (index, node) in graph.nodes.enumerated() {
                let (mapping, note) = mapping(op: node.op, domain: node.domain, target: target, hasSubgraphs: false)
                if mapping == .unsupported {
                    throw ConversionError(
                        .unsupportedOp, format: target, graph: graph.name, nodeIndex: index, nodeName: node.name, op: node.op,
                        message: "\(node.domain.isEmpty ? "" : node.domain + ".")\(node.op) cannot be converted to \(target.rawValue)\(note.map { ": \($0)" } ?? "")")
                }
                for attribute in node.attributes { for sub in attribute.value.subgraphs { try visit(sub) } }
            }
        }
        for graph in model.graphs { try visit(graph) }
    }
}

/// MindSpore-only ops (domain `com.mindspore`) written as standard ONNX.
public enum MindSporeOps {
    public static let domain = "com.mindspore"
    static let onnxRewrites: [String: String] = [
        "BiasAdd": "Add with the bias reshaped to broadcast over the channel axis",
        "FastGelu": "x · Sigmoid(1.702 · x), the same function",
    ]

    /// The model with BiasAdd and FastGelu replaced by standard ops; returns how many.
    public static func toStandardONNX(_ model: Model) throws(ConversionError) -> (Model, Int) {
        var out = model
        var count = 0
        out.graph = try rewrite(out.graph, &count)
        return (out, count)
    }

    /// Conv with a bias input becomes Conv then BiasAdd (MindSpore's Conv2D takes no bias).
    public static func splitConvBias(_ model: Model) -> (Model, Int) {
        var out = model
        var nodes: [Node] = []
        var count = 0
        for node in model.graph.nodes {
            guard node.op == "Conv", node.domain.isEmpty, node.inputs.count == 3, !node.inputs[2].isEmpty, node.outputs.count == 1 else {
                nodes.append(node)
                continue
            }
            var conv = node
            let bias = node.inputs[2]
            conv.inputs.removeLast()
            let unbiased = PrecisionPass.unique(node.outputs[0] + "_unbiased", in: out.graph)
            conv.outputs = [unbiased]
            nodes.append(conv)
            nodes.append(Node(name: node.name + "_bias", op: "BiasAdd", domain: domain, inputs: [unbiased, bias], outputs: node.outputs,
                attributes: [.named("data_format", .text("NCHW"))]))
            count += 1
        }
        out.graph.nodes = nodes
        return (out, count)
    }

    static func rank(of name: String, in graph: Graph) -> Int? {
        (graph.valueInfo + graph.inputs + graph.outputs).first { $0.name == name }?.shape?.rank
            ?? graph.initializer(named: name)?.shape.count
    }

    static func rewrite(_ graph: Graph, _ count: inout Int) throws(ConversionError) -> Graph {
        var g = graph
        var nodes: [Node] = []
        for (index, node) in graph.nodes.enumerated() {
            guard node.domain == domain else {
                nodes.append(node)
                continue
            }
            switch node.op {
            case "BiasAdd":
                guard node.inputs.count == 2, let rank = rank(of: node.inputs[0], in: graph), rank >= 2 else {
                    throw ConversionError(.invalidShape, format: .onnx, graph: graph.name, nodeIndex: index, nodeName: node.name, op: node.op,
                        message: "BiasAdd needs the rank of its input to broadcast the bias; the model does not record it")
                }
                let format = node.attribute(named: "data_format")?.textValue ?? "NCHW"
                var target = [Int64](repeating: 1, count: rank - 1)
                target[format == "NHWC" ? rank - 2 : 0] = -1
                let shapeName = PrecisionPass.unique(node.inputs[1] + "_bias_shape", in: g)
                g.initializers.append(Tensor(name: shapeName, dtype: .int64, shape: [target.count], bytes: TensorBytes(bytes: target.withUnsafeBytes { Array($0) })))
                let reshaped = PrecisionPass.unique(node.inputs[1] + "_broadcast", in: g)
                nodes.append(Node(name: node.name + "_reshape", op: "Reshape", inputs: [node.inputs[1], shapeName], outputs: [reshaped]))
                nodes.append(Node(name: node.name, op: "Add", inputs: [node.inputs[0], reshaped], outputs: node.outputs))
                count += 1
            case "FastGelu":
                let constName = PrecisionPass.unique(node.name + "_1_702", in: g)
                let value = Float(1.702)
                g.initializers.append(Tensor(name: constName, dtype: .float32, shape: [], bytes: TensorBytes(bytes: withUnsafeBytes(of: value) { Array($0) })))
                let scaled = PrecisionPass.unique(node.name + "_scaled", in: g)
                let gate = PrecisionPass.unique(node.name + "_gate", in: g)
                nodes.append(Node(name: node.name + "_scale", op: "Mul", inputs: [node.inputs[0], constName], outputs: [scaled]))
                nodes.append(Node(name: node.name + "_sigmoid", op: "Sigmoid", inputs: [scaled], outputs: [gate]))
                nodes.append(Node(name: node.name, op: "Mul", inputs: [node.inputs[0], gate], outputs: node.outputs))
                count += 1
            default:
                nodes.append(node)
            }
        }
        g.nodes = nodes
        return g
    }
}

/// A GraphIR model raised to one graph format's document, before it is written.
public enum ExportedGraph {
    case onnx(Onnx_ModelProto)
    case mindir(MindIr_ModelProto)
    case air(Ge_Proto_ModelDef)
    case mslite(MSLiteDocument)
}

extension Converter {
    /// `model` as a document of `target` (ONNX, MindIR, AIR or .ms), not yet written.
    public static func export(_ model: Model, to target: ModelFormat) throws(ConversionError) -> ExportedGraph {
        switch target {
        case .onnx: return .onnx(try ONNXExporter.exportModel(model))
        case .mindir: return .mindir(try MindIRExporter.exportModel(model))
        case .air: return .air(try AIRExporter.exportModel(model))
        case .mslite: return .mslite(try MSLiteExporter.exportModel(model))
        default:
            throw ConversionError(.unsupportedOp, format: target, message: "\(target.rawValue) holds weights only, not graphs")
        }
    }
}
