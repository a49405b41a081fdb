// QuantizeLinear, DequantizeLinear (per-tensor, per-axis and blocked scales) and
// DynamicQuantizeLinear.
//   quantize:   y = saturate(round_half_even(x / scale) + zero_point)   (integer targets)
//               y = convert(x / scale + zero_point, saturate)           (float8/float4 targets)
//   dequantize: y = (x - zero_point) * scale

import Foundation
import Formats
import GraphIR

extension Kernels {
    static let quantizeLinear: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), scale = try call.tensor(1)
        let zeroPoint = try call.optionalTensor(2)
        guard x.dtype.isFloatingPoint || x.dtype == .int32, scale.dtype.isFloatingPoint else {
            throw call.error(.unsupported, "QuantizeLinear of \(x.dtype) with \(scale.dtype) scale is not supported")
        }
        var target: DType = .uint8
        var requested: DType?
        if let code = try call.int("output_dtype"), code != 0 {
            guard let c = Int32(exactly: code), let t = ONNXDataType(code: c), let d = DType(rawValue: t.name) else {
                throw call.error(.invalidAttribute, "output_dtype \(code) is not a known data type")
            }
            requested = d
            target = d
        }
        if let zeroPoint {
            if let requested, requested != zeroPoint.dtype {
                throw call.error(.invalidAttribute, "output_dtype \(requested) differs from the zero point's \(zeroPoint.dtype)")
            }
            target = zeroPoint.dtype
        }
        let saturate = try call.int("saturate", default: 1) != 0
        let layout = try MathQuantLayout(call, x: x, scale: scale, zeroPoint: zeroPoint)
        guard var xs = x.doubles(), var ss = scale.doubles() else {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
        let zs = zeroPoint?.doubles()
        // The division rounds to the wider of x's and scale's types, as the spec's numpy does.
        let promotedType: DType = x.dtype == .float64 || scale.dtype == .float64 ? .float64
            : (x.dtype == .float32 || scale.dtype == .float32 || x.dtype == .int32 ? .float32 : scale.dtype)
        // `precision` (opset 25) names the type the division runs in.
        var divisionType = promotedType
        if let code = try call.int("precision"), code != 0 {
            guard let c = Int32(exactly: code), let t = ONNXDataType(code: c), let d = DType(rawValue: t.name),
                d.isFloatingPoint
            else { throw call.error(.invalidAttribute, "precision \(code) is not a float data type") }
            divisionType = d
            // Both operands are converted to that type before dividing.
            if let a = NDArray.fromDoubles(xs, dtype: d, shape: x.shape)?.doubles() { xs = a }
            if let b = NDArray.fromDoubles(ss, dtype: d, shape: scale.shape)?.doubles() { ss = b }
        }
        var quotients = [Double](repeating: 0, count: xs.count)
        for i in 0..<xs.count { quotients[i] = xs[i] / ss[layout.scaleIndex(i)] }
        if divisionType != .float64, let rounded = NDArray.fromDoubles(quotients, dtype: divisionType, shape: x.shape)?.doubles() {
            quotients = rounded
        }
        switch target {
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float4e2m1:
            var bytes = [UInt8](repeating: 0, count: xs.count)
            for i in 0..<xs.count {
                let z = zs?[layout.scaleIndex(i)] ?? 0
                bytes[i] = SmallFormats.encode(quotients[i] + z, as: target, saturate: saturate)
            }
            return [.tensor(NDArray(dtype: target, shape: x.shape, storage: .bytes8(bytes)))]
        case .int2, .uint2, .int4, .uint4, .int8, .uint8, .int16, .uint16, .int32, .uint32:
            let (low, high) = MathQuantLayout.range(target)
            var out = [Int64](repeating: 0, count: xs.count)
            for i in 0..<xs.count {
                let z = zs?[layout.scaleIndex(i)] ?? 0
                let q = quotients[i].rounded(.toNearestOrEven) + z
                out[i] = q.isNaN ? 0 : Int64(Swift.max(low, Swift.min(high, q)))
            }
            if target.isSubByte { return [.tensor(try MathCast.subByteInts(call, out, target, x.shape))] }
            return [.tensor(try MathSupport.array(call, ints: out, target, x.shape))]
        default:
            throw call.error(.unsupported, "QuantizeLinear to \(target) is not supported")
        }
    }

    static let dequantizeLinear: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), scale = try call.tensor(1)
        let zeroPoint = try call.optionalTensor(2)
        if let zeroPoint, zeroPoint.dtype != x.dtype {
            throw call.error(.invalidInput, "zero point is \(zeroPoint.dtype) but x is \(x.dtype)")
        }
        guard scale.dtype.isFloatingPoint, x.dtype != .string, !x.dtype.isComplex else {
            throw call.error(.unsupported, "DequantizeLinear of \(x.dtype) with \(scale.dtype) scale is not supported")
        }
        var outType = scale.dtype
        if let code = try call.int("output_dtype"), code != 0 {
            guard let c = Int32(exactly: code), let t = ONNXDataType(code: c), let d = DType(rawValue: t.name) else {
                throw call.error(.invalidAttribute, "output_dtype \(code) is not a known data type")
            }
            outType = d
        }
        let layout = try MathQuantLayout(call, x: x, scale: scale, zeroPoint: zeroPoint)
        guard let xs = x.doubles(), let ss = scale.doubles() else {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
        let zs = zeroPoint?.doubles()
        var out = [Double](repeating: 0, count: xs.count)
        for i in 0..<xs.count {
            let s = layout.scaleIndex(i)
            out[i] = (xs[i] - (zs?[s] ?? 0)) * ss[s]
        }
        return [.tensor(try MathSupport.array(call, out, outType, x.shape))]
    }

    /// DynamicQuantizeLinear: uint8 quantisation with scale and zero point from x's range
    /// (widened to include 0), computed in float32 like the spec's formula.
    static let dynamicQuantizeLinear: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard case .float32(let v) = x.storage else {
            throw call.error(.unsupported, "DynamicQuantizeLinear of \(x.dtype) is not supported")
        }
        var low: Float = 0, high: Float = 0
        for e in v where !e.isNaN { low = Swift.min(low, e); high = Swift.max(high, e) }
        let scale: Float = (high - low) / 255
        let zeroPoint: Float = scale == 0 ? 0 : Swift.max(0, Swift.min(255, (0 - low / scale).rounded(.toNearestOrEven)))
        var out = [UInt8](repeating: 0, count: v.count)
        for i in 0..<v.count {
            let q = scale == 0 ? zeroPoint : (v[i] / scale).rounded(.toNearestOrEven) + zeroPoint
            out[i] = q.isNaN ? 0 : UInt8(Swift.max(0, Swift.min(255, q)))
        }
        return [
            .tensor(NDArray(dtype: .uint8, shape: x.shape, storage: .uint8(out))),
            .tensor(NDArray([scale], shape: [])),
            .tensor(NDArray(dtype: .uint8, shape: [], storage: .uint8([UInt8(zeroPoint)]))),
        ]
    }
}

/// How a quantisation scale (and zero point) maps onto x: one value, one per index along
/// `axis`, or one per block of `block_size` indices along `axis`.
struct MathQuantLayout {
    var mode: Int = 0  // 0 per-tensor, 1 per-axis, 2 blocked
    var inner = 1, size = 1, blockSize = 1, blocks = 1

    init(_ call: KernelCall, x: NDArray, scale: NDArray, zeroPoint: NDArray?) throws(InterpreterError) {
        if let zeroPoint, zeroPoint.shape != scale.shape && !(zeroPoint.count == 1 && scale.count == 1 && zeroPoint.rank <= 1 && scale.rank <= 1) {
            throw call.error(.invalidInput, "zero point shape \(zeroPoint.shape) differs from scale shape \(scale.shape)")
        }
        let blockSize = try call.int("block_size", default: 0)
        guard blockSize >= 0 else { throw call.error(.invalidAttribute, "block_size must not be negative") }
        // One value (scalar or one-element 1-D) without blocks: per-tensor.
        if blockSize == 0 && scale.rank <= 1 && scale.count == 1 { return }
        let axis = try call.axis(try call.int("axis", default: 1), rank: x.rank)
        guard x.rank > 0 else { throw call.error(.invalidInput, "a per-axis scale needs x of rank ≥ 1") }
        inner = x.shape[(axis + 1)...].reduce(1, *)
        size = x.shape[axis]
        if blockSize == 0 {
            guard scale.rank == 1, scale.count == size else {
                throw call.error(.invalidInput, "per-axis scale must have shape [\(size)], not \(scale.shape)")
            }
            mode = 1
            return
        }
        blocks = size / blockSize + (size % blockSize == 0 ? 0 : 1)  // no overflow for any block_size
        var expected = x.shape
        expected[axis] = blocks
        guard scale.shape == expected else {
            throw call.error(.invalidInput, "blocked scale must have shape \(expected), not \(scale.shape)")
        }
        self.blockSize = blockSize
        mode = 2
    }

    func scaleIndex(_ i: Int) -> Int {
        switch mode {
        case 0: return 0
        case 1: return (i / inner) % size
        default:
            let outer = i / (inner * size)
            let a = (i / inner) % size
            return (outer * blocks + a / blockSize) * inner + i % inner
        }
    }

    /// The representable range of an integer quantisation target.
    static func range(_ dtype: DType) -> (Double, Double) {
        switch dtype {
        case .int2: return (-2, 1)
        case .uint2: return (0, 3)
        case .int4: return (-8, 7)
        case .uint4: return (0, 15)
        case .int8: return (-128, 127)
        case .uint8: return (0, 255)
        case .int16: return (-32768, 32767)
        case .uint16: return (0, 65535)
        case .int32: return (-2_147_483_648, 2_147_483_647)
        case .uint32: return (0, 4_294_967_295)
        default: return (0, 0)
        }
    }
}
