import Foundation
import GraphIR

extension Kernels {
    /// Resize (opsets 10 to 19): nearest, linear or cubic interpolation, one axis at a time,
    /// with the coordinate transformation, nearest rounding, cubic coefficient, exclude_outside,
    /// antialias, axes and keep_aspect_ratio_policy of the spec.
    static let resize: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        var options = ResizeMath.Options()
        options.mode = try call.string("mode", default: "nearest")
        var scales: [Double]?
        var sizes: [Int]?
        var roi: [Double]?
        var axes = Array(0..<x.rank)
        if call.opset < 11 {
            scales = try call.tensor(1).doubles()
            options.transform = "asymmetric"
            options.nearestMode = "floor"
        } else {
            options.transform = try call.string("coordinate_transformation_mode", default: "half_pixel")
            options.nearestMode = try call.string("nearest_mode", default: "round_prefer_floor")
            options.cubicA = Double(try call.float("cubic_coeff_a", default: -0.75))
            options.excludeOutside = try call.int("exclude_outside", default: 0) != 0
            options.extrapolation = Double(try call.float("extrapolation_value", default: 0))
            if call.opset >= 18 {
                options.antialias = try call.int("antialias", default: 0) != 0
                options.policy = try call.string("keep_aspect_ratio_policy", default: "stretch")
                if let a = try call.ints("axes") { axes = try ShapeSupport.axes(call, a, rank: x.rank) }
            }
            if let r = try call.optionalTensor(1), r.count > 0 {
                roi = r.doubles()
                options.roiSingle = r.dtype == .float32
            }
            if let s = try call.optionalTensor(2), s.count > 0 { scales = s.doubles() }
            if let s = try call.optionalTensor(3), s.count > 0 { sizes = try ShapeSupport.ints(call, s, "sizes") }
        }
        return [.tensor(try ResizeMath.resize(call, x, scales: scales, sizes: sizes, roi: roi, axes: axes, options))]
    }

    /// Upsample (opsets 7 and 9; deprecated by Resize): nearest or linear with asymmetric
    /// coordinates; scales are an attribute in opset 7, an input in 9.
    static let upsample: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        var options = ResizeMath.Options()
        options.mode = try call.string("mode", default: "nearest")
        if options.mode == "bilinear" { options.mode = "linear" }
        options.transform = "asymmetric"
        options.nearestMode = "floor"
        let scales: [Double]?
        if call.opset >= 9 {
            scales = try call.tensor(1).doubles()
        } else {
            scales = try call.floats("scales")?.map(Double.init)
        }
        guard let scales else { throw call.error(.invalidInput, "scales are required") }
        return [
            .tensor(
                try ResizeMath.resize(call, x, scales: scales, sizes: nil, roi: nil, axes: Array(0..<x.rank), options))
        ]
    }
}

enum ResizeMath {
    struct Options {
        var mode = "nearest"
        var transform = "half_pixel"
        var nearestMode = "round_prefer_floor"
        var cubicA = -0.75
        var excludeOutside = false
        var extrapolation = 0.0
        var antialias = false
        var policy = "stretch"
        /// The roi came as float32: its extent end - start is taken in float32, as onnx's
        /// reference and onnxruntime do, so that coordinates on the border land on the same side.
        var roiSingle = false
    }

    /// For one output coordinate: the input indices and weights it mixes, or nil for the
    /// extrapolation value.
    typealias Taps = [(index: Int, weight: Double)]?

    static func resize(
        _ call: KernelCall, _ x: NDArray, scales given: [Double]?, sizes: [Int]?, roi roiGiven: [Double]?, axes: [Int],
        _ o: Options
    ) throws(InterpreterError) -> NDArray {
        let rank = x.rank
        guard ["nearest", "linear", "cubic"].contains(o.mode) else {
            throw call.error(.invalidAttribute, "mode '\(o.mode)' is not nearest, linear or cubic")
        }
        guard x.dtype.isFloatingPoint || x.dtype.isInteger, var data = x.doubles() else {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
        var scales = Array(repeating: 1.0, count: rank)
        var shape = x.shape
        var roi = Array(repeating: 0.0, count: rank) + Array(repeating: 1.0, count: rank)
        if let given {
            guard given.count == axes.count else {
                throw call.error(.invalidInput, "scales has \(given.count) entries for \(axes.count) axes")
            }
        }
        // The roi only matters to tf_crop_and_resize; other modes ignore whatever is passed.
        if let r = roiGiven, o.transform == "tf_crop_and_resize" {
            guard r.count == 2 * axes.count else {
                throw call.error(.invalidInput, "roi has \(r.count) entries for \(axes.count) axes")
            }
            for (k, a) in axes.enumerated() {
                roi[a] = r[k]
                roi[rank + a] = r[axes.count + k]
            }
        }
        if let sizes {
            guard given == nil else { throw call.error(.invalidInput, "only one of scales and sizes may be given") }
            guard sizes.count == axes.count, sizes.allSatisfy({ $0 >= 0 }) else {
                throw call.error(
                    .invalidInput, "sizes \(sizes) must give one size of 0 or more per axis (\(axes.count))")
            }
            for (k, a) in axes.enumerated() {
                guard x.shape[a] > 0 else { throw call.error(.invalidInput, "cannot resize an empty axis") }
                scales[a] = Double(sizes[k]) / Double(x.shape[a])
                shape[a] = sizes[k]
            }
            if o.policy != "stretch" {
                let chosen = axes.map { scales[$0] }
                let scale: Double
                switch o.policy {
                case "not_larger": scale = chosen.min() ?? 1
                case "not_smaller": scale = chosen.max() ?? 1
                default: throw call.error(.invalidAttribute, "keep_aspect_ratio_policy '\(o.policy)' is not supported")
                }
                for a in axes {
                    let size = (scale * Double(x.shape[a]) + 0.5).rounded(.down)
                    guard size <= Double(call.limits.maxElements) else {
                        throw call.error(.limitExceeded, "resized axis of \(size) elements is over the limit")
                    }
                    scales[a] = scale
                    shape[a] = Int(size)
                }
            }
        } else if let given {
            for (k, a) in axes.enumerated() {
                let s = given[k]
                guard s > 0, s.isFinite else { throw call.error(.invalidInput, "scale \(s) must be positive") }
                let size = (s * Double(x.shape[a])).rounded(.down)
                guard size <= Double(call.limits.maxElements) else {
                    throw call.error(.limitExceeded, "resized axis of \(size) elements is over the limit")
                }
                scales[a] = s
                shape[a] = Int(size)
            }
        } else {
            throw call.error(.invalidInput, "one of scales and sizes is required")
        }
        if try call.checkedCount(shape) == 0 || x.count == 0 {
            guard ShapeSupport.product(shape) == 0 else {
                throw call.error(.invalidInput, "cannot resize an empty input to \(shape)")
            }
            return ShapeSupport.empty(x, shape: shape)
        }
        var current = x.shape
        for a in axes {
            if shape[a] == current[a] && scales[a] == 1 && roi[a] == 0 && roi[rank + a] == 1 { continue }
            let taps = try axisTaps(
                call, input: current[a], output: shape[a], scale: scales[a], roi: (roi[a], roi[rank + a]), o)
            data = apply(data, shape: current, axis: a, taps: taps, extrapolation: o.extrapolation)
            current[a] = shape[a]
        }
        if x.dtype.isInteger {
            let (low, high) = range(x.dtype)
            data = data.map { min(max($0.rounded(.toNearestOrEven), low), high) }
        }
        guard let out = NDArray.fromDoubles(data, dtype: x.dtype, shape: shape) else {
            throw call.error(.unsupported, "\(x.dtype) results are not supported")
        }
        return out
    }

    static func range(_ dtype: DType) -> (Double, Double) {
        switch dtype {
        case .int8: return (-128, 127)
        case .uint8: return (0, 255)
        case .int16: return (-32768, 32767)
        case .uint16: return (0, 65535)
        case .int32: return (-2_147_483_648, 2_147_483_647)
        case .uint32: return (0, 4_294_967_295)
        case .uint64: return (0, 1.8446744073709552e19)
        default: return (-9.223372036854775808e18, 9.223372036854775807e18)
        }
    }

    /// The source coordinate of output coordinate `y` along one axis.
    static func source(
        _ call: KernelCall, _ y: Int, input: Int, output: Int, scale: Double, roi: (Double, Double), _ o: Options
    ) throws(InterpreterError) -> Double {
        let yd = Double(y)
        let w = Double(input)
        let resized = scale * w
        switch o.transform {
        case "half_pixel": return (yd + 0.5) / scale - 0.5
        case "half_pixel_symmetric":
            let adjustment = Double(output) / resized
            let offset = w / 2 * (1 - adjustment)
            return offset + (yd + 0.5) / scale - 0.5
        case "pytorch_half_pixel": return resized == 1 ? -0.5 : (yd + 0.5) / scale - 0.5
        case "align_corners": return resized == 1 ? 0 : yd * (w - 1) / (resized - 1)
        case "asymmetric": return yd / scale
        case "tf_half_pixel_for_nn": return (yd + 0.5) / scale
        case "tf_crop_and_resize":
            let span = o.roiSingle ? Double(Float(roi.1) - Float(roi.0)) : roi.1 - roi.0
            let base = resized == 1 ? span * (w - 1) / 2 : yd * span * (w - 1) / (resized - 1)
            return base + roi.0 * (w - 1)
        default:
            throw call.error(.invalidAttribute, "coordinate_transformation_mode '\(o.transform)' is not supported")
        }
    }

    static func cubic(_ t: Double, _ a: Double) -> Double {
        let x = abs(t)
        if x <= 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
        if x < 2 { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
        return 0
    }

    static func axisTaps(
        _ call: KernelCall, input: Int, output: Int, scale: Double, roi: (Double, Double), _ o: Options
    ) throws(InterpreterError) -> [Taps] {
        guard input > 0 || output == 0 else { throw call.error(.invalidInput, "cannot resize an empty axis") }
        var all: [Taps] = []
        all.reserveCapacity(output)
        for y in 0..<output {
            let xo = try source(call, y, input: input, output: output, scale: scale, roi: roi, o)
            if o.transform == "tf_crop_and_resize" && (xo < 0 || xo > Double(input - 1)) {
                all.append(nil)
                continue
            }
            guard xo.isFinite, abs(xo) < 1e15 else {
                throw call.error(.invalidInput, "resize coordinate \(xo) is out of range")
            }
            if o.mode == "nearest" {
                let f = xo.rounded(.down)
                let r = xo - f
                var n: Double
                if r == 0 {
                    n = f
                } else {
                    switch o.nearestMode {
                    case "round_prefer_floor": n = r <= 0.5 ? f : f + 1
                    case "round_prefer_ceil": n = r < 0.5 ? f : f + 1
                    case "floor": n = f
                    case "ceil": n = f + 1
                    default: throw call.error(.invalidAttribute, "nearest_mode '\(o.nearestMode)' is not supported")
                    }
                }
                n = min(max(n, 0), Double(input - 1))
                all.append([(Int(n), 1)])
                continue
            }
            let radius = o.mode == "linear" ? 1.0 : 2.0
            let a = o.antialias ? min(scale, 1) : 1
            let reach = radius / a
            guard reach <= 1e6 else { throw call.error(.limitExceeded, "antialias window is too wide") }
            let first = Int((xo - reach).rounded(.down))
            let last = Int((xo + reach).rounded(.up))
            var taps: [(index: Int, weight: Double)] = []
            var total = 0.0
            for j in first...last {
                let t = (Double(j) - xo) * a
                let w = o.mode == "linear" ? max(0, 1 - abs(t)) : cubic(t, o.cubicA)
                if w == 0 { continue }
                total += w
                if o.excludeOutside && (j < 0 || j >= input) { continue }
                taps.append((min(max(j, 0), input - 1), w))
            }
            if o.excludeOutside { total = taps.reduce(0) { $0 + $1.weight } }
            if total != 0 { taps = taps.map { ($0.index, $0.weight / total) } }
            all.append(taps)
        }
        return all
    }

    static func apply(_ data: [Double], shape: [Int], axis: Int, taps: [Taps], extrapolation: Double) -> [Double] {
        let outer = ShapeSupport.product(shape[..<axis])
        let inner = ShapeSupport.product(shape[(axis + 1)...])
        let size = shape[axis]
        var out = [Double](repeating: 0, count: outer * taps.count * inner)
        for o in 0..<outer {
            for (y, t) in taps.enumerated() {
                let target = (o * taps.count + y) * inner
                guard let t else {
                    for i in 0..<inner { out[target + i] = extrapolation }
                    continue
                }
                for (index, weight) in t {
                    let source = (o * size + index) * inner
                    for i in 0..<inner { out[target + i] += weight * data[source + i] }
                }
            }
        }
        return out
    }
}
