// Elementwise unary math, one table: Neg, Abs, Reciprocal, Floor, Ceil, Round, Sqrt, Exp, Log,
// the trigonometric and hyperbolic functions, Erf, Sign; and the predicates IsNaN, IsInf.

import Foundation
import GraphIR

extension Kernels {
    /// A unary kernel: floats through `float` in Double; integer types through `int` (given the
    /// element type, so unsigned values can be treated as such) or else through Double.
    static func unaryMath(
        _ float: @escaping @Sendable (Double) -> Double,
        int: (@Sendable (Int64, DType) -> Int64)? = nil
    ) -> Kernel {
        { call throws(InterpreterError) in
            let x = try call.tensor(0)
            let dtype = x.dtype
            let intBody: ((Int64) -> Int64)? = int.map { f in { f($0, dtype) } }
            return [.tensor(try Elementwise.unary(call, x, float: float, int: intBody))]
        }
    }

    static let neg = unaryMath({ -$0 }, int: { x, _ in 0 &- x })
    static let absOp = unaryMath({ Swift.abs($0) }, int: { x, dtype in
        MathSupport.isUnsigned(dtype) || x >= 0 ? x : 0 &- x
    })
    static let reciprocal = unaryMath({ 1 / $0 })
    static let floorOp = unaryMath({ $0.rounded(.down) }, int: { x, _ in x })
    static let ceilOp = unaryMath({ $0.rounded(.up) }, int: { x, _ in x })
    static let roundOp = unaryMath({ $0.rounded(.toNearestOrEven) }, int: { x, _ in x })
    static let sqrtOp = unaryMath({ $0.squareRoot() })
    static let expOp = unaryMath({ Foundation.exp($0) })
    static let logOp = unaryMath({ Foundation.log($0) })
    static let sinOp = unaryMath({ Foundation.sin($0) })
    static let cosOp = unaryMath({ Foundation.cos($0) })
    static let tanOp = unaryMath({ Foundation.tan($0) })
    static let asinOp = unaryMath({ Foundation.asin($0) })
    static let acosOp = unaryMath({ Foundation.acos($0) })
    static let atanOp = unaryMath({ Foundation.atan($0) })
    static let sinhOp = unaryMath({ Foundation.sinh($0) })
    static let coshOp = unaryMath({ Foundation.cosh($0) })
    static let tanhOp = unaryMath({ Foundation.tanh($0) })
    static let asinhOp = unaryMath({ Foundation.asinh($0) })
    static let acoshOp = unaryMath({ Foundation.acosh($0) })
    static let atanhOp = unaryMath({ Foundation.atanh($0) })
    static let erfOp = unaryMath({ Foundation.erf($0) })
    static let sign = unaryMath({ $0.isNaN ? $0 : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) }, int: { x, dtype in
        if MathSupport.isUnsigned(dtype) { return x == 0 ? 0 : 1 }
        return x > 0 ? 1 : (x < 0 ? -1 : 0)
    })

    /// IsNaN: true where the element is NaN.
    static let isNaN: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype.isFloatingPoint, let v = x.doubles() else {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
        return [.tensor(NDArray(v.map(\.isNaN), shape: x.shape))]
    }

    /// IsInf: true where the element is an infinity of a selected sign.
    static let isInf: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let positive = try call.int("detect_positive", default: 1) != 0
        let negative = try call.int("detect_negative", default: 1) != 0
        guard x.dtype.isFloatingPoint, let v = x.doubles() else {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
        let out = v.map { $0.isInfinite && ($0 > 0 ? positive : negative) }
        return [.tensor(NDArray(out, shape: x.shape))]
    }
}
