import ArgumentParser
import Convert
import Foundation
import Formats
import GraphIR

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
            The output is written through a temporary file and a rename; the input is never overwritten.
            """)

    @Argument(help: "The model to read.")
    var input: String

    @Argument(help: "The file to write.")
    var output: String

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
        let lower = output.lowercased()
        return Self.targets.first { lower.hasSuffix($0.0) }?.1
    }

    func validate() throws {
        if let externalDataThreshold, externalDataThreshold < 0 {
            throw ValidationError("--external-data-threshold must be 0 or more")
        }
        guard let target else {
            throw ValidationError("the output must end in .onnx, .ms, .mindir, .air, .safetensors or .ckpt")
        }
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
            let same = URL(fileURLWithPath: input).resolvingSymlinksInPath().path
                == URL(fileURLWithPath: output).resolvingSymlinksInPath().path
            guard !same else {
                printError("mshub: \(output): refusing to overwrite the input file")
                throw ExitCode(2)
            }
            let file = try ModelFile.open(input)
            let source: ModelFormat = file.sniff.encryption != nil && target == .mindir ? .mindir : file.format
            switch (source, target) {
            case (.onnx, .onnx):
                let document = try ONNXCodec.decode(file.storage)
                let result = try ONNXCodec.write(
                    document, to: output,
                    options: ONNXWriteOptions(externalDataThreshold: externalDataThreshold, protecting: [input]))
                var line = "\(output): onnx, \(result.modelBytes) bytes"
                if let data = result.externalDataPath {
                    line += "; \(result.externalTensors) tensors (\(result.externalBytes) bytes) in \(data)"
                }
                print(line)
            case (.mslite, .mslite):
                let document = try MSLiteCodec.decode(file.storage)
                try MSLiteCodec.write(document, to: output)
                print("\(output): mslite, \(document.nodes.count) nodes")
            case (.mindir, .mindir):
                let document = try readMindIR(keyBytes)
                try writeMindIR(document.model, keyBytes, note: "re-encoded")
            case (.air, .air):
                let document = try AIRCodec.decode(file.storage)
                try AIRCodec.write(document, to: output, protecting: [input])
                print("\(output): air, \(document.model.graph.first?.op.count ?? 0) ops")
            case (.mindir, .air):
                let document = try readMindIR(keyBytes)
                let graph = try MindIRImporter.importModel(document)
                let air = try AIRExporter.exportModel(graph)
                try AIRCodec.write(air, to: output, protecting: [input])
                print("\(output): air, \(air.graph.first?.op.count ?? 0) ops (from mindir, \(graph.graph.nodes.count) graph nodes)")
            case (.air, .mindir):
                let document = try AIRCodec.decode(file.storage)
                let graph = try AIRImporter.importModel(document)
                let model = try MindIRExporter.exportModel(graph)
                try writeMindIR(model, keyBytes, note: "from air, \(graph.graph.nodes.count) graph nodes")
            case (.ckpt, .safetensors), (.safetensors, .ckpt):
                let options = WeightConversionOptions(key: keyBytes)
                let report =
                    source == .ckpt
                    ? try WeightConversion.ckptToSafetensors(input: input, output: output, options: options)
                    : try WeightConversion.safetensorsToCkpt(input: input, output: output, options: options)
                print("\(output): \(target.rawValue), \(report.tensors) tensors, \(report.tensorBytes) bytes of tensor data (from \(source.rawValue))")
                for note in report.notes { printError("mshub: note: \(note)") }
            case (.mslite, .onnx), (.mslite, .mindir), (.mslite, .air):
                let document = try MSLiteCodec.decode(file.storage)
                let graph = try MSLiteImporter.importModel(document)
                try writeGraph(graph, target, note: "from mslite, \(graph.graph.nodes.count) graph nodes")
            case (.onnx, .mslite), (.mindir, .mslite), (.air, .mslite):
                let graph: Model
                switch source {
                case .onnx: graph = try ONNXImporter.importModel(try ONNXCodec.decode(file.storage))
                case .mindir: graph = try MindIRImporter.importModel(try readMindIR(keyBytes))
                default: graph = try AIRImporter.importModel(try AIRCodec.decode(file.storage))
                }
                let document = try MSLiteExporter.exportModel(graph)
                try MSLiteCodec.write(document, to: output)
                print("\(output): mslite, \(document.nodes.count) nodes (from \(source.rawValue), \(graph.graph.nodes.count) graph nodes)")
            default:
                printError("mshub: \(input): converting \(source.rawValue) to \(target.rawValue) is not supported yet")
                throw ExitCode(2)
            }
        } catch let error as FormatError {
            throw failBadInput(error)
        } catch let error as ConversionError {
            printError("mshub: \(input): \(error)")
            throw ExitCode(2)
        }
    }

    /// Writes a GraphIR model as ONNX, MindIR or AIR.
    private func writeGraph(_ graph: Model, _ target: ModelFormat, note: String) throws {
        switch target {
        case .onnx:
            let proto = try ONNXExporter.exportModel(graph)
            let result = try ONNXCodec.write(
                ONNXDocument(model: proto),
                to: output, options: ONNXWriteOptions(externalDataThreshold: externalDataThreshold, protecting: [input]))
            print("\(output): onnx, \(result.modelBytes) bytes (\(note))")
        case .mindir:
            try writeMindIR(try MindIRExporter.exportModel(graph), try key.resolve(), note: note)
        default:
            let air = try AIRExporter.exportModel(graph)
            try AIRCodec.write(air, to: output, protecting: [input])
            print("\(output): air, \(air.graph.first?.op.count ?? 0) ops (\(note))")
        }
    }

    private func readMindIR(_ keyBytes: [UInt8]?) throws -> MindIRDocument {
        try MindIRCodec.decode(path: input, key: keyBytes)
    }

    private func writeMindIR(_ model: MindIr_ModelProto, _ keyBytes: [UInt8]?, note: String) throws {
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
        print(line)
    }
}
