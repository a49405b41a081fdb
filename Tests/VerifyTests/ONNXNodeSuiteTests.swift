import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// The onnx backend node tests (~1,900 cases, regenerated from PyPI `onnx`), each run on the
/// reference and the fast backend and compared with the expected outputs at the case's own
/// tolerances (numpy `allclose`, NaN equal to NaN) and with each other.
///
/// `Tests/VerifyTests/onnx-node-failures.txt` lists every case that does not pass, with its
/// reason; the test fails when a case fails that is not listed, when a listed case passes,
/// or when the passed count drops below the floor in `onnx-node-floor.txt`.
/// `MSHUB_NODE_FILTER=a,b` runs only cases whose names contain one of the parts (and checks
/// nothing but those cases' outcomes); `MSHUB_NODE_STATUS_OUT=FILE` writes the current list.
@Suite struct ONNXNodeSuiteTests {
    typealias Outcome = NodeTestSuite.Outcome

    static let folder = Project.root.appendingPathComponent("Tests/VerifyTests")

    @Test func nodeTestsPassOnBothBackends() throws {
        let suite = try ONNXNodeTestCases.require()
        let environment = ProcessInfo.processInfo.environment
        let filters = (environment["MSHUB_NODE_FILTER"] ?? "").split(separator: ",").map(String.init)
        let cases = filters.isEmpty ? suite.cases : suite.cases.filter { name in filters.contains { name.contains($0) } }
        #expect(filters.isEmpty ? cases.count >= 1800 : !cases.isEmpty, "cases: \(cases.count)")

        var outcomes: [(String, Outcome)] = []
        for name in cases {
            let tolerance = suite.tolerances[name] ?? (1e-3, 1e-7)
            let outcome = Self.run(case: suite.root.appendingPathComponent(name), rtol: tolerance.rtol, atol: tolerance.atol)
            outcomes.append((name, outcome))
        }
        let passed = outcomes.filter { $0.1 == .passed }.count
        let unsupported = outcomes.filter { if case .unsupported = $0.1 { true } else { false } }.count
        let failed = outcomes.count - passed - unsupported
        print("onnx node tests: \(passed) passed, \(failed) failed, \(unsupported) unsupported of \(outcomes.count)")

        var lines: [String] = []
        for (name, outcome) in outcomes {
            switch outcome {
            case .passed: continue
            case .unsupported(let why): lines.append("\(name): unsupported: \(Self.oneLine(why))")
            case .failed(let why): lines.append("\(name): failed: \(Self.oneLine(why))")
            }
        }
        if let out = environment["MSHUB_NODE_STATUS_OUT"], !out.isEmpty {
            try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
        if !filters.isEmpty {
            for line in lines { print("  " + line) }
            return
        }
        let listed = try Self.listedFailures()
        let failing = Set(outcomes.filter { $0.1 != .passed }.map(\.0))
        for line in lines {
            let name = String(line.prefix { $0 != ":" })
            #expect(listed[name] != nil, "not listed in onnx-node-failures.txt: \(line)")
        }
        for name in listed.keys.sorted() where !failing.contains(name) {
            #expect(!suite.cases.contains(name), "listed in onnx-node-failures.txt but passes now: \(name)")
        }
        let floor = try Int(String(contentsOf: Self.folder.appendingPathComponent("onnx-node-floor.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? Int.max
        #expect(passed >= floor, "passed \(passed) < floor \(floor)")
    }

    static func oneLine(_ text: String) -> String {
        String(text.replacingOccurrences(of: "\n", with: " ").prefix(300))
    }

    static func listedFailures() throws -> [String: String] {
        let text = try String(contentsOf: folder.appendingPathComponent("onnx-node-failures.txt"), encoding: .utf8)
        var listed: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let name = String(line.prefix { $0 != ":" })
            listed[name] = String(line)
        }
        return listed
    }

    /// Runs one case on both CPU backends: each against the expected outputs, then fast against
    /// reference. (The case reader and the numpy-style comparison are `NodeTestSuite`'s, which
    /// `mshub verify node-tests` uses; neither is Verify/Compare, so the comparator is not tested
    /// with itself.)
    static func run(case folder: URL, rtol: Double, atol: Double) -> Outcome {
        let loaded: NodeTestSuite.Case
        switch NodeTestSuite.load(folder) {
        case .success(let value): loaded = value
        case .failure(let stop): return stop.outcome
        }
        for (inputs, expected) in loaded.dataSets {
            var results: [Backend: [RuntimeValue]] = [:]
            for backend in Backend.cpuBackends {
                do {
                    results[backend] = try Interpreter(model: loaded.model, backend: backend).run(inputs).map(\.value)
                } catch {
                    return NodeTestSuite.outcome(of: error, "\(backend): ")
                }
            }
            for backend in Backend.cpuBackends {
                guard let actual = results[backend] else { continue }
                for (j, (a, e)) in zip(actual, expected).enumerated() {
                    if let mismatch = NodeTestSuite.mismatch(a, e, rtol: rtol, atol: atol) {
                        return .failed("\(backend) output \(j): \(mismatch)")
                    }
                }
            }
            if let reference = results[.reference], let fast = results[.fast] {
                for (j, (a, b)) in zip(fast, reference).enumerated() {
                    if let mismatch = NodeTestSuite.mismatch(a, b, rtol: max(rtol, 1e-5), atol: max(atol, 1e-6)) {
                        return .failed("fast vs reference output \(j): \(mismatch)")
                    }
                }
            }
        }
        return .passed
    }
}
