// Weight binding: a checkpoint's tensors bound into a graph's parameters (initializers) by name.
//
// Names are matched exactly first, then through a user's name map, then by MindSpore's naming
// conventions: wrapper prefixes (`network.`, `backbone.`, `_backbone.`, `net.`, `model.`,
// `module.`) are ignored on either side, and BatchNorm parameters are recognised under both
// MindSpore's and the PyTorch/ONNX spelling (`gamma`↔`weight`/`scale`, `beta`↔`bias`,
// `moving_mean`↔`running_mean`/`mean`, `moving_variance`↔`running_var`/`var`). Shape and dtype
// must agree; a mismatch is reported, never forced. Nothing is copied: the bound initializers
// are views of the checkpoint's mapped bytes.

import Formats
import GraphIR

/// What a binding did.
public struct BindingReport: Sendable, Equatable {
    public struct Bound: Sendable, Equatable {
        public var parameter: String
        public var source: String
        /// How the names were matched: `exact`, `map`, `prefix`, `batchnorm`.
        public var rule: String
    }

    public struct Mismatch: Sendable, Equatable {
        public var parameter: String
        public var source: String
        public var problem: String
    }

    public var bound: [Bound] = []
    /// Graph parameters that no source tensor matched (they keep their current values).
    public var unbound: [String] = []
    /// Source tensors that matched no graph parameter.
    public var unused: [String] = []
    /// Matches refused because shape or dtype differ.
    public var mismatched: [Mismatch] = []

    public var isComplete: Bool { unbound.isEmpty && mismatched.isEmpty }

    /// A line per category, then the details.
    public func text() -> String {
        var lines = ["bound \(bound.count), unbound \(unbound.count), unused \(unused.count), mismatched \(mismatched.count)"]
        for b in bound where b.rule != "exact" { lines.append("  bound \(b.parameter) <- \(b.source) (\(b.rule))") }
        for name in unbound { lines.append("  unbound: \(name)") }
        for name in unused { lines.append("  unused: \(name)") }
        for m in mismatched { lines.append("  mismatched: \(m.parameter) <- \(m.source): \(m.problem)") }
        return lines.joined(separator: "\n")
    }
}

public enum WeightBinding {
    static let wrapperPrefixes = ["network.", "backbone.", "_backbone.", "net.", "model.", "module."]
    static let batchNormAliases: [[String]] = [
        ["gamma", "weight", "scale"], ["beta", "bias"], ["moving_mean", "running_mean", "mean"],
        ["moving_variance", "running_var", "var"],
    ]

    /// The tensors of a MindSpore checkpoint as GraphIR tensors (views of the mapped file).
    public static func checkpointTensors(path: String, key: [UInt8]? = nil) throws(FormatError) -> [Tensor] {
        var options = DecodingOptions()
        options.key = key
        let document = try CheckpointCodec.decode(path: path, options: options)
        var out: [Tensor] = []
        for entry in try CheckpointCodec.entries(of: document, file: path, options: options) {
            guard let tensor = entry.tensor, let canonical = tensor.tensorType.canonicalName,
                let dtype = DType(rawValue: canonical)
            else { continue }
            out.append(Tensor(name: entry.name, dtype: dtype, shape: tensor.shape, bytes: tensor.data))
        }
        return out
    }

    /// The tensors of a safetensors file as GraphIR tensors (views of the mapped file).
    public static func safetensorsTensors(path: String) throws(FormatError) -> [Tensor] {
        let document = try SafetensorsCodec.decode(path: path)
        var out: [Tensor] = []
        for tensor in document.tensors {
            guard let dtype = DType(rawValue: tensor.neutralDType) else { continue }
            out.append(Tensor(name: tensor.name, dtype: dtype, shape: tensor.shape, bytes: TensorBytes(tensor.data)))
        }
        return out
    }

    /// Strips one wrapper prefix, repeatedly.
    static func stripped(_ name: String) -> String {
        var name = name
        var changed = true
        while changed {
            changed = false
            for prefix in wrapperPrefixes where name.hasPrefix(prefix) {
                name.removeFirst(prefix.count)
                changed = true
            }
        }
        return name
    }

    /// The BatchNorm-normalised spelling of a name: its last component replaced by the first alias.
    static func normalised(_ name: String) -> String {
        let base = stripped(name)
        guard let dot = base.lastIndex(of: ".") else { return base }
        let last = String(base[base.index(after: dot)...])
        for aliases in batchNormAliases where aliases.contains(last) {
            return String(base[..<dot]) + "." + aliases[0]
        }
        return base
    }

    /// Binds `weights` into `model`'s initializers. `nameMap` maps graph parameter names to source
    /// names (or source to graph; both directions are tried).
    public static func bind(_ model: Model, weights: [Tensor], nameMap: [String: String] = [:]) -> (Model, BindingReport) {
        var report = BindingReport()
        var byName: [String: Int] = [:]
        var byStripped: [String: [Int]] = [:]
        var byNormalised: [String: [Int]] = [:]
        for (i, w) in weights.enumerated() {
            byName[w.name] = i
            byStripped[stripped(w.name), default: []].append(i)
            byNormalised[normalised(w.name), default: []].append(i)
        }
        let reverseMap = Dictionary(nameMap.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var used = Set<Int>()
        var out = model
        for p in out.graph.initializers.indices {
            let parameter = out.graph.initializers[p]
            var candidate: (Int, String)? = nil
            if let i = byName[parameter.name] {
                candidate = (i, "exact")
            } else if let mapped = nameMap[parameter.name] ?? reverseMap[parameter.name], let i = byName[mapped] {
                candidate = (i, "map")
            } else if let list = byStripped[stripped(parameter.name)], list.count == 1 {
                candidate = (list[0], "prefix")
            } else if let list = byNormalised[normalised(parameter.name)], list.count == 1 {
                candidate = (list[0], "batchnorm")
            }
            guard let (index, rule) = candidate else {
                report.unbound.append(parameter.name)
                continue
            }
            let source = weights[index]
            if source.shape != parameter.shape {
                report.mismatched.append(.init(parameter: parameter.name, source: source.name, problem: "shape \(source.shape) vs \(parameter.shape)"))
                used.insert(index)
                continue
            }
            if source.dtype != parameter.dtype {
                report.mismatched.append(.init(parameter: parameter.name, source: source.name, problem: "dtype \(source.dtype) vs \(parameter.dtype)"))
                used.insert(index)
                continue
            }
            var bound = source
            bound.name = parameter.name
            bound.docString = parameter.docString
            out.graph.initializers[p] = bound
            used.insert(index)
            report.bound.append(.init(parameter: parameter.name, source: source.name, rule: rule))
        }
        report.unused = weights.indices.filter { !used.contains($0) }.map { weights[$0].name }
        return (out, report)
    }
}
