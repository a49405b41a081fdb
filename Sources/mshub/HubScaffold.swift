import ArgumentParser
import Formats
import Foundation
import Hub

extension HubCommand {
    struct Scaffold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new asset file for a model file.",
            discussion: """
                The file-format is sniffed from the model's content, the SHA-256 is computed, and input shapes are \
                written where the format records them (checkpoints and safetensors have none). The result passes \
                `mshub hub validate` in both modes. Written to {name}_{dataset}.md unless --output is given.
                """)

        @Argument(help: "The model file.")
        var model: String

        @Option(help: "model-name (and backbone-name unless --backbone).")
        var name: String

        @Option(help: "train-dataset.")
        var dataset: String

        @Option(help: "asset-link: the http(s) URL the model file is published at.")
        var link: String

        @Option(help: "Where to write the asset file.")
        var output: String?

        @Option(help: "backbone-name.")
        var backbone: String?

        @Option(name: .customLong("module-type"), help: "module-type.")
        var moduleType = "cv-classification"

        @Flag(name: .customLong("fine-tunable"), help: "fine-tunable: True (default False).")
        var fineTunable = false

        @Option(name: .customLong("model-version"), help: "model-version.")
        var modelVersion = "1.0"

        @Option(help: "author (and user-id unless --user-id).")
        var author = "unknown"

        @Option(name: .customLong("user-id"), help: "user-id.")
        var userID: String?

        @Option(name: .customLong("used-for"), help: "used-for.")
        var usedFor = "inference"

        @Option(name: .customLong("mindspore-version"), help: "mindspore-version.")
        var mindsporeVersion = "2.10"

        @Option(name: .customLong("repo-link"), help: "repo-link (default: the asset link).")
        var repoLink: String?

        @Option(help: "license.")
        var license = "Apache2.0"

        @Option(help: "summary.")
        var summary: String?

        @Option(help: "update-time as YYYY-MM-DD (default: today, UTC).")
        var date: String?

        @Flag(help: "Replace an existing output file.")
        var force = false

        func validate() throws {
            if let problem = AssetValidator.linkProblem(link) { throw ValidationError("--link \(link): \(problem)") }
            if let date, !AssetValidator.isISODate(date) { throw ValidationError("--date \(date) is not YYYY-MM-DD") }
            for (flag, value) in [("--name", name), ("--dataset", dataset)]
            where value.isEmpty || value.contains("/") || value.contains("_") {
                throw ValidationError("\(flag) must be non-empty, without `/` or `_` (the file is {name}_{dataset}.md)")
            }
        }

        func run() throws {
            var fields = AssetScaffold.Fields(name: name, dataset: dataset, link: link, date: date ?? AssetScaffold.today())
            fields.backbone = backbone
            fields.moduleType = moduleType
            fields.fineTunable = fineTunable
            fields.modelVersion = modelVersion
            fields.author = author
            fields.userID = userID
            fields.usedFor = usedFor
            fields.mindsporeVersion = mindsporeVersion
            fields.repoLink = repoLink
            fields.license = license
            fields.summary = summary
            let scaffold = AssetScaffold(modelPath: model, fields: fields)
            let target = output ?? scaffold.defaultFileName
            if !force, FileManager.default.fileExists(atPath: target) {
                printError("mshub: \(target) exists (give --force to replace it)")
                throw ExitCode(2)
            }
            let text: String
            do {
                text = try scaffold.make().render()
            } catch {
                throw failBadInput(error)
            }
            do {
                let writer = try AtomicFileWriter(path: target, format: "asset", protecting: [model])
                try writer.write(Array(text.utf8))
                try writer.commit()
            } catch {
                throw failBadInput(error)
            }
            let unknown = dataset.split(separator: "_").filter { !AssetValidator.upstreamDatasetNames.contains(String($0)) }
            if !unknown.isEmpty {
                printError(
                    "mshub: note: upstream's validator rejects train-dataset `\(dataset)` (it knows no dataset `\(unknown.joined(separator: "`, `"))`); `mshub hub validate --compat` will fail")
            }
            print(target)
        }
    }
}
