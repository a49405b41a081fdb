import GraphIR

/// A value flowing through the interpreter: a tensor, a sequence of values, or an optional.
public indirect enum RuntimeValue: Sendable, Equatable {
    case tensor(NDArray)
    /// A tensor of the cuda backend that may be only on the device. Kernels never see one
    /// unless they ask: `KernelCall.tensor` and `value` hand them over as `.tensor`, and
    /// `Interpreter.run` returns only host values.
    case device(DeviceTensor)
    /// An ONNX sequence; `elementType` is kept so an empty sequence still has a type.
    case sequence([RuntimeValue], elementType: DType?)
    /// An ONNX optional: a value or none (with the type it would have).
    case optional(RuntimeValue?, elementType: DType?)

    /// The tensor, when this value is one.
    public var tensor: NDArray? {
        if case .tensor(let array) = self { return array }
        return nil
    }

    /// A short description for messages: `float32[2, 3]`, `seq<float32>(4)`, `optional(none)`.
    public var summary: String {
        switch self {
        case .tensor(let array): return array.description
        case .device(let tensor): return tensor.description
        case .sequence(let items, let type): return "seq<\(type.map(\.rawValue) ?? "?")>(\(items.count))"
        case .optional(let value, _): return value.map { "optional(\($0.summary))" } ?? "optional(none)"
        }
    }

    /// Bytes the value's elements take (strings count their bytes), for the memory limit.
    public var approximateBytes: Int {
        switch self {
        case .tensor(let array):
            if case .string(let strings) = array.storage { return strings.reduce(0) { $0 &+ $1.count &+ 16 } }
            return array.count &* Self.elementBytes(array.dtype)
        case .device(let tensor): return tensor.count &* Self.elementBytes(tensor.dtype)
        case .sequence(let items, _): return items.reduce(0) { $0 &+ $1.approximateBytes }
        case .optional(let value, _): return value?.approximateBytes ?? 0
        }
    }

    /// Bytes per element of `dtype` for the memory limit (sub-byte types count a byte).
    static func elementBytes(_ dtype: DType) -> Int { max(1, (dtype.bitWidth ?? 8) / 8) }

    /// Whether a device tensor is in the value.
    var holdsDevice: Bool {
        switch self {
        case .tensor: return false
        case .device: return true
        case .sequence(let items, _): return items.contains(where: \.holdsDevice)
        case .optional(let value, _): return value?.holdsDevice ?? false
        }
    }

    /// The value with every device tensor in it brought to the host.
    func materialized() throws(CUDAError) -> RuntimeValue {
        switch self {
        case .tensor: return self
        case .device(let tensor): return .tensor(try tensor.host())
        case .sequence(let items, let type):
            guard items.contains(where: \.holdsDevice) else { return self }
            var out: [RuntimeValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try item.materialized()) }
            return .sequence(out, elementType: type)
        case .optional(let value, let type): return .optional(try value?.materialized(), elementType: type)
        }
    }
}
