import Foundation
import GraphIR

// The string ops share one file; strings are UTF-8 byte arrays in `ArrayStorage.string`.

extension Kernels {
    /// StringConcat: elementwise concatenation of two broadcast string tensors.
    static let stringConcat: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0)
        let b = try call.tensor(1)
        guard let sa = a.strings, let sb = b.strings else { throw call.error(.invalidInput, "inputs must be strings") }
        let shape = try Elementwise.broadcastShape(call, [a, b])
        let ia = Broadcast.sourceIndices(from: a.shape, to: shape)
        let ib = Broadcast.sourceIndices(from: b.shape, to: shape)
        let out = zip(ia, ib).map { sa[$0.0] + sb[$0.1] }
        return [.tensor(NDArray(dtype: .string, shape: shape, storage: .string(out)))]
    }

    /// StringSplit: splits each string at `delimiter` (or at runs of whitespace, trimmed, when
    /// the delimiter is empty or absent), at most `maxsplit` times; the pieces are padded with
    /// empty strings to the longest count, and the counts are a second output.
    static let stringSplit: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard let strings = x.strings else { throw call.error(.invalidInput, "input must be strings") }
        let delimiter = try call.string("delimiter") ?? ""
        let limit = try call.int("maxsplit")
        if let limit, limit < 0 { throw call.error(.invalidAttribute, "maxsplit \(limit) is negative") }
        let separator = Array(delimiter.utf8)
        var pieces: [[[UInt8]]] = []
        var widest = 0
        for s in strings {
            let parts =
                separator.isEmpty
                ? StringOps.splitWhitespace(s, limit: limit) : StringOps.split(s, separator, limit: limit)
            widest = max(widest, parts.count)
            pieces.append(parts)
        }
        let shape = x.shape + [widest]
        let count = try call.checkedCount(shape)
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        for parts in pieces {
            out.append(contentsOf: parts)
            out.append(contentsOf: Array(repeating: [], count: widest - parts.count))
        }
        return [
            .tensor(NDArray(dtype: .string, shape: shape, storage: .string(out))),
            .tensor(NDArray(pieces.map { Int64($0.count) }, shape: x.shape)),
        ]
    }

    /// StringNormalizer: drops the elements equal to a stop word (case-insensitively unless
    /// `is_case_sensitive`), then changes case (LOWER, UPPER or NONE). Input [C] or [1, C]; an
    /// empty result is a single empty string.
    static let stringNormalizer: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard let strings = x.strings else { throw call.error(.invalidInput, "input must be strings") }
        guard x.rank == 1 || (x.rank == 2 && x.shape[0] == 1) else {
            throw call.error(.invalidInput, "input must be [C] or [1, C], not \(x.shape)")
        }
        let action = try call.string("case_change_action", default: "NONE")
        let sensitive = try call.int("is_case_sensitive", default: 0) != 0
        let stopwords = try call.strings("stopwords") ?? []
        let stops = Set(stopwords.map { sensitive ? $0 : $0.lowercased() })
        var out: [[UInt8]] = []
        for bytes in strings {
            let s = String(decoding: bytes, as: UTF8.self)
            if stops.contains(sensitive ? s : s.lowercased()) { continue }
            switch action {
            case "LOWER": out.append(Array(s.lowercased().utf8))
            case "UPPER": out.append(Array(s.uppercased().utf8))
            case "NONE": out.append(bytes)
            default: throw call.error(.invalidAttribute, "case_change_action '\(action)' is not LOWER, UPPER or NONE")
            }
        }
        if out.isEmpty { out = [[]] }
        let shape = x.rank == 2 ? [1, out.count] : [out.count]
        return [.tensor(NDArray(dtype: .string, shape: shape, storage: .string(out)))]
    }

    /// RegexFullMatch: whether each whole string matches `pattern` (ICU regular expressions,
    /// which cover the RE2 syntax the spec names for ordinary patterns).
    static let regexFullMatch: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard let strings = x.strings else { throw call.error(.invalidInput, "input must be strings") }
        guard let pattern = try call.string("pattern") else {
            throw call.error(.invalidAttribute, "pattern is required")
        }
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z")
        } catch {
            throw call.error(.invalidAttribute, "pattern '\(pattern)' is not a valid regular expression")
        }
        let out = strings.map { bytes -> Bool in
            let s = String(decoding: bytes, as: UTF8.self)
            return expression.firstMatch(in: s, range: NSRange(location: 0, length: s.utf16.count)) != nil
        }
        return [.tensor(NDArray(out, shape: x.shape))]
    }
}

enum StringOps {
    /// `s` split at every `separator`, at most `limit` times (the rest stays in the last piece).
    static func split(_ s: [UInt8], _ separator: [UInt8], limit: Int?) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        var i = 0
        while i + separator.count <= s.count {
            if let limit, out.count >= limit { break }
            if Array(s[i..<(i + separator.count)]) == separator {
                out.append(Array(s[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        out.append(Array(s[start...]))
        return out
    }

    /// `s` split at runs of whitespace, ignoring leading and trailing whitespace, at most
    /// `limit` times (the rest, trailing whitespace included, stays in the last piece).
    static func splitWhitespace(_ s: [UInt8], limit: Int?) -> [[UInt8]] {
        let text = String(decoding: s, as: UTF8.self)
        var out: [[UInt8]] = []
        var current: [Character] = []
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c.isWhitespace {
                if !current.isEmpty {
                    out.append(Array(String(current).utf8))
                    current = []
                }
                index = text.index(after: index)
                continue
            }
            if let limit, out.count >= limit {
                out.append(Array(String(text[index...]).utf8))
                return out
            }
            current.append(c)
            index = text.index(after: index)
        }
        if !current.isEmpty { out.append(Array(String(current).utf8)) }
        return out
    }
}
