import ArgumentParser
import Foundation
import Formats

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-encode or convert a model file.",
        discussion: """
            The input format is recognised from content, the output format from the output's extension \
            (.onnx, .ms). For now each format is re-encoded to itself. MindSpore Lite files are \
            rewritten field for field. ONNX models are re-encoded losslessly: every field is kept, and with \
            --external-data-threshold the initializers of at least that many bytes move to \
            OUT.data beside the model (aligned; 0 moves all of them; a large value brings them all back \
            inline). Without it, tensors that were external stay external. Models over 2 GiB always \
            get external data. The output is written through a temporary file and a rename; the input \
            is never overwritten.
            """)

    @Argument(help: "The model to read.")
    var input: String

    @Argument(help: "The file to write.")
    var output: String

    @Option(
        name: .customLong("external-data-threshold"),
        help: ArgumentHelp("Move initializers of at least this many bytes to an external data file.", valueName: "bytes"))
    var externalDataThreshold: Int?

    func validate() throws {
        if let externalDataThreshold, externalDataThreshold < 0 {
            throw ValidationError("--external-data-threshold must be 0 or more")
        }
        guard output.lowercased().hasSuffix(".onnx") || output.lowercased().hasSuffix(".ms") else {
            throw ValidationError("the output must end in .onnx or .ms (the targets so far)")
        }
    }

    func run() throws {
        do {
            let file = try ModelFile.open(input)
            let target: ModelFormat = output.lowercased().hasSuffix(".ms") ? .mslite : .onnx
            guard file.format == target else {
                printError("mshub: \(input): converting \(file.format.rawValue) to \(target.rawValue) is not supported yet")
                throw ExitCode(2)
            }
            if target == .mslite {
                if externalDataThreshold != nil { throw ValidationError("--external-data-threshold applies to ONNX only") }
                let same = URL(fileURLWithPath: input).resolvingSymlinksInPath().path
                    == URL(fileURLWithPath: output).resolvingSymlinksInPath().path
                guard !same else {
                    printError("mshub: \(output): refusing to overwrite the input file")
                    throw ExitCode(2)
                }
                let document = try MSLiteCodec.decode(file.storage)
                try MSLiteCodec.write(document, to: output)
                print("\(output): mslite, \(document.nodes.count) nodes")
                return
            }
            let document = try ONNXCodec.decode(file.storage)
            let result = try ONNXCodec.write(
                document, to: output,
                options: ONNXWriteOptions(externalDataThreshold: externalDataThreshold, protecting: [input]))
            var line = "\(output): onnx, \(result.modelBytes) bytes"
            if let data = result.externalDataPath {
                line += "; \(result.externalTensors) tensors (\(result.externalBytes) bytes) in \(data)"
            }
            print(line)
        } catch let error as FormatError {
            throw failBadInput(error)
        }
    }
}
