import ArgumentParser
import Foundation
import Formats
import GraphIR
import Verify

/// Where a run's inputs come from.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("input"), help: ArgumentHelp("An input from a .npy file (repeatable).", valueName: "NAME=FILE.npy"))
    var inputs: [String] = []

    @Option(name: .customLong("inputs"), help: ArgumentHelp("Inputs from a .npz file, by array name.", valueName: "FILE.npz"))
    var inputArchive: String?

    @Option(name: .customLong("random-inputs"), help: ArgumentHelp("Seeded random values for inputs not given otherwise.", valueName: "SEED"))
    var randomSeed: UInt64?

    func validate() throws {
        for entry in inputs where !entry.contains("=") {
            throw ValidationError("--input takes NAME=FILE.npy, not '\(entry)'")
        }
    }

    /// The input arrays for `model`; every graph input without an initializer must be covered.
    func load(for model: Model) throws -> [String: NDArray] {
        var out: [String: NDArray] = [:]
        if let seed = randomSeed { out = try InputGenerator.random(for: model, seed: seed) }
        if let archive = inputArchive {
            for (name, array) in try NPZ.read(path: archive) { out[name] = array }
        }
        for entry in inputs {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            out[parts[0]] = try NPY.read(path: parts[1])
        }
        let initialized = Set(model.graph.initializers.map(\.name))
        let wanted = model.graph.inputs.filter { !initialized.contains($0.name) }.map(\.name)
        let missing = wanted.filter { out[$0] == nil }
        if !missing.isEmpty {
            throw ValidationError("no value for input(s) \(missing.joined(separator: ", ")): give --input, --inputs or --random-inputs")
        }
        let known = Set(model.graph.inputs.map(\.name))
        let extra = out.keys.filter { !known.contains($0) }.sorted()
        if !extra.isEmpty {
            throw ValidationError("\(extra.joined(separator: ", ")) is not an input of the model (inputs: \(wanted.joined(separator: ", ")))")
        }
        return out
    }
}

extension Backend: ExpressibleByArgument {
    /// A backend's name; `cpu` is another name for the reference backend.
    public init?(argument: String) {
        self.init(rawValue: argument == "cpu" ? Backend.reference.rawValue : argument)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a model with mshub's interpreter (CPU, or an NVIDIA GPU) and write its outputs.",
        discussion: """
            Runs ONNX, MindIR or AIR models through mshub's graph IR. Inputs come from .npy files \
            (--input NAME=FILE.npy), a .npz archive (--inputs) or seeded random values (--random-inputs \
            SEED), in that order of precedence. Each output is written as OUTPUT-DIR/NAME.npy (default \
            folder: MODEL's name + "_outputs"). --backend reference (or cpu) uses plain loops with double \
            accumulation (the oracle); fast uses OpenBLAS and threads; cuda runs float32 MatMul, Gemm, Conv, \
            elementwise, normalisation, pooling and reduction ops on an NVIDIA GPU (CUDA driver, NVRTC and \
            cuBLAS loaded at run time; MSHUB_NVRTC and MSHUB_CUBLAS may name the libraries) and fails with \
            the reason where none can be used.
            """)

    @Argument(help: "The model to run.")
    var model: String

    @OptionGroup var inputOptions: InputOptions

    @Option(name: .customLong("output-dir"), help: "Folder for the output .npy files.")
    var outputDir: String?

    @Option(help: "reference (or cpu), fast, or cuda (an NVIDIA GPU; fails with the reason where none can be used).")
    var backend: Backend = .reference

    @Flag(help: "Print a JSON summary.")
    var json = false

    @Flag(help: "Time every node of the main graph and print the totals by op type.")
    var profile = false

    @Option(
        name: .customLong("time-limit"),
        help: "Seconds one run may take; checked before each node, so a run stops within one node of it (exit 2).")
    var timeLimit: Double?

    @Option(name: .customLong("repeat"), help: "Run this many times after a warm-up run; the reported time (and profile) is over these runs.")
    var repeats: Int = 0

    @OptionGroup var key: KeyOptions

    func run() throws {
        let keyBytes = try key.resolve()
        let loaded: Model
        do {
            loaded = try ModelLoader.load(path: model, key: keyBytes)
        } catch {
            throw failBadInput(error)
        }
        let inputs: [String: NDArray]
        do {
            inputs = try inputOptions.load(for: loaded)
        } catch let error as NumPyError {
            throw failBadInput(error)
        }
        guard repeats >= 0 else { throw ValidationError("--repeat must be 0 or more") }
        if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be positive") }
        let timings = profile ? RunProfile() : nil
        var started = Date()
        var outputs: [(name: String, value: NDArray)]
        do {
            var interpreter = Interpreter(model: loaded, backend: backend, limits: InterpreterLimits(maxSeconds: timeLimit))
            interpreter.profile = repeats > 0 ? nil : timings
            outputs = try interpreter.run(tensors: inputs)
            if repeats > 0 {
                interpreter.profile = timings
                started = Date()
                for _ in 0..<repeats { outputs = try interpreter.run(tensors: inputs) }
            }
        } catch {
            printError("mshub: \(model): \(error)")
            throw ExitCode(2)
        }
        let seconds = Date().timeIntervalSince(started) / Double(max(repeats, 1))
        let folder = outputDir ?? (URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent + "_outputs")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            printError("mshub: \(folder): cannot create the folder: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        var written: [(String, String, NDArray)] = []
        for (name, array) in outputs {
            let path = (folder as NSString).appendingPathComponent(Self.fileName(for: name) + ".npy")
            do {
                try NPY.write(array, to: path, protecting: [model])
            } catch {
                throw failBadInput(error)
            }
            written.append((name, path, array))
        }
        if json {
            let value = JSONValue.object([
                ("model", .string(model)), ("backend", .string(backend.rawValue)), ("seconds", .double(seconds)),
                ("outputs", .array(written.map { name, path, array in
                    .object([("name", .string(name)), ("dtype", .string(array.dtype.rawValue)),
                             ("shape", .array(array.shape.map { .int($0) })), ("file", .string(path))])
                })),
            ] + (timings.map { timings in
                [("profile", JSONValue.array(timings.rows.map { row in
                    .object([("op", .string(row.op)), ("nodes", .int(row.nodes)), ("seconds", .double(row.seconds))])
                }))]
            } ?? []))
            print(value.rendered())
        } else {
            for (name, path, array) in written { print("\(name): \(array.dtype)\(array.shape) -> \(path)") }
            if repeats > 0 { print(String(format: "%.3f ms per run (mean of %d runs after a warm-up)", seconds * 1000, repeats)) }
            if let timings { print(timings.table()) }
        }
    }

    /// A file name for an output name: path separators and unusual characters become '_'.
    static func fileName(for name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        var out = String(name.map { allowed.contains($0) ? $0 : "_" })
        if out.isEmpty || out.hasPrefix(".") { out = "_" + out }
        return out
    }
}
