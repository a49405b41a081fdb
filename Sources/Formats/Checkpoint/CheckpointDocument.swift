/// `TensorProto` of checkpoint.proto (no package; not MindIR's message of the same name).
public struct CheckpointTensorProto: Sendable, Equatable {
    /// Field 1 `dims` (int64, repeated). MindSpore writes the FULL shape in every chunk.
    public var dims: [Int64]
    /// Field 2 `tensor_type`.
    public var tensorType: CheckpointTensorType
    /// Field 3 `tensor_content`: a view into the file (or the decrypted plaintext).
    public var content: ByteView
    /// True when `dims` was read in packed form; written back the same way.
    public var dimsPacked: Bool
    /// Fields we do not model, key and value bytes as read, written back after the known ones.
    public var unknownFields: [ByteView]

    public init(
        dims: [Int64], tensorType: CheckpointTensorType, content: ByteView, dimsPacked: Bool = false,
        unknownFields: [ByteView] = []
    ) {
        self.dims = dims
        self.tensorType = tensorType
        self.content = content
        self.dimsPacked = dimsPacked
        self.unknownFields = unknownFields
    }
}

/// One `Checkpoint.Value`: a named tensor chunk, a map-tensor chunk, or (old files) neither.
public struct CheckpointRecord: Sendable, Equatable {
    public enum Payload: Sendable, Equatable {
        /// Field 2 `tensor`.
        case tensor(CheckpointTensorProto)
        /// Field 3 `maptensor`: its repeated `tensor` (keys, values, status).
        case mapTensor([CheckpointTensorProto], unknownFields: [ByteView])
        case none
    }

    /// Field 1 `tag`: the parameter name.
    public var tag: String
    public var payload: Payload
    public var unknownFields: [ByteView]
    /// Absolute offset of the record's key in the (plaintext) input; nil for records made in memory.
    public var sourceOffset: Int?

    public init(tag: String, payload: Payload, unknownFields: [ByteView] = [], sourceOffset: Int? = nil) {
        self.tag = tag
        self.payload = payload
        self.unknownFields = unknownFields
        self.sourceOffset = sourceOffset
    }

    public static func == (lhs: CheckpointRecord, rhs: CheckpointRecord) -> Bool {
        lhs.tag == rhs.tag && lhs.payload == rhs.payload && lhs.unknownFields == rhs.unknownFields
    }
}

/// A whole checkpoint as read: every record in file order, so that nothing is lost.
///
/// The file is a run of `Checkpoint` messages, one `Value` each (FORMATS.md §1.3); records keep
/// that granularity (a 1.5 GiB parameter is three records). `entries()` groups them the way
/// `mindspore.load_checkpoint` does.
public struct CheckpointDocument: Sendable, Equatable {
    public var records: [CheckpointRecord]
    /// Top-level fields other than `value`, each with the index of the record it preceded.
    public var unknownTopLevel: [(beforeRecord: Int, raw: ByteView)]
    /// The CRC-32 stored in a `crc_num` trailer, when the file had one.
    public var storedCRC: UInt32?
    /// The cipher the file was encrypted with, when it was.
    public var encryption: CipherMode?

    public init(
        records: [CheckpointRecord] = [], unknownTopLevel: [(beforeRecord: Int, raw: ByteView)] = [],
        storedCRC: UInt32? = nil, encryption: CipherMode? = nil
    ) {
        self.records = records
        self.unknownTopLevel = unknownTopLevel
        self.storedCRC = storedCRC
        self.encryption = encryption
    }

    public static func == (lhs: CheckpointDocument, rhs: CheckpointDocument) -> Bool {
        lhs.records == rhs.records && lhs.storedCRC == rhs.storedCRC && lhs.encryption == rhs.encryption
            && lhs.unknownTopLevel.count == rhs.unknownTopLevel.count
            && zip(lhs.unknownTopLevel, rhs.unknownTopLevel).allSatisfy { $0.beforeRecord == $1.beforeRecord && $0.raw == $1.raw }
    }
}

/// A tensor as `load_checkpoint` sees it: adjacent records with one tag joined (as views).
public struct CheckpointTensor: Sendable, Equatable {
    public var tensorType: CheckpointTensorType
    /// The shape MindSpore reports: the last chunk's dims, with `[0]` read as a scalar `[]`.
    public var shape: [Int]
    /// The stored dims of the last chunk, exactly as written.
    public var storedDims: [Int64]
    public var data: TensorBytes

    public var elementCount: Int { shape.reduce(1, *) }

    /// For `str` entries: the text (UTF-32LE code points without trailing NULs, FORMATS.md §1.2); nil if not valid.
    public var stringValue: String? {
        guard tensorType.isString else { return nil }
        let bytes = data.bytes
        guard bytes.count % 4 == 0 else { return nil }
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let code = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            guard let scalar = Unicode.Scalar(code) else { return nil }
            scalars.append(scalar)
            i += 4
        }
        // NumPy stores "" as one NUL code point and strips trailing NULs when reading; so does MindSpore.
        while scalars.last == "\0" { scalars.removeLast() }
        return String(scalars)
    }

    public init(tensorType: CheckpointTensorType, shape: [Int], storedDims: [Int64]? = nil, data: TensorBytes) {
        self.tensorType = tensorType
        self.shape = shape
        self.storedDims = storedDims ?? shape.map { Int64($0) }
        self.data = data
    }
}

/// One named entry of a checkpoint after grouping.
public struct CheckpointEntry: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case tensor(CheckpointTensor)
        /// A MapParameter: its inner tensors (keys, values, status) joined along axis 0.
        case map([CheckpointTensor])
    }

    public var name: String
    public var value: Value
    /// The records this entry was built from.
    public var records: Range<Int>

    public var tensor: CheckpointTensor? {
        if case .tensor(let t) = value { return t }
        return nil
    }
}
