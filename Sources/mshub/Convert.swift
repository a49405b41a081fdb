import ArgumentParser
import Convert
import Foundation
import Formats
import GraphIR
import Verify

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-encode or convert a model file.",
        discussion: """
            The input format is recognised from content, the output format from the output's extension \
            (.onnx, .ms, .mindir, .air, .safetensors, .ckpt). A file converted to its own format is re-encoded losslessly: every \
            field is kept. MindIR and AIR convert into each other through mshub's graph IR (the ops \
            `mshub inspect` lists must be in the op tables; anything else is an error naming the node). \
            MindSpore Lite (.ms) converts to and from ONNX, MindIR and AIR the same way; Lite runs image \
            ops channel-last, so a .ms written here runs them NHWC between transposes and keeps the \
            source's input layout, and a .ms read keeps the input layout Lite declares (NHWC for images). \
            ONNX: with --external-data-threshold the initializers of at least that many bytes move to \
            OUT.data beside the model (aligned; 0 moves all of them; a large value brings them all back \
            inline); without it, tensors that were external stay external; models over 2 GiB always get \
            external data. MindIR: with --external-data-threshold the parameters of a model whose \
            weights reach that many bytes go to <name>_variables/data_0 in MindSpore's split layout \
            (the model itself is then written as given). Encrypted MindIR is read with --key or \
            --key-file; --mode encrypts the MindIR written with that key (AES-GCM, AES-CBC, SM4-CBC). \
            CKPT and safetensors convert into each other as mindspore.ckpt_to_safetensors and \
            safetensors_to_ckpt do (names sorted, "format": "ms" metadata, Int4 kept as I8 with a note); \
            an encrypted checkpoint is read with --key or --key-file. \
            Graph conversions (any of ONNX, MindIR, AIR, .ms to another) go through mshub's graph IR: --plan \
            lists every op with its mapping in the target (direct, rewritten, unsupported) and the layout and \
            precision changes, and writes nothing; --weights binds a CKPT or safetensors file into the graph's \
            parameters by name (MindSpore prefixes and BatchNorm spellings understood, --name-map for the rest); \
            --fp16/--bf16 convert weights and compute, keeping float32 inputs and outputs; --optimize folds \
            constant shape arithmetic and BatchNorm into Conv; --verify runs source and result on the same \
            seeded inputs and exits 1 when they differ beyond the dtype's tolerance, 2 when either cannot run \
            (each run is held to --time-limit seconds when given). A model with ops the target \
            cannot hold is refused, naming the node; with --allow-partial the part of the main graph the target \
            can hold is written instead: unsupported nodes and everything depending on them are left out, the \
            values they read become outputs, and a report (marked PARTIAL; with --json a "partial" member) lists \
            the removed nodes, the outputs dropped and added and the initializers dropped; --plan \
            --allow-partial says exactly that without writing, and --verify then compares the kept outputs and \
            those values with the source's. The output is written through a temporary file and a rename; the \
            input is never overwritten.
            """)

    @Argument(help: "The model to read.")
    var input: String

    @Argument(help: "The file to write (omit with --plan).")
    var output: String?

    @Option(help: ArgumentHelp("Target format when OUT's extension does not say it.", valueName: "onnx|mindir|air|ms|ckpt|safetensors"))
    var to: String?

    @Flag(help: "Print what the conversion would do (ops and their mapping, passes) and write nothing.")
    var plan = false

    @Flag(help: "With --plan, --verify or --allow-partial: print JSON.")
    var json = false

    @Option(help: ArgumentHelp("Bind a checkpoint's tensors into the graph's parameters.", valueName: "model.ckpt|model.safetensors"))
    var weights: String?

    @Option(name: .customLong("name-map"), help: ArgumentHelp("Lines 'PARAMETER SOURCE' naming tensors for --weights.", valueName: "file"))
    var nameMap: String?

    @Flag(help: "Convert weights and compute to float16.")
    var fp16 = false

    @Flag(help: "Convert weights and compute to bfloat16.")
    var bf16 = false

    @Flag(help: "Fold constant shape arithmetic, and BatchNormalization into the Conv before it.")
    var optimize = false

    @Flag(help: "Run source and result on the same inputs and compare.")
    var verify = false

    @Flag(
        name: .customLong("allow-partial"),
        help: "Write the part of the graph the target can hold and report what was left out, instead of refusing.")
    var allowPartial = false

    @Option(name: .customLong("random-inputs"), help: ArgumentHelp("Seed for --verify's inputs (default 0).", valueName: "SEED"))
    var seed: UInt64 = 0

    @Option(
        name: .customLong("time-limit"),
        help: ArgumentHelp("Seconds each of --verify's two runs may take (a model that runs forever is stopped, exit 2).", valueName: "S"))
    var timeLimit: Double?

    @Option(
        name: .customLong("external-data-threshold"),
        help: ArgumentHelp("Move tensors of at least this many bytes to an external data file.", valueName: "bytes"))
    var externalDataThreshold: Int?

    @OptionGroup var key: KeyOptions

    @Option(help: ArgumentHelp("Encrypt the MindIR output with the key in this mode.", valueName: "AES-GCM|AES-CBC|SM4-CBC"))
    var mode: String?

    static let targets: [(String, ModelFormat)] = [
        (".onnx", .onnx), (".ms", .mslite), (".mindir", .mindir), (".air", .air),
        (".safetensors", .safetensors), (".ckpt", .ckpt),
    ]

    var target: ModelFormat? {
        if let to {
            let name = to.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            return name == "ms" ? .mslite : ModelFormat(rawValue: name)
        }
        guard let lower = output?.lowercased() else { return nil }
        return Self.targets.first { lower.hasSuffix($0.0) }?.1
    }

    var precision: DType? { fp16 ? .float16 : (bf16 ? .bfloat16 : nil) }

    /// Whether the conversion changes the graph (so a same-format conversion is not a re-encode).
    var transforms: Bool { weights != nil || precision != nil || optimize || verify || allowPartial }

    func validate() throws {
        if let externalDataThreshold, externalDataThreshold < 0 {
            throw ValidationError("--external-data-threshold must be 0 or more")
        }
        guard let target else {
            throw ValidationError("give --to FORMAT, or an output ending in .onnx, .ms, .mindir, .air, .safetensors or .ckpt")
        }
        if output == nil && !plan { throw ValidationError("give the output file (or --plan)") }
        if fp16 && bf16 { throw ValidationError("give --fp16 or --bf16, not both") }
        if let timeLimit {
            guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
            guard verify else { throw ValidationError("--time-limit bounds --verify's runs; give --verify") }
        }
        if (transforms || verify || plan || allowPartial) && !Converter.graphTargets.contains(target) {
            throw ValidationError(
                "--plan, --weights, --fp16, --bf16, --optimize, --verify and --allow-partial apply to graph formats (onnx, mindir, air, ms)")
        }
        if nameMap != nil && weights == nil { throw ValidationError("--name-map needs --weights") }
        _ = try key.resolve()
        if let mode {
            guard CipherMode(name: mode) != nil else { throw ValidationError("--mode must be AES-GCM, AES-CBC or SM4-CBC") }
            guard target == .mindir else { throw ValidationError("--mode encrypts MindIR output only") }
            guard key.key != nil || key.keyFile != nil else { throw ValidationError("--mode needs --key or --key-file") }
        }
        if externalDataThreshold != nil && target != .onnx && target != .mindir {
            throw ValidationError("--external-data-threshold applies to ONNX and MindIR output only")
        }
    }

    func run() throws {
        guard let target else { throw ExitCode(64) }
        let keyBytes = try key.resolve()
        do {
            let file = try ModelFile.open(input)
            let source: ModelFormat = file.sniff.encryption != nil && file.format != .ckpt ? .mindir : file.format
            if plan {
                var model = try loadGraph(source, file, keyBytes)
                if optimize { model = ConstantFolding.apply(model).0 }
                let options = ConversionOptions(precision: precision, optimize: optimize)
                var partial: PartialReport?
                if allowPartial {
                    // The same cut the conversion makes, exporters included, so the plan stays exact.
                    let (prepared, _) = try Converter.prepare(model, for: target, options: options)
                    partial = try cutForTarget(prepared, target).report
                }
                try printPlan(Converter.plan(model, to: target, options: options), partial: partial)
                return
            }
            guard let output else { throw ExitCode(64) }
            let same = URL(fileURLWithPath: input).resolvingSymlinksInPath().path
                == URL(fileURLWithPath: output).resolvingSymlinksInPath().path
            guard !same else {
                printError("mshub: \(output): refusing to overwrite the input file")
                throw ExitCode(2)
            }
            switch (source, target) {
            case (.onnx, .onnx) where !transforms:
                let document = try ONNXCodec.decode(file.storage)
                let result = try ONNXCodec.write(
                    document, to: output,
                    options: ONNXWriteOptions(externalDataThreshold: externalDataThreshold, protecting: [input]))
                var line = "\(output): onnx, \(result.modelBytes) bytes"
                if let data = result.externalDataPath {
                    line += "; \(result.externalTensors) tensors (\(result.externalBytes) bytes) in \(data)"
                }
                print(line)
            case (.mslite, .mslite) where !transforms:
                let document = try MSLiteCodec.decode(file.storage)
                try MSLiteCodec.write(document, to: output)
                print("\(output): mslite, \(document.nodes.count) nodes")
            case (.mindir, .mindir) where !transforms:
                let document = try readMindIR(keyBytes)
                try writeMindIR(document.model, keyBytes, note: "re-encoded")
            case (.air, .air) where !transforms:
                let document = try AIRCodec.decode(file.storage)
                try AIRCodec.write(document, to: output, protecting: [input])
                print("\(output): air, \(document.model.graph.first?.op.count ?? 0) ops")
            case (.ckpt, .safetensors), (.safetensors, .ckpt):
                let options = WeightConversionOptions(key: keyBytes)
                let report =
                    source == .ckpt
                    ? try WeightConversion.ckptToSafetensors(input: input, output: output, options: options)
                    : try WeightConversion.safetensorsToCkpt(input: input, output: output, options: options)
                print("\(output): \(target.rawValue), \(report.tensors) tensors, \(report.tensorBytes) bytes of tensor data (from \(source.rawValue))")
                for note in report.notes { printError("mshub: note: \(note)") }
            case _ where Converter.graphTargets.contains(source) && Converter.graphTargets.contains(target):
                var model = try loadGraph(source, file, keyBytes)
                if let weights { model = try bind(model, weights) }
                let original = model
                if optimize {
                    let (folded, count) = ConstantFolding.apply(model)
                    model = folded
                    if count > 0 { printError("mshub: note: \(count) nodes of constant shape arithmetic folded") }
                }
                let (prepared, notes) = try Converter.prepare(model, for: target, options: ConversionOptions(precision: precision, optimize: optimize))
                let note = (["from \(source.rawValue), \(model.graph.nodes.count) graph nodes"] + notes).joined(separator: "; ")
                if allowPartial {
                    try convertPartially(prepared, original: original, target: target, note: note)
                    return
                }
                try Converter.checkSupported(prepared, for: target)
                print(try writeGraph(try Converter.export(typed(prepared, for: target), to: target), note: note))
                if verify { try verifyOutput(original, output: output) }
            default:
                printError("mshub: \(input): converting \(source.rawValue) to \(target.rawValue) is not supported")
                throw ExitCode(2)
            }
        } catch let error as FormatError {
            throw failBadInput(error)
        } catch let error as ConversionError {
            printError("mshub: \(input): \(error)")
            throw ExitCode(2)
        }
    }

    /// The input as a GraphIR model.
    private func loadGraph(_ source: ModelFormat, _ file: ModelFile, _ keyBytes: [UInt8]?) throws -> Model {
        switch source {
        case .onnx: return try ONNXImporter.importModel(try ONNXCodec.decode(file.storage))
        case .mindir: return try MindIRImporter.importModel(try readMindIR(keyBytes))
        case .air: return try AIRImporter.importModel(try AIRCodec.decode(file.storage))
        case .mslite: return try MSLiteImporter.importModel(try MSLiteCodec.decode(file.storage))
        default:
            printError("mshub: \(input): \(source.rawValue) holds weights, not a graph")
            throw ExitCode(2)
        }
    }

    private func bind(_ model: Model, _ path: String) throws -> Model {
        let file = try ModelFile.open(path)
        let tensors: [Tensor]
        switch file.format {
        case .ckpt: tensors = try WeightBinding.checkpointTensors(path: path, key: try key.resolve())
        case .safetensors: tensors = try WeightBinding.safetensorsTensors(path: path)
        default:
            printError("mshub: \(path): --weights takes a .ckpt or .safetensors file, not \(file.format.rawValue)")
            throw ExitCode(2)
        }
        var map: [String: String] = [:]
        if let nameMap {
            guard let text = readText(nameMap) else {
                printError("mshub: \(nameMap): cannot read the name map")
                throw ExitCode(2)
            }
            for (number, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard parts.count == 2 else {
                    printError("mshub: \(nameMap):\(number + 1): expected 'PARAMETER SOURCE'")
                    throw ExitCode(2)
                }
                map[parts[0]] = parts[1]
            }
        }
        let (bound, report) = WeightBinding.bind(model, weights: tensors, nameMap: map)
        printError("mshub: weights: " + report.text().replacingOccurrences(of: "\n", with: "\nmshub: weights: "))
        if !report.mismatched.isEmpty {
            printError("mshub: \(path): \(report.mismatched.count) tensors do not fit their parameters; nothing written")
            throw ExitCode(2)
        }
        return bound
    }

    /// The largest part of `prepared` the target holds (PartialConversion), exported in memory.
    private func cutForTarget(_ prepared: Model, _ target: ModelFormat) throws(ConversionError)
        -> (result: ExportedGraph?, model: Model, report: PartialReport)
    {
        try PartialConversion.convert(
            prepared, for: target, types: { model, names in PartialTypes.infer(model, names: names, seed: seed) },
            export: { (model: Model) throws(ConversionError) in try Converter.export(typed(model, for: target), to: target) })
    }

    /// `model` with the value shapes the MindIR exporter needs and the model does not state,
    /// found by a seeded run of the model (up to those values).
    private func typed(_ model: Model, for target: ModelFormat) -> Model {
        guard target == .mindir else { return model }
        let wanted = MindIRExporter.shapesWanted(model)
        return wanted.isEmpty ? model : PartialTypes.annotated(model, names: wanted, seed: seed)
    }

    /// `--allow-partial`: writes the cut, prints its report (text, or one JSON document with
    /// `--json`), and with `--verify` compares every output the two models share.
    private func convertPartially(_ prepared: Model, original: Model, target: ModelFormat, note: String) throws {
        guard let output else { throw ExitCode(64) }
        let (exported, cut, report) = try cutForTarget(prepared, target)
        guard let exported, !report.keepsNothing else {
            for line in report.lines() { printError("mshub: \(line)") }
            printError(
                "mshub: \(input): nothing of the main graph converts to \(target.rawValue): "
                    + "\(report.keptNodes) of \(report.totalNodes) nodes kept, no output left; nothing written")
            throw ExitCode(2)
        }
        let written = try writeGraph(exported, note: note)
        var members: [(String, JSONValue)] = [
            ("output", .string(output)), ("target", .string(target.rawValue)), ("written", .string(written)),
            ("partial", report.json()),
        ]
        if !json {
            print(written)
            for line in report.lines() { print(line) }
        }
        var passed = true
        if verify {
            let result = try ModelLoader.load(path: output, key: try key.resolve())
            let tolerance = precision.map { Tolerance.default(for: $0) }
            let outcome: PartialVerification.Outcome
            do {
                outcome = try PartialVerification.compare(
                    result: result, cut: cut, source: original, prepared: prepared, seed: seed, tolerance: tolerance,
                    title: "\(output) vs \(input) (reference backend, seed \(seed); outputs kept and frontier values of the source)",
                    limits: InterpreterLimits(maxSeconds: timeLimit))
            } catch {
                printError("mshub: \(output) vs \(input): --verify could not run them: \(error)")
                throw ExitCode(2)
            }
            passed = outcome.report.passed
            members.append(("verify", outcome.report.json()))
            members.append(("widened", .array(outcome.widened.map { .object([("name", .string($0.name)), ("from", .string($0.from.rawValue)), ("to", .string($0.to.rawValue))]) })))
            members.append(("not_compared", .array(outcome.notCompared.map { .object([("name", .string($0.name)), ("reason", .string($0.reason))]) })))
            if !json {
                print(outcome.report.text())
                for (name, reason) in outcome.notCompared { print("  \(name): not compared (\(reason))") }
                for (name, from, to) in outcome.widened { print("  \(name): \(from) compared as the source's \(to)") }
            }
        }
        if json { print(JSONValue.object(members).rendered()) }
        if !passed { throw ExitCode(1) }
    }

    private func printPlan(_ plan: ConversionPlan, partial: PartialReport? = nil) throws {
        if json {
            var members: [(String, JSONValue)] = [
                ("target", .string(plan.target.rawValue)), ("supported", .bool(plan.isSupported)),
                ("ops", .array(plan.entries.map { e in
                    var members: [(String, JSONValue)] = [("op", .string(e.op)), ("domain", .string(e.domain)), ("count", .int(e.count)), ("mapping", .string(e.mapping.rawValue))]
                    if let note = e.note { members.append(("note", .string(note))) }
                    return .object(members)
                })),
                ("changes", .array(plan.changes.map { .string($0) })),
            ]
            if let partial { members.append(("partial", partial.json())) }
            print(JSONValue.object(members).rendered())
        } else {
            var verdict = plan.isSupported ? "every op maps" : "refused: \(plan.unsupportedOps.joined(separator: ", ")) cannot be converted"
            if let partial {
                if partial.keepsNothing {
                    verdict = "refused even with --allow-partial: nothing of the main graph converts"
                } else if partial.isPartial {
                    verdict = "PARTIAL with --allow-partial: \(partial.removed.count) of \(partial.totalNodes) nodes would be left out"
                }
            }
            print("\(input) -> \(plan.target.rawValue): \(verdict)")
            for e in plan.entries {
                let op = e.domain.isEmpty ? e.op : "\(e.domain).\(e.op)"
                print("  \(e.mapping.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(op) ×\(e.count)\(e.note.map { "  (\($0))" } ?? "")")
            }
            for change in plan.changes { print("  change: \(change)") }
            if let partial, partial.isPartial { for line in partial.lines() { print("  \(line)") } }
        }
    }

    /// Runs the source model and the written file on the same inputs and compares.
    private func verifyOutput(_ source: Model, output: String) throws {
        let result = try ModelLoader.load(path: output, key: try key.resolve())
        let inputs = try InputGenerator.random(for: source, seed: seed)
        let limits = InterpreterLimits(maxSeconds: timeLimit)
        let expected = try Self.verificationRun(source, input, inputs, limits)
        let actual = try Self.verificationRun(result, output, inputs, limits)
        let tolerance = precision.map { Tolerance.default(for: $0) }
        let report = OutputComparison.compare(actual, expected, title: "\(output) vs \(input) (reference backend, seed \(seed))", tolerance: tolerance)
        print(json ? report.json().rendered() : report.text())
        if !report.passed { throw ExitCode(1) }
    }

    /// One of --verify's runs; a model the reference cannot run (an op it lacks, a limit such as
    /// --time-limit) stops the command with exit 2, naming the file.
    static func verificationRun(
        _ model: Model, _ path: String, _ inputs: [String: NDArray], _ limits: InterpreterLimits
    ) throws -> [(name: String, value: NDArray)] {
        do {
            return try Interpreter(model: model, limits: limits).run(tensors: inputs)
        } catch {
            printError("mshub: \(path): --verify could not run it: \(error)")
            throw ExitCode(2)
        }
    }

    /// Writes an exported model; returns the line that says what was written.
    private func writeGraph(_ exported: ExportedGraph, note: String) throws -> String {
        guard let output else { throw ExitCode(64) }
        switch exported {
        case .onnx(let proto):
            let result = try ONNXCodec.write(
                ONNXDocument(model: proto),
                to: output, options: ONNXWriteOptions(externalDataThreshold: externalDataThreshold, protecting: [input]))
            return "\(output): onnx, \(result.modelBytes) bytes (\(note))"
        case .mindir(let model):
            return try writeMindIR(model, try key.resolve(), note: note, printing: false)
        case .mslite(let document):
            try MSLiteCodec.write(document, to: output)
            return "\(output): mslite, \(document.nodes.count) nodes (\(note))"
        case .air(let air):
            try AIRCodec.write(air, to: output, protecting: [input])
            return "\(output): air, \(air.graph.first?.op.count ?? 0) ops (\(note))"
        }
    }

    private func readMindIR(_ keyBytes: [UInt8]?) throws -> MindIRDocument {
        try MindIRCodec.decode(path: input, key: keyBytes)
    }

    @discardableResult
    private func writeMindIR(_ model: MindIr_ModelProto, _ keyBytes: [UInt8]?, note: String, printing: Bool = true) throws -> String {
        guard let output else { throw ExitCode(64) }
        var options = MindIRWriteOptions(externalDataThreshold: externalDataThreshold, protecting: [input])
        if let mode, let algorithm = CipherMode(name: mode), let keyBytes {
            options.encryption = (algorithm, keyBytes)
        }
        let result = try MindIRCodec.write(model, to: output, options: options)
        var line = "\(output): mindir, \(result.modelBytes) bytes (\(note))"
        if let mode { line += ", encrypted \(mode)" }
        if let data = result.dataFilePath {
            line += "; \(result.externalTensors) parameters (\(result.externalBytes) bytes) in \(data)"
        }
        if printing { print(line) }
        return line
    }
}
