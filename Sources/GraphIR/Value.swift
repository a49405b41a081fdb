/// The type of a value: a tensor element type and shape, possibly inside containers.
///
/// `dtype` and `shape` describe the innermost tensor; `container` says what wraps it, so
/// ONNX's `seq(map(int64, tensor(float)))` is `container: .sequence(.map(key: .int64, .tensor))`
/// with `dtype: .float32`. Either part may be unknown.
public struct ValueType: Sendable, Equatable, Hashable {
    /// What wraps the innermost tensor.
    public indirect enum Container: Sendable, Equatable, Hashable {
        /// A plain dense tensor (ONNX `tensor_type`).
        case tensor
        /// A sparse tensor (ONNX `sparse_tensor_type`).
        case sparseTensor
        /// A sequence of the inner type (ONNX `sequence_type`).
        case sequence(Container)
        /// A map from `key` elements to the inner type (ONNX `map_type`).
        case map(key: DType, value: Container)
        /// The inner type or nothing (ONNX `optional_type`).
        case optional(Container)
    }

    /// The innermost tensor's element type, if known.
    public var dtype: DType?
    /// The innermost tensor's shape, if its rank is known.
    public var shape: Shape?
    /// What wraps the innermost tensor.
    public var container: Container

    /// A type; all parts default to "unknown tensor".
    public init(dtype: DType? = nil, shape: Shape? = nil, container: Container = .tensor) {
        self.dtype = dtype
        self.shape = shape
        self.container = container
    }
}

/// A named value flowing through a graph: a graph input or output, or a node output with type
/// information (`Graph.valueInfo`).
public struct Value: Sendable, Equatable, Hashable {
    /// The value name, unique in its graph.
    public var name: String
    /// What is known of its type.
    public var type: ValueType
    /// Free text carried from the source (ONNX `ValueInfoProto.doc_string`).
    public var docString: String

    /// A tensor value.
    public init(name: String, dtype: DType? = nil, shape: Shape? = nil, docString: String = "") {
        self.name = name
        self.type = ValueType(dtype: dtype, shape: shape)
        self.docString = docString
    }

    /// A value of any type.
    public init(name: String, type: ValueType, docString: String = "") {
        self.name = name
        self.type = type
        self.docString = docString
    }

    /// The (innermost) tensor element type, if known.
    public var dtype: DType? {
        get { type.dtype }
        set { type.dtype = newValue }
    }

    /// The (innermost) tensor shape, if its rank is known.
    public var shape: Shape? {
        get { type.shape }
        set { type.shape = newValue }
    }
}
