// Numerical comparison of two tensors, with the statistics people use to judge a converted or
// re-run model: max absolute and relative error and where the worst element is, mean and median
// absolute error, NMSE, cosine similarity, and numpy's allclose verdict with explicit NaN/Inf rules.

import Foundation
import GraphIR

/// The result of comparing one output with its expected value.
public struct TensorComparison: Sendable, Equatable {
    public var name: String
    public var dtype: DType
    public var expectedDType: DType
    public var shape: [Int]
    public var expectedShape: [Int]
    public var tolerance: Tolerance
    /// Elements compared (0 when shapes or types differ).
    public var count: Int
    /// Elements outside the tolerance (NaN/Inf rule violations included).
    public var mismatches: Int
    public var maxAbsError: Double
    public var maxRelError: Double
    /// Row-major index of the element with the largest absolute error (or the first NaN/Inf
    /// mismatch), and its values.
    public var worstIndex: [Int]?
    public var worstActual: Double?
    public var worstExpected: Double?
    public var meanAbsError: Double
    public var medianAbsError: Double
    /// Σ(actual − expected)² / Σ expected² (0 when both are all zero, ∞ when only expected is).
    public var nmse: Double
    public var cosineSimilarity: Double
    /// Positions where exactly one side is NaN (or both are and `nanEqual` is false).
    public var nanMismatches: Int
    /// Positions where an infinity is not matched by the same infinity.
    public var infMismatches: Int
    /// Why the comparison failed beyond numbers (type or shape differ), if it did.
    public var structuralProblem: String?

    /// Whether the output is within tolerance everywhere.
    public var passed: Bool { structuralProblem == nil && mismatches == 0 }
}

/// Compares tensors.
public enum Comparator {
    /// Compares `actual` with `expected` under `tolerance` (default: per the expected dtype).
    public static func compare(
        _ actual: NDArray, _ expected: NDArray, name: String = "", tolerance: Tolerance? = nil
    ) -> TensorComparison {
        let tolerance = tolerance ?? Tolerance.default(for: expected.dtype)
        var result = TensorComparison(
            name: name, dtype: actual.dtype, expectedDType: expected.dtype, shape: actual.shape,
            expectedShape: expected.shape, tolerance: tolerance, count: 0, mismatches: 0, maxAbsError: 0,
            maxRelError: 0, worstIndex: nil, worstActual: nil, worstExpected: nil, meanAbsError: 0, medianAbsError: 0,
            nmse: 0, cosineSimilarity: 1, nanMismatches: 0, infMismatches: 0, structuralProblem: nil)
        guard actual.dtype == expected.dtype else {
            result.structuralProblem = "dtype \(actual.dtype), expected \(expected.dtype)"
            return result
        }
        guard actual.shape == expected.shape else {
            result.structuralProblem = "shape \(actual.shape), expected \(expected.shape)"
            return result
        }
        if let a = actual.strings, let e = expected.strings {
            result.count = a.count
            for i in 0..<a.count where a[i] != e[i] {
                result.mismatches += 1
                if result.worstIndex == nil { result.worstIndex = unflatten(i, actual.shape) }
            }
            return result
        }
        if !actual.dtype.isFloatingPoint, let a = actual.int64s(), let e = expected.int64s() {
            // Integers and bools: exact unless a tolerance says otherwise, compared without
            // passing through Double (which would merge large int64 values).
            return integerStatistics(result, a, e, actual.shape)
        }
        guard let a = actual.doubles(), let e = expected.doubles() else {
            result.structuralProblem = "\(actual.dtype) elements cannot be compared"
            return result
        }
        return floatStatistics(result, a, e, actual.shape)
    }

    static func unflatten(_ flat: Int, _ shape: [Int]) -> [Int] {
        var index = Array(repeating: 0, count: shape.count)
        var rest = flat
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    static func integerStatistics(_ base: TensorComparison, _ a: [Int64], _ e: [Int64], _ shape: [Int]) -> TensorComparison {
        var result = base
        result.count = a.count
        var errors: [Double] = []
        errors.reserveCapacity(a.count)
        var worst = -1.0
        for i in 0..<a.count {
            // The difference is taken in Int64 (exact) before Double, so large values that
            // Double would merge still count as different.
            let (exactDiff, overflow) = a[i].subtractingReportingOverflow(e[i])
            let diff = overflow ? abs(Double(a[i]) - Double(e[i])) : Double(exactDiff.magnitude)
            errors.append(diff)
            let exact = result.tolerance.atol == 0 && result.tolerance.rtol == 0
            if a[i] != e[i] && (exact || diff > result.tolerance.atol + result.tolerance.rtol * abs(Double(e[i]))) {
                result.mismatches += 1
            }
            if diff > worst {
                worst = diff
                result.worstIndex = unflatten(i, shape)
                result.worstActual = Double(a[i])
                result.worstExpected = Double(e[i])
            }
        }
        return finish(result, errors, a.map(Double.init), e.map(Double.init))
    }

    static func floatStatistics(_ base: TensorComparison, _ a: [Double], _ e: [Double], _ shape: [Int]) -> TensorComparison {
        var result = base
        let tolerance = result.tolerance
        result.count = a.count
        var errors: [Double] = []
        errors.reserveCapacity(a.count)
        var finiteA: [Double] = []
        var finiteE: [Double] = []
        var worst = -1.0
        var firstSpecialMismatch: Int?
        for i in 0..<a.count {
            let x = a[i], y = e[i]
            if x.isNaN || y.isNaN {
                if !(x.isNaN && y.isNaN && tolerance.nanEqual) {
                    result.nanMismatches += 1
                    result.mismatches += 1
                    if firstSpecialMismatch == nil { firstSpecialMismatch = i }
                }
                continue
            }
            if x.isInfinite || y.isInfinite {
                if x != y {
                    result.infMismatches += 1
                    result.mismatches += 1
                    if firstSpecialMismatch == nil { firstSpecialMismatch = i }
                }
                continue
            }
            let diff = abs(x - y)
            errors.append(diff)
            finiteA.append(x)
            finiteE.append(y)
            let relative = diff == 0 ? 0 : (y == 0 ? Double.infinity : diff / abs(y))
            result.maxRelError = max(result.maxRelError, relative)
            if diff > tolerance.atol + tolerance.rtol * abs(y) { result.mismatches += 1 }
            if diff > worst {
                worst = diff
                result.worstIndex = unflatten(i, shape)
                result.worstActual = x
                result.worstExpected = y
            }
        }
        if let special = firstSpecialMismatch {
            result.worstIndex = unflatten(special, shape)
            result.worstActual = a[special]
            result.worstExpected = e[special]
        }
        return finish(result, errors, finiteA, finiteE)
    }

    static func finish(_ base: TensorComparison, _ errors: [Double], _ a: [Double], _ e: [Double]) -> TensorComparison {
        var result = base
        guard !errors.isEmpty else { return result }
        result.maxAbsError = errors.max() ?? 0
        result.meanAbsError = errors.reduce(0, +) / Double(errors.count)
        let sorted = errors.sorted()
        let middle = sorted.count / 2
        result.medianAbsError = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        var squaredError = 0.0, squaredExpected = 0.0, dot = 0.0, squaredActual = 0.0
        for i in 0..<a.count {
            let d = a[i] - e[i]
            squaredError += d * d
            squaredExpected += e[i] * e[i]
            squaredActual += a[i] * a[i]
            dot += a[i] * e[i]
        }
        result.nmse = squaredExpected == 0 ? (squaredError == 0 ? 0 : .infinity) : squaredError / squaredExpected
        if squaredActual == 0 && squaredExpected == 0 {
            result.cosineSimilarity = 1
        } else if squaredActual == 0 || squaredExpected == 0 {
            result.cosineSimilarity = 0
        } else {
            result.cosineSimilarity = dot / (squaredActual.squareRoot() * squaredExpected.squareRoot())
        }
        return result
    }
}
