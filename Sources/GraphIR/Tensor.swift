import Formats

/// Where a tensor's elements live.
public enum TensorStorage: Sendable, Equatable {
    /// Fixed-width elements, little-endian, packed (sub-byte types two or four to a byte, the
    /// first element in the low bits). The bytes are views into a memory-mapped file or owned
    /// bytes; building a tensor never copies them.
    case bytes(TensorBytes)
    /// The elements of a `string` tensor, one byte string each, in row-major order. They are
    /// bytes, not `String`, because formats store arbitrary bytes (ONNX `string_data` need not
    /// be UTF-8) and a round trip must not change them.
    case strings([[UInt8]])
}

/// A constant tensor: an initializer, or the payload of an attribute.
public struct Tensor: Sendable, Equatable {
    /// The value name the tensor defines (may be empty for attribute payloads).
    public var name: String
    /// The element type.
    public var dtype: DType
    /// The sizes, outermost first; `[]` is a scalar. Constants always have static shapes.
    public var shape: [Int]
    /// The elements.
    public var storage: TensorStorage
    /// Free text carried from the source (ONNX `doc_string`).
    public var docString: String

    /// A tensor of fixed-width elements over `bytes` (no copy).
    public init(name: String, dtype: DType, shape: [Int], bytes: TensorBytes, docString: String = "") {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.storage = .bytes(bytes)
        self.docString = docString
    }

    /// A `string` tensor.
    public init(name: String, shape: [Int], strings: [[UInt8]], docString: String = "") {
        self.name = name
        self.dtype = .string
        self.shape = shape
        self.storage = .strings(strings)
        self.docString = docString
    }

    /// A tensor with any storage; `validate()` checks that storage and dtype fit.
    public init(name: String, dtype: DType, shape: [Int], storage: TensorStorage, docString: String = "") {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.storage = storage
        self.docString = docString
    }

    /// The bytes when the storage is fixed-width.
    public var bytes: TensorBytes? {
        if case .bytes(let bytes) = storage { return bytes }
        return nil
    }

    /// The byte strings when the storage holds strings.
    public var strings: [[UInt8]]? {
        if case .strings(let strings) = storage { return strings }
        return nil
    }

    /// The number of elements, or nil when a size is negative or the product overflows.
    public var elementCount: Int? { try? Shape.elementCount(of: shape) }

    /// The number of bytes the shape and dtype call for, or nil for `string` tensors, negative
    /// sizes, or sizes that overflow `Int`.
    public var expectedByteCount: Int? {
        guard let count = elementCount else { return nil }
        return try? dtype.byteCount(forElements: count)
    }

    /// Checks that the storage holds exactly what the shape and dtype call for: no negative
    /// sizes, elements × width bytes for fixed-width types, one byte string per element for
    /// `string`. The error carries no graph location; graph validation adds it.
    public func validate() throws(GraphError) {
        let count = try Shape.elementCount(of: shape)
        switch (dtype, storage) {
        case (.string, .strings(let strings)):
            guard strings.count == count else {
                throw GraphError(
                    .elementCountMismatch,
                    message: "tensor '\(name)' of shape \(Shape.describe(shape)) holds \(strings.count) strings, expected \(count)")
            }
        case (.string, .bytes):
            throw GraphError(.storageMismatch, message: "string tensor '\(name)' is stored as raw bytes")
        case (_, .strings):
            throw GraphError(.storageMismatch, message: "\(dtype) tensor '\(name)' is stored as strings")
        case (_, .bytes(let bytes)):
            let expected = try dtype.byteCount(forElements: count)
            guard bytes.count == expected else {
                throw GraphError(
                    .byteCountMismatch,
                    message: "tensor '\(name)' (\(dtype) \(Shape.describe(shape))) has \(bytes.count) bytes, expected \(expected)")
            }
        }
    }
}

/// A sparse constant in COO form (ONNX `SparseTensorProto`).
///
/// `values` is a rank-1 tensor of the `nnz` stored elements and names the sparse tensor;
/// `indices` is an integer tensor of shape `[nnz, rank]` (one coordinate tuple per value) or
/// `[nnz]` (linear positions in the dense tensor); `dims` is the dense shape.
public struct SparseTensor: Sendable, Equatable {
    /// The stored elements; its name is the sparse tensor's name.
    public var values: Tensor
    /// The positions of the stored elements.
    public var indices: Tensor
    /// The shape of the dense tensor.
    public var dims: [Int]

    /// A sparse tensor; `validate()` checks the parts fit.
    public init(values: Tensor, indices: Tensor, dims: [Int]) {
        self.values = values
        self.indices = indices
        self.dims = dims
    }

    /// The value name the sparse tensor defines.
    public var name: String { values.name }

    /// Checks both tensors and that the indices' shape describes the values in `dims`
    /// (index values themselves are not read).
    public func validate() throws(GraphError) {
        try values.validate()
        try indices.validate()
        _ = try Shape.elementCount(of: dims)
        guard values.shape.count == 1 else {
            throw GraphError(
                .invalidSparseTensor,
                message: "sparse tensor '\(name)': values must have rank 1, not \(values.shape.count)")
        }
        guard indices.dtype.isInteger else {
            throw GraphError(
                .invalidSparseTensor,
                message: "sparse tensor '\(name)': indices must be integers, not \(indices.dtype)")
        }
        let entries = values.shape[0]
        let fitsLinear = indices.shape == [entries]
        let fitsCoordinates = indices.shape == [entries, dims.count]
        guard fitsLinear || fitsCoordinates else {
            throw GraphError(
                .invalidSparseTensor,
                message: "sparse tensor '\(name)': indices shape \(Shape.describe(indices.shape)) fits neither [\(entries)] nor [\(entries), \(dims.count)]")
        }
    }
}
