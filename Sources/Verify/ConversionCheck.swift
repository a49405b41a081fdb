// The numerical side of `mshub check`: a graph model converted in memory to every other graph
// format, read back, run on seeded inputs and compared with the source (reference backend); and
// the source model run on every other available backend (fast, cuda where a GPU is usable) and
// compared with the reference backend's outputs.

import Convert
import Formats
import GraphIR

/// One conversion of a checked model.
public struct ConversionOutcome: Sendable, Equatable {
    public enum Status: String, Sendable { case ok, refused, mismatch, error }
    public var target: ModelFormat
    public var status: Status
    /// The largest absolute difference from the source's outputs, when both ran.
    public var maxAbsError: Double?
    public var detail: String?

    /// `onnx ok` / `air refused` style text.
    public var summary: String {
        let name = target == .mslite ? "ms" : target.rawValue
        return "\(name) \(status.rawValue)"
    }
}

/// The source model run on another backend, compared with the reference backend.
public struct BackendOutcome: Sendable, Equatable {
    public enum Status: String, Sendable { case ok, mismatch, error }
    public var backend: Backend
    public var status: Status
    /// The largest absolute difference from the reference backend's outputs, when it ran.
    public var maxAbsError: Double?
    public var detail: String?

    /// `fast ok` style text.
    public var summary: String { "\(backend.rawValue) \(status.rawValue)" }
}

/// What `ConversionCheck.run` found for one model.
public struct ModelCheck: Sendable, Equatable {
    public var conversions: [ConversionOutcome]
    public var backends: [BackendOutcome]
    /// Why the model, a graph the interpreter loads, could not be run on the reference backend
    /// (an op it lacks, a limit such as the time limit): then nothing else was run.
    public var runError: String?

    public init(conversions: [ConversionOutcome], backends: [BackendOutcome], runError: String? = nil) {
        self.conversions = conversions
        self.backends = backends
        self.runError = runError
    }
}

public enum ConversionCheck {
    /// Converts the model at `path` to every other graph format and compares outputs (all on
    /// the reference backend), and runs the model on each of `backends` other than the
    /// reference, comparing with the reference at float32 tolerance.
    /// Returns nil when the file is not a graph model (weights only, encrypted without a key, or
    /// not lowerable); a graph whose reference run fails comes back with `runError` alone.
    /// Every run is held to `limits` (a hub's models are not ours: `mshub check` bounds each
    /// run's time).
    public static func run(
        path: String, seed: UInt64 = 0, backends: [Backend] = Backend.available, limits: InterpreterLimits = .default
    ) -> ModelCheck? {
        guard let model = try? ModelLoader.load(path: path), let format = try? ModelFile.open(path).format else { return nil }
        let inputs: [String: NDArray]
        let expected: [(name: String, value: NDArray)]
        do {
            inputs = try InputGenerator.random(for: model, seed: seed)
            expected = try Interpreter(model: model, limits: limits).run(tensors: inputs)
        } catch {
            return ModelCheck(conversions: [], backends: [], runError: "\(error)")
        }
        var checked: [BackendOutcome] = []
        for backend in backends where backend != .reference {
            do {
                let actual = try Interpreter(model: model, backend: backend, limits: limits).run(tensors: inputs)
                let report = OutputComparison.compare(actual, expected, title: "\(backend.rawValue) vs reference")
                checked.append(BackendOutcome(
                    backend: backend, status: report.passed ? .ok : .mismatch, maxAbsError: report.outputs.map(\.maxAbsError).max(),
                    detail: report.passed ? nil : report.text()))
            } catch {
                checked.append(BackendOutcome(backend: backend, status: .error, maxAbsError: nil, detail: "\(error)"))
            }
        }
        return ModelCheck(
            conversions: conversions(model, format: format, inputs: inputs, expected: expected, limits: limits), backends: checked)
    }

    static func conversions(
        _ model: Model, format: ModelFormat, inputs: [String: NDArray], expected: [(name: String, value: NDArray)],
        limits: InterpreterLimits = .default
    ) -> [ConversionOutcome] {
        var outcomes: [ConversionOutcome] = []
        for target in Converter.graphTargets where target != format {
            do {
                let (prepared, _) = try Converter.prepare(model, for: target, options: ConversionOptions())
                try Converter.checkSupported(prepared, for: target)
                let result = try roundTrip(prepared, target)
                let actual = try Interpreter(model: result, limits: limits).run(tensors: inputs)
                let report = OutputComparison.compare(actual, expected, title: target.rawValue)
                let worst = report.outputs.map(\.maxAbsError).max()
                outcomes.append(ConversionOutcome(
                    target: target, status: report.passed ? .ok : .mismatch, maxAbsError: worst,
                    detail: report.passed ? nil : report.text()))
            } catch let error as ConversionError where error.code == .unsupportedOp {
                outcomes.append(ConversionOutcome(target: target, status: .refused, maxAbsError: nil, detail: "\(error)"))
            } catch {
                outcomes.append(ConversionOutcome(target: target, status: .error, maxAbsError: nil, detail: "\(error)"))
            }
        }
        return outcomes
    }

    /// The model written to `target`'s bytes and read back as GraphIR.
    static func roundTrip(_ model: Model, _ target: ModelFormat) throws -> Model {
        switch target {
        case .onnx:
            let bytes = try ONNXExporter.encodeModel(model)
            return try ONNXImporter.importModel(try ONNXCodec.decode(ByteStorage(bytes: bytes)))
        case .mindir:
            let bytes = try MindIRExporter.encodeModel(model)
            return try MindIRImporter.importModel(try MindIRCodec.decode(ByteStorage(bytes: bytes)))
        case .air:
            let bytes = try AIRCodec.encode(try AIRExporter.exportModel(model))
            return try AIRImporter.importModel(try AIRCodec.decode(ByteStorage(bytes: bytes)))
        case .mslite:
            let bytes = try MSLiteExporter.encodeModel(model)
            return try MSLiteImporter.importModel(try MSLiteCodec.decode(ByteStorage(bytes: bytes)))
        default:
            throw ConversionError(.unsupportedOp, format: target, message: "\(target.rawValue) is not a graph format")
        }
    }
}
