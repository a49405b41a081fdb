// Einsum: a general contraction over labelled axes. Repeated labels within one operand take
// its diagonal, "..." stands for broadcast leading axes, and without "->" the output is the
// ellipsis axes followed by the labels used exactly once, in alphabetical order.
// Computes in Double (Int64 for integers) by walking the whole label space once.

import GraphIR

extension Kernels {
    static let einsum: Kernel = { call throws(InterpreterError) in
        let operands = try call.tensors(from: 0)
        guard let equation = try call.string("equation") else {
            throw call.error(.invalidAttribute, "attribute 'equation' is required")
        }
        return [.tensor(try EinsumMath.evaluate(call, equation, operands))]
    }
}

enum EinsumMath {
    /// One operand's term: labels (letters as their code, ellipsis axes as 1000 + position
    /// counted from the right) in axis order.
    static func parseTerm(_ call: KernelCall, _ term: Substring, rank: Int?) throws(InterpreterError)
        -> (labels: [Int], hasEllipsis: Bool)
    {
        var letters: [Int] = []
        var ellipsisAt: Int? = nil
        var chars = Array(term.utf8)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == UInt8(ascii: ".") {
                guard i + 2 < chars.count, chars[i + 1] == c, chars[i + 2] == c, ellipsisAt == nil else {
                    throw call.error(.invalidAttribute, "malformed ellipsis in '\(term)'")
                }
                ellipsisAt = letters.count
                i += 3
                continue
            }
            guard (c >= 65 && c <= 90) || (c >= 97 && c <= 122) else {
                throw call.error(.invalidAttribute, "bad character in einsum term '\(term)'")
            }
            letters.append(Int(c))
            i += 1
        }
        chars.removeAll()
        guard let at = ellipsisAt else {
            if let rank, rank != letters.count {
                throw call.error(.invalidInput, "term '\(term)' has \(letters.count) labels for a rank-\(rank) operand")
            }
            return (letters, false)
        }
        let ellipsisRank: Int
        if let rank {
            guard rank >= letters.count else {
                throw call.error(.invalidInput, "term '\(term)' has more labels than the operand's rank \(rank)")
            }
            ellipsisRank = rank - letters.count
        } else {
            ellipsisRank = -1  // output: filled in by the caller
        }
        var labels = Array(letters[..<at])
        if ellipsisRank >= 0 {
            for k in 0..<ellipsisRank { labels.append(1000 + (ellipsisRank - 1 - k)) }
        } else {
            labels.append(-1)
        }
        labels.append(contentsOf: letters[at...])
        return (labels, true)
    }

    static func evaluate(_ call: KernelCall, _ equation: String, _ operands: [NDArray]) throws(InterpreterError) -> NDArray {
        let eq = equation.filter { $0 != " " }
        let sides = eq.split(separator: "-", omittingEmptySubsequences: false)
        let lhs: Substring
        var rhs: Substring? = nil
        if sides.count == 1 {
            lhs = sides[0]
        } else if sides.count == 2, sides[1].hasPrefix(">") {
            lhs = sides[0]
            rhs = sides[1].dropFirst()
        } else {
            throw call.error(.invalidAttribute, "malformed equation '\(equation)'")
        }
        let terms = lhs.split(separator: ",", omittingEmptySubsequences: false)
        guard terms.count == operands.count, !operands.isEmpty else {
            throw call.error(.invalidInput, "equation has \(terms.count) terms for \(operands.count) operands")
        }
        let dtype = operands[0].dtype
        for x in operands where x.dtype != dtype { throw call.error(.invalidInput, "operands have different types") }
        guard dtype != .string, dtype != .bool, !dtype.isComplex else { throw call.error(.unsupported, "\(dtype) is not supported") }

        var inputLabels: [[Int]] = []
        var sizes: [Int: Int] = [:]
        var ellipsisRank = 0
        var counts: [Int: Int] = [:]
        for (term, x) in zip(terms, operands) {
            let (labels, _) = try parseTerm(call, term, rank: x.rank)
            for (axis, label) in labels.enumerated() {
                let size = x.shape[axis]
                if label >= 1000 {
                    ellipsisRank = max(ellipsisRank, label - 999)
                    if let s = sizes[label], s != size {
                        if s == 1 { sizes[label] = size } else if size != 1 {
                            throw call.error(.invalidInput, "ellipsis axes do not broadcast")
                        }
                    } else if sizes[label] == nil { sizes[label] = size }
                } else {
                    if let s = sizes[label], s != size {
                        throw call.error(.invalidInput, "label '\(Character(UnicodeScalar(UInt8(label))))' has sizes \(s) and \(size)")
                    }
                    sizes[label] = size
                    counts[label, default: 0] += 1
                }
            }
            inputLabels.append(labels)
        }
        let ellipsisLabels = (0..<ellipsisRank).reversed().map { 1000 + $0 }
        var outLabels: [Int]
        if let rhs {
            let (parsed, _) = try parseTerm(call, rhs, rank: nil)
            outLabels = []
            for l in parsed {
                if l == -1 { outLabels.append(contentsOf: ellipsisLabels) } else { outLabels.append(l) }
            }
            var seen = Set<Int>()
            for l in outLabels {
                guard sizes[l] != nil, !seen.contains(l) else {
                    throw call.error(.invalidAttribute, "output label repeated or not among the inputs in '\(equation)'")
                }
                seen.insert(l)
            }
        } else {
            outLabels = ellipsisLabels + counts.filter { $0.value == 1 }.keys.sorted()
        }
        let outSet = Set(outLabels)
        let reduced = sizes.keys.filter { !outSet.contains($0) }.sorted()
        let all = outLabels + reduced
        let outShape = outLabels.map { sizes[$0]! }
        try call.checkedCount(outShape)
        guard let total = NN.product(all.map { sizes[$0]! }), total <= call.limits.maxElements else {
            throw call.error(.limitExceeded, "einsum '\(equation)' would iterate over too many index combinations")
        }
        let outCount = outShape.reduce(1, *)
        var out = [Double](repeating: 0, count: outCount)
        if total == 0 { return try NN.output(call, out, dtype, outShape) }
        let reduceCount = total / max(outCount, 1)
        let position = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
        // Per operand: the stride it advances by for each label of `all` (0 where broadcast).
        var strides: [[Int]] = []
        var values: [[Double]] = []
        for (labels, x) in zip(inputLabels, operands) {
            var s = [Int](repeating: 0, count: all.count)
            let xs = x.strides
            for (axis, label) in labels.enumerated() where !(label >= 1000 && x.shape[axis] == 1 && sizes[label] != 1) {
                s[position[label]!] += xs[axis]
            }
            strides.append(s)
            if !dtype.isInteger {
                guard let v = x.doubles() else { throw call.error(.unsupported, "\(dtype) is not supported") }
                values.append(v)
            }
        }
        let dims = all.map { sizes[$0]! }
        // Integers accumulate in Int64 (wrapping, as numpy's fixed-width sums do), floats in Double.
        let integer = dtype.isInteger
        var ints: [[Int64]] = []
        if integer {
            for x in operands {
                guard let v = x.int64s() else { throw call.error(.unsupported, "\(dtype) is not supported") }
                ints.append(v)
            }
        }
        var intOut = [Int64](repeating: 0, count: integer ? outCount : 0)
        var index = [Int](repeating: 0, count: all.count)
        var offsets = [Int](repeating: 0, count: operands.count)
        for flat in 0..<total {
            if integer {
                var p: Int64 = 1
                for k in 0..<operands.count { p = p &* ints[k][offsets[k]] }
                intOut[flat / reduceCount] = intOut[flat / reduceCount] &+ p
            } else {
                var p = 1.0
                for k in 0..<operands.count { p *= values[k][offsets[k]] }
                out[flat / reduceCount] += p
            }
            var axis = all.count - 1
            while axis >= 0 {
                index[axis] += 1
                for k in 0..<operands.count { offsets[k] += strides[k][axis] }
                if index[axis] < dims[axis] { break }
                for k in 0..<operands.count { offsets[k] -= strides[k][axis] * dims[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
        if integer {
            guard let result = NDArray.fromInt64s(intOut, dtype: dtype, shape: outShape) else {
                throw call.error(.unsupported, "\(dtype) is not supported")
            }
            return result
        }
        return try NN.output(call, out, dtype, outShape)
    }
}
