import Foundation

/// The comparison of every output of a run, with text and JSON renderings.
public struct ComparisonReport: Sendable, Equatable {
    /// What was compared (e.g. `model.onnx (reference) vs model.mindir (fast)`).
    public var title: String
    public var outputs: [TensorComparison]
    /// Outputs present on one side only.
    public var unmatched: [String]

    public init(title: String, outputs: [TensorComparison], unmatched: [String] = []) {
        self.title = title
        self.outputs = outputs
        self.unmatched = unmatched
    }

    public var passed: Bool { unmatched.isEmpty && outputs.allSatisfy(\.passed) }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.3g", value)
    }

    /// One block per output: verdict, errors, worst element, statistics.
    public func text() -> String {
        var lines = ["\(title): \(passed ? "PASS" : "FAIL")"]
        for c in outputs {
            let verdict = c.passed ? "ok" : "MISMATCH"
            lines.append("  \(c.name) \(c.dtype)\(c.shape): \(verdict) (\(c.tolerance))")
            if let problem = c.structuralProblem {
                lines.append("    \(problem)")
                continue
            }
            lines.append(
                "    max abs \(Self.number(c.maxAbsError)), max rel \(Self.number(c.maxRelError)), mean abs \(Self.number(c.meanAbsError)), median abs \(Self.number(c.medianAbsError))")
            lines.append(
                "    nmse \(Self.number(c.nmse)), cosine \(String(format: "%.9f", c.cosineSimilarity)), mismatches \(c.mismatches)/\(c.count) (nan \(c.nanMismatches), inf \(c.infMismatches))")
            if let index = c.worstIndex, let a = c.worstActual, let e = c.worstExpected {
                lines.append("    worst at \(index): \(Self.number(a)) vs expected \(Self.number(e))")
            }
        }
        for name in unmatched { lines.append("  \(name): present on one side only") }
        return lines.joined(separator: "\n")
    }

    public func json() -> JSONValue {
        func num(_ v: Double) -> JSONValue { v.isFinite ? .double(v) : .string(Self.number(v)) }
        let outputs: [JSONValue] = self.outputs.map { c in
            var members: [(String, JSONValue)] = [
                ("name", .string(c.name)), ("dtype", .string(c.dtype.rawValue)),
                ("shape", .array(c.shape.map { .int($0) })), ("passed", .bool(c.passed)),
                ("rtol", .double(c.tolerance.rtol)), ("atol", .double(c.tolerance.atol)),
                ("count", .int(c.count)), ("mismatches", .int(c.mismatches)),
                ("max_abs_error", num(c.maxAbsError)), ("max_rel_error", num(c.maxRelError)),
                ("mean_abs_error", num(c.meanAbsError)), ("median_abs_error", num(c.medianAbsError)),
                ("nmse", num(c.nmse)), ("cosine_similarity", num(c.cosineSimilarity)),
                ("nan_mismatches", .int(c.nanMismatches)), ("inf_mismatches", .int(c.infMismatches)),
            ]
            if let index = c.worstIndex { members.append(("worst_index", .array(index.map { .int($0) }))) }
            if let a = c.worstActual { members.append(("worst_actual", num(a))) }
            if let e = c.worstExpected { members.append(("worst_expected", num(e))) }
            if let problem = c.structuralProblem { members.append(("problem", .string(problem))) }
            return .object(members)
        }
        return .object([
            ("title", .string(title)), ("passed", .bool(passed)), ("outputs", .array(outputs)),
            ("unmatched", .array(unmatched.map { .string($0) })),
        ])
    }
}
