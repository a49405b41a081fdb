import Foundation
import SwiftProtobuf

/// How `ONNXCodec.write` lays a model out on disk.
public struct ONNXWriteOptions: Sendable {
    /// Tensors (initializers of every graph) whose payload has at least this many bytes go to
    /// the external data file. nil keeps the source's choice: tensors that were external stay
    /// external (in the new file), the rest stay inline.
    public var externalDataThreshold: Int?
    /// The external data file's name, in the model's folder. Default `<model file name>.data`.
    public var externalDataName: String?
    /// Payloads of at least `pageAlignmentThreshold` bytes start on a 4,096-byte boundary (so they
    /// can be mapped page by page); smaller ones on a 64-byte boundary.
    public var pageAlignmentThreshold: Int = 1 << 20
    /// Files that must not be overwritten (the inputs).
    public var protecting: [String] = []

    public init(externalDataThreshold: Int? = nil, externalDataName: String? = nil, protecting: [String] = []) {
        self.externalDataThreshold = externalDataThreshold
        self.externalDataName = externalDataName
        self.protecting = protecting
    }
}

/// What `ONNXCodec.write` wrote.
public struct ONNXWriteResult: Sendable, Equatable {
    public var modelBytes: Int
    /// The external data file, when one was written.
    public var externalDataPath: String?
    public var externalTensors: Int
    public var externalBytes: Int
}

extension ONNXCodec {
    /// A protobuf message cannot exceed 2 GiB; above this, tensors are moved out automatically.
    public static let protobufLimit = Int(Int32.max)

    /// Writes `document` to `path` through temporary files and renames, with external data as
    /// `options` says. Payloads are streamed from their views; nothing large is copied.
    @discardableResult
    public static func write(
        _ document: ONNXDocument, to path: String, options: ONNXWriteOptions = ONNXWriteOptions()
    ) throws(FormatError) -> ONNXWriteResult {
        var protecting = options.protecting
        if let source = document.path { protecting.append(source) }
        var model = document.model
        var threshold = options.externalDataThreshold
        if threshold == nil, inlinePayloadBytes(model) > protobufLimit - (64 << 20) {
            threshold = 1024  // the onnx library's default size threshold for external data
        }
        let dataName = options.externalDataName ?? (fileName(of: path) + ".data")
        try ExternalFiles.checkRelative(dataName, path: FieldPath([.field("external_data_name")]), file: path)

        // Pick the tensors that go out and where their bytes come from.
        struct Move { var bytes: TensorBytes; var offset: Int }
        var moves: [Move] = []
        var offset = 0
        do {
            try ONNXTensorPaths.forEachTensor(in: &model) { (tensor: inout Onnx_TensorProto, tensorPath, role) throws(FormatError) in
                guard role == .initializer, tensor.dataType != 8 else { return }
                let wasExternal = tensor.dataLocation == .external
                let bytes: TensorBytes
                if let threshold {
                    guard wasExternal || tensor.hasRawData || hasTypedData(tensor) else { return }
                    bytes = try document.payload(of: tensor, at: tensorPath)
                    guard bytes.count >= threshold else {
                        if wasExternal { try inline(&tensor, bytes) }
                        return
                    }
                } else {
                    guard wasExternal else { return }
                    bytes = try document.payload(of: tensor, at: tensorPath)
                }
                let alignment = bytes.count >= options.pageAlignmentThreshold ? 4096 : 64
                offset = (offset + alignment - 1) / alignment * alignment
                moves.append(Move(bytes: bytes, offset: offset))
                let kept = tensor.externalData.filter {
                    !["location", "offset", "length", "checksum", "basepath"].contains($0.key)
                }
                tensor.clearRawData()
                clearTypedData(&tensor)
                tensor.dataLocation = .external
                tensor.externalData = [entry("location", dataName), entry("offset", "\(offset)"),
                                       entry("length", "\(bytes.count)")] + kept
                offset += bytes.count
            }
        } catch {
            throw error.inFile(document.path)
        }

        var result = ONNXWriteResult(modelBytes: 0, externalDataPath: nil, externalTensors: moves.count, externalBytes: 0)
        if !moves.isEmpty {
            let dataPath = ONNXDocument.directory(of: path) + "/" + dataName
            let writer = try AtomicFileWriter(path: dataPath, format: formatName, protecting: protecting)
            do {
                let padding = [UInt8](repeating: 0, count: 4096)
                for move in moves {
                    let gap = move.offset - writer.bytesWritten
                    if gap > 0 { try padding.withBytes { (b: UnsafeRawBufferPointer) throws(FormatError) in try writer.write(UnsafeRawBufferPointer(rebasing: b[0..<gap])) } }
                    for chunk in move.bytes.chunks { try writer.write(chunk) }
                }
                try writer.commit()
            } catch {
                writer.abort()
                throw error
            }
            result.externalDataPath = dataPath
            result.externalBytes = offset
        }
        let bytes = try encode(model)
        guard bytes.count <= protobufLimit else {
            throw FormatError(
                .limitExceeded, format: formatName, file: path,
                message: "the model is \(bytes.count) bytes after moving initializers out; protobuf allows 2 GiB")
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

    private static func entry(_ key: String, _ value: String) -> Onnx_StringStringEntryProto {
        var entry = Onnx_StringStringEntryProto()
        entry.key = key
        entry.value = value
        return entry
    }

    private static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func hasTypedData(_ t: Onnx_TensorProto) -> Bool {
        !t.floatData.isEmpty || !t.int32Data.isEmpty || !t.int64Data.isEmpty || !t.doubleData.isEmpty
            || !t.uint64Data.isEmpty
    }

    static func clearTypedData(_ t: inout Onnx_TensorProto) {
        t.floatData = []
        t.int32Data = []
        t.int64Data = []
        t.doubleData = []
        t.uint64Data = []
    }

    /// Puts an external tensor's bytes back into `raw_data`.
    private static func inline(_ tensor: inout Onnx_TensorProto, _ bytes: TensorBytes) throws(FormatError) {
        tensor.rawData = bytes.isContiguous ? wrap(bytes.contiguous()) : Data(bytes.bytes)
        tensor.externalData = tensor.externalData.filter {
            !["location", "offset", "length", "checksum", "basepath"].contains($0.key)
        }
        tensor.clearDataLocation()
    }
}

extension ONNXCodec {
    /// Bytes of tensor data held inside the model (not external): the bulk of its serialized size.
    static func inlinePayloadBytes(_ model: Onnx_ModelProto) -> Int {
        var total = 0
        var copy = model  // copy-on-write: the visitor changes nothing, so nothing is copied
        ONNXTensorPaths.forEachTensor(in: &copy) { (tensor: inout Onnx_TensorProto, _, _) in
            let typed = tensor.floatData.count * 4 + tensor.int32Data.count * 4 + tensor.int64Data.count * 8
                + tensor.doubleData.count * 8 + tensor.uint64Data.count * 8
            total &+= tensor.rawData.count &+ typed
        }
        return total
    }
}
