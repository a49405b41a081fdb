extension Kernels {
    /// ConvTranspose: the gradient of Conv with respect to its input. Each input element
    /// scatters `x * W[c, m, tap]` to output position `i * stride - pad_begin + tap * dilation`.
    /// The output size comes from `output_shape` when given (pads then derived from it unless
    /// given), else from strides, output_padding, the dilated kernel and pads (or auto_pad).
    static let convTranspose: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), w = try call.tensor(1)
        let s = try ConvTransposeMath.setup(call, x: x, w: w)
        let (n, c, m, group, mPerGroup, outputShape) = (s.n, s.c, s.m, s.group, s.mPerGroup, s.outputShape)
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let ws = try ConvSupport.floatValues(call, w, what: "W")
        var bias: [Double]? = nil
        if call.has(2) { bias = try ConvSupport.channelVector(call, 2, count: m, what: "B") }
        let taps = try s.taps(call)
        let inCount = s.inCount, outCount = s.outCount, kCount = s.kCount
        let cPerGroup = c / group
        var out = [Double](repeating: 0, count: n * m * outCount)
        for b in 0..<n {
            for ch in 0..<c {
                let g = ch / cPerGroup
                let xBase = (b * c + ch) * inCount
                for mi in 0..<mPerGroup {
                    let oc = g * mPerGroup + mi
                    let outBase = (b * m + oc) * outCount
                    let wBase = (ch * mPerGroup + mi) * kCount
                    for i in 0..<inCount {
                        let v = xs[xBase + i]
                        let tBase = i * kCount
                        for k in 0..<kCount {
                            let p = taps[tBase + k]
                            if p >= 0 { out[outBase + p] += v * ws[wBase + k] }
                        }
                    }
                }
            }
        }
        if let bias {
            for b in 0..<n { for oc in 0..<m { for p in 0..<outCount { out[(b * m + oc) * outCount + p] += bias[oc] } } }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: outputShape))]
    }
}

/// The geometry of ConvTranspose, shared by the reference and fast kernels.
enum ConvTransposeMath {
    struct Setup {
        var n: Int
        var c: Int
        var m: Int
        var group: Int
        var mPerGroup: Int
        var spatial: [Int]
        var kernel: [Int]
        var strides: [Int]
        var dilations: [Int]
        var padsBegin: [Int]
        var output: [Int]
        var outputShape: [Int]

        var inCount: Int { spatial.reduce(1, *) }
        var outCount: Int { output.reduce(1, *) }
        var kCount: Int { kernel.reduce(1, *) }

        /// For each input position and kernel tap: the output offset it scatters to, or -1.
        func taps(_ call: KernelCall) throws(InterpreterError) -> [Int] {
            try ConvSupport.taps(
                call, outer: spatial, bounds: output, kernel: kernel, strides: strides, dilations: dilations,
                padsBegin: padsBegin)
        }
    }

    static func setup(_ call: KernelCall, x: NDArray, w: NDArray) throws(InterpreterError) -> Setup {
        guard w.dtype == x.dtype else { throw call.error(.invalidInput, "X is \(x.dtype) but W is \(w.dtype)") }
        let (n, c, spatial) = try ConvSupport.splitShape(call, x)
        let r = spatial.count
        guard w.rank == x.rank, w.shape[0] == c else {
            throw call.error(.invalidInput, "W has shape \(w.shape); expected [C = \(c), M/group, kernel...]")
        }
        let group = try call.int("group", default: 1)
        guard group >= 1, c % group == 0 else {
            throw call.error(.invalidAttribute, "group \(group) does not divide C = \(c)")
        }
        let mPerGroup = w.shape[1]
        let (m, mOverflow) = mPerGroup.multipliedReportingOverflow(by: group)
        guard !mOverflow else { throw call.error(.invalidInput, "output channel count overflows") }
        let kernel = try ConvSupport.kernelShape(call, rank: r, fromWeights: Array(w.shape.dropFirst(2)))
        let bound = ConvSupport.attributeBound
        let strides = try ConvSupport.ints(call, "strides", count: r, range: 1...bound, fallback: 1)
        let dilations = try ConvSupport.ints(call, "dilations", count: r, range: 1...bound, fallback: 1)
        let outputPadding = try ConvSupport.ints(call, "output_padding", count: r, range: 0...bound, fallback: 0)
        let autoPad = try call.string("auto_pad", default: "NOTSET")
        guard ["NOTSET", "", "SAME_UPPER", "SAME_LOWER", "VALID"].contains(autoPad) else {
            throw call.error(.invalidAttribute, "auto_pad '\(autoPad)' is not supported")
        }
        // The full (unpadded) extent of the scatter along each axis.
        var full = [Int](repeating: 0, count: r)
        for i in 0..<r {
            let effective = (kernel[i] - 1) * dilations[i] + 1
            full[i] = max(spatial[i] - 1, 0) * strides[i] + outputPadding[i] + effective
        }
        var padsBegin = [Int](repeating: 0, count: r)
        var output = [Int](repeating: 0, count: r)
        var givenShape = try call.ints("output_shape")
        if let shape = givenShape, shape.count == r + 2 { givenShape = Array(shape.dropFirst(2)) }
        if let shape = givenShape {
            guard shape.count == r else {
                throw call.error(.invalidAttribute, "output_shape has \(shape.count) entries for \(r) spatial axes")
            }
            for v in shape where v < 0 || v > bound {
                throw call.error(.invalidAttribute, "output_shape value \(v) is out of range")
            }
        }
        let explicitPads = autoPad == "NOTSET" || autoPad.isEmpty || autoPad == "VALID"
        let hasPads = call.attribute("pads") != nil
        if let shape = givenShape, explicitPads, hasPads {
            // Explicit pads place the scatter; output_shape only sizes the output.
            let pads = try ConvSupport.ints(call, "pads", count: 2 * r, range: 0...bound, fallback: 0)
            for i in 0..<r {
                output[i] = shape[i]
                padsBegin[i] = pads[i]
            }
        } else if let shape = givenShape {
            for i in 0..<r {
                output[i] = shape[i]
                let total = full[i] - shape[i]
                // SAME_UPPER puts the larger half at the end; otherwise at the beginning.
                padsBegin[i] = autoPad == "SAME_UPPER" ? ConvSupport.floorDiv(total, 2) : total - ConvSupport.floorDiv(total, 2)
            }
        } else if explicitPads {
            let pads = autoPad == "VALID" ? [Int](repeating: 0, count: 2 * r)
                : try ConvSupport.ints(call, "pads", count: 2 * r, range: 0...bound, fallback: 0)
            for i in 0..<r {
                padsBegin[i] = pads[i]
                output[i] = full[i] - pads[i] - pads[r + i]
                guard output[i] >= 0 else {
                    throw call.error(.invalidAttribute, "pads \(pads) leave a negative output size on axis \(i)")
                }
            }
        } else {
            for i in 0..<r {
                output[i] = spatial[i] * strides[i]
                let total = max(full[i] - output[i], 0)
                padsBegin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
            }
        }
        let outputShape = [n, m] + output
        try call.checkedCount(outputShape)
        try ConvSupport.bounded(call, output)
        return Setup(
            n: n, c: c, m: m, group: group, mPerGroup: mPerGroup, spatial: spatial, kernel: kernel, strides: strides,
            dilations: dilations, padsBegin: padsBegin, output: output, outputShape: outputShape)
    }
}
