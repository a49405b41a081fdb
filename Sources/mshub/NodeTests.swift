import ArgumentParser
import Foundation
import Verify

extension VerifyCommand {
    /// `mshub verify node-tests DIR`: the onnx backend node tests on one backend (and a baseline).
    struct NodeTests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "node-tests",
            abstract: "Run a folder of onnx backend node tests on a backend, optionally beside a baseline backend.",
            discussion: """
                DIR is laid out as scripts/make-onnx-node-tests.py writes it: one folder per case with \
                model.onnx and test_data_set_N/input_J.pb, output_J.pb, and cases.json giving each case's \
                rtol and atol. Each case runs on --backend and is compared with its expected outputs (numpy \
                allclose, NaN equal to NaN). With --baseline B every case also runs on B, and the cases that \
                pass on B but not on --backend are listed. On cuda it also says how many passing cases put \
                work on the GPU (kernel launches or cuBLAS products), rather than falling back to the reference \
                kernels for every node. Prints one line per case with --verbose. Exit \
                status: 0 when no case passes on the baseline but not on --backend (without a baseline: when no \
                case fails), 1 otherwise, 2 when DIR cannot be read or a backend is unavailable.
                """)

        @Argument(help: "The node-test folder.")
        var dir: String

        @Option(help: "Backend to test: reference (or cpu), fast, or cuda.")
        var backend: Backend = .reference

        @Option(help: "Backend whose passing cases must also pass on --backend.")
        var baseline: Backend?

        @Option(help: ArgumentHelp("Run only cases whose names contain one of these parts.", valueName: "A,B"))
        var filter: String?

        @Option(help: "Cases run at a time (default: the number of cores).")
        var jobs: Int?

        @Option(name: .customLong("status-out"), help: "Write every case that does not pass on --backend, with why, to this file.")
        var statusOut: String?

        @Flag(help: "Print every case's outcome.")
        var verbose = false

        @Flag(help: "Print one JSON document.")
        var json = false

        func run() throws {
            for b in [backend] + (baseline.map { [$0] } ?? []) {
                if let reason = b.unavailableReason {
                    printError("mshub: the \(b.rawValue) backend is unavailable: \(reason)")
                    throw ExitCode(2)
                }
            }
            let folder: NodeTestSuite.Folder
            do {
                folder = try NodeTestSuite.Folder(path: dir)
            } catch {
                printError("mshub: \(dir): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            let parts = (filter ?? "").split(separator: ",").map(String.init)
            let cases = parts.isEmpty ? folder.cases : folder.cases.filter { name in parts.contains { name.contains($0) } }
            guard !cases.isEmpty else {
                printError("mshub: \(dir): no node-test cases\(parts.isEmpty ? "" : " match \(filter ?? "")")")
                throw ExitCode(2)
            }
            let workers = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            let started = Date()
            let counted = NodeTestSuite.runCountingDeviceWork(cases, in: folder, backend: backend, jobs: workers)
            let outcomes = counted.map(\.outcome)
            // On cuda: how many passing cases put work on the GPU, rather than falling back to the
            // reference kernels for every node.
            let onDevice = counted.filter { $0.outcome.passed && $0.deviceWork > 0 }
            let deviceLine =
                "passing cases that ran on the GPU: \(onDevice.count) of \(counted.count { $0.outcome.passed }) "
                + "(\(onDevice.reduce(0) { $0 + $1.deviceWork }) kernel launches and cuBLAS products)"
            let seconds = Date().timeIntervalSince(started)
            let baseOutcomes = baseline.map { NodeTestSuite.run(cases, in: folder, backend: $0, jobs: workers) }
            let regressions = baseOutcomes.map { base in cases.indices.filter { base[$0].passed && !outcomes[$0].passed } } ?? []

            func counts(_ list: [NodeTestSuite.Outcome]) -> (passed: Int, failed: Int, unsupported: Int) {
                let passed = list.count { $0.passed }
                let unsupported = list.count { if case .unsupported = $0 { true } else { false } }
                return (passed, list.count - passed - unsupported, unsupported)
            }
            let own = counts(outcomes)
            if let statusOut {
                let lines = zip(cases, outcomes).filter { !$0.1.passed }.map { "\($0.0): \(Self.oneLine($0.1.text))" }
                do {
                    try (lines.joined(separator: "\n") + "\n").write(toFile: statusOut, atomically: true, encoding: .utf8)
                } catch {
                    printError("mshub: \(statusOut): \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
            if json {
                var fields: [(String, JSONValue)] = [
                    ("dir", .string(dir)), ("backend", .string(backend.rawValue)), ("cases", .int(cases.count)),
                    ("passed", .int(own.passed)), ("failed", .int(own.failed)), ("unsupported", .int(own.unsupported)),
                    ("seconds", .double(seconds)),
                ]
                if backend == .cuda || baseline == .cuda { fields.append(("device", .string(CUDAAvailability.probe.description))) }
                if backend == .cuda {
                    fields.append(("passed_on_device", .int(onDevice.count)))
                    fields.append(("device_work", .int(onDevice.reduce(0) { $0 + $1.deviceWork })))
                }
                if let baseline, let baseOutcomes {
                    let base = counts(baseOutcomes)
                    fields += [
                        ("baseline", .object([
                            ("backend", .string(baseline.rawValue)), ("passed", .int(base.passed)), ("failed", .int(base.failed)),
                            ("unsupported", .int(base.unsupported)),
                        ])),
                        ("regressions", .array(regressions.map { .object([("case", .string(cases[$0])), ("outcome", .string(outcomes[$0].text))]) })),
                    ]
                }
                if verbose {
                    fields.append(("outcomes", .array(zip(cases, outcomes).map { .object([("case", .string($0.0)), ("outcome", .string($0.1.text))]) })))
                }
                print(JSONValue.object(fields).rendered())
            } else {
                if backend == .cuda || baseline == .cuda { print(CUDAAvailability.probe.description) }
                if verbose {
                    for (name, outcome) in zip(cases, outcomes) { print("\(name): \(Self.oneLine(outcome.text))") }
                }
                print("onnx node tests on \(backend.rawValue): \(own.passed) passed, \(own.failed) failed, \(own.unsupported) unsupported of \(cases.count) (\(String(format: "%.1f", seconds)) s)")
                if backend == .cuda { print(deviceLine) }
                if let baseline, let baseOutcomes {
                    let base = counts(baseOutcomes)
                    print("baseline \(baseline.rawValue): \(base.passed) passed, \(base.failed) failed, \(base.unsupported) unsupported")
                    print("passing on \(baseline.rawValue) but not on \(backend.rawValue): \(regressions.count)")
                    for index in regressions { print("  \(cases[index]): \(Self.oneLine(outcomes[index].text))") }
                }
            }
            if baseline != nil ? !regressions.isEmpty : own.failed > 0 { throw ExitCode(1) }
        }

        static func oneLine(_ text: String) -> String {
            String(text.replacingOccurrences(of: "\n", with: " ").prefix(300))
        }
    }
}
