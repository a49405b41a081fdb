import Formats
import MSCrypto

/// What `mshub inspect` reports about one file.
public struct InspectReport: Sendable {
    public struct TensorLine: Sendable, Equatable {
        public var name: String
        /// Neutral element type name (`float32`, `bfloat16`, `int4`, `string` …).
        public var dtype: String
        /// The type string stored in the file (`Float32`, `str` …).
        public var storedType: String
        public var shape: [Int]
        public var bytes: Int
    }

    public var path: String
    public var format: ModelFormat
    public var bytes: Int
    public var sha256: String?
    public var encryption: CipherMode?
    public var hasCRCTrailer: Bool
    /// nil when the tensors could not be listed (encrypted without a key, or a format whose reader comes later).
    public var tensors: [TensorLine]?
    /// The model's graph, for formats that have one (ONNX, MindIR, AIR, MindSpore Lite).
    public var graph: GraphView?

    public var totalTensorBytes: Int { tensors?.reduce(0) { $0 + $1.bytes } ?? 0 }

    /// Opens and reads `path`. With `hash` false the SHA-256 is skipped (for timing the reader alone).
    public static func make(path: String, key: [UInt8]? = nil, hash: Bool = true) throws -> InspectReport {
        let file = try ModelFile.open(path)
        var report = InspectReport(
            path: path, format: file.format, bytes: file.storage.count, sha256: nil, encryption: file.sniff.encryption,
            hasCRCTrailer: file.sniff.hasCRCTrailer, tensors: nil, graph: nil)
        if hash {
            report.sha256 = SHA256.hex(try SHA256.hashFile(path: path))
        }
        switch file.format {
        case .ckpt:
            if file.sniff.encryption != nil && key == nil { break }
            var options = DecodingOptions()
            options.key = key
            let document = try CheckpointCodec.decode(file.storage, options: options)
            let entries = try CheckpointCodec.entries(of: document, file: path, options: options)
            var lines: [TensorLine] = []
            for entry in entries {
                switch entry.value {
                case .tensor(let t):
                    lines.append(TensorLine(
                        name: entry.name, dtype: t.tensorType.canonicalName ?? t.tensorType.name,
                        storedType: t.tensorType.name, shape: t.shape, bytes: t.data.count))
                case .map(let inner):
                    for (role, t) in zip(["keys", "values", "status"], inner) {
                        lines.append(TensorLine(
                            name: "\(entry.name)#\(role)", dtype: t.tensorType.canonicalName ?? t.tensorType.name,
                            storedType: t.tensorType.name, shape: t.shape, bytes: t.data.count))
                    }
                }
            }
            report.tensors = lines
        case .onnx:
            let document = try ONNXCodec.decode(file.storage)
            report.graph = try GraphView(onnx: document)
            var lines: [TensorLine] = []
            let root = FieldPath([.field("ModelProto"), .field("graph")])
            for (index, tensor) in document.model.graph.initializer.enumerated() {
                let type = ONNXDataType(code: tensor.dataType)
                lines.append(TensorLine(
                    name: tensor.name, dtype: type?.name ?? "type\(tensor.dataType)",
                    storedType: "TensorProto.DataType \(tensor.dataType)", shape: tensor.dims.map { Int($0) },
                    bytes: try GraphView.byteCount(tensor, document, root.appending("initializer", index: index))))
            }
            report.tensors = lines
        case .mslite:
            report.graph = GraphView(mslite: try MSLiteCodec.decode(file.storage))
        case .mindir:
            if file.sniff.encryption != nil && key == nil { break }
            let document = try MindIRCodec.decode(path: path, key: key)
            report.graph = GraphView(mindir: document)
            let root = FieldPath([.field("ModelProto"), .field("graph")])
            var lines: [TensorLine] = []
            for (index, tensor) in document.model.graph.parameter.enumerated() {
                let type = MindIRDataType(code: tensor.dataType)
                let bytes = try document.payload(of: tensor, at: root.appending("parameter", index: index))
                lines.append(TensorLine(
                    name: MindIRDocument.parameterName(tensor.name), dtype: type?.name.lowercased() ?? "type\(tensor.dataType)",
                    storedType: "TensorProto.DataType \(tensor.dataType)", shape: tensor.dims.map { Int(clamping: $0) },
                    bytes: bytes.count))
            }
            report.tensors = lines
        case .air:
            let document = try AIRCodec.decode(file.storage, file: path)
            report.graph = GraphView(air: document)
        case .safetensors:
            let document = try SafetensorsCodec.decode(file.storage)
            report.tensors = document.tensors.map { t in
                TensorLine(name: t.name, dtype: t.neutralDType, storedType: t.dtypeName, shape: t.shape, bytes: t.data.count)
            }
        default:
            break
        }
        return report
    }

    /// The `--json` document: `{"path","format","bytes","sha256","encrypted","tensors":[{"name","dtype","shape","bytes"}]}`.
    public var json: JSONValue {
        .object([
            ("path", .string(path)),
            ("format", .string(format.rawValue)),
            ("bytes", .int(bytes)),
            ("sha256", sha256.map(JSONValue.string) ?? .null),
            ("encrypted", .bool(encryption != nil)),
            ("encryption", encryption.map { .string($0.rawValue) } ?? .null),
            ("crc", .bool(hasCRCTrailer)),
            (
                "tensors",
                tensors.map { list in
                    .array(list.map { t in
                        .object([
                            ("name", .string(t.name)), ("dtype", .string(t.dtype)), ("stored_type", .string(t.storedType)),
                            ("shape", .array(t.shape.map(JSONValue.int))), ("bytes", .int(t.bytes)),
                        ])
                    })
                } ?? .null
            ),
        ] + (graph.map { [("graph", $0.json)] } ?? []))
    }

    /// Human-readable report.
    public var text: String {
        var lines: [String] = []
        lines.append("path:      \(path)")
        var kind = format.rawValue
        if let encryption { kind += " (encrypted, \(encryption.rawValue))" }
        if hasCRCTrailer { kind += " (CRC trailer)" }
        lines.append("format:    \(kind)")
        lines.append("bytes:     \(bytes)")
        if let sha256 { lines.append("sha256:    \(sha256)") }
        guard let tensors else {
            if encryption != nil { lines.append("tensors:   (encrypted: give --key or --key-file to list them)") }
            if let graph { lines += graph.textLines }
            return lines.joined(separator: "\n")
        }
        lines.append("tensors:   \(tensors.count)")
        let nameWidth = min(60, tensors.map(\.name.count).max() ?? 4)
        let typeWidth = tensors.map(\.dtype.count).max() ?? 5
        for t in tensors {
            let shape = "[" + t.shape.map(String.init).joined(separator: ", ") + "]"
            lines.append("  " + t.name.padding(nameWidth) + "  " + t.dtype.padding(typeWidth) + "  " + shape.padding(16) + "  \(t.bytes)")
        }
        lines.append("total:     \(tensors.count) tensors, \(totalTensorBytes) bytes of tensor data")
        if let graph { lines += graph.textLines }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
