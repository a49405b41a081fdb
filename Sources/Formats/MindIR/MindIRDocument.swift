import Foundation
import MSCrypto
import SwiftProtobuf

#if canImport(Glibc)
    import Glibc
#endif

/// A MindIR model as read: the generated `MindIr_ModelProto` with every field (unknown ones
/// included), where it came from, and how it was stored (encryption, external data).
///
/// Inline `raw_data` payloads of 128 bytes or more are zero-copy views of the file's memory map
/// (or of the decrypted plaintext). Split-saved weights (FORMATS.md §2.6) stay in their data files
/// and are reached through `payload(of:at:)`, which confines each `location` to the model's folder.
public struct MindIRDocument: Sendable {
    /// The model, every field kept.
    public var model: MindIr_ModelProto
    /// The file the model was read from (nil for models made in memory).
    public var path: String?
    /// Where `external_data.location` paths are resolved: the model file's folder.
    public var baseDirectory: String?
    /// The (decrypted) bytes the model was decoded from; zero-copy `raw_data` points into them.
    public let source: ByteStorage?
    /// The cipher mode the file was encrypted with, nil for a plain file.
    public var encryption: CipherAlgorithm?
    /// The key of an encrypted model, kept for decrypting its data files when they are read.
    var key: [UInt8]?
    /// Offsets of `external_data` fields in the model file, by tensor field path (for errors).
    let externalDataOffsets: [FieldPath: Int]
    /// Data files opened so far, shared by copies of the document.
    let dataFiles: MindIRDataFiles

    public init(
        model: MindIr_ModelProto, path: String? = nil, baseDirectory: String? = nil, source: ByteStorage? = nil,
        encryption: CipherAlgorithm? = nil
    ) {
        self.init(model: model, path: path, baseDirectory: baseDirectory, source: source, externalDataOffsets: [:])
        self.encryption = encryption
    }

    init(
        model: MindIr_ModelProto, path: String?, baseDirectory: String? = nil, source: ByteStorage?,
        externalDataOffsets: [FieldPath: Int]
    ) {
        self.model = model
        self.path = path
        self.source = source
        self.baseDirectory = baseDirectory ?? path.map(ONNXDocument.directory(of:))
        self.externalDataOffsets = externalDataOffsets
        self.dataFiles = MindIRDataFiles()
    }

    // MARK: Tensor data

    /// Where a tensor's bytes live.
    public enum DataSource: Sendable, Equatable {
        /// In `raw_data`.
        case raw
        /// In the typed fields (`float_data`, `int32_data`, …), or nowhere (a type description).
        case typed
        /// In a data file of a split-saved model.
        case external(location: String, offset: Int, length: Int)
    }

    /// Tells where `tensor` keeps its data, without reading it.
    public func dataSource(of tensor: MindIr_TensorProto) -> DataSource {
        if tensor.hasExternalData && !tensor.hasRawData {
            let entry = tensor.externalData
            return .external(
                location: entry.location, offset: Int(clamping: entry.offset), length: Int(clamping: entry.length))
        }
        return tensor.hasRawData ? .raw : .typed
    }

    /// The tensor's bytes: a view of `raw_data` (zero-copy where the codec left a view), or of
    /// the data file for split-saved weights (decrypted when the model is encrypted).
    ///
    /// External entries must name a file inside `baseDirectory` after symlinks are resolved, whose
    /// 64-byte header says little-endian, and an `offset`/`length` past the header and inside the file.
    public func payload(of tensor: MindIr_TensorProto, at path: FieldPath = FieldPath()) throws(FormatError)
        -> TensorBytes
    {
        if tensor.hasExternalData && !tensor.hasRawData {
            return try externalPayload(tensor.externalData, at: path)
        }
        if tensor.hasRawData {
            if let view = rawDataView(of: tensor) { return TensorBytes(view) }
            return TensorBytes(bytes: [UInt8](tensor.rawData))
        }
        return TensorBytes(bytes: [])
    }

    private func externalPayload(_ entry: MindIr_TensorProto.ExternalDataProto, at path: FieldPath)
        throws(FormatError) -> TensorBytes
    {
        let here = path.appending("external_data")
        let at = externalDataOffsets[path]
        func fail(_ code: FormatError.Code, _ field: String?, _ message: String) -> FormatError {
            FormatError(
                code, format: MindIRCodec.formatName, file: self.path, offset: at,
                fieldPath: field.map(here.appending) ?? here, message: message)
        }
        if let why = MindIRDataFiles.unsafeReason(entry.location) {
            throw fail(.unsafePath, "location", "location \"\(entry.location)\" \(why)")
        }
        guard let baseDirectory else {
            throw fail(.unsupported, nil, "external data needs the model's folder; this model was not read from a file")
        }
        guard entry.offset >= 0, entry.length >= 0 else {
            throw fail(.invalidValue, nil, "offset \(entry.offset) and length \(entry.length) must not be negative")
        }
        let file = try dataFiles.open(
            entry.location, in: baseDirectory, key: encryption == nil ? nil : key, model: self.path, fieldPath: here,
            entryOffset: at)
        let offset = Int(entry.offset)
        let length = Int(entry.length)
        guard offset >= MindIRDataFiles.headerCount else {
            throw fail(.invalidValue, "offset", "offset \(offset) lies inside the 64-byte header of \(entry.location)")
        }
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= file.count else {
            throw fail(
                .lengthOutOfBounds, nil,
                "offset \(offset) + length \(length) exceed the \(file.count) bytes of \(entry.location)")
        }
        return TensorBytes(ByteView(storage: file, range: offset..<end))
    }

    /// Opens every external data file the model names and checks every entry (header, bounds),
    /// so that a bad split model fails when it is opened rather than when a weight is read.
    public func checkExternalData() throws(FormatError) {
        try MindIRTensorPaths.forEachTensor(of: model) { (tensor, path, _) throws(FormatError) in
            guard tensor.hasExternalData && !tensor.hasRawData else { return }
            _ = try externalPayload(tensor.externalData, at: path)
        }
    }

    /// Whether any tensor keeps its data in an external file.
    public var hasExternalData: Bool {
        var found = false
        try? MindIRTensorPaths.forEachTensor(of: model) { (tensor, _, _) throws(FormatError) in
            if tensor.hasExternalData && !tensor.hasRawData { found = true }
        }
        return found
    }

    /// The data files of external tensors opened so far (what a writer must not overwrite).
    public var openedDataFiles: [String] { dataFiles.paths }

    /// A zero-copy view of `raw_data` where the codec left one; nil when the payload was copied.
    public func rawDataView(of tensor: MindIr_TensorProto) -> ByteView? {
        guard let source, let base = source.baseAddress, !tensor.rawData.isEmpty else { return nil }
        return tensor.rawData.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> ByteView? in
            guard let start = bytes.baseAddress, start >= base else { return nil }
            let offset = start - base
            guard offset <= source.count, bytes.count <= source.count - offset else { return nil }
            return ByteView(storage: source, range: offset..<(offset + bytes.count))
        }
    }

    /// The weights (`graph.parameter`) by name after the first `:` (how MindSpore names
    /// parameters, FORMATS.md §2.4), with their bytes, in file order.
    public func parameters() throws(FormatError) -> [(name: String, tensor: MindIr_TensorProto, bytes: TensorBytes)] {
        var out: [(String, MindIr_TensorProto, TensorBytes)] = []
        let root = FieldPath([.field("ModelProto"), .field("graph")])
        for (index, tensor) in model.graph.parameter.enumerated() {
            let bytes = try payload(of: tensor, at: root.appending("parameter", index: index))
            out.append((Self.parameterName(tensor.name), tensor, bytes))
        }
        return out
    }

    /// `<graph>:<param>` → `<param>`: everything after the first `:`.
    public static func parameterName(_ name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}

/// The data files of a split-saved model (FORMATS.md §2.6), each opened once: memory-mapped when
/// plain, decrypted into memory when the model is encrypted, and checked for the 64-byte header.
final class MindIRDataFiles: @unchecked Sendable {
    static let headerCount = 64
    private let lock = NSLock()
    private var opened: [String: ByteStorage] = [:]

    var paths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return opened.values.compactMap(\.path)
    }

    /// Why `location` can never name a file inside the model's folder, or nil when it may.
    static func unsafeReason(_ location: String) -> String? {
        if location.hasPrefix("/") { return "is an absolute path" }
        if location.utf8.contains(0) { return "contains a NUL byte" }
        if location.contains("\\") || (location.count >= 2 && location.dropFirst().first == ":") {
            return "is not a POSIX relative path"
        }
        if location.split(separator: "/", omittingEmptySubsequences: true).contains("..") {
            return "climbs out of the model's folder"
        }
        return nil
    }

    func open(
        _ location: String, in base: String, key: [UInt8]?, model: String?, fieldPath: FieldPath, entryOffset: Int?
    ) throws(FormatError) -> ByteStorage {
        let cacheKey = base + "\u{0}" + location
        lock.lock()
        let cached = opened[cacheKey]
        lock.unlock()
        if let cached { return cached }

        let format = MindIRCodec.formatName
        let candidate = base.hasSuffix("/") ? base + location : base + "/" + location
        guard let root = ExternalFiles.resolve(base) else {
            throw FormatError(
                .io, format: format, file: model, fieldPath: fieldPath, message: "cannot resolve the model's folder \(base)")
        }
        guard let target = ExternalFiles.resolve(candidate) else {
            throw FormatError(
                .io, format: format, file: model, offset: entryOffset, fieldPath: fieldPath.appending("location"),
                message: "data file \(location) cannot be opened: \(String(cString: strerror(errno)))")
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard target.hasPrefix(prefix) else {
            throw FormatError(
                .unsafePath, format: format, file: model, offset: entryOffset, fieldPath: fieldPath.appending("location"),
                message: "location \"\(location)\" resolves to \(target), outside the model's folder")
        }
        var storage = try ByteStorage.map(path: target, format: format)
        if let key {
            // Header and each padded parameter are separate cipher blocks; offsets refer to the
            // concatenated plaintext (§2.7).
            storage = try MindIRCodec.decrypt(storage, key: key, file: target)
        }
        guard storage.count >= Self.headerCount else {
            throw FormatError(
                .truncated, format: format, file: target, offset: storage.count, fieldPath: "header",
                message: "a data file starts with a 64-byte header; this one has \(storage.count) bytes")
        }
        let order = storage.withUnsafeBytes { $0[0] }
        let hostLittle: UInt8 = 1.littleEndian == 1 ? 1 : 0
        guard order <= 1 else {
            throw FormatError(
                .invalidValue, format: format, file: target, offset: 0, fieldPath: "header.little_endian",
                message: "header byte 0 is \(order); it must be 1 (little-endian) or 0 (big-endian)")
        }
        guard order == hostLittle else {
            throw FormatError(
                .unsupported, format: format, file: target, offset: 0, fieldPath: "header.little_endian",
                message: "the data file was written on a host of the other byte order")
        }
        lock.lock()
        opened[cacheKey] = storage
        lock.unlock()
        return storage
    }
}
