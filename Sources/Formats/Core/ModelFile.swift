/// A model file opened for reading: its bytes (memory-mapped) and what sniffing found.
///
/// The one place that does input I/O; codecs work on the `ByteStorage` it hands out.
public struct ModelFile: Sendable {
    public let path: String
    public let storage: ByteStorage
    public let sniff: SniffResult

    public var format: ModelFormat { sniff.format }

    /// Maps `path` and identifies its format from content (the extension only breaks ties).
    public static func open(_ path: String) throws(FormatError) -> ModelFile {
        let storage = try ByteStorage.map(path: path)
        let result = storage.withUnsafeBytes { ModelFormat.sniff($0, hint: path) }
        guard let result else {
            throw FormatError(
                .unknownFormat, format: "file", file: path, offset: 0,
                message: "content matches none of ckpt, mindir, onnx, air, mslite, safetensors")
        }
        return ModelFile(path: path, storage: storage, sniff: result)
    }
}
