// Runs a folder of onnx backend node tests (as written by scripts/make-onnx-node-tests.py:
// <case>/model.onnx, <case>/test_data_set_<i>/input_<j>.pb and output_<j>.pb, cases.json with
// each case's rtol/atol) on one backend, optionally beside a baseline backend, for
// `mshub verify node-tests`: how a backend without a Swift toolchain beside it (the cuda backend
// on a lent GPU machine) is checked against the same cases the test suite runs on the CPU
// backends. The comparison is numpy's allclose with NaN equal to NaN, per case tolerances.

import Dispatch
import Foundation
import Formats
import Convert
import GraphIR

public enum NodeTestSuite {
    /// How one case ended on one backend.
    public enum Outcome: Sendable, Equatable {
        case passed
        /// The model or an op is outside what the interpreter supports.
        case unsupported(String)
        case failed(String)

        public var passed: Bool { self == .passed }
        /// `passed`, `unsupported: why`, `failed: why`.
        public var text: String {
            switch self {
            case .passed: return "passed"
            case .unsupported(let why): return "unsupported: \(why)"
            case .failed(let why): return "failed: \(why)"
            }
        }
    }

    /// A generated node-test folder: its case names and tolerances.
    public struct Folder: Sendable {
        public let root: URL
        public let cases: [String]
        public let tolerances: [String: (rtol: Double, atol: Double)]

        /// Reads `cases.json` in `path`; without it, every sub-folder holding a model.onnx is a
        /// case with onnx's default tolerances (rtol 1e-3, atol 1e-7).
        public init(path: String) throws {
            root = URL(fileURLWithPath: path)
            var tolerances: [String: (rtol: Double, atol: Double)] = [:]
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent("cases.json").path) {
                guard let table = try JSONSerialization.jsonObject(with: data) as? [String: [String: Double]] else {
                    throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: root.appendingPathComponent("cases.json").path])
                }
                for (name, entry) in table { tolerances[name] = (entry["rtol"] ?? 1e-3, entry["atol"] ?? 1e-7) }
            } else {
                for name in try FileManager.default.contentsOfDirectory(atPath: path)
                where FileManager.default.fileExists(atPath: root.appendingPathComponent(name).appendingPathComponent("model.onnx").path) {
                    tolerances[name] = (1e-3, 1e-7)
                }
            }
            self.tolerances = tolerances
            cases = tolerances.keys.sorted()
        }
    }

    /// One case read from its folder: the model and each test data set's inputs and expected outputs.
    public struct Case: Sendable {
        public let model: Model
        public let dataSets: [(inputs: [String: RuntimeValue], expected: [RuntimeValue])]
    }

    /// Why a case could not be read: the outcome it ends with.
    public struct Stop: Error {
        public let outcome: Outcome
    }

    /// Reads the case in `directory`. A model the importer refuses is unsupported; missing or
    /// unreadable test data fails the case.
    public static func load(_ directory: URL) -> Result<Case, Stop> {
        let model: Model
        do {
            model = try ONNXImporter.importModel(try ONNXCodec.decode(path: directory.appendingPathComponent("model.onnx").path))
        } catch {
            return .failure(Stop(outcome: .unsupported("model: \(error)")))
        }
        let sets = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix("test_data_set_") }.sorted()
        guard !sets.isEmpty else { return .failure(Stop(outcome: .failed("no test data"))) }
        let given = model.graph.inputs.filter { input in !model.graph.initializers.contains { $0.name == input.name } }
        var dataSets: [(inputs: [String: RuntimeValue], expected: [RuntimeValue])] = []
        for set in sets {
            let data = directory.appendingPathComponent(set)
            var inputs: [String: RuntimeValue] = [:]
            var expected: [RuntimeValue] = []
            do {
                for (j, input) in given.enumerated() {
                    let path = data.appendingPathComponent("input_\(j).pb").path
                    guard FileManager.default.fileExists(atPath: path) else { break }
                    inputs[input.name] = try RuntimeValue.read(path: path, type: input.type)
                }
                for (j, output) in model.graph.outputs.enumerated() {
                    expected.append(try RuntimeValue.read(path: data.appendingPathComponent("output_\(j).pb").path, type: output.type))
                }
            } catch {
                return .failure(Stop(outcome: .failed("test data: \(error)")))
            }
            dataSets.append((inputs, expected))
        }
        return .success(Case(model: model, dataSets: dataSets))
    }

    /// The outcome of an interpreter error: unsupported op or type, or a failure.
    public static func outcome(of error: InterpreterError, _ prefix: String = "") -> Outcome {
        if error.code == .unsupportedOp || error.code == .unsupported { return .unsupported(prefix + "\(error)") }
        return .failed(prefix + "\(error)")
    }

    /// Runs case `name` of `folder` on `backend`.
    public static func run(_ name: String, in folder: Folder, backend: Backend) -> Outcome {
        let tolerance = folder.tolerances[name] ?? (1e-3, 1e-7)
        let loaded: Case
        switch load(folder.root.appendingPathComponent(name)) {
        case .success(let value): loaded = value
        case .failure(let stop): return stop.outcome
        }
        let interpreter = Interpreter(model: loaded.model, backend: backend)
        for (inputs, expected) in loaded.dataSets {
            let actual: [RuntimeValue]
            do {
                actual = try interpreter.run(inputs).map(\.value)
            } catch {
                return outcome(of: error)
            }
            for (j, (a, e)) in zip(actual, expected).enumerated() {
                if let mismatch = mismatch(a, e, rtol: tolerance.rtol, atol: tolerance.atol) {
                    return .failed("output \(j): \(mismatch)")
                }
            }
        }
        return .passed
    }

    /// Runs `cases` of `folder` on `backend`, `jobs` cases at a time; outcomes in case order.
    public static func run(_ cases: [String], in folder: Folder, backend: Backend, jobs: Int) -> [Outcome] {
        runCountingDeviceWork(cases, in: folder, backend: backend, jobs: jobs).map(\.outcome)
    }

    /// `run`, with the kernel launches and cuBLAS products each case put on the GPU (always 0
    /// off the cuda backend; 0 on it where every node of the case fell back to the reference).
    public static func runCountingDeviceWork(
        _ cases: [String], in folder: Folder, backend: Backend, jobs: Int
    ) -> [(outcome: Outcome, deviceWork: Int)] {
        let results = OutcomeBox(count: cases.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, cases.count))) { _ in
            while let index = next.take(below: cases.count) {
                let before = CUDAWorkCounter.onThisThread
                let outcome = run(cases[index], in: folder, backend: backend)
                results.set(index, outcome, work: CUDAWorkCounter.onThisThread &- before)
            }
        }
        return Array(zip(results.values, results.work))
    }

    /// Why `actual` does not match `expected` (numpy allclose, NaN equal to NaN, integers and
    /// strings exact), or nil when it does.
    public static func mismatch(_ actual: RuntimeValue, _ expected: RuntimeValue, rtol: Double, atol: Double) -> String? {
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
        if let sa = a.strings, let se = e.strings { return sa == se ? nil : "strings differ" }
        if !a.dtype.isFloatingPoint {
            guard let ia = a.int64s(), let ie = e.int64s() else { return "unreadable elements" }
            for i in 0..<ia.count where ia[i] != ie[i] { return "element \(i): \(ia[i]), expected \(ie[i])" }
            return nil
        }
        guard let va = a.doubles(), let ve = e.doubles() else { return "unreadable elements" }
        for i in 0..<va.count {
            let x = va[i], y = ve[i]
            if (x.isNaN && y.isNaN) || x == y { continue }
            if x.isInfinite || y.isInfinite || x.isNaN || y.isNaN || abs(x - y) > atol + rtol * abs(y) {
                return "element \(i): \(x), expected \(y) (rtol \(rtol), atol \(atol))"
            }
        }
        return nil
    }

    /// Results written by concurrent workers, each to its own index.
    final class OutcomeBox: @unchecked Sendable {
        private var storage: [Outcome]
        private var deviceWork: [Int]
        private let lock = NSLock()
        init(count: Int) {
            storage = Array(repeating: .failed("not run"), count: count)
            deviceWork = Array(repeating: 0, count: count)
        }
        func set(_ index: Int, _ outcome: Outcome, work: Int = 0) {
            lock.lock()
            storage[index] = outcome
            deviceWork[index] = work
            lock.unlock()
        }
        var values: [Outcome] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
        var work: [Int] {
            lock.lock()
            defer { lock.unlock() }
            return deviceWork
        }
    }

    /// Hands out 0, 1, 2, … to concurrent workers.
    final class Counter: @unchecked Sendable {
        private var next = 0
        private let lock = NSLock()
        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < limit else { return nil }
            next += 1
            return next - 1
        }
    }
}
