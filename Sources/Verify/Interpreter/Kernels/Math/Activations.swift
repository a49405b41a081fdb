// Elementwise activations, one table: LeakyRelu, Elu, Selu, Celu, Gelu, Sigmoid, HardSigmoid,
// HardSwish, Softplus, Softsign, Mish, ThresholdedRelu, Shrink, Swish. Attributes are read
// per call (float32 attributes widened to Double); the math runs in Double.

import Foundation
import GraphIR

extension Kernels {
    /// A unary float kernel whose function is built from the node's attributes.
    static func mathActivation(
        _ make: @escaping @Sendable (KernelCall) throws(InterpreterError) -> (Double) -> Double
    ) -> Kernel {
        { call throws(InterpreterError) in
            let x = try call.tensor(0)
            guard x.dtype.isFloatingPoint else { throw call.error(.unsupported, "\(x.dtype) input is not supported") }
            let f = try make(call)
            return [.tensor(try Elementwise.unary(call, x, float: f))]
        }
    }

    static func mathFloat(_ call: KernelCall, _ name: String, _ fallback: Float) throws(InterpreterError) -> Double {
        Double(try call.float(name, default: fallback))
    }

    static func mathSigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }

    static func mathSoftplus(_ x: Double) -> Double {
        x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
    }

    static let leakyRelu = mathActivation { call throws(InterpreterError) in
        let alpha = try mathFloat(call, "alpha", 0.01)
        return { $0 < 0 ? alpha * $0 : $0 }
    }

    static let elu = mathActivation { call throws(InterpreterError) in
        let alpha = try mathFloat(call, "alpha", 1)
        return { $0 < 0 ? alpha * Foundation.expm1($0) : $0 }
    }

    static let selu = mathActivation { call throws(InterpreterError) in
        let alpha = try mathFloat(call, "alpha", 1.67326319217681884765625)
        let gamma = try mathFloat(call, "gamma", 1.05070102214813232421875)
        return { $0 <= 0 ? gamma * alpha * Foundation.expm1($0) : gamma * $0 }
    }

    static let celu = mathActivation { call throws(InterpreterError) in
        let alpha = try mathFloat(call, "alpha", 1)
        guard alpha != 0 else { throw call.error(.invalidAttribute, "alpha must not be 0") }
        return { Swift.max(0, $0) + Swift.min(0, alpha * Foundation.expm1($0 / alpha)) }
    }

    static let gelu = mathActivation { call throws(InterpreterError) in
        let approximate = try call.string("approximate", default: "none")
        switch approximate {
        case "none": return { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        case "tanh":
            let c = (2 / Double.pi).squareRoot()
            return { 0.5 * $0 * (1 + Foundation.tanh(c * ($0 + 0.044715 * $0 * $0 * $0))) }
        default: throw call.error(.invalidAttribute, "approximate must be none or tanh, not '\(approximate)'")
        }
    }

    static let sigmoid = mathActivation { _ throws(InterpreterError) in { mathSigmoid($0) } }

    static let hardSigmoid = mathActivation { call throws(InterpreterError) in
        let alpha = try mathFloat(call, "alpha", 0.2), beta = try mathFloat(call, "beta", 0.5)
        return { Swift.max(0, Swift.min(1, alpha * $0 + beta)) }
    }

    static let hardSwish = mathActivation { _ throws(InterpreterError) in
        { $0 * Swift.max(0, Swift.min(1, $0 / 6 + 0.5)) }
    }

    static let softplus = mathActivation { _ throws(InterpreterError) in { mathSoftplus($0) } }

    static let softsign = mathActivation { _ throws(InterpreterError) in { $0 / (1 + Swift.abs($0)) } }

    static let mish = mathActivation { _ throws(InterpreterError) in { $0 * Foundation.tanh(mathSoftplus($0)) } }

    static let thresholdedRelu = mathActivation { call throws(InterpreterError) in
        let alpha = try mathFloat(call, "alpha", 1)
        return { $0 > alpha ? $0 : 0 }
    }

    static let shrink = mathActivation { call throws(InterpreterError) in
        let lambd = try mathFloat(call, "lambd", 0.5), bias = try mathFloat(call, "bias", 0)
        return { $0 < -lambd ? $0 + bias : ($0 > lambd ? $0 - bias : 0) }
    }

    static let swish = mathActivation { call throws(InterpreterError) in
        let alpha = try mathFloat(call, "alpha", 1)
        return { $0 * mathSigmoid(alpha * $0) }
    }

    /// PRelu: x where x ≥ 0, slope * x elsewhere; slope broadcasts to x.
    static let pRelu: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), slope = try call.tensor(1)
        let out = try Elementwise.binary(
            call, x, slope, float: { v, s in v < 0 ? s * v : v }, int: { v, s in v < 0 ? s &* v : v })
        return [.tensor(out)]
    }

    /// Clip: bounds from attributes before opset 11, from optional inputs after.
    static let clip: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        try MathSupport.requireNumeric(call, [x])
        let (low, high, lowInt, highInt) = try clipBounds(call, x)
        if case .float32(let values) = x.storage {
            // A float32 Clip's bounds are float32 values (or infinities), so clamping in Float
            // gives the bits clamping the widened value in Double gives; the loop vectorises.
            let lo = Float(low), hi = Float(high)
            return [.tensor(NDArray(values.map { $0.isNaN ? $0 : Swift.min(Swift.max($0, lo), hi) }, shape: x.shape))]
        }
        let dtype = x.dtype
        var intClip: ((Int64) -> Int64)?
        if MathSupport.isIntegral(dtype) {
            intClip = { v in
                var r = v
                if MathSupport.compare(r, lowInt, dtype) < 0 { r = lowInt }
                if MathSupport.compare(r, highInt, dtype) > 0 { r = highInt }
                return r
            }
        }
        let out = try Elementwise.unary(
            call, x, float: { v in v.isNaN ? v : Swift.min(Swift.max(v, low), high) }, int: intClip)
        return [.tensor(out)]
    }

    /// Clip's bounds for `x`: as floats (±inf where absent from opset 11, ∓FLT_MAX before) and as
    /// integers (the type's range where absent; UInt64's as bit patterns).
    static func clipBounds(_ call: KernelCall, _ x: NDArray) throws(InterpreterError) -> (
        low: Double, high: Double, lowInt: Int64, highInt: Int64
    ) {
        var low: Double = -.infinity, high: Double = .infinity
        var lowInt = Int64.min, highInt = Int64.max
        if x.dtype == .uint64 { lowInt = 0; highInt = -1 }  // bit patterns of UInt64's range
        if call.opset < 11 {
            // The defaults are float's lowest and highest finite values (so ±inf are clipped too).
            low = try mathFloat(call, "min", -Float.greatestFiniteMagnitude)
            high = try mathFloat(call, "max", Float.greatestFiniteMagnitude)
        } else {
            for (index, isLow) in [(1, true), (2, false)] {
                guard let bound = try call.optionalTensor(index) else { continue }
                guard bound.count == 1, bound.dtype == x.dtype else {
                    throw call.error(.invalidInput, "Clip bound \(index) must be a one-element \(x.dtype) tensor")
                }
                if let d = bound.doubles()?.first { if isLow { low = d } else { high = d } }
                if let i = bound.int64s()?.first { if isLow { lowInt = i } else { highInt = i } }
            }
        }
        return (low, high, lowInt, highInt)
    }
}
