/// One dimension of a value's shape.
///
/// Writing `3` or `"batch"` where a `Dimension` is expected makes `.fixed(3)` or `.symbolic("batch")`.
public enum Dimension: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A known size (ONNX `dim_value`). Valid sizes are ≥ 0; a negative one is kept as read so
    /// `validate()` can report it instead of the reader guessing.
    case fixed(Int)
    /// A size known only by name, the same for every use of the name (ONNX `dim_param`).
    case symbolic(String)
    /// A size nothing is known about (ONNX dimension with neither field; `-1` in MindIR).
    case unknown

    /// The size when it is fixed.
    public var value: Int? {
        if case .fixed(let size) = self { return size }
        return nil
    }

    /// Whether the size is fixed.
    public var isFixed: Bool { value != nil }

    public var description: String {
        switch self {
        case .fixed(let size): return String(size)
        case .symbolic(let name): return name
        case .unknown: return "?"
        }
    }
}

extension Dimension: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .fixed(value) }
}

extension Dimension: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .symbolic(value) }
}
