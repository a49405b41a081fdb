import Foundation
import MSCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// How `MindIRCodec.write` lays a model out on disk.
public struct MindIRWriteOptions: Sendable {
    /// Split-save (FORMATS.md §2.6) when the weights (`graph.parameter` payloads) add up to at least
    /// this many bytes; 0 always splits a model that has weights. nil keeps the source's layout
    /// (split stays split, inline stays inline), and splits anyway when inline weights would push
    /// the file past protobuf's 2 GiB. MindSpore itself splits above 1 GiB.
    public var externalDataThreshold: Int?
    /// Encrypt the model (and, when split, each block of its data file) with MindSpore's cipher
    /// layout (§2.7). nil writes plain files.
    public var encryption: (algorithm: CipherAlgorithm, key: [UInt8])?
    /// Files that must not be overwritten (the inputs). The source model and the data files it
    /// has read from are always protected.
    public var protecting: [String]

    public init(
        externalDataThreshold: Int? = nil, encryption: (algorithm: CipherAlgorithm, key: [UInt8])? = nil,
        protecting: [String] = []
    ) {
        self.externalDataThreshold = externalDataThreshold
        self.encryption = encryption
        self.protecting = protecting
    }
}

/// What `MindIRCodec.write` wrote.
public struct MindIRWriteResult: Sendable, Equatable {
    /// Bytes of the model file as written (after encryption).
    public var modelBytes: Int
    /// The data file of a split save, nil when the weights are inline.
    public var dataFilePath: String?
    /// Parameters stored in the data file and their unpadded bytes.
    public var externalTensors: Int
    public var externalBytes: Int
}

extension MindIRCodec {
    /// A protobuf message cannot exceed 2 GiB.
    public static let protobufLimit = Int(Int32.max)
    /// Weights start at this offset of a data file and are each padded to a multiple of it.
    static let dataAlignment = 64

    /// Writes a model built in memory (its tensors must hold their data inline).
    @discardableResult
    public static func write(
        _ model: MindIr_ModelProto, to path: String, options: MindIRWriteOptions = MindIRWriteOptions()
    ) throws(FormatError) -> MindIRWriteResult {
        try write(MindIRDocument(model: model), to: path, options: options)
    }

    /// Writes `document` to `path` through temporary files and renames.
    ///
    /// A split save writes the weights to `<prefix>_variables/data_0` beside `path`, where
    /// `<prefix>` is the file name without `.mindir` and without a `_graph` suffix (MindSpore names
    /// its graph file `<prefix>_graph.mindir`): a 64-byte header (byte 0 = 1 for little-endian),
    /// then each weight in order of its name after the first `:`, zero-padded to 64 bytes, with
    /// `external_data` = { location, absolute offset, unpadded length }. Encrypted, the header and
    /// each padded weight are separate cipher blocks and offsets stay plaintext offsets.
    @discardableResult
    public static func write(
        _ document: MindIRDocument, to path: String, options: MindIRWriteOptions = MindIRWriteOptions()
    ) throws(FormatError) -> MindIRWriteResult {
        var protecting = options.protecting
        if let source = document.path { protecting.append(source) }
        var model = document.model
        let root = FieldPath([.field("ModelProto"), .field("graph")])

        // Every weight's bytes (views: nothing large is copied), which also opens and protects
        // the data files the source reads from.
        var payloads: [TensorBytes?] = []
        var total = 0
        do {
            for (index, tensor) in model.graph.parameter.enumerated() {
                guard tensor.hasRawData || tensor.hasExternalData else {
                    payloads.append(nil)
                    continue
                }
                let bytes = try document.payload(of: tensor, at: root.appending("parameter", index: index))
                payloads.append(bytes)
                total = total &+ bytes.count
            }
        } catch {
            throw error.inFile(document.path)
        }
        protecting += document.openedDataFiles

        let split: Bool
        if let threshold = options.externalDataThreshold {
            split = payloads.contains { $0 != nil } && total >= threshold
        } else {
            split = document.hasExternalData || total > protobufLimit - (64 << 20)
        }

        var result = MindIRWriteResult(modelBytes: 0, dataFilePath: nil, externalTensors: 0, externalBytes: 0)
        if split {
            let (folder, location) = try variablesFolder(for: path)
            let dataPath = ONNXDocument.directory(of: path) + "/" + location
            // Offsets in name order (the part after the first ':').
            let order = payloads.indices.filter { payloads[$0] != nil }.sorted {
                MindIRDocument.parameterName(model.graph.parameter[$0].name)
                    < MindIRDocument.parameterName(model.graph.parameter[$1].name)
            }
            var offset = dataAlignment
            var placed: [(index: Int, bytes: TensorBytes)] = []
            for index in order {
                guard let bytes = payloads[index] else { continue }
                var tensor = model.graph.parameter[index]
                tensor.clearRawData()
                var entry = MindIr_TensorProto.ExternalDataProto()
                entry.location = location
                entry.offset = Int64(offset)
                entry.length = Int64(bytes.count)
                tensor.externalData = entry
                model.graph.parameter[index] = tensor
                placed.append((index, bytes))
                let padded = (bytes.count + dataAlignment - 1) / dataAlignment * dataAlignment
                offset += padded
                result.externalBytes += bytes.count
            }
            try makeFolder(folder, model: path)
            try writeDataFile(placed.map(\.bytes), to: dataPath, encryption: options.encryption, protecting: protecting)
            result.dataFilePath = dataPath
            result.externalTensors = placed.count
        } else {
            for (index, bytes) in payloads.enumerated() {
                guard let bytes, model.graph.parameter[index].hasExternalData else { continue }
                model.graph.parameter[index].rawData = ONNXCodec.wrap(bytes.contiguous())
                model.graph.parameter[index].clearExternalData()
            }
        }

        var bytes = try encode(model)
        guard bytes.count <= protobufLimit else {
            throw FormatError(
                .limitExceeded, format: formatName, file: path,
                message: "the model is \(bytes.count) bytes; protobuf allows 2 GiB (write it split)")
        }
        if let encryption = options.encryption {
            bytes = try encrypt(bytes, encryption, file: path)
        }
        let writer = try AtomicFileWriter(path: path, format: formatName, protecting: protecting)
        do {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
        result.modelBytes = bytes.count
        return result
    }

    /// The variables folder for a model written at `path`, and the `location` of its first data file.
    static func variablesFolder(for path: String) throws(FormatError) -> (folder: String, location: String) {
        var name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        if name.hasSuffix(".mindir") { name.removeLast(".mindir".count) }
        if name.hasSuffix("_graph") { name.removeLast("_graph".count) }
        guard !name.isEmpty else {
            throw FormatError(.invalidValue, format: formatName, file: path, message: "the model file needs a name")
        }
        let folderName = name + "_variables"
        return (ONNXDocument.directory(of: path) + "/" + folderName, folderName + "/data_0")
    }

    /// Creates the variables folder (mode 0700, as MindSpore does), refusing a symlink in its place.
    private static func makeFolder(_ folder: String, model: String) throws(FormatError) {
        var info = stat()
        if lstat(folder, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw FormatError(
                    .unsafePath, format: formatName, file: model,
                    message: "\(folder) exists and is not a folder (a symlink or a file); refusing to write into it")
            }
            return
        }
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
            throw FormatError(.io, format: formatName, file: model, message: "cannot create \(folder): \(errnoText())")
        }
    }

    private static func writeDataFile(
        _ payloads: [TensorBytes], to path: String, encryption: (algorithm: CipherAlgorithm, key: [UInt8])?,
        protecting: [String]
    ) throws(FormatError) {
        var header = [UInt8](repeating: 0, count: dataAlignment)
        header[0] = 1.littleEndian == 1 ? 1 : 0
        let writer = try AtomicFileWriter(path: path, format: formatName, protecting: protecting)
        do {
            let zeros = [UInt8](repeating: 0, count: dataAlignment)
            if let encryption {
                try writer.write(try encrypt(header, encryption, file: path))
                for payload in payloads {
                    var block = payload.bytes
                    let pad = (dataAlignment - block.count % dataAlignment) % dataAlignment
                    block.append(contentsOf: zeros[0..<pad])
                    try writer.write(try encrypt(block, encryption, file: path))
                }
            } else {
                try writer.write(header)
                for payload in payloads {
                    for chunk in payload.chunks { try writer.write(chunk) }
                    let pad = (dataAlignment - payload.count % dataAlignment) % dataAlignment
                    if pad > 0 { try writer.write(Array(zeros[0..<pad])) }
                }
            }
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }

    static func encrypt(
        _ bytes: [UInt8], _ encryption: (algorithm: CipherAlgorithm, key: [UInt8]), file: String
    ) throws(FormatError) -> [UInt8] {
        do {
            return try MindSporeCipher.encrypt(bytes, algorithm: encryption.algorithm, key: encryption.key)
        } catch {
            throw FormatError(cryptoError: error, format: formatName, file: file)
        }
    }
}
