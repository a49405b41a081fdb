import Foundation
import SwiftProtobuf

#if canImport(Glibc)
    import Glibc
#endif

/// An ONNX model as read: the generated `Onnx_ModelProto` with every field, unknown fields
/// included, plus where it came from so that external tensor data can be found.
///
/// Large `TensorProto.raw_data` payloads are zero-copy: their `Data` wraps the memory map of the
/// file (see `ONNXCodec.decode`), so holding a document costs little more than its structure.
/// `encode(decode(bytes)) == bytes` for files whose writer emits fields in number order, as the
/// onnx library and MindSpore do.
public struct ONNXDocument: Sendable {
    /// The model, every field kept.
    public var model: Onnx_ModelProto
    /// The file the model was read from (nil for models made in memory).
    public var path: String?
    /// Where `location` paths of external data are resolved: the model file's folder.
    public var baseDirectory: String?
    /// The bytes the model was decoded from; zero-copy `raw_data` points into them.
    public let source: ByteStorage?
    /// Opened external-data files, shared by copies of the document.
    let externalFiles: ExternalFiles

    public init(
        model: Onnx_ModelProto, path: String? = nil, baseDirectory: String? = nil, source: ByteStorage? = nil
    ) {
        self.model = model
        self.path = path
        self.source = source
        self.baseDirectory = baseDirectory ?? path.map(ONNXDocument.directory(of:))
        self.externalFiles = ExternalFiles()
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    // MARK: Tensor data

    /// Where a tensor's bytes live.
    public enum DataSource: Sendable, Equatable {
        /// In `raw_data`.
        case raw
        /// In the typed field (`float_data`, `int32_data`, …) or `string_data`.
        case typed
        /// In a file next to the model (`data_location = EXTERNAL`).
        case external(location: String, offset: Int, length: Int?)
    }

    /// Tells where `tensor` keeps its data; external entries are parsed and checked, not read.
    public func dataSource(of tensor: Onnx_TensorProto, at path: FieldPath = FieldPath()) throws(FormatError)
        -> DataSource
    {
        guard tensor.dataLocation == .external else {
            return tensor.hasRawData ? .raw : .typed
        }
        let entry = try ExternalEntry(tensor, path: path, file: self.path)
        return .external(location: entry.location, offset: entry.offset, length: entry.length)
    }

    /// The tensor's payload in `raw_data` layout (little-endian, sub-byte types packed): a view of
    /// the mapped file for `raw_data` and external data, a new buffer for typed fields.
    ///
    /// External `location`s must be relative paths that stay inside `baseDirectory` after symlinks
    /// are resolved; anything else is `unsafePath`, and nothing outside is ever opened.
    public func payload(of tensor: Onnx_TensorProto, at path: FieldPath = FieldPath()) throws(FormatError)
        -> TensorBytes
    {
        if tensor.dataLocation == .external {
            let entry = try ExternalEntry(tensor, path: path, file: self.path)
            guard let baseDirectory else {
                throw FormatError(
                    .unsupported, format: ONNXCodec.formatName, file: self.path, fieldPath: path,
                    message: "external data needs the model's folder; this model was not read from a file")
            }
            let storage = try externalFiles.open(entry.location, in: baseDirectory, model: self.path, path: path)
            let end: Int
            if let length = entry.length {
                let (sum, overflow) = entry.offset.addingReportingOverflow(length)
                guard !overflow, sum <= storage.count else {
                    throw FormatError(
                        .lengthOutOfBounds, format: ONNXCodec.formatName, file: self.path,
                        fieldPath: path.appending("external_data"),
                        message: "offset \(entry.offset) + length \(length) exceed the \(storage.count) bytes of \(entry.location)")
                }
                end = sum
            } else {
                guard entry.offset <= storage.count else {
                    throw FormatError(
                        .lengthOutOfBounds, format: ONNXCodec.formatName, file: self.path,
                        fieldPath: path.appending("external_data"),
                        message: "offset \(entry.offset) is past the end of \(entry.location) (\(storage.count) bytes)")
                }
                end = storage.count
            }
            return TensorBytes(ByteView(storage: storage, range: entry.offset..<end))
        }
        if tensor.hasRawData {
            if let view = rawDataView(of: tensor) { return TensorBytes(view) }
            return TensorBytes(bytes: [UInt8](tensor.rawData))
        }
        return try ONNXTypedData.rawBytes(of: tensor, path: path, file: self.path)
    }

    /// A zero-copy view of `raw_data` where the codec left one; nil when the payload was copied
    /// (small tensors) or is not in `raw_data`.
    public func rawDataView(of tensor: Onnx_TensorProto) -> ByteView? {
        guard let source, let base = source.baseAddress, !tensor.rawData.isEmpty else { return nil }
        return tensor.rawData.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> ByteView? in
            guard let start = bytes.baseAddress, start >= base else { return nil }
            let offset = start - base
            guard offset <= source.count, bytes.count <= source.count - offset else { return nil }
            return ByteView(storage: source, range: offset..<(offset + bytes.count))
        }
    }
}

/// External data key/value entries of one tensor, parsed strictly.
struct ExternalEntry {
    var location: String
    var offset: Int
    var length: Int?

    init(_ tensor: Onnx_TensorProto, path: FieldPath, file: String?) throws(FormatError) {
        var location: String?
        var offset = 0
        var length: Int?
        for (index, entry) in tensor.externalData.enumerated() {
            let here = path.appending("external_data", index: index)
            switch entry.key {
            case "location": location = entry.value
            case "offset": offset = try Self.decimal(entry.value, here, file)
            case "length": length = try Self.decimal(entry.value, here, file)
            default: continue  // checksum, basepath and other keys are kept but not needed here
            }
        }
        guard let location, !location.isEmpty else {
            throw FormatError(
                .missingField, format: ONNXCodec.formatName, file: file, fieldPath: path.appending("external_data"),
                message: "external data has no location")
        }
        try ExternalFiles.checkRelative(location, path: path.appending("external_data"), file: file)
        self.location = location
        self.offset = offset
        self.length = length
    }

    static func decimal(_ text: String, _ path: FieldPath, _ file: String?) throws(FormatError) -> Int {
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let value = Int(text)
        else {
            throw FormatError(
                .invalidValue, format: ONNXCodec.formatName, file: file, fieldPath: path,
                message: "\"\(text)\" is not a decimal byte count")
        }
        return value
    }
}

/// The external-data files a document has opened, each mapped once.
final class ExternalFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var mapped: [String: ByteStorage] = [:]

    /// Rejects what could never name a file inside the model's folder, before touching the disk.
    static func checkRelative(_ location: String, path: FieldPath, file: String?) throws(FormatError) {
        func refuse(_ why: String) -> FormatError {
            FormatError(
                .unsafePath, format: ONNXCodec.formatName, file: file, fieldPath: path,
                message: "location \"\(location)\" \(why)")
        }
        if location.hasPrefix("/") { throw refuse("is an absolute path") }
        if location.utf8.contains(0) { throw refuse("contains a NUL byte") }
        if location.contains("\\") || (location.count >= 2 && location.dropFirst().first == ":") {
            throw refuse("is not a POSIX relative path")
        }
        if location.split(separator: "/", omittingEmptySubsequences: true).contains("..") {
            throw refuse("climbs out of the model's folder")
        }
    }

    func open(_ location: String, in base: String, model: String?, path: FieldPath) throws(FormatError) -> ByteStorage {
        let key = base + "\u{0}" + location
        lock.lock()
        let cached = mapped[key]
        lock.unlock()
        if let cached { return cached }

        let candidate = base.hasSuffix("/") ? base + location : base + "/" + location
        guard let root = Self.resolve(base) else {
            throw FormatError(
                .io, format: ONNXCodec.formatName, file: model, fieldPath: path,
                message: "cannot resolve the model's folder \(base)")
        }
        guard let target = Self.resolve(candidate) else {
            throw FormatError(
                .io, format: ONNXCodec.formatName, file: model, fieldPath: path,
                message: "external data file \(location) cannot be opened: \(String(cString: strerror(errno)))")
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard target.hasPrefix(prefix) else {
            throw FormatError(
                .unsafePath, format: ONNXCodec.formatName, file: model, fieldPath: path,
                message: "location \"\(location)\" resolves to \(target), outside the model's folder")
        }
        let storage: ByteStorage
        do { storage = try ByteStorage.map(path: target, format: ONNXCodec.formatName) } catch {
            throw error.inFile(model)
        }
        lock.lock()
        mapped[key] = storage
        lock.unlock()
        return storage
    }

    static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
