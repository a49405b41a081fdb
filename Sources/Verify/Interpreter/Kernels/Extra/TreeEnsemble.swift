// ai.onnx.ml TreeEnsemble (opset 5): the unified tree ensemble. Node i compares feature
// nodes_featureids[i] of a row with nodes_splits[i] by nodes_modes[i] (<=, <, >=, >, ==, !=, or
// membership in its set from membership_values), then follows its true or false branch to another
// node or, when nodes_trueleafs/falseleafs says so, to a leaf (leaf_targetids, leaf_weights). Each
// tree starts at tree_roots; the leaf weights reached are aggregated per target (average, sum, min,
// max) and post-transformed (none, softmax, logistic, softmax_zero, probit). Every reference is checked and
// every walk is bounded by the node count, so malformed trees are errors, not hangs.

import Foundation
import GraphIR

extension Kernels {
    static let treeEnsemble: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype.isFloatingPoint, !x.dtype.isComplex, let xv = x.doubles() else {
            throw call.error(.unsupported, "X of type \(x.dtype) is not supported")
        }
        guard x.rank == 2 else { throw call.error(.invalidInput, "X must be 2-D [N, features], got \(x.shape)") }
        let rows = x.shape[0], features = x.shape[1]
        let model = try ExtraTrees.Model(call)
        for f in model.featureIDs where f < 0 || f >= features {
            throw call.error(.invalidAttribute, "feature id \(f) is outside 0..<\(features)")
        }
        let targets = model.targets
        let count = try call.checkedCount([rows, targets])
        let aggregate = try call.int("aggregate_function", default: 1)
        let post = try call.int("post_transform", default: 0)
        guard (0...3).contains(aggregate) else { throw call.error(.invalidAttribute, "aggregate_function \(aggregate) is not 0...3") }
        guard (0...4).contains(post) else { throw call.error(.invalidAttribute, "post_transform \(post) is not 0...4") }
        let initial: Double
        switch aggregate {
        case 2: initial = ExtraTrees.extreme(x.dtype, max: true)
        case 3: initial = ExtraTrees.extreme(x.dtype, max: false)
        default: initial = 0
        }
        var out = [Double](repeating: initial, count: count)
        for r in 0..<rows {
            let row = Array(xv[(r * features)..<((r + 1) * features)])
            for root in model.roots {
                let leaf = try model.walk(call, root, row)
                let p = r * targets + model.leafTargets[leaf]
                let w = model.leafWeights[leaf]
                switch aggregate {
                case 0: out[p] += w / Double(model.roots.count)
                case 1: out[p] += w
                case 2: out[p] = min(out[p], w)
                default: out[p] = max(out[p], w)
                }
            }
            let range = (r * targets)..<((r + 1) * targets)
            switch post {
            case 1, 3:
                let zeroStays = post == 3
                let kept = range.filter { !(zeroStays && out[$0] == 0) }
                guard let top = kept.map({ out[$0] }).max() else { break }
                var total = 0.0
                for i in kept { out[i] = exp(out[i] - top); total += out[i] }
                for i in kept { out[i] /= total }
            case 2:
                for i in range { out[i] = 1 / (1 + exp(-out[i])) }
            case 4:
                for i in range { out[i] = 2.0.squareRoot() * ExtraTrees.inverseErf(2 * out[i] - 1) }
            default: break
            }
        }
        guard let y = NDArray.fromDoubles(out, dtype: x.dtype, shape: [rows, targets]) else {
            throw call.error(.unsupported, "\(x.dtype) results are not supported")
        }
        return [.tensor(y)]
    }
}

enum ExtraTrees {
    /// The inverse of erf on (-1, 1) (±infinity at ±1, NaN outside): a closed-form first guess
    /// refined by Newton steps on erf.
    static func inverseErf(_ y: Double) -> Double {
        if y.isNaN || y < -1 || y > 1 { return .nan }
        if y == 1 { return .infinity }
        if y == -1 { return -.infinity }
        let a = 0.147, l = log(1 - y * y)
        let b = 2 / (Double.pi * a) + l / 2
        var x = ((b * b - l / a).squareRoot() - b).squareRoot()
        if y < 0 { x = -x }
        for _ in 0..<4 {
            let slope = 2 / Double.pi.squareRoot() * exp(-x * x)
            guard slope > 0 else { break }
            x -= (erf(x) - y) / slope
        }
        return x
    }

    static func extreme(_ dtype: DType, max: Bool) -> Double {
        let magnitude: Double
        switch dtype {
        case .float16: magnitude = Double(Float16.greatestFiniteMagnitude)
        case .float32: magnitude = Double(Float.greatestFiniteMagnitude)
        default: magnitude = Double.greatestFiniteMagnitude
        }
        return max ? magnitude : -magnitude
    }

    struct Model {
        var splits: [Double]
        var featureIDs: [Int]
        var modes: [Int]
        var trueIDs: [Int], falseIDs: [Int]
        var trueLeaf: [Bool], falseLeaf: [Bool]
        var missingTrue: [Bool]
        var members: [Set<Double>]  // per node; empty unless its mode is membership
        var leafTargets: [Int]
        var leafWeights: [Double]
        var roots: [Int]
        var targets: Int

        init(_ call: KernelCall) throws(InterpreterError) {
            func ints(_ name: String) throws(InterpreterError) -> [Int] {
                guard let v = try call.ints(name) else { throw call.error(.invalidAttribute, "attribute '\(name)' is required") }
                return v
            }
            func numbers(_ name: String) throws(InterpreterError) -> [Double]? {
                guard let t = try call.tensorAttribute(name) else { return nil }
                guard t.dtype.isFloatingPoint || t.dtype.isInteger, let v = t.doubles() else {
                    throw call.error(.invalidAttribute, "attribute '\(name)' must be numeric")
                }
                return v
            }
            guard let splits = try numbers("nodes_splits"), let modes = try numbers("nodes_modes"),
                let weights = try numbers("leaf_weights")
            else { throw call.error(.invalidAttribute, "nodes_splits, nodes_modes and leaf_weights are required") }
            self.splits = splits
            self.modes = modes.map { Int(NDArray.clampedInt64($0)) }
            featureIDs = try ints("nodes_featureids")
            trueIDs = try ints("nodes_truenodeids")
            falseIDs = try ints("nodes_falsenodeids")
            trueLeaf = try ints("nodes_trueleafs").map { $0 != 0 }
            falseLeaf = try ints("nodes_falseleafs").map { $0 != 0 }
            leafTargets = try ints("leaf_targetids")
            leafWeights = weights
            roots = try ints("tree_roots")
            let n = splits.count
            missingTrue = try call.ints("nodes_missing_value_tracks_true")?.map { $0 != 0 } ?? Array(repeating: false, count: n)
            for (name, c) in [
                ("nodes_modes", self.modes.count), ("nodes_featureids", featureIDs.count), ("nodes_truenodeids", trueIDs.count),
                ("nodes_falsenodeids", falseIDs.count), ("nodes_trueleafs", trueLeaf.count),
                ("nodes_falseleafs", falseLeaf.count), ("nodes_missing_value_tracks_true", missingTrue.count),
            ] where c != n {
                throw call.error(.invalidAttribute, "\(name) has \(c) entries but there are \(n) nodes")
            }
            guard leafTargets.count == leafWeights.count else {
                throw call.error(.invalidAttribute, "\(leafTargets.count) leaf target ids but \(leafWeights.count) leaf weights")
            }
            guard !roots.isEmpty else { throw call.error(.invalidAttribute, "tree_roots is empty") }
            guard let t = try call.int("n_targets"), t > 0 else {
                throw call.error(.invalidAttribute, "n_targets must be given and positive")
            }
            targets = t
            for id in leafTargets where id < 0 || id >= t {
                throw call.error(.invalidAttribute, "leaf target id \(id) is outside 0..<\(t)")
            }
            for m in self.modes where m < 0 || m > 6 { throw call.error(.invalidAttribute, "node mode \(m) is not 0...6") }
            for i in 0..<n {
                for (leaf, id) in [(trueLeaf[i], trueIDs[i]), (falseLeaf[i], falseIDs[i])] {
                    let limit = leaf ? leafWeights.count : n
                    guard id >= 0, id < limit else {
                        throw call.error(.invalidAttribute, "node \(i) points at \(leaf ? "leaf" : "node") \(id), outside 0..<\(limit)")
                    }
                }
            }
            for root in roots where root < 0 || root >= n {
                throw call.error(.invalidAttribute, "tree root \(root) is outside 0..<\(n)")
            }
            // Membership sets, in the order membership nodes appear, each ended by a NaN.
            members = Array(repeating: [], count: n)
            let memberNodes = (0..<n).filter { self.modes[$0] == 6 }
            if !memberNodes.isEmpty {
                guard let values = try numbers("membership_values") else {
                    throw call.error(.invalidAttribute, "membership nodes need membership_values")
                }
                var sets: [Set<Double>] = [[]]
                for v in values {
                    if v.isNaN { sets.append([]) } else { sets[sets.count - 1].insert(v) }
                }
                if sets.last?.isEmpty == true, values.last?.isNaN == true { sets.removeLast() }
                guard sets.count == memberNodes.count else {
                    throw call.error(.invalidAttribute, "\(memberNodes.count) membership nodes but \(sets.count) sets in membership_values")
                }
                for (node, set) in zip(memberNodes, sets) { members[node] = set }
            }
        }

        /// The leaf a row reaches from `root`; a walk longer than the node count is a cycle.
        func walk(_ call: KernelCall, _ root: Int, _ row: [Double]) throws(InterpreterError) -> Int {
            // A root whose both branches are the same leaf is a tree made of that leaf alone.
            if trueLeaf[root], falseLeaf[root], trueIDs[root] == falseIDs[root] { return trueIDs[root] }
            var node = root
            for _ in 0...splits.count {
                let v = row[featureIDs[node]], s = splits[node]
                let taken: Bool
                if v.isNaN && missingTrue[node] {
                    taken = true
                } else {
                    switch modes[node] {
                    case 0: taken = v <= s
                    case 1: taken = v < s
                    case 2: taken = v >= s
                    case 3: taken = v > s
                    case 4: taken = v == s
                    case 5: taken = v != s
                    default: taken = members[node].contains(v)
                    }
                }
                let next = taken ? trueIDs[node] : falseIDs[node]
                if taken ? trueLeaf[node] : falseLeaf[node] { return next }
                node = next
            }
            throw call.error(.invalidAttribute, "tree from root \(root) has a cycle")
        }
    }
}
