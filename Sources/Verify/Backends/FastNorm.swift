// Fast float32 Softmax, LayerNormalization, BatchNormalization (inference) and the max and
// average pools: rows or planes in parallel, statistics accumulated in Double.

import CFastKernels
import Foundation

extension FastKernels {
    /// Softmax (opset 13+, one axis).
    static let softmax: Kernel = FastSupport.override("Softmax") { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard call.opset >= 13, x.dtype == .float32, x.rank >= 1, let xs = x.floats else { return nil }
        try ConvSupport.bounded(call, x.shape)
        let axis = try call.axis(try call.int("axis", default: -1), rank: x.rank)
        let (outer, size, inner) = NormMath.split(x.shape, axis: axis)
        guard size > 0 else { return nil }
        let out = xs.withUnsafeBufferPointer { xp in
            FastSupport.floats(count: xs.count) { base in
                let shared = FastSupport.SharedPointer(base: base)
                FastNorm.parallelRows(outer * inner, cost: size) { row in
                    let o = row / inner, i = row % inner
                    let start = o * size * inner + i
                    let x = xp.baseAddress! + start, y = shared.base + start
                    var peak = -Float.infinity
                    var sum = 0.0
                    if inner == 1 {
                        // Four running maxima (NaN is passed over, as by the single running max).
                        var p0 = -Float.infinity, p1 = p0, p2 = p0, p3 = p0
                        var k = 0
                        while k + 4 <= size {
                            p0 = max(p0, x[k])
                            p1 = max(p1, x[k + 1])
                            p2 = max(p2, x[k + 2])
                            p3 = max(p3, x[k + 3])
                            k += 4
                        }
                        while k < size {
                            p0 = max(p0, x[k])
                            k += 1
                        }
                        peak = max(max(p0, p1), max(p2, p3))
                        for k in 0..<size { y[k] = FastMath.exp(x[k] - peak) }
                        sum = FastNorm.sum(UnsafePointer(y), size)
                    } else {
                        for k in 0..<size { peak = max(peak, x[k * inner]) }
                        for k in 0..<size {
                            let e = FastMath.exp(x[k * inner] - peak)
                            y[k * inner] = e
                            sum += Double(e)
                        }
                    }
                    let scale = 1 / sum
                    for k in 0..<size { y[k * inner] = Float(Double(y[k * inner]) * scale) }
                }
            }
        }
        return [.tensor(NDArray(out, shape: x.shape))]
    }

    /// LayerNormalization with Scale (and B) of exactly the normalised shape.
    static let layerNormalization: Kernel = FastSupport.override("LayerNormalization") { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype == .float32, x.rank >= 1, let xs = x.floats else { return nil }
        try ConvSupport.bounded(call, x.shape)
        guard let setup = try FastNorm.layerNormSetup(call, x) else { return nil }
        let scale = setup.scale, bias = setup.bias, epsilon = setup.epsilon
        let innerCount = setup.inner, outer = setup.outer
        var means = [Float](repeating: 0, count: outer), invStd = means
        let out = FastSupport.floats(count: xs.count) { base in
            let shared = FastSupport.SharedPointer(base: base)
            means.withUnsafeMutableBufferPointer { pm in
                invStd.withUnsafeMutableBufferPointer { pi in
                    guard let meanBase = pm.baseAddress, let invBase = pi.baseAddress else { return }
                    let sm = FastSupport.SharedPointer(base: meanBase), si = FastSupport.SharedPointer(base: invBase)
                    let shift = bias ?? [Float](repeating: 0, count: innerCount)
                    xs.withUnsafeBufferPointer { xp in
                        scale.withUnsafeBufferPointer { gp in
                            shift.withUnsafeBufferPointer { bp in
                                FastNorm.parallelRows(outer, cost: innerCount) { row in
                                    let start = row * innerCount
                                    let x = xp.baseAddress! + start, y = shared.base + start
                                    let mean = FastNorm.sum(x, innerCount) / Double(innerCount)
                                    let sq = FastNorm.squaredDeviations(x, innerCount, from: mean)
                                    let k = 1 / (sq / Double(innerCount) + epsilon).squareRoot()
                                    sm.base[row] = Float(mean)
                                    si.base[row] = Float(k)
                                    for i in 0..<innerCount {
                                        y[i] = Float((Double(x[i]) - mean) * k * Double(gp[i]) + Double(bp[i]))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return [.tensor(NDArray(out, shape: x.shape)), .tensor(NDArray(means, shape: setup.statShape)),
                .tensor(NDArray(invStd, shape: setup.statShape))]
    }

    /// BatchNormalization in inference mode.
    static let batchNormalization: Kernel = FastSupport.override("BatchNormalization") { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let trainingMode = try call.int("training_mode", default: 0)
        guard x.dtype == .float32, x.rank >= 2, let xs = x.floats, call.opset < 14 || trainingMode == 0,
            call.node.outputs.filter({ !$0.isEmpty }).count == 1
        else { return nil }
        try ConvSupport.bounded(call, x.shape)
        let c = x.shape[1], spatial = x.shape.dropFirst(2).reduce(1, *)
        guard let (k, shift) = try FastNorm.inferenceScaleShift(call, channels: c) else { return nil }
        let out = FastElementwise.fill(xs.count) { i in
            let ch = spatial == 0 ? 0 : (i / spatial) % c
            return Float(Double(xs[i]) * k[ch] + shift[ch])
        }
        return [.tensor(NDArray(out, shape: x.shape))]
    }

    /// MaxPool without the Indices output.
    static let maxPool: Kernel = FastSupport.override("MaxPool") { call throws(InterpreterError) in
        try FastNorm.pool(call, average: false)
    }

    /// AveragePool.
    static let averagePool: Kernel = FastSupport.override("AveragePool") { call throws(InterpreterError) in
        try FastNorm.pool(call, average: true)
    }
}

extension FastKernels {
    /// GlobalAveragePool: plane means accumulated in Double.
    static let globalAveragePool: Kernel = FastSupport.override("GlobalAveragePool") { call throws(InterpreterError) in
        try FastNorm.global(call) { plane, count in
            var sum = 0.0
            for i in 0..<count { sum += Double(plane[i]) }
            return Float(sum / Double(count))
        }
    }

    /// GlobalMaxPool: plane maxima (NaN wins, as in the reference).
    static let globalMaxPool: Kernel = FastSupport.override("GlobalMaxPool") { call throws(InterpreterError) in
        try FastNorm.global(call) { plane, count in
            var best = plane[0]
            for i in 1..<max(count, 1) where plane[i] > best || (plane[i].isNaN && !best.isNaN) { best = plane[i] }
            return best
        }
    }
}

enum FastNorm {
    /// An inference BatchNormalization's parameters (inputs 1–4: scale, B, mean, var, float32 [C])
    /// folded into y = x · k + shift per channel, in Double; nil when they are not of that form.
    static func inferenceScaleShift(_ call: KernelCall, channels c: Int) throws(InterpreterError) -> (k: [Double], shift: [Double])? {
        var vectors: [[Float]] = []
        for i in 1...4 {
            let t = try call.tensor(i)
            guard t.dtype == .float32, t.count == c, t.rank == 1, let v = t.floats else { return nil }
            vectors.append(v)
        }
        let epsilon = Double(try call.float("epsilon", default: 1e-5))
        let k = (0..<c).map { Double(vectors[0][$0]) / (Double(vectors[3][$0]) + epsilon).squareRoot() }
        let shift = (0..<c).map { Double(vectors[1][$0]) - Double(vectors[2][$0]) * k[$0] }
        return (k, shift)
    }

    /// The sum in Double, over four interleaved partial sums (independent chains the CPU can
    /// overlap; a single running sum waits for each addition before the next).
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += Double(x[i])
            s1 += Double(x[i + 1])
            s2 += Double(x[i + 2])
            s3 += Double(x[i + 3])
            i += 4
        }
        while i < count {
            s0 += Double(x[i])
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Σ (x - mean)², as `sum` does it.
    @inline(__always)
    static func squaredDeviations(_ x: UnsafePointer<Float>, _ count: Int, from mean: Double) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            let d0 = Double(x[i]) - mean, d1 = Double(x[i + 1]) - mean
            let d2 = Double(x[i + 2]) - mean, d3 = Double(x[i + 3]) - mean
            s0 += d0 * d0
            s1 += d1 * d1
            s2 += d2 * d2
            s3 += d3 * d3
            i += 4
        }
        while i < count {
            let d = Double(x[i]) - mean
            s0 += d * d
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// One value per (n, c) plane of a float32 [N, C, spatial...] input.
    static func global(
        _ call: KernelCall, _ reduce: @escaping (UnsafePointer<Float>, Int) -> Float
    ) throws(InterpreterError) -> [RuntimeValue]? {
        let x = try call.tensor(0)
        guard x.dtype == .float32, let xs = x.floats else { return nil }
        let (n, c, spatial) = try ConvSupport.splitShape(call, x)
        let size = spatial.reduce(1, *)
        guard size > 0 else { return nil }
        let planes = n * c
        let out = xs.withUnsafeBufferPointer { px in
            FastSupport.floats(count: planes) { base in
                guard let start = px.baseAddress else { return }
                let shared = FastSupport.SharedPointer(base: base)
                parallelRows(planes, cost: size) { plane in shared.base[plane] = reduce(start + plane * size, size) }
            }
        }
        return [.tensor(NDArray(out, shape: [n, c] + [Int](repeating: 1, count: spatial.count)))]
    }

    /// Runs `body(row)` for each of `rows` rows, in parallel when rows × cost is large.
    static func parallelRows(_ rows: Int, cost: Int, _ body: (Int) -> Void) {
        let perChunk = max(1, FastSupport.chunk / max(cost, 1))
        let chunks = (rows + perChunk - 1) / perChunk
        FastSupport.parallelChunks(chunks * FastSupport.chunk) { range in
            let chunk = range.lowerBound / FastSupport.chunk
            for row in (chunk * perChunk)..<min(rows, (chunk + 1) * perChunk) { body(row) }
        }
    }

    static func pool(_ call: KernelCall, average: Bool) throws(InterpreterError) -> [RuntimeValue]? {
        let x = try call.tensor(0)
        guard x.dtype == .float32, let xs = x.floats, call.node.outputs.filter({ !$0.isEmpty }).count == 1 else {
            return nil
        }
        if !average {
            guard (try call.int("storage_order", default: 0)) == 0 else { return nil }
        }
        let pool = try PoolMath.setup(call, x, withTaps: false)
        let g = pool.geometry
        let inCount = g.inputCount, outCount = g.outputCount, kCount = g.kernelCount
        let countIncludePad = try call.int("count_include_pad", default: 0)
        let includePad = average && countIncludePad != 0
        let padded = includePad ? ConvSupport.paddedTapCounts(g) : []
        let planes = pool.n * pool.c
        if g.rank == 2, g.dilations == [1, 1], !xs.isEmpty {
            return [.tensor(NDArray(pool2D(xs, planes: planes, g, average: average, padded: padded), shape: pool.outputShape))]
        }
        let taps = try ConvSupport.taps(call, g)
        let out = FastSupport.floats(count: planes * outCount) { base in
            let shared = FastSupport.SharedPointer(base: base)
            xs.withUnsafeBufferPointer { xp in
                taps.withUnsafeBufferPointer { tp in
                    parallelRows(planes, cost: outCount * kCount) { plane in
                        let xBase = plane * inCount
                        for o in 0..<outCount {
                            var sum = 0.0, count = 0
                            var best = -Float.infinity, any = false
                            for k in 0..<kCount {
                                let p = tp[o * kCount + k]
                                guard p >= 0 else { continue }
                                let v = xp[xBase + p]
                                if average {
                                    sum += Double(v)
                                    count += 1
                                } else if !any || v > best || (v.isNaN && !best.isNaN) {
                                    best = v
                                    any = true
                                }
                            }
                            if average {
                                let divisor = includePad ? padded[o] : count
                                shared.base[plane * outCount + o] = divisor == 0 ? .nan : Float(sum / Double(divisor))
                            } else {
                                shared.base[plane * outCount + o] = best
                            }
                        }
                    }
                }
            }
        }
        return [.tensor(NDArray(out, shape: pool.outputShape))]
    }

    /// Max or average pooling over 2-D planes without dilation: each window clipped to the
    /// input, read row by row. `padded` holds the count_include_pad divisors when they apply.
    static func pool2D(_ xs: [Float], planes: Int, _ g: ConvSupport.Geometry, average: Bool, padded: [Int]) -> [Float] {
        let ih = g.input[0], iw = g.input[1], oh = g.output[0], ow = g.output[1]
        let kh = g.kernel[0], kw = g.kernel[1], sh = g.strides[0], sw = g.strides[1]
        let ph = g.padsBegin[0], pw = g.padsBegin[1]
        let inCount = ih * iw, outCount = oh * ow
        if !average { return maxPool2D(xs, planes: planes, g) }
        return xs.withUnsafeBufferPointer { xp in
            FastSupport.floats(count: planes * outCount) { base in
                let shared = FastSupport.SharedPointer(base: base)
                parallelRows(planes, cost: outCount * kh * kw) { plane in
                    let x = xp.baseAddress! + plane * inCount
                    let y = shared.base + plane * outCount
                    for r in 0..<oh {
                        let h0 = max(0, r * sh - ph), h1 = min(ih, r * sh - ph + kh)
                        for c in 0..<ow {
                            let w0 = max(0, c * sw - pw), w1 = min(iw, c * sw - pw + kw)
                            let o = r * ow + c
                            if average {
                                var sum = 0.0
                                for h in h0..<max(h0, h1) { for w in w0..<max(w0, w1) { sum += Double(x[h * iw + w]) } }
                                let divisor = padded.isEmpty ? max(0, h1 - h0) * max(0, w1 - w0) : padded[o]
                                y[o] = divisor == 0 ? .nan : Float(sum / Double(divisor))
                            } else if h1 <= h0 || w1 <= w0 {
                                y[o] = -.infinity
                            } else {
                                var best = x[h0 * iw + w0]
                                for h in h0..<h1 {
                                    for w in w0..<w1 {
                                        let v = x[h * iw + w]
                                        if v > best || v.isNaN { best = v }
                                    }
                                }
                                y[o] = best
                            }
                        }
                    }
                }
            }
        }
    }

    /// LayerNormalization's operands where the fast kernels take them: float32 Scale (and B) of
    /// exactly the normalised shape, stash_type 1 and a non-empty normalised extent; nil otherwise.
    struct LayerNormSetup {
        var scale: [Float]
        var bias: [Float]?
        var epsilon: Double
        /// Rows normalised, and the elements in each.
        var outer: Int
        var inner: Int
        /// The shape of the Mean and InvStdDev outputs.
        var statShape: [Int]
    }

    static func layerNormSetup(_ call: KernelCall, _ x: NDArray) throws(InterpreterError) -> LayerNormSetup? {
        try layerNormSetup(call, shape: x.shape)
    }

    /// `layerNormSetup` for an X of `shape`.
    static func layerNormSetup(_ call: KernelCall, shape: [Int]) throws(InterpreterError) -> LayerNormSetup? {
        guard shape.count >= 1 else { return nil }
        let axis = try call.axis(try call.int("axis", default: -1), rank: shape.count)
        let inner = Array(shape[axis...])
        let scaleT = try call.tensor(1), biasT = try call.optionalTensor(2)
        guard scaleT.dtype == .float32, scaleT.shape == inner, let scale = scaleT.floats,
            biasT == nil || (biasT?.dtype == .float32 && biasT?.shape == inner),
            try call.int("stash_type", default: 1) == 1
        else { return nil }
        let epsilon = Double(try call.float("epsilon", default: 1e-5))
        let innerCount = inner.reduce(1, *)
        guard innerCount > 0 else { return nil }
        return LayerNormSetup(
            scale: scale, bias: biasT?.floats, epsilon: epsilon, outer: shape[..<axis].reduce(1, *), inner: innerCount,
            statShape: Array(shape[..<axis]) + [Int](repeating: 1, count: shape.count - axis))
    }

    /// Max pooling over 2-D planes, separably: the maximum of each window's columns for every
    /// input row, then of those over each window's rows. NaN wins, as in the reference; an
    /// empty window (all padding) gives -inf.
    static func maxPool2D(_ xs: [Float], planes: Int, _ g: ConvSupport.Geometry, vector: Bool = FastSupport.avx512) -> [Float] {
        let ih = g.input[0], iw = g.input[1], oh = g.output[0], ow = g.output[1]
        let kh = g.kernel[0], kw = g.kernel[1], sh = g.strides[0], sw = g.strides[1]
        let ph = g.padsBegin[0], pw = g.padsBegin[1]
        let inCount = ih * iw, outCount = oh * ow
        if vector && iw > 0 && !xs.isEmpty {
            // The AVX-512 loop (CFastKernels), the output rows of every plane cut into a block per
            // thread, as the direct Conv cuts its output: each core pools what it convolved.
            let geometry = mshub_pool_geometry(
                in_h: Int64(ih), in_w: Int64(iw), out_h: Int64(oh), out_w: Int64(ow), kernel_h: Int64(kh), kernel_w: Int64(kw),
                stride_h: Int64(sh), stride_w: Int64(sw), pad_top: Int64(ph), pad_left: Int64(pw))
            let parts = max(1, min(oh, 4 * WorkerPool.shared.participants))
            let lines = UnsafeMutablePointer<Float>.allocate(capacity: parts * iw)
            defer { lines.deallocate() }
            let scratch = FastSupport.SharedPointer(base: lines)
            return xs.withUnsafeBufferPointer { xp in
                withUnsafePointer(to: geometry) { pg in
                    FastSupport.floats(count: planes * outCount) { base in
                        let shared = FastSupport.SharedPointer(base: base)
                        WorkerPool.shared.run(parts, blocked: true) { part in
                            let r0 = part * oh / parts, r1 = (part + 1) * oh / parts
                            guard r0 < r1 else { return }
                            mshub_max_pool_2d_f32(
                                xp.baseAddress!, shared.base, 0, Int64(planes), Int64(r0), Int64(r1), pg, scratch.base + part * iw)
                        }
                    }
                }
            }
        }
        let columns = (0..<ow).map { c in (max(0, c * sw - pw), min(iw, c * sw - pw + kw)) }
        return xs.withUnsafeBufferPointer { xp in
            columns.withUnsafeBufferPointer { cp in
                FastSupport.floats(count: planes * outCount) { base in
                    let shared = FastSupport.SharedPointer(base: base)
                    parallelRows(planes, cost: (ih + oh) * ow * max(kh, kw)) { plane in
                        let x = xp.baseAddress! + plane * inCount
                        let y = shared.base + plane * outCount
                        let rows = UnsafeMutablePointer<Float>.allocate(capacity: ih * ow)
                        defer { rows.deallocate() }
                        for h in 0..<ih {
                            let line = x + h * iw, out = rows + h * ow
                            for c in 0..<ow {
                                let (w0, w1) = cp[c]
                                guard w1 > w0 else {
                                    out[c] = -.infinity
                                    continue
                                }
                                var best = line[w0]
                                for w in (w0 + 1)..<max(w0 + 1, w1) {
                                    let v = line[w]
                                    best = v > best || v != v ? v : best
                                }
                                out[c] = best
                            }
                        }
                        for r in 0..<oh {
                            let h0 = max(0, r * sh - ph), h1 = min(ih, r * sh - ph + kh)
                            let out = y + r * ow
                            guard h1 > h0 else {
                                out.update(repeating: -.infinity, count: ow)
                                continue
                            }
                            out.update(from: rows + h0 * ow, count: ow)
                            for h in (h0 + 1)..<max(h0 + 1, h1) {
                                let line = rows + h * ow
                                for c in 0..<ow {
                                    let v = line[c], best = out[c]
                                    out[c] = v > best || v != v ? v : best
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
