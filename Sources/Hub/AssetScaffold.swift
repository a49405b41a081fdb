import Foundation
import Formats
import MSCrypto

/// Builds a new asset file for a model file: the real format sniffed from its content, its full SHA-256,
/// and its input shapes where the format records them.
public struct AssetScaffold: Sendable {
    /// The fields a publisher chooses; the rest comes from the model file.
    public struct Fields: Sendable {
        public var name: String
        public var dataset: String
        public var link: String
        public var backbone: String?
        public var moduleType = "cv-classification"
        public var fineTunable = false
        public var modelVersion = "1.0"
        public var author = "unknown"
        public var userID: String?
        public var usedFor = "inference"
        public var mindsporeVersion = "2.10"
        public var repoLink: String?
        public var license = "Apache2.0"
        public var summary: String?
        /// `update-time`, `YYYY-MM-DD`.
        public var date: String

        public init(name: String, dataset: String, link: String, date: String) {
            self.name = name
            self.dataset = dataset
            self.link = link
            self.date = date
        }
    }

    /// The model file.
    public var modelPath: String
    public var fields: Fields

    public init(modelPath: String, fields: Fields) {
        self.modelPath = modelPath
        self.fields = fields
    }

    /// The file name upstream uses: `{name}_{dataset}.md`.
    public var defaultFileName: String { "\(fields.name)_\(fields.dataset).md" }

    /// Today's date (UTC) as `YYYY-MM-DD`.
    public static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// The asset file. Throws when the model file cannot be read or is no known format.
    public func make() throws -> AssetFile {
        let model = try ModelFile.open(modelPath)
        let sha = SHA256.hex(try SHA256.hashFile(path: modelPath))
        let link = fields.link.hasPrefix("<") ? fields.link : "<\(fields.link)>"
        func plain(_ key: String, _ value: String) -> HeaderEntry { HeaderEntry(key: key, value: .plain(value)) }
        var entries: [HeaderEntry] = [
            plain("model-name", fields.name),
            plain("backbone-name", fields.backbone ?? fields.name),
            plain("module-type", fields.moduleType),
            plain("fine-tunable", fields.fineTunable ? "True" : "False"),
            plain("model-version", fields.modelVersion),
            plain("train-dataset", fields.dataset),
            plain("author", fields.author),
            plain("update-time", fields.date),
            plain("repo-link", fields.repoLink.map { $0.hasPrefix("<") ? $0 : "<\($0)>" } ?? link),
            plain("user-id", fields.userID ?? fields.author),
            plain("used-for", fields.usedFor),
            plain("mindspore-version", fields.mindsporeVersion),
            HeaderEntry(
                key: "asset",
                value: .list(
                    [
                        .mapping(
                            [plain("file-format", model.format.rawValue), plain("asset-link", link), plain("asset-sha256", sha)],
                            line: 0)
                    ], line: 0)),
            plain("license", fields.license),
            plain("summary", fields.summary ?? "\(fields.name) trained on \(fields.dataset)"),
        ]
        if let shapes = Self.inputShapes(of: model), !shapes.isEmpty {
            let lists = shapes.map { shape in HeaderValue.list(shape.map { .plain(String($0)) }, line: 0) }
            entries.append(HeaderEntry(key: "input-shape", value: lists.count == 1 ? lists[0] : .list(lists, line: 0)))
        }
        let body = """

            ## Introduction

            \(fields.summary ?? "\(fields.name) trained on \(fields.dataset)").

            The model file is \(model.format.rawValue), \(model.storage.count) bytes, SHA-256 \(sha).

            """
        return AssetFile(preamble: "# \(fields.name)\n\n", entries: entries, body: body)
    }

    /// The input shapes a model file records, one list of dims per graph input; nil when the format keeps
    /// none. Checkpoints and safetensors hold weights only, so they have no inputs.
    ///
    /// The hook for formats with graphs: ONNX (`ModelProto.graph.input[].type.tensor_type.shape`) and
    /// MindIR will fill this in when their readers land; until then they report no shapes rather than guess.
    /// ONNX: the graph inputs that are not initializers, tensor-typed, with symbolic or unknown
    /// dims written as -1. MindSpore Lite: the graph's input tensors.
    public static func inputShapes(of model: ModelFile) -> [[Int]]? {
        switch model.format {
        case .ckpt, .safetensors: return nil
        case .mindir, .air: return nil
        case .onnx:
            guard let document = try? ONNXCodec.decode(model.storage) else { return nil }
            let graph = document.model.graph
            let constants = Set(graph.initializer.map(\.name))
            var shapes: [[Int]] = []
            for input in graph.input where !constants.contains(input.name) {
                guard case .tensorType(let tensor)? = input.type.value, tensor.hasShape else { return nil }
                shapes.append(tensor.shape.dim.map { dim in
                    if case .dimValue(let n)? = dim.value, n >= 0, n <= Int64(Int32.max) { return Int(n) }
                    return -1
                })
            }
            return shapes
        case .mslite:
            guard let document = try? MSLiteCodec.decode(model.storage) else { return nil }
            return document.graphSummary().inputs.map(\.shape)
        }
    }
}
