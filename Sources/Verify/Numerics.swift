// The pieces of `mshub run` and `mshub verify numerics`: load any graph format as GraphIR,
// make seeded inputs, run on a backend, compare two sets of outputs.

import Convert
import Foundation
import Formats
import GraphIR

/// Why a model could not be loaded for inference.
public enum ModelLoadError: Error, CustomStringConvertible {
    case format(FormatError)
    case conversion(String, ConversionError)
    case unsupported(String)

    public var description: String {
        switch self {
        case .format(let error): return "\(error)"
        case .conversion(let path, let error): return "\(path): \(error)"
        case .unsupported(let message): return message
        }
    }
}

/// Loads graph models of every format with a GraphIR lowering.
public enum ModelLoader {
    /// The GraphIR model in the file at `path`: ONNX, MindIR (decrypted with `key`), AIR, MindSpore Lite.
    public static func load(path: String, key: [UInt8]? = nil) throws(ModelLoadError) -> Model {
        do {
            let file = try ModelFile.open(path)
            let format: ModelFormat = file.sniff.encryption != nil ? .mindir : file.format
            switch format {
            case .onnx:
                return try lower(path) { () throws(ConversionError) in try ONNXImporter.importModel(try decodeONNX(file)) }
            case .mindir:
                let document = try MindIRCodec.decode(path: path, key: key)
                return try lower(path) { () throws(ConversionError) in try MindIRImporter.importModel(document) }
            case .air:
                let document = try AIRCodec.decode(file.storage)
                return try lower(path) { () throws(ConversionError) in try AIRImporter.importModel(document) }
            case .mslite:
                let document = try MSLiteCodec.decode(file.storage)
                return try lower(path) { () throws(ConversionError) in try MSLiteImporter.importModel(document) }
            default:
                throw ModelLoadError.unsupported("\(path): \(format.rawValue) models cannot be run (no graph lowering)")
            }
        } catch let error as FormatError {
            throw .format(error)
        } catch let error as ModelLoadError {
            throw error
        } catch {
            throw .unsupported("\(path): \(error)")
        }
    }

    static func decodeONNX(_ file: ModelFile) throws(ConversionError) -> ONNXDocument {
        do {
            return try ONNXCodec.decode(file.storage)
        } catch {
            throw ConversionError(.data, format: .onnx, message: "\(error)")
        }
    }

    static func lower(_ path: String, _ body: () throws(ConversionError) -> Model) throws(ModelLoadError) -> Model {
        do {
            return try body()
        } catch {
            throw .conversion(path, error)
        }
    }
}

/// Seeded random inputs for a model's graph inputs.
public enum InputGenerator {
    /// One array per graph input without an initializer: floats uniform in [-1, 1), integers in
    /// [0, 10), bools fair coins; symbolic or unknown sizes become 1.
    public static func random(for model: Model, seed: UInt64) throws(InterpreterError) -> [String: NDArray] {
        var generator = SplitMix64(seed: seed)
        var out: [String: NDArray] = [:]
        let initialized = Set(model.graph.initializers.map(\.name))
        for input in model.graph.inputs where !initialized.contains(input.name) {
            guard input.type.container == .tensor, let dtype = input.dtype else {
                throw InterpreterError(.unsupported, "input '\(input.name)' is not a tensor of known type; give it with --input")
            }
            let shape = input.shape?.dimensions.map { $0.value ?? 1 } ?? []
            let count: Int
            do {
                count = try Shape.elementCount(of: shape)
            } catch {
                throw InterpreterError(.invalidInput, "input '\(input.name)': \(error.message)")
            }
            guard count <= InterpreterLimits.default.maxElements else {
                throw InterpreterError(.limitExceeded, "input '\(input.name)' would have \(count) elements")
            }
            let array: NDArray?
            if dtype.isFloatingPoint {
                array = NDArray.fromDoubles((0..<count).map { _ in generator.nextUnit() * 2 - 1 }, dtype: dtype, shape: shape)
            } else if dtype == .bool {
                array = NDArray((0..<count).map { _ in generator.next() & 1 == 1 }, shape: shape)
            } else if dtype.isInteger {
                array = NDArray.fromInt64s((0..<count).map { _ in Int64(generator.next() % 10) }, dtype: dtype, shape: shape)
            } else {
                array = nil
            }
            guard let array else {
                throw InterpreterError(.unsupported, "input '\(input.name)' of \(dtype) cannot be generated; give it with --input")
            }
            out[input.name] = array
        }
        return out
    }
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same inputs everywhere.
public struct SplitMix64: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Compares named outputs.
public enum OutputComparison {
    /// Compares `actual` with `expected`: by name where the names agree, else by position when
    /// both sides have the same number of outputs (conversions may rename outputs).
    public static func compare(
        _ actual: [(name: String, value: NDArray)], _ expected: [(name: String, value: NDArray)], title: String,
        tolerance: Tolerance? = nil, perOutput: [String: Tolerance] = [:]
    ) -> ComparisonReport {
        var outputs: [TensorComparison] = []
        var unmatched: [String] = []
        let expectedByName = Dictionary(expected.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let byName = actual.allSatisfy { expectedByName[$0.name] != nil } && actual.count == expected.count
        for (position, (name, value)) in actual.enumerated() {
            let other: NDArray?
            let label: String
            if byName {
                other = expectedByName[name]
                label = name
            } else if actual.count == expected.count {
                other = expected[position].value
                label = name == expected[position].name ? name : "\(name) ~ \(expected[position].name)"
            } else {
                other = expectedByName[name]
                label = name
            }
            guard let other else {
                unmatched.append(name)
                continue
            }
            let chosen = perOutput[name] ?? tolerance
            outputs.append(Comparator.compare(value, other, name: label, tolerance: chosen))
        }
        if !byName && actual.count != expected.count {
            let actualNames = Set(actual.map(\.name))
            for (name, _) in expected where !actualNames.contains(name) { unmatched.append(name) }
        }
        return ComparisonReport(title: title, outputs: outputs, unmatched: unmatched)
    }
}
