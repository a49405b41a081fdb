import GraphIR

/// How close two tensors must be: numpy's `allclose` rule, |actual − expected| ≤ atol + rtol·|expected|,
/// elementwise. NaN equals NaN only when `nanEqual`; infinities must match exactly.
public struct Tolerance: Sendable, Equatable, CustomStringConvertible {
    public var rtol: Double
    public var atol: Double
    public var nanEqual: Bool

    public init(rtol: Double, atol: Double, nanEqual: Bool = true) {
        self.rtol = rtol
        self.atol = atol
        self.nanEqual = nanEqual
    }

    /// Exact equality (integers, bools, strings).
    public static let exact = Tolerance(rtol: 0, atol: 0)

    /// The default for comparing results computed in `dtype`: float32 to about 10 ulps with a
    /// small absolute floor, the 16-bit floats looser by their precision, integers exact.
    public static func `default`(for dtype: DType) -> Tolerance {
        switch dtype {
        case .float64: return Tolerance(rtol: 1e-7, atol: 1e-10)
        case .float32: return Tolerance(rtol: 1e-5, atol: 1e-6)
        case .float16: return Tolerance(rtol: 1e-3, atol: 1e-3)
        case .bfloat16: return Tolerance(rtol: 1e-2, atol: 1e-2)
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0, .float4e2m1:
            return Tolerance(rtol: 1.25e-1, atol: 1.25e-1)
        default: return .exact
        }
    }

    public var description: String { "rtol \(rtol), atol \(atol)" }
}
