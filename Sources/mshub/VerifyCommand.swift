import ArgumentParser
import Foundation
import Formats
import GraphIR
import Verify

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Numerical verification of models.", subcommands: [Numerics.self, NodeTests.self])

    struct Numerics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run two models (or one model on two backends, or a model against golden outputs) and compare.",
            discussion: """
                Both sides run on the same inputs (--input/--inputs, or --random-inputs SEED; default seed 0). \
                Outputs are matched by name, or by position when the names differ but the counts agree. \
                Each is compared with numpy's allclose rule (default tolerances per dtype: float32 rtol 1e-5 \
                atol 1e-6, float16 1e-3, bfloat16 1e-2, integers exact; --rtol/--atol override all, \
                --per-output NAME:RTOL:ATOL one), and the report gives max absolute and relative error, the \
                worst element, mean and median error, NMSE and cosine similarity. --golden DIR compares MODEL's \
                outputs with DIR/NAME.npy files. A backend that cannot run here (cuda without a usable NVIDIA \
                GPU) is an error naming the reason. Exit status: 0 all within tolerance, 1 a mismatch, 2 bad \
                input or an unavailable backend.
                """)

        @Argument(help: "The model to verify.")
        var model: String

        @Argument(help: "The model to compare with (omit with --golden or --backends).")
        var other: String?

        @Option(help: "Folder of expected outputs, NAME.npy each.")
        var golden: String?

        @Option(help: "Backend for both models: reference (or cpu), fast, or cuda.")
        var backend: Backend = .reference

        @Option(help: ArgumentHelp("Run MODEL on two backends and compare them (cpu = reference), e.g. cpu,cuda.", valueName: "A,B"))
        var backends: String?

        @OptionGroup var inputOptions: InputOptions

        @Option(help: "Relative tolerance for every output.")
        var rtol: Double?

        @Option(help: "Absolute tolerance for every output.")
        var atol: Double?

        @Option(name: .customLong("per-output"), help: ArgumentHelp("Tolerance for one output (repeatable).", valueName: "NAME:RTOL:ATOL"))
        var perOutput: [String] = []

        @Option(
            name: .customLong("time-limit"),
            help: "Seconds each model run may take; checked before each node, so a run stops within one node of it (exit 2).")
        var timeLimit: Double?

        @Flag(help: "Print the report as JSON.")
        var json = false

        @OptionGroup var key: KeyOptions

        func parsedBackends() throws -> (Backend, Backend)? {
            guard let backends else { return nil }
            let parts = backends.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let a = Backend(rawValue: parts[0] == "cpu" ? "reference" : parts[0]),
                let b = Backend(rawValue: parts[1] == "cpu" ? "reference" : parts[1])
            else {
                throw ValidationError("--backends takes two of \(Backend.allCases.map(\.rawValue).joined(separator: ", ")) (cpu = reference), e.g. reference,fast")
            }
            return (a, b)
        }

        func tolerances() throws -> (Tolerance?, [String: Tolerance]) {
            var global: Tolerance? = nil
            if rtol != nil || atol != nil { global = Tolerance(rtol: rtol ?? 0, atol: atol ?? 0) }
            var per: [String: Tolerance] = [:]
            for entry in perOutput {
                let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, let r = Double(parts[parts.count - 2]), let a = Double(parts[parts.count - 1]) else {
                    throw ValidationError("--per-output takes NAME:RTOL:ATOL, not '\(entry)'")
                }
                per[parts.dropLast(2).joined(separator: ":")] = Tolerance(rtol: r, atol: a)
            }
            return (global, per)
        }

        func validate() throws {
            let modes = [other != nil, golden != nil, backends != nil].filter { $0 }.count
            guard modes == 1 else {
                throw ValidationError("give exactly one of: a second model, --golden DIR, --backends A,B")
            }
            _ = try parsedBackends()
            _ = try tolerances()
            for value in [rtol, atol].compactMap({ $0 }) where !(value >= 0) {
                throw ValidationError("tolerances must be 0 or more")
            }
            if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be positive") }
        }

        func run() throws {
            let keyBytes = try key.resolve()
            let (global, per) = try tolerances()
            // An unavailable backend (cuda without a usable GPU) fails before anything runs.
            let used = try parsedBackends().map { [$0.0, $0.1] } ?? [backend]
            for b in used {
                if let reason = b.unavailableReason {
                    printError("mshub: the \(b.rawValue) backend is unavailable: \(reason)")
                    throw ExitCode(2)
                }
            }
            let first: Model
            do {
                first = try ModelLoader.load(path: model, key: keyBytes)
            } catch {
                throw failBadInput(error)
            }
            var options = inputOptions
            if options.randomSeed == nil && options.inputArchive == nil && options.inputs.isEmpty { options.randomSeed = 0 }
            let inputs: [String: NDArray]
            do {
                inputs = try options.load(for: first)
            } catch let error as NumPyError {
                throw failBadInput(error)
            } catch let error as InterpreterError {
                printError("mshub: \(model): \(error)")
                throw ExitCode(2)
            }
            func execute(_ m: Model, _ path: String, _ b: Backend) throws -> [(name: String, value: NDArray)] {
                do {
                    return try Interpreter(model: m, backend: b, limits: InterpreterLimits(maxSeconds: timeLimit)).run(tensors: inputs)
                } catch {
                    printError("mshub: \(path) (\(b.rawValue)): \(error)")
                    throw ExitCode(2)
                }
            }
            let report: ComparisonReport
            if let golden {
                let actual = try execute(first, model, backend)
                var expected: [(name: String, value: NDArray)] = []
                for (name, _) in actual {
                    let path = (golden as NSString).appendingPathComponent(Run.fileName(for: name) + ".npy")
                    guard FileManager.default.fileExists(atPath: path) else { continue }
                    do {
                        expected.append((name, try NPY.read(path: path)))
                    } catch {
                        throw failBadInput(error)
                    }
                }
                report = OutputComparison.compare(
                    actual, expected, title: "\(model) (\(backend.rawValue)) vs golden \(golden)", tolerance: global,
                    perOutput: per)
            } else if let (a, b) = try parsedBackends() {
                let left = try execute(first, model, a)
                let right = try execute(first, model, b)
                report = OutputComparison.compare(
                    left, right, title: "\(model): \(a.rawValue) vs \(b.rawValue)", tolerance: global, perOutput: per)
            } else {
                guard let other else { throw ExitCode(64) }
                let second: Model
                do {
                    second = try ModelLoader.load(path: other, key: keyBytes)
                } catch {
                    throw failBadInput(error)
                }
                let left = try execute(first, model, backend)
                let right = try execute(second, other, backend)
                report = OutputComparison.compare(
                    right, left, title: "\(other) vs \(model) (\(backend.rawValue))", tolerance: global, perOutput: per)
            }
            print(json ? report.json().rendered() : report.text())
            if !report.passed { throw ExitCode(1) }
        }
    }
}
