// The Reduce* family, one table. Axes come from the `axes` attribute in older opsets and from
// the optional second input later (ReduceSum from 13, the others from 18); `keepdims` keeps
// the reduced axes as size 1; `noop_with_empty_axes` makes empty axes the identity. Floats
// accumulate in Double; integer Sum/Prod/Max/Min/SumSquare/L1 accumulate in Int64 (wrapping).

import Foundation
import GraphIR

extension Kernels {
    enum MathReduceKind: Sendable {
        case sum, mean, max, min, prod, l1, l2, logSum, logSumExp, sumSquare
    }

    static func mathReduce(_ kind: MathReduceKind, axesInputFrom: Int) -> Kernel {
        { call throws(InterpreterError) in
            let x = try call.tensor(0)
            if x.dtype == .string || x.dtype.isComplex {
                throw call.error(.unsupported, "\(x.dtype) input is not supported")
            }
            let keepdims = try call.int("keepdims", default: 1) != 0
            let noop = try call.int("noop_with_empty_axes", default: 0) != 0
            var axesList: [Int]?
            if call.opset >= axesInputFrom {
                if let axesTensor = try call.optionalTensor(1) {
                    guard axesTensor.dtype == .int64, axesTensor.rank <= 1, let a = axesTensor.ints() else {
                        throw call.error(.invalidInput, "axes must be a 1-D int64 tensor")
                    }
                    axesList = a
                }
            } else {
                axesList = try call.ints("axes")
            }
            let axes = try MathSupport.reductionAxes(call, axesList, rank: x.rank, noop: noop)
            if axes.isEmpty && noop && x.rank > 0 { return [.tensor(x)] }
            let (kept, target) = MathSupport.reductionMap(x.shape, axes: axes)
            let outShape = MathSupport.finalShape(kept, axes: axes, keepdims: keepdims)
            let outCount = try call.checkedCount(kept)
            let intMath: Bool
            switch kind {
            case .sum, .prod, .max, .min, .sumSquare, .l1: intMath = MathSupport.isIntegral(x.dtype)
            default: intMath = false
            }
            if intMath {
                guard let v = x.int64s() else { throw call.error(.unsupported, "\(x.dtype) input is not supported") }
                let dtype = x.dtype
                let unsigned = MathSupport.isUnsigned(dtype)
                var out = [Int64](repeating: 0, count: outCount)
                var seen = [Bool](repeating: false, count: outCount)
                for (i, t) in target.enumerated() {
                    let e = v[i]
                    let term: Int64
                    switch kind {
                    case .sumSquare: term = e &* e
                    case .l1: term = unsigned || e >= 0 ? e : 0 &- e
                    default: term = e
                    }
                    if !seen[t] { out[t] = term; seen[t] = true; continue }
                    switch kind {
                    case .prod: out[t] = out[t] &* term
                    case .max: if MathSupport.compare(term, out[t], dtype) > 0 { out[t] = term }
                    case .min: if MathSupport.compare(term, out[t], dtype) < 0 { out[t] = term }
                    default: out[t] = out[t] &+ term
                    }
                }
                for t in 0..<outCount where !seen[t] {
                    switch kind {
                    case .prod: out[t] = 1
                    case .max:
                        if dtype == .bool || unsigned { out[t] = 0 } else { out[t] = Self.mathIntegerBound(dtype, high: false) }
                    case .min:
                        if dtype == .bool { out[t] = 1 } else if dtype == .uint64 { out[t] = -1 }
                        else { out[t] = Self.mathIntegerBound(dtype, high: true) }
                    default: out[t] = 0
                    }
                }
                return [.tensor(try MathSupport.array(call, ints: out, dtype, outShape))]
            }
            guard let v = x.doubles() else { throw call.error(.unsupported, "\(x.dtype) input is not supported") }
            var out: [Double]
            var counts = [Int](repeating: 0, count: outCount)
            for t in target { counts[t] += 1 }
            switch kind {
            case .max, .min:
                out = [Double](repeating: kind == .max ? -.infinity : .infinity, count: outCount)
                for (i, t) in target.enumerated() {
                    out[t] = kind == .max ? MathSupport.maximum(out[t], v[i]) : MathSupport.minimum(out[t], v[i])
                }
            case .prod:
                out = [Double](repeating: 1, count: outCount)
                for (i, t) in target.enumerated() { out[t] *= v[i] }
            case .logSumExp:
                var peak = [Double](repeating: -.infinity, count: outCount)
                for (i, t) in target.enumerated() { peak[t] = MathSupport.maximum(peak[t], v[i]) }
                out = [Double](repeating: 0, count: outCount)
                for (i, t) in target.enumerated() {
                    out[t] += peak[t].isFinite ? Foundation.exp(v[i] - peak[t]) : Foundation.exp(v[i])
                }
                for t in 0..<outCount {
                    out[t] = peak[t].isFinite ? peak[t] + Foundation.log(out[t]) : Foundation.log(out[t])
                }
            default:
                out = [Double](repeating: 0, count: outCount)
                for (i, t) in target.enumerated() {
                    let e = v[i]
                    switch kind {
                    case .l1: out[t] += Swift.abs(e)
                    case .l2, .sumSquare: out[t] += e * e
                    default: out[t] += e
                    }
                }
                switch kind {
                case .mean: for t in 0..<outCount { out[t] /= Double(counts[t]) }
                case .l2: out = out.map { $0.squareRoot() }
                case .logSum: out = out.map { Foundation.log($0) }
                default: break
                }
            }
            return [.tensor(try MathSupport.array(call, out, x.dtype, outShape))]
        }
    }

    /// The lowest or highest value of a signed integer type, as Int64.
    static func mathIntegerBound(_ dtype: DType, high: Bool) -> Int64 {
        let bits = Int64(dtype.bitWidth ?? 64)
        if bits >= 64 { return high ? .max : .min }
        let half = Int64(1) << (bits - 1)
        return high ? half - 1 : -half
    }

    static let reduceSum = mathReduce(.sum, axesInputFrom: 13)
    static let reduceMean = mathReduce(.mean, axesInputFrom: 18)
    static let reduceMax = mathReduce(.max, axesInputFrom: 18)
    static let reduceMin = mathReduce(.min, axesInputFrom: 18)
    static let reduceProd = mathReduce(.prod, axesInputFrom: 18)
    static let reduceL1 = mathReduce(.l1, axesInputFrom: 18)
    static let reduceL2 = mathReduce(.l2, axesInputFrom: 18)
    static let reduceLogSum = mathReduce(.logSum, axesInputFrom: 18)
    static let reduceLogSumExp = mathReduce(.logSumExp, axesInputFrom: 18)
    static let reduceSumSquare = mathReduce(.sumSquare, axesInputFrom: 18)
}
