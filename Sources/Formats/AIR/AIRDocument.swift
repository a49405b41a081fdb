import Foundation

/// An AIR model as read: the generated `Ge_Proto_ModelDef` with every field, unknown fields
/// included, plus the bytes it came from.
///
/// Large `TensorDef.data` payloads are zero-copy: their `Data` wraps the input (see
/// `AIRCodec.decode`). `encode(decode(bytes)) == bytes` for files whose writer puts fields in
/// number order and map entries in key order (`protoc --encode --deterministic_output`, and us).
/// Graph Engine itself writes maps in hash order, so its files compare by content instead.
public struct AIRDocument: Sendable {
    /// The model, every field kept.
    public var model: Ge_Proto_ModelDef
    /// The file the model was read from (nil for models made in memory).
    public var path: String?
    /// The bytes the model was decoded from; zero-copy tensor data points into them.
    public let source: ByteStorage?

    public init(model: Ge_Proto_ModelDef, path: String? = nil, source: ByteStorage? = nil) {
        self.model = model
        self.path = path
        self.source = source
    }

    /// The main graph (`ModelDef.graph[0]`); decoding guarantees it exists.
    public var mainGraph: Ge_Proto_GraphDef? { model.graph.first }

    /// A tensor's `data` as a view of the source where the codec left one, else its own bytes.
    public func dataBytes(of tensor: Ge_Proto_TensorDef) -> TensorBytes {
        if let view = dataView(of: tensor) { return TensorBytes(view) }
        return TensorBytes(bytes: [UInt8](tensor.data))
    }

    /// A zero-copy view of `TensorDef.data`, or nil when the payload was copied (small tensors).
    public func dataView(of tensor: Ge_Proto_TensorDef) -> ByteView? {
        guard let source, let base = source.baseAddress, !tensor.data.isEmpty else { return nil }
        return tensor.data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> ByteView? in
            guard let start = bytes.baseAddress, start >= base else { return nil }
            let offset = start - base
            guard offset <= source.count, bytes.count <= source.count - offset else { return nil }
            return ByteView(storage: source, range: offset..<(offset + bytes.count))
        }
    }
}
