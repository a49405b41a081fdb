/// Reads and writes safetensors files (https://github.com/huggingface/safetensors, format as of 0.8).
///
/// Reading validates first and hands out views after: the u64 LE header length (at most 100,000,000,
/// the reference's limit, and inside the file), the JSON header (`SafetensorsHeaderParser`), every
/// tensor's byte count against shape × dtype (checked arithmetic), and the offsets, which must tile the
/// data buffer exactly: sorted by offset they start at 0, each begins where the previous ends, and the
/// last ends at the end of the file. Only then are `ByteView`s into the storage made; nothing is copied.
///
/// Writing reproduces the reference writer byte for byte (see `layout`).
public enum SafetensorsCodec {
    public static let formatName = "safetensors"
    /// The reference implementation refuses larger headers.
    public static let maxHeaderLength = 100_000_000

    // MARK: Decoding

    public static func decode(_ storage: ByteStorage, options: DecodingOptions = .default) throws(FormatError)
        -> SafetensorsDocument
    {
        let file = storage.path
        func fail(_ code: FormatError.Code, _ offset: Int, _ path: FieldPath, _ message: String) -> FormatError {
            FormatError(code, format: formatName, file: file, offset: offset, fieldPath: path, message: message)
        }
        let lengthPath = FieldPath([.field("header_length")])
        guard storage.count >= 8 else {
            throw fail(.truncated, 0, lengthPath, "\(storage.count) bytes, but the header length alone takes 8")
        }
        let rawLength = storage.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard rawLength <= UInt64(maxHeaderLength) else {
            throw fail(.limitExceeded, 0, lengthPath, "header length \(rawLength) exceeds the format's limit of \(maxHeaderLength)")
        }
        let headerLength = Int(rawLength)
        guard headerLength <= storage.count - 8 else {
            throw fail(
                .lengthOutOfBounds, 0, lengthPath, "header length \(headerLength) exceeds the \(storage.count - 8) bytes left")
        }
        let dataStart = 8 + headerLength
        let dataCount = storage.count - dataStart

        var parser = try storage.withUnsafeBytes { (all: UnsafeRawBufferPointer) throws(FormatError) -> SafetensorsHeaderParser in
            var parser = SafetensorsHeaderParser(
                UnsafeRawBufferPointer(rebasing: all[8..<dataStart]), base: 8, file: file, options: options)
            try parser.parse()
            return parser
        }
        let entries = parser.entries
        parser.entries = []

        // Sizes first: shape × dtype must be representable and equal to the offsets' span.
        for entry in entries {
            let path = FieldPath([.field("header"), .field(entry.name)])
            var elements = 1
            for dim in entry.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                guard !overflow else {
                    throw fail(.arithmeticOverflow, 8 + entry.shapeOffset, path.appending("shape"), "the product of shape \(entry.shape) overflows")
                }
                elements = product
            }
            let (bits, bitsOverflow) = elements.multipliedReportingOverflow(by: entry.dtype.bits)
            guard !bitsOverflow else {
                throw fail(.arithmeticOverflow, 8 + entry.shapeOffset, path.appending("shape"), "the byte count of shape \(entry.shape) overflows")
            }
            guard bits % 8 == 0 else {
                throw fail(.sizeMismatch, 8 + entry.shapeOffset, path.appending("shape"),
                    "\(elements) elements of \(entry.dtype) do not end on a byte boundary")
            }
            let bytes = bits / 8
            guard bytes <= options.maxTensorBytes else {
                throw fail(.limitExceeded, 8 + entry.shapeOffset, path.appending("shape"), "\(bytes) bytes exceed DecodingOptions.maxTensorBytes")
            }
            guard entry.begin <= entry.end else {
                throw fail(.invalidValue, 8 + entry.offsetsOffset, path.appending("data_offsets"),
                    "data_offsets [\(entry.begin), \(entry.end)] run backwards")
            }
            guard entry.end <= dataCount else {
                throw fail(.lengthOutOfBounds, 8 + entry.offsetsOffset, path.appending("data_offsets"),
                    "data_offsets end \(entry.end) is past the \(dataCount) bytes of data")
            }
            guard entry.end - entry.begin == bytes else {
                throw fail(.sizeMismatch, 8 + entry.offsetsOffset, path.appending("data_offsets"),
                    "data_offsets cover \(entry.end - entry.begin) bytes, but shape \(entry.shape) of \(entry.dtype) needs \(bytes)")
            }
        }

        // Then the tiling: sorted by offsets, no gap, no overlap, nothing left over.
        let order = entries.indices.sorted {
            (entries[$0].begin, entries[$0].end, $0) < (entries[$1].begin, entries[$1].end, $1)
        }
        var covered = 0
        for index in order {
            let entry = entries[index]
            let path = FieldPath([.field("header"), .field(entry.name), .field("data_offsets")])
            if entry.begin > covered {
                throw fail(.invalidValue, 8 + entry.offsetsOffset, path,
                    "a gap: bytes \(covered)..<\(entry.begin) of the data belong to no tensor")
            }
            if entry.begin < covered {
                throw fail(.invalidValue, 8 + entry.offsetsOffset, path,
                    "overlap: the tensor starts at \(entry.begin), inside bytes another tensor covers (up to \(covered))")
            }
            covered = entry.end
        }
        guard covered == dataCount else {
            throw fail(.sizeMismatch, dataStart + covered, FieldPath([.field("data")]),
                "\(dataCount - covered) bytes after the last tensor belong to no tensor")
        }

        let tensors = entries.map { entry in
            SafetensorsTensor(
                name: entry.name, dtype: entry.dtype, shape: entry.shape, dataOffsets: entry.begin..<entry.end,
                data: ByteView(storage: storage, range: (dataStart + entry.begin)..<(dataStart + entry.end)))
        }
        return SafetensorsDocument(metadata: parser.metadata, tensors: tensors, headerLength: headerLength)
    }

    /// Reads the file at `path` (memory-mapped).
    public static func decode(path: String, options: DecodingOptions = .default) throws(FormatError) -> SafetensorsDocument {
        try decode(ByteStorage.map(path: path, format: formatName), options: options)
    }
}
