// Shared geometry of the sliding-window ops (Conv, ConvTranspose, the pools): attribute
// parsing and checking, output sizes, and a table that maps each (window, kernel tap) pair to
// an input position or to padding. Every size that comes from an attribute is bounded before
// any arithmetic, so products below stay far from Int's range.

import GraphIR

enum ConvSupport {
    /// The largest stride, dilation, pad or kernel extent accepted from an attribute.
    static let attributeBound = 1 << 31

    /// Sliding-window geometry over the spatial axes.
    struct Geometry {
        var input: [Int]
        var kernel: [Int]
        var strides: [Int]
        var dilations: [Int]
        var padsBegin: [Int]
        var padsEnd: [Int]
        var output: [Int]

        var rank: Int { input.count }

        /// A 1-point kernel with unit strides and no padding: the column matrix is X itself.
        var isPointwise: Bool {
            kernelCount == 1 && output == input && padsBegin.allSatisfy { $0 == 0 } && strides.allSatisfy { $0 == 1 }
        }

        /// For each kernel column j of a 2-D geometry: the output columns [lo, hi) whose input
        /// column (o · stride + j · dilation - pad) lies inside the image.
        var columnSpans: [(lo: Int, hi: Int)] {
            let iw = input[1], ow = output[1], sw = strides[1], dw = dilations[1], pw = padsBegin[1]
            return (0..<kernel[1]).map { j in
                let offset = j * dw - pw
                var lo = 0
                while lo < ow && lo * sw + offset < 0 { lo += 1 }
                var hi = ow
                while hi > lo && (hi - 1) * sw + offset >= iw { hi -= 1 }
                return (lo, hi)
            }
        }
        var inputCount: Int { input.reduce(1, *) }
        var kernelCount: Int { kernel.reduce(1, *) }
        var outputCount: Int { output.reduce(1, *) }
    }

    /// An ints attribute of `count` entries, each in `range`; `fallback` when absent.
    static func ints(
        _ call: KernelCall, _ name: String, count: Int, range: ClosedRange<Int>, fallback: Int
    ) throws(InterpreterError) -> [Int] {
        guard let values = try call.ints(name) else { return Array(repeating: fallback, count: count) }
        guard values.count == count else {
            throw call.error(.invalidAttribute, "'\(name)' has \(values.count) entries, expected \(count)")
        }
        for v in values where !range.contains(v) {
            throw call.error(.invalidAttribute, "'\(name)' value \(v) is out of range \(range)")
        }
        return values
    }

    /// Checks that the product of the non-zero sizes of `shape` is within the element limit, so
    /// that no partial product of it (spatial sizes, rows, planes) can overflow even when some
    /// other axis is empty.
    static func bounded(_ call: KernelCall, _ shape: [Int]) throws(InterpreterError) {
        try call.checkedCount(shape.filter { $0 != 0 })
    }

    /// The N, C and spatial sizes of an [N, C, spatial...] input with at least `minSpatial` spatial axes.
    static func splitShape(
        _ call: KernelCall, _ x: NDArray, minSpatial: Int = 1, what: String = "X"
    ) throws(InterpreterError) -> (n: Int, c: Int, spatial: [Int]) {
        try splitShape(call, shape: x.shape, minSpatial: minSpatial, what: what)
    }

    /// `splitShape` of a shape alone.
    static func splitShape(
        _ call: KernelCall, shape: [Int], minSpatial: Int = 1, what: String = "X"
    ) throws(InterpreterError) -> (n: Int, c: Int, spatial: [Int]) {
        guard shape.count >= 2 + minSpatial else {
            throw call.error(.invalidInput, "\(what) has shape \(shape); expected [N, C, spatial...] with \(minSpatial)+ spatial axes")
        }
        try bounded(call, shape)
        return (shape[0], shape[1], Array(shape.dropFirst(2)))
    }

    /// The kernel size: the `kernel_shape` attribute (checked against `fromWeights` when given).
    static func kernelShape(_ call: KernelCall, rank: Int, fromWeights: [Int]?) throws(InterpreterError) -> [Int] {
        if let given = try call.ints("kernel_shape") {
            guard given.count == rank else {
                throw call.error(.invalidAttribute, "kernel_shape has \(given.count) entries for \(rank) spatial axes")
            }
            for k in given where k < 1 || k > attributeBound {
                throw call.error(.invalidAttribute, "kernel_shape value \(k) is out of range")
            }
            try bounded(call, given)
            if let fromWeights, fromWeights != given {
                throw call.error(.invalidInput, "kernel_shape \(given) differs from the weights' spatial shape \(fromWeights)")
            }
            return given
        }
        guard let fromWeights else { throw call.error(.invalidAttribute, "kernel_shape is required") }
        for k in fromWeights where k < 1 {
            throw call.error(.invalidInput, "the weights have an empty spatial axis: \(fromWeights)")
        }
        try bounded(call, fromWeights)
        return fromWeights
    }

    static func mul(_ call: KernelCall, _ a: Int, _ b: Int) throws(InterpreterError) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        guard !o else { throw call.error(.invalidInput, "size overflow") }
        return r
    }

    static func add(_ call: KernelCall, _ a: Int, _ b: Int) throws(InterpreterError) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        guard !o else { throw call.error(.invalidInput, "size overflow") }
        return r
    }

    /// Floor division for possibly negative numerators (b > 0).
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The geometry of a forward window op (Conv, pools) from `strides`, `dilations`, `pads`
    /// and `auto_pad`. `ceilMode` is the pools' ceil_mode.
    static func geometry(
        _ call: KernelCall, input: [Int], kernel: [Int], ceilMode: Bool = false
    ) throws(InterpreterError) -> Geometry {
        let r = input.count
        let strides = try ints(call, "strides", count: r, range: 1...attributeBound, fallback: 1)
        let dilations = try ints(call, "dilations", count: r, range: 1...attributeBound, fallback: 1)
        let autoPad = try call.string("auto_pad", default: "NOTSET")
        var padsBegin = Array(repeating: 0, count: r)
        var padsEnd = Array(repeating: 0, count: r)
        var output = Array(repeating: 0, count: r)
        for k in kernel where k < 1 || k > attributeBound {
            throw call.error(.invalidInput, "kernel size \(k) is out of range")
        }
        for i in 0..<r {
            let effective = try add(call, try mul(call, kernel[i] - 1, dilations[i]), 1)
            switch autoPad {
            case "SAME_UPPER", "SAME_LOWER":
                output[i] = (input[i] + strides[i] - 1) / strides[i]
                let needed = try add(call, try mul(call, max(output[i] - 1, 0), strides[i]), effective)
                let total = max(0, needed - input[i])
                if autoPad == "SAME_UPPER" {
                    padsBegin[i] = total / 2
                    padsEnd[i] = total - total / 2
                } else {
                    padsEnd[i] = total / 2
                    padsBegin[i] = total - total / 2
                }
            case "VALID":
                guard input[i] >= effective else {
                    throw call.error(.invalidInput, "input size \(input[i]) is smaller than the window \(effective)")
                }
                output[i] = (input[i] - effective) / strides[i] + 1
            case "NOTSET", "":
                break
            default:
                throw call.error(.invalidAttribute, "auto_pad '\(autoPad)' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID")
            }
        }
        if autoPad == "NOTSET" || autoPad.isEmpty {
            let pads = try ints(call, "pads", count: 2 * r, range: 0...attributeBound, fallback: 0)
            padsBegin = Array(pads[0..<r])
            padsEnd = Array(pads[r...])
            for i in 0..<r {
                let effective = (kernel[i] - 1) * dilations[i] + 1
                let span = input[i] + padsBegin[i] + padsEnd[i] - effective
                guard span >= 0 else {
                    throw call.error(
                        .invalidInput,
                        "window \(effective) is larger than the padded input \(input[i] + padsBegin[i] + padsEnd[i]) on spatial axis \(i)")
                }
                if ceilMode {
                    output[i] = (span + strides[i] - 1) / strides[i] + 1
                    // The last window must start inside the input or its leading padding.
                    if (output[i] - 1) * strides[i] >= input[i] + padsBegin[i] { output[i] -= 1 }
                } else {
                    output[i] = span / strides[i] + 1
                }
            }
        }
        try bounded(call, output)
        return Geometry(
            input: input, kernel: kernel, strides: strides, dilations: dilations, padsBegin: padsBegin,
            padsEnd: padsEnd, output: output)
    }

    /// For each position of `outer` (row-major) and each kernel tap (row-major): the row-major
    /// offset in `bounds` of `position * stride - padBegin + tap * dilation`, or -1 where that
    /// falls outside `bounds`. For forward ops `outer` is the output and `bounds` the input; for
    /// ConvTranspose it is the reverse.
    static func taps(
        _ call: KernelCall, outer: [Int], bounds: [Int], kernel: [Int], strides: [Int], dilations: [Int],
        padsBegin: [Int]
    ) throws(InterpreterError) -> [Int] {
        try bounded(call, outer)
        try bounded(call, kernel)
        let outerCount = outer.reduce(1, *), kernelCount = kernel.reduce(1, *)
        let total = try call.checkedCount([outerCount, kernelCount])
        let r = outer.count
        // With no taps at all, return before the per-axis tables: an empty axis elsewhere would
        // otherwise leave their sizes unbounded. With some, each is at most `total`.
        if total == 0 { return [] }
        // Per-axis tables: position along axis i for (o, k), or -1.
        var axisTables: [[Int]] = []
        for i in 0..<r {
            var table = [Int](repeating: -1, count: outer[i] * kernel[i])
            for o in 0..<outer[i] {
                for k in 0..<kernel[i] {
                    let p = o * strides[i] - padsBegin[i] + k * dilations[i]
                    if p >= 0 && p < bounds[i] { table[o * kernel[i] + k] = p }
                }
            }
            axisTables.append(table)
        }
        let boundStrides = NDArray.strides(bounds)
        // Per axis and (o, k): the offset contribution, or -1 outside the input.
        let contributions = (0..<r).map { i in axisTables[i].map { $0 < 0 ? -1 : $0 * boundStrides[i] } }
        var result = [Int](repeating: -1, count: total)
        var o = [Int](repeating: 0, count: r)
        var k = [Int](repeating: 0, count: r)
        result.withUnsafeMutableBufferPointer { out in
            var index = 0
            for _ in 0..<outerCount {
                for i in 0..<r { k[i] = 0 }
                for _ in 0..<kernelCount {
                    var offset = 0
                    var inside = true
                    for i in 0..<r {
                        let p = contributions[i][o[i] &* kernel[i] &+ k[i]]
                        if p < 0 {
                            inside = false
                            break
                        }
                        offset &+= p
                    }
                    out[index] = inside ? offset : -1
                    index &+= 1
                    var axis = r - 1
                    while axis >= 0 {
                        k[axis] &+= 1
                        if k[axis] < kernel[axis] { break }
                        k[axis] = 0
                        axis -= 1
                    }
                }
                var axis = r - 1
                while axis >= 0 {
                    o[axis] &+= 1
                    if o[axis] < outer[axis] { break }
                    o[axis] = 0
                    axis -= 1
                }
            }
        }
        return result
    }

    /// The forward taps of `g` (output × kernel → input offset or -1).
    static func taps(_ call: KernelCall, _ g: Geometry) throws(InterpreterError) -> [Int] {
        try taps(
            call, outer: g.output, bounds: g.input, kernel: g.kernel, strides: g.strides, dilations: g.dilations,
            padsBegin: g.padsBegin)
    }

    /// For each output position of `g`: how many kernel taps fall inside the padded input
    /// (input plus explicit pads), the divisor of AveragePool with count_include_pad.
    static func paddedTapCounts(_ g: Geometry) -> [Int] {
        // Only called after `taps` has bounded outputCount × kernelCount; nothing to count when empty.
        if g.outputCount == 0 || g.kernelCount == 0 { return [] }
        let r = g.rank
        var perAxis: [[Int]] = []
        for i in 0..<r {
            var counts = [Int](repeating: 0, count: g.output[i])
            for o in 0..<g.output[i] {
                var c = 0
                for k in 0..<g.kernel[i] {
                    let p = o * g.strides[i] - g.padsBegin[i] + k * g.dilations[i]
                    if p >= -g.padsBegin[i] && p < g.input[i] + g.padsEnd[i] { c += 1 }
                }
                counts[o] = c
            }
            perAxis.append(counts)
        }
        var result = [Int](repeating: 1, count: g.outputCount)
        var o = [Int](repeating: 0, count: r)
        for index in 0..<result.count {
            var c = 1
            for i in 0..<r { c *= perAxis[i][o[i]] }
            result[index] = c
            var axis = r - 1
            while axis >= 0 {
                o[axis] += 1
                if o[axis] < g.output[axis] { break }
                o[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// The elements of a floating-point input as Double; other types are unsupported.
    static func floatValues(_ call: KernelCall, _ x: NDArray, what: String = "input") throws(InterpreterError) -> [Double] {
        guard x.dtype.isFloatingPoint, let values = x.doubles() else {
            throw call.error(.unsupported, "\(what) of type \(x.dtype) is not supported")
        }
        return values
    }

    /// An output of `dtype` from Doubles.
    static func output(_ call: KernelCall, _ values: [Double], dtype: DType, shape: [Int]) throws(InterpreterError) -> NDArray {
        guard let out = NDArray.fromDoubles(values, dtype: dtype, shape: shape) else {
            throw call.error(.unsupported, "\(dtype) output is not supported")
        }
        return out
    }

    /// A per-channel vector input (scale, bias, mean...) of exactly `count` elements.
    static func channelVector(
        _ call: KernelCall, _ index: Int, count: Int, what: String
    ) throws(InterpreterError) -> [Double] {
        let t = try call.tensor(index)
        guard t.count == count, t.rank <= 1 || t.shape.filter({ $0 != 1 }).count <= 1 else {
            throw call.error(.invalidInput, "\(what) has shape \(t.shape); expected \(count) elements")
        }
        return try floatValues(call, t, what: what)
    }
}

extension ConvSupport {
    /// `value` rounded to `dtype`'s precision (for float16/bfloat16/float32), as Double.
    static func roundedLike(_ dtype: DType, _ value: Double) -> Double {
        switch dtype {
        case .float32: return Double(Float(value))
        case .float16: return Double(Float16(value))
        case .bfloat16: return Double(Float(bitPattern: UInt32(SmallFormats.bfloat16Bits(value)) << 16))
        default: return value
        }
    }
}
