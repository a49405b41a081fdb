import Foundation
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// The comparator's verdict and statistics against NumPy's (np.allclose, np.isclose, and the
/// error statistics computed in NumPy), on seeded random pairs with planted outliers.
@Suite struct ComparisonTests {
    @Test(arguments: [(1 as UInt64, 1e-5, 1e-6), (2, 1e-3, 1e-3), (3, 0.0, 0.5), (4, 1e-2, 0.0)])
    func statisticsMatchNumPy(seed: UInt64, rtol: Double, atol: Double) throws {
        var generator = SplitMix64(seed: seed)
        let count = 500
        let expected = (0..<count).map { _ in Float(generator.nextUnit() * 4 - 2) }
        var actual = expected.map { $0 + Float((generator.nextUnit() - 0.5) * 2e-5) }
        actual[17] += 0.75  // one clear outlier
        actual[99] = expected[99] * 1.01
        let a = NDArray(actual, shape: [20, 25]), e = NDArray(expected, shape: [20, 25])
        let folder = try Project.temporaryDirectory()
        let pa = folder.appendingPathComponent("a.npy").path, pe = folder.appendingPathComponent("e.npy").path
        try NPY.write(a, to: pa)
        try NPY.write(e, to: pe)
        let result = try runProcess(
            Project.python, [Project.root.appendingPathComponent("scripts/npy_oracle.py").path, "stats", pa, pe, "\(rtol)", "\(atol)"])
        #expect(result.status == 0, "\(result.stderr)")
        let numpy = try #require(try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any])
        let c = Comparator.compare(a, e, tolerance: Tolerance(rtol: rtol, atol: atol))
        #expect(c.passed == (numpy["allclose"] as? Bool))
        #expect(c.mismatches == (numpy["mismatches"] as? Int))
        func close(_ x: Double, _ key: String) -> Bool {
            guard let y = numpy[key] as? Double else { return false }
            return abs(x - y) <= 1e-12 + 1e-9 * abs(y)
        }
        #expect(close(c.maxAbsError, "max_abs"))
        #expect(close(c.maxRelError, "max_rel"))
        #expect(close(c.meanAbsError, "mean_abs"))
        #expect(close(c.medianAbsError, "median_abs"))
        #expect(close(c.nmse, "nmse"))
        #expect(close(c.cosineSimilarity, "cosine"))
        let worst = try #require(numpy["worst_flat"] as? Int)
        #expect(c.worstIndex == [worst / 25, worst % 25])
    }

    @Test func nanAndInfinityRules() {
        let e = NDArray([Float.nan, .infinity, -.infinity, 1, 2], shape: [5])
        #expect(Comparator.compare(e, e).passed)
        let notNaN = Comparator.compare(e, e, tolerance: Tolerance(rtol: 0, atol: 0, nanEqual: false))
        #expect(!notNaN.passed && notNaN.nanMismatches == 1)
        let swapped = NDArray([Float.nan, -.infinity, .infinity, 1, 2], shape: [5])
        let c = Comparator.compare(swapped, e)
        #expect(c.infMismatches == 2 && c.mismatches == 2 && c.worstIndex == [1])
        let nanVsNumber = Comparator.compare(NDArray([1, .infinity, -.infinity, 1, 2] as [Float], shape: [5]), e)
        #expect(nanVsNumber.nanMismatches == 1 && nanVsNumber.worstIndex == [0])
    }

    @Test func structureAndDefaults() {
        let a = NDArray([1, 2, 3] as [Float], shape: [3])
        #expect(Comparator.compare(a, a.reshaped([1, 3])).structuralProblem != nil)
        #expect(Comparator.compare(a, NDArray([1, 2, 3] as [Double], shape: [3])).structuralProblem != nil)
        // Integers compare exactly, even where Double would merge them.
        let big = NDArray([Int64.max, 1], shape: [2]), bigger = NDArray([Int64.max - 1, 1], shape: [2])
        #expect(!Comparator.compare(big, bigger).passed)
        #expect(Tolerance.default(for: .float16).rtol > Tolerance.default(for: .float32).rtol)
        #expect(Tolerance.default(for: .bfloat16).rtol > Tolerance.default(for: .float16).rtol)
        let report = ComparisonReport(title: "t", outputs: [Comparator.compare(a, a, name: "y")])
        #expect(report.passed && report.text().contains("PASS"))
        #expect(report.json().rendered().contains("\"max_abs_error\":0"))
    }
}
