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
    enum Outcome: Equatable {
        case passed
        case unsupported(String)
        case failed(String)
    }

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

    /// Runs one case on both backends.
    static func run(case folder: URL, rtol: Double, atol: Double) -> Outcome {
        let model: Model
        do {
            let document = try ONNXCodec.decode(path: folder.appendingPathComponent("model.onnx").path)
            model = try ONNXImporter.importModel(document)
        } catch {
            return .unsupported("model: \(error)")
        }
        let sets = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("test_data_set_") }.sorted()
        guard !sets.isEmpty else { return .failed("no test data") }
        for set in sets {
            let data = folder.appendingPathComponent(set)
            var inputs: [String: RuntimeValue] = [:]
            var expected: [RuntimeValue] = []
            do {
                let given = model.graph.inputs.filter { input in
                    !model.graph.initializers.contains { $0.name == input.name }
                }
                for (j, input) in given.enumerated() {
                    let path = data.appendingPathComponent("input_\(j).pb").path
                    guard FileManager.default.fileExists(atPath: path) else { break }
                    inputs[input.name] = try RuntimeValue.read(path: path, type: input.type)
                }
                for (j, output) in model.graph.outputs.enumerated() {
                    expected.append(try RuntimeValue.read(path: data.appendingPathComponent("output_\(j).pb").path, type: output.type))
                }
            } catch {
                return .failed("test data: \(error)")
            }
            var results: [Backend: [RuntimeValue]] = [:]
            for backend in Backend.cpuBackends {
                do {
                    results[backend] = try Interpreter(model: model, backend: backend).run(inputs).map(\.value)
                } catch {
                    if error.code == .unsupportedOp || error.code == .unsupported {
                        return .unsupported("\(backend): \(error)")
                    }
                    return .failed("\(backend): \(error)")
                }
            }
            for backend in Backend.cpuBackends {
                guard let actual = results[backend] else { continue }
                for (j, (a, e)) in zip(actual, expected).enumerated() {
                    if let mismatch = ValueMatch.mismatch(a, e, rtol: rtol, atol: atol) {
                        return .failed("\(backend) output \(j): \(mismatch)")
                    }
                }
            }
            if let reference = results[.reference], let fast = results[.fast] {
                for (j, (a, b)) in zip(fast, reference).enumerated() {
                    if let mismatch = ValueMatch.mismatch(a, b, rtol: max(rtol, 1e-5), atol: max(atol, 1e-6)) {
                        return .failed("fast vs reference output \(j): \(mismatch)")
                    }
                }
            }
        }
        return .passed
    }
}

/// numpy-style comparison of runtime values for the node tests (independent of Verify/Compare,
/// so the suite does not test the comparator with itself).
enum ValueMatch {
    static func mismatch(_ actual: RuntimeValue, _ expected: RuntimeValue, rtol: Double, atol: Double) -> String? {
        switch (actual, expected) {
        case (.tensor(let a), .tensor(let e)): return mismatch(a, e, rtol: rtol, atol: atol)
        case (.sequence(let a, _), .sequence(let e, _)):
            guard a.count == e.count else { return "sequence of \(a.count), expected \(e.count)" }
            for (i, (x, y)) in zip(a, e).enumerated() {
                if let m = mismatch(x, y, rtol: rtol, atol: atol) { return "element \(i): \(m)" }
            }
            return nil
        case (.optional(let a, _), .optional(let e, _)):
            switch (a, e) {
            case (nil, nil): return nil
            case (let x?, let y?): return mismatch(x, y, rtol: rtol, atol: atol)
            default: return "optional \(a == nil ? "none" : "some"), expected \(e == nil ? "none" : "some")"
            }
        case (.optional(let a?, _), let e): return mismatch(a, e, rtol: rtol, atol: atol)
        case (let a, .optional(let e?, _)): return mismatch(a, e, rtol: rtol, atol: atol)
        default: return "\(actual.summary), expected \(expected.summary)"
        }
    }

    static func mismatch(_ a: NDArray, _ e: NDArray, rtol: Double, atol: Double) -> String? {
        guard a.dtype == e.dtype else { return "dtype \(a.dtype), expected \(e.dtype)" }
        guard a.shape == e.shape else { return "shape \(a.shape), expected \(e.shape)" }
        if let sa = a.strings, let se = e.strings {
            return sa == se ? nil : "strings differ"
        }
        guard let va = a.doubles(), let ve = e.doubles() else { return "unreadable elements" }
        if !a.dtype.isFloatingPoint {
            guard let ia = a.int64s(), let ie = e.int64s() else { return "unreadable elements" }
            for i in 0..<ia.count where ia[i] != ie[i] { return "element \(i): \(ia[i]), expected \(ie[i])" }
            return nil
        }
        for i in 0..<va.count {
            let x = va[i], y = ve[i]
            if x.isNaN && y.isNaN { continue }
            if x == y { continue }
            if x.isInfinite || y.isInfinite || x.isNaN || y.isNaN || abs(x - y) > atol + rtol * abs(y) {
                return "element \(i): \(x), expected \(y) (rtol \(rtol), atol \(atol))"
            }
        }
        return nil
    }
}
