/// One `__metadata__` entry: safetensors metadata is a map of strings to strings.
public struct SafetensorsMetadataEntry: Sendable, Equatable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// One tensor of a safetensors file: its header entry and a view of its bytes (never a copy).
public struct SafetensorsTensor: Sendable, Equatable {
    public var name: String
    /// Header `dtype`.
    public var dtype: SafetensorsDType
    /// Header `shape` (element counts; a scalar has `[]`).
    public var shape: [Int]
    /// Header `data_offsets`, relative to the start of the data buffer (after the header).
    public var dataOffsets: Range<Int>
    /// The tensor's bytes: a view into the mapped file.
    public var data: ByteView

    /// The `dtype` string as stored (`F32`, `BF16` …).
    public var dtypeName: String { dtype.rawValue }
    /// The neutral element type name (`float32`, `bfloat16` …).
    public var neutralDType: String { dtype.neutralName }
    public var elementCount: Int { shape.reduce(1, *) }

    public init(name: String, dtype: SafetensorsDType, shape: [Int], dataOffsets: Range<Int>, data: ByteView) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.dataOffsets = dataOffsets
        self.data = data
    }
}

/// A safetensors file as read: the metadata in file order and the tensors in header order.
///
/// Layout: u64 LE header length N, N bytes of JSON header (space padded), then the data buffer that the
/// tensors' `data_offsets` cover exactly, without gaps or overlaps.
public struct SafetensorsDocument: Sendable, Equatable {
    /// `__metadata__` entries in file order; nil when the header has none (or `null`).
    public var metadata: [SafetensorsMetadataEntry]?
    /// Tensors in header order (which, for files the reference writes, is also data order).
    public var tensors: [SafetensorsTensor]
    /// N: the length of the JSON header including its padding.
    public var headerLength: Int

    /// File offset of the data buffer.
    public var dataStart: Int { 8 + headerLength }

    public init(metadata: [SafetensorsMetadataEntry]?, tensors: [SafetensorsTensor], headerLength: Int) {
        self.metadata = metadata
        self.tensors = tensors
        self.headerLength = headerLength
    }

    /// The metadata value for `key`, if any.
    public func metadataValue(_ key: String) -> String? {
        metadata?.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// The tensor called `name` (compared byte for byte, as the format does).
    public func tensor(named name: String) -> SafetensorsTensor? {
        tensors.first { $0.name.utf8.elementsEqual(name.utf8) }
    }

    /// Whether the metadata marks a MindSpore checkpoint (`"format": "ms"`, FORMATS.md §1.7).
    public var isMindSporeCheckpoint: Bool { metadataValue("format") == "ms" }
}
