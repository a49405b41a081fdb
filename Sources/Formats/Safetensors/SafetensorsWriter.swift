#if canImport(Glibc)
    import Glibc
#endif

/// A tensor to write: its name, type, shape (element counts) and bytes, which stay in their views.
public struct SafetensorsWriteTensor: Sendable {
    public var name: String
    public var dtype: SafetensorsDType
    public var shape: [Int]
    public var data: TensorBytes

    public init(name: String, dtype: SafetensorsDType, shape: [Int], data: TensorBytes) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    public init(_ tensor: SafetensorsTensor) {
        self.init(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, data: TensorBytes(tensor.data))
    }
}

/// Where each tensor goes: the padded header (without the 8-byte length) and the write order.
public struct SafetensorsLayout: Sendable {
    /// The JSON header with its padding; its count is the stored header length.
    public var header: [UInt8]
    /// Indices into the tensors given, in data order (= header order).
    public var order: [Int]
    /// Bytes of the data buffer.
    public var dataBytes: Int

    public var fileBytes: Int { 8 + header.count + dataBytes }
}

public struct SafetensorsWriteResult: Sendable, Equatable {
    public var bytes: Int
    public var headerLength: Int
    public var tensors: Int
}

extension SafetensorsCodec {
    // MARK: Layout

    /// Lays tensors out as the reference writer does (`safetensors` 0.8 `prepare`):
    /// - order: by dtype, descending in `SafetensorsDType`'s case order (U64, I64, F64, C64, F32 … BOOL), then by
    ///   name in byte order; data is packed in that order without padding between tensors;
    /// - header: compact JSON, `__metadata__` first when there is metadata (entries in the order given: the
    ///   reference keeps them in a hash map, so its own order varies from run to run), then one
    ///   `{"dtype","shape","data_offsets"}` object per tensor in data order; strings escaped as serde_json
    ///   does (`\"`, `\\`, `\b \f \n \r \t`, other control characters as `\u00xx`, everything else verbatim);
    /// - padding: spaces until the header length is a multiple of 8.
    /// Names must be unique and each tensor's bytes must match its shape and dtype.
    public static func layout(_ tensors: [SafetensorsWriteTensor], metadata: [SafetensorsMetadataEntry]?) throws(FormatError)
        -> SafetensorsLayout
    {
        var seen = Set<[UInt8]>()
        for tensor in tensors {
            guard seen.insert(Array(tensor.name.utf8)).inserted else {
                throw FormatError(.invalidValue, format: formatName, fieldPath: FieldPath([.field("header"), .field(tensor.name)]),
                    message: "two tensors are called \(quoted(tensor.name))")
            }
            var elements = 1
            for dim in tensor.shape {
                guard dim >= 0 else {
                    throw FormatError(.invalidValue, format: formatName, fieldPath: FieldPath([.field("header"), .field(tensor.name), .field("shape")]),
                        message: "negative dimension \(dim)")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                guard !overflow else {
                    throw FormatError(.arithmeticOverflow, format: formatName, fieldPath: FieldPath([.field("header"), .field(tensor.name), .field("shape")]),
                        message: "the product of shape \(tensor.shape) overflows")
                }
                elements = product
            }
            guard let bytes = tensor.dtype.byteCount(elements: elements), bytes == tensor.data.count else {
                throw FormatError(.sizeMismatch, format: formatName, fieldPath: FieldPath([.field("header"), .field(tensor.name)]),
                    message: "\(tensor.data.count) bytes do not hold shape \(tensor.shape) of \(tensor.dtype)")
            }
        }
        let order = tensors.indices.sorted { a, b in
            let ra = tensors[a].dtype.rank
            let rb = tensors[b].dtype.rank
            if ra != rb { return ra > rb }
            return tensors[a].name.utf8.lexicographicallyPrecedes(tensors[b].name.utf8)
        }
        var json: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        func comma() {
            if !first { json.append(UInt8(ascii: ",")) }
            first = false
        }
        if let metadata {
            comma()
            appendJSONString("__metadata__", to: &json)
            json.append(contentsOf: Array(":{".utf8))
            for (i, entry) in metadata.enumerated() {
                if i > 0 { json.append(UInt8(ascii: ",")) }
                appendJSONString(entry.key, to: &json)
                json.append(UInt8(ascii: ":"))
                appendJSONString(entry.value, to: &json)
            }
            json.append(UInt8(ascii: "}"))
        }
        var offset = 0
        for index in order {
            let tensor = tensors[index]
            comma()
            appendJSONString(tensor.name, to: &json)
            json.append(contentsOf: Array(":{\"dtype\":".utf8))
            appendJSONString(tensor.dtype.rawValue, to: &json)
            json.append(contentsOf: Array(",\"shape\":[".utf8))
            json.append(contentsOf: Array(tensor.shape.map(String.init).joined(separator: ",").utf8))
            let end = offset + tensor.data.count
            json.append(contentsOf: Array("],\"data_offsets\":[\(offset),\(end)]}".utf8))
            offset = end
        }
        json.append(UInt8(ascii: "}"))
        let padding = (8 - json.count % 8) % 8
        json.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        return SafetensorsLayout(header: json, order: order, dataBytes: offset)
    }

    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func lengthPrefix(_ count: Int) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: UInt64(count) >> (8 * UInt64($0))) }
    }

    // MARK: Encoding

    /// The whole file in memory (for small inputs and tests; `write` streams).
    public static func encode(_ tensors: [SafetensorsWriteTensor], metadata: [SafetensorsMetadataEntry]?) throws(FormatError)
        -> [UInt8]
    {
        let layout = try layout(tensors, metadata: metadata)
        var out = lengthPrefix(layout.header.count) + layout.header
        out.reserveCapacity(layout.fileBytes)
        for index in layout.order {
            tensors[index].data.forEachChunk { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Re-encodes a document in the reference layout (tensor order follows the writer's rules, not the source's).
    public static func encode(_ document: SafetensorsDocument) throws(FormatError) -> [UInt8] {
        try encode(document.tensors.map(SafetensorsWriteTensor.init), metadata: document.metadata)
    }

    /// How much tensor data is copied at a time. From a mapped file the kernel copies it (nothing
    /// enters our memory) and starts writing it out; otherwise it goes through `write(2)` and the
    /// source's pages are released after each piece, so the resident set does not grow with the file.
    static let streamChunk = 32 << 20

    /// Outputs from this size on are written with direct I/O (where the file system allows it).
    public static let directIOThreshold = 64 << 20

    /// Streams a file to `path` through a temporary file and a rename, tensor bytes going straight from
    /// their views (usually an mmap of the source) to the file. Never replaces any of `protecting`.
    @discardableResult
    public static func write(
        _ tensors: [SafetensorsWriteTensor], metadata: [SafetensorsMetadataEntry]?, to path: String,
        protecting inputs: [String] = [], directIOFrom threshold: Int = directIOThreshold
    ) throws(FormatError) -> SafetensorsWriteResult {
        let layout = try layout(tensors, metadata: metadata)
        let file = try AtomicFileWriter(path: path, format: formatName, protecting: inputs)
        if layout.fileBytes >= threshold { file.useDirectIO() }
        do throws(FormatError) {
            try file.write(lengthPrefix(layout.header.count) + layout.header)
            for index in layout.order {
                for chunk in tensors[index].data.chunks {
                    var start = 0
                    while start < chunk.count {
                        let end = min(chunk.count, start + streamChunk)
                        let piece = chunk.slice(start..<end)
                        try file.copy(from: piece.storage.fileDescriptor, offset: piece.range.lowerBound, count: piece.count) {
                            () throws(FormatError) in
                            try file.write(piece)
                            piece.storage.releasePages(piece.range)
                        }
                        file.startWriteback(lastBytes: piece.count)
                        start = end
                    }
                }
            }
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
        return SafetensorsWriteResult(bytes: layout.fileBytes, headerLength: layout.header.count, tensors: tensors.count)
    }
}
