extension Kernels {
    /// Conv: N-D grouped convolution with strides, dilations, pads or auto_pad; optional bias.
    /// Accumulates in Double.
    static let conv: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), w = try call.tensor(1)
        let setup = try ConvMath.setup(call, x: x, w: w)
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let ws = try ConvSupport.floatValues(call, w, what: "W")
        guard w.dtype == x.dtype else { throw call.error(.invalidInput, "X is \(x.dtype) but W is \(w.dtype)") }
        var bias: [Double]? = nil
        if call.has(2) { bias = try ConvSupport.channelVector(call, 2, count: setup.m, what: "B") }
        let out = try ConvMath.convolve(call, x: xs, w: ws, setup: setup, bias: bias)
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: setup.outputShape))]
    }
}

/// The arithmetic shared by Conv, ConvInteger and QLinearConv.
enum ConvMath {
    struct Setup {
        var n: Int
        var c: Int
        var m: Int
        var group: Int
        var geometry: ConvSupport.Geometry
        var outputShape: [Int]
    }

    /// Checks X [N, C, spatial...] against W [M, C/group, kernel...] and the attributes.
    static func setup(_ call: KernelCall, x: NDArray, w: NDArray) throws(InterpreterError) -> Setup {
        try setup(call, xShape: x.shape, wShape: w.shape)
    }

    /// `setup` from the operands' shapes alone.
    static func setup(_ call: KernelCall, xShape: [Int], wShape: [Int]) throws(InterpreterError) -> Setup {
        let (n, c, spatial) = try ConvSupport.splitShape(call, shape: xShape)
        guard wShape.count == xShape.count else {
            throw call.error(.invalidInput, "W has shape \(wShape) but X has rank \(xShape.count)")
        }
        let group = try call.int("group", default: 1)
        guard group >= 1, c % group == 0, wShape[0] % group == 0 else {
            throw call.error(.invalidAttribute, "group \(group) does not divide C = \(c) and M = \(wShape[0])")
        }
        guard wShape[1] == c / group else {
            throw call.error(.invalidInput, "W has \(wShape[1]) input channels; expected C/group = \(c / group)")
        }
        let kernel = try ConvSupport.kernelShape(call, rank: spatial.count, fromWeights: Array(wShape.dropFirst(2)))
        let g = try ConvSupport.geometry(call, input: spatial, kernel: kernel)
        let outputShape = [n, wShape[0]] + g.output
        try call.checkedCount(outputShape)
        return Setup(n: n, c: c, m: wShape[0], group: group, geometry: g, outputShape: outputShape)
    }

    /// The convolution of `x` by `w` (both row-major, shapes as in `setup`), plus `bias` per output channel.
    static func convolve(
        _ call: KernelCall, x: [Double], w: [Double], setup s: Setup, bias: [Double]?
    ) throws(InterpreterError) -> [Double] {
        let g = s.geometry
        if g.rank == 2, !x.isEmpty, !w.isEmpty { return convolve2D(x: x, w: w, setup: s, bias: bias) }
        let taps = try ConvSupport.taps(call, g)
        let outCount = g.outputCount, kCount = g.kernelCount, inCount = g.inputCount
        let cPerGroup = s.c / s.group, mPerGroup = s.m / s.group
        var out = [Double](repeating: 0, count: s.n * s.m * outCount)
        for n in 0..<s.n {
            for m in 0..<s.m {
                let group = m / mPerGroup
                let outBase = (n * s.m + m) * outCount
                let b = bias?[m] ?? 0
                for o in 0..<outCount { out[outBase + o] = b }
                for ci in 0..<cPerGroup {
                    let xBase = (n * s.c + group * cPerGroup + ci) * inCount
                    let wBase = (m * cPerGroup + ci) * kCount
                    for o in 0..<outCount {
                        var sum = 0.0
                        let tBase = o * kCount
                        for k in 0..<kCount {
                            let p = taps[tBase + k]
                            if p >= 0 { sum += x[xBase + p] * w[wBase + k] }
                        }
                        out[outBase + o] += sum
                    }
                }
            }
        }
        return out
    }

    /// Two spatial axes: the input gathered into columns (a block of output positions at a
    /// time, so memory stays bounded), then a Double matrix product per (image, group) that
    /// starts from the bias and sums the taps in (channel, row, column) order.
    static func convolve2D(x: [Double], w: [Double], setup s: Setup, bias: [Double]?, columnsOnly: Bool = false) -> [Double] {
        let g = s.geometry
        let ih = g.input[0], iw = g.input[1], oh = g.output[0], ow = g.output[1]
        let kh = g.kernel[0], kw = g.kernel[1], sh = g.strides[0], sw = g.strides[1]
        let dh = g.dilations[0], dw = g.dilations[1], ph = g.padsBegin[0], pw = g.padsBegin[1]
        let cPerGroup = s.c / s.group, mPerGroup = s.m / s.group
        let outCount = oh * ow, inCount = ih * iw, rows = cPerGroup * kh * kw
        var out = [Double](repeating: 0, count: s.n * s.m * outCount)
        guard outCount > 0, rows > 0 else { return out }
        if cPerGroup == 1 && mPerGroup == 1 && !columnsOnly { return depthwise2D(x: x, w: w, setup: s, bias: bias) }
        // At most 2^20 Doubles (8 MiB) of columns at a time.
        let block = max(1, min(outCount, (1 << 20) / rows))
        var columns = [Double](repeating: 0, count: rows * block)
        x.withUnsafeBufferPointer { px in
            w.withUnsafeBufferPointer { pwt in
                out.withUnsafeMutableBufferPointer { po in
                    columns.withUnsafeMutableBufferPointer { pcol in
                        guard let xBase = px.baseAddress, let wBase = pwt.baseAddress, let outBase = po.baseAddress,
                            let colBase = pcol.baseAddress
                        else { return }
                        let cols = ParallelLoops.Pointer(base: colBase)
                        for n in 0..<s.n {
                            for group in 0..<s.group {
                                let image = xBase + (n * s.c + group * cPerGroup) * inCount
                                let target = outBase + (n * s.m + group * mPerGroup) * outCount
                                for m in 0..<mPerGroup {
                                    let b = bias?[group * mPerGroup + m] ?? 0
                                    for o in 0..<outCount { target[m * outCount + o] = b }
                                }
                                var start = 0
                                while start < outCount {
                                    let width = min(block, outCount - start)
                                    ParallelLoops.forEach(rows, cost: width) { row in
                                        let ci = row / (kh * kw), i = (row / kw) % kh, j = row % kw
                                        let channel = image + ci * inCount
                                        let dst = cols.base + row * width
                                        // Segment by segment of one output row each.
                                        var q = 0
                                        while q < width {
                                            let r = (start + q) / ow, c0 = (start + q) % ow
                                            let length = min(ow - c0, width - q)
                                            let y = r * sh + i * dh - ph
                                            let segment = dst + q
                                            if y < 0 || y >= ih {
                                                segment.update(repeating: 0, count: length)
                                            } else {
                                                let line = channel + y * iw
                                                for t in 0..<length {
                                                    let x = (c0 + t) * sw + j * dw - pw
                                                    segment[t] = x >= 0 && x < iw ? line[x] : 0
                                                }
                                            }
                                            q += length
                                        }
                                    }
                                    ReferenceGEMM.multiplyAdd(
                                        m: mPerGroup, n: width, k: rows, a: wBase + group * mPerGroup * rows, lda: rows,
                                        b: colBase, ldb: width, c: target + start, ldc: outCount)
                                    start += width
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `convolve2D` when every group has one input and one output channel (depthwise). Each
    /// output is computed as the column-matrix product computes it, bit for bit: the bias, then
    /// each tap's product added in (row, column) order, a tap in the padding adding w · 0. Only
    /// the loops differ: a row of outputs takes one tap at a time, so the sums run side by side.
    static func depthwise2D(x: [Double], w: [Double], setup s: Setup, bias: [Double]?) -> [Double] {
        let g = s.geometry
        let ih = g.input[0], iw = g.input[1], oh = g.output[0], ow = g.output[1]
        let kh = g.kernel[0], kw = g.kernel[1], sh = g.strides[0], sw = g.strides[1]
        let dh = g.dilations[0], dw = g.dilations[1], ph = g.padsBegin[0], pw = g.padsBegin[1]
        let outCount = oh * ow, inCount = ih * iw, taps = kh * kw
        var out = [Double](repeating: 0, count: s.n * s.m * outCount)
        // Per kernel column: the output columns whose input column is inside the image, [lo, hi).
        let spans = g.columnSpans
        x.withUnsafeBufferPointer { px in
            w.withUnsafeBufferPointer { pwt in
                out.withUnsafeMutableBufferPointer { po in
                    guard let xBase = px.baseAddress, let wBase = pwt.baseAddress, let outBase = po.baseAddress else { return }
                    let target = ParallelLoops.Pointer(base: outBase)
                    // Plane p is image p / M, channel p mod M, in X and in Y alike (C = M).
                    ParallelLoops.forEach(s.n * s.m, cost: outCount * taps) { plane in
                        let channel = plane % s.m
                        let image = xBase + plane * inCount, weights = wBase + channel * taps
                        let b = bias?[channel] ?? 0
                        for r in 0..<oh {
                            let sums = target.base + plane * outCount + r * ow
                            for c in 0..<ow { sums[c] = b }
                            for i in 0..<kh {
                                let y = r * sh + i * dh - ph
                                for j in 0..<kw {
                                    let weight = weights[i * kw + j]
                                    let (lo, hi) = y >= 0 && y < ih ? spans[j] : (ow, ow)
                                    let zero = weight * 0
                                    for c in 0..<min(lo, ow) { sums[c] += zero }
                                    if lo < hi {
                                        let line = image + y * iw, offset = j * dw - pw
                                        if sw == 1 {
                                            for c in lo..<hi { sums[c] += weight * line[c + offset] }
                                        } else {
                                            for c in lo..<hi { sums[c] += weight * line[c * sw + offset] }
                                        }
                                    }
                                    for c in max(hi, lo)..<ow { sums[c] += zero }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
