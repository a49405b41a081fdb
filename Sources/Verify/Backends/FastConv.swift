// Fast float32 Conv: the input gathered into a column matrix (im2col), then one sgemm per
// (image, group), with the bias and an optional activation applied in one pass over the
// result. Two-dimensional convolutions (the common case) gather whole output rows at a time,
// copying contiguous runs when the stride is 1; other ranks go through the reference geometry's
// tap table. A 1×1 kernel with unit strides and no padding reads X directly.

import Foundation

extension FastKernels {
    static let conv: Kernel = FastSupport.override("Conv") { call throws(InterpreterError) in
        try FastConv.run(call, activation: .none)
    }

    /// Conv followed by an activation, as fused by `FastFusion` (domain `FastFusion.domain`).
    /// Falls back to the reference Conv and then the activation's reference kernel.
    static let fusedConv: Kernel = { call throws(InterpreterError) in
        let activation = FastConv.Activation(rawValue: try call.string("activation", default: "")) ?? .none
        if let result = try FastConv.run(call, activation: activation) { return result }
        let conv = call.rewritten(op: "Conv", dropping: ["activation"])
        let convolved = try FastSupport.reference("Conv", conv)
        guard activation != .none else { return convolved }
        return try FastSupport.reference(activation.rawValue, conv.rewritten(op: activation.rawValue, dropping: Set(conv.node.attributes.map(\.name)), inputs: [convolved[0]]))
    }
}

enum FastConv {
    enum Activation: String {
        case none = ""
        case relu = "Relu"
    }

    static func run(_ call: KernelCall, activation: Activation) throws(InterpreterError) -> [RuntimeValue]? {
        let x = try call.tensor(0), w = try call.tensor(1)
        guard x.dtype == .float32, w.dtype == .float32, let xv = x.floats, let wv = w.floats else { return nil }
        let setup = try ConvMath.setup(call, x: x, w: w)
        var bias: [Float]? = nil
        if let b = try call.optionalTensor(2) {
            guard b.dtype == .float32, b.count == setup.m, let values = b.floats else { return nil }
            bias = values
        }
        let g = setup.geometry
        let outCount = g.outputCount, kCount = g.kernelCount, inCount = g.inputCount
        let cPerGroup = setup.c / setup.group, mPerGroup = setup.m / setup.group
        let rows = cPerGroup * kCount
        guard !xv.isEmpty, !wv.isEmpty, outCount > 0, FastSupport.fitsBLAS(mPerGroup, outCount, rows) else { return nil }
        try call.checkedCount([rows, outCount])
        let total = try call.checkedCount([setup.n, setup.m, outCount])
        let direct = kCount == 1 && g.output == g.input && g.padsBegin.allSatisfy { $0 == 0 } && g.strides.allSatisfy { $0 == 1 }
        // Rank 2 gathers row by row; other ranks use the reference tap table.
        let taps: [Int] = direct || g.rank == 2 ? [] : try ConvSupport.taps(call, g)
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: direct ? 1 : rows * outCount)
        defer { columns.deallocate() }
        // Two spatial axes and more than one block of output columns: blocks in parallel, each
        // gathered, multiplied and finished while it is in cache.
        if g.rank == 2, !direct {
            let width = blockWidth(rows: rows, outCount: outCount)
            if width < outCount {
                let out = FastSupport.floats(count: total) { pc in
                    xv.withUnsafeBufferPointer { px in
                        wv.withUnsafeBufferPointer { pw in
                            guard let xStart = px.baseAddress, let wStart = pw.baseAddress else { return }
                            let sx = FastSupport.UncheckedBox(xStart), sw = FastSupport.UncheckedBox(wStart)
                            let sc = FastSupport.SharedPointer(base: pc)
                            let blocks = (outCount + width - 1) / width
                            for n in 0..<setup.n {
                                for group in 0..<setup.group {
                                    WorkerPool.shared.run(blocks) { b in
                                        let start = b * width, size = min(width, outCount - start)
                                        let columns = UnsafeMutablePointer<Float>.allocate(capacity: rows * size)
                                        defer { columns.deallocate() }
                                        let xBase = sx.value + (n * setup.c + group * cPerGroup) * inCount
                                        im2col2D(xBase, channels: cPerGroup, g, start: start, width: size, into: columns)
                                        let target = sc.base + (n * setup.m + group * mPerGroup) * outCount + start
                                        FastSupport.sgemm(
                                            transA: false, transB: false, m: mPerGroup, n: size, k: rows, alpha: 1,
                                            a: sw.value + group * mPerGroup * rows, lda: rows, b: columns, ldb: size,
                                            beta: 0, c: target, ldc: outCount, split: false)
                                        for m in 0..<mPerGroup {
                                            finish(target + m * outCount, count: size, bias: bias?[group * mPerGroup + m] ?? 0, activation: activation)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                return [.tensor(NDArray(out, shape: setup.outputShape))]
            }
        }
        let out = FastSupport.floats(count: total) { pc in
            xv.withUnsafeBufferPointer { px in
                wv.withUnsafeBufferPointer { pw in
                    // X and W are non-empty (checked above), so their buffers have addresses.
                    guard let xStart = px.baseAddress, let wStart = pw.baseAddress else { return }
                    for n in 0..<setup.n {
                        for group in 0..<setup.group {
                            let xBase = xStart + (n * setup.c + group * cPerGroup) * inCount
                            var source = xBase
                            if !direct {
                                if g.rank == 2 {
                                    im2col2D(xBase, channels: cPerGroup, g, start: 0, width: outCount, into: columns)
                                } else {
                                    gather(xBase, rows: rows, kCount: kCount, inCount: inCount, outCount: outCount, taps: taps, into: columns)
                                }
                                source = UnsafePointer(columns)
                            }
                            FastSupport.sgemm(
                                transA: false, transB: false, m: mPerGroup, n: outCount, k: rows, alpha: 1,
                                a: wStart + group * mPerGroup * rows, lda: rows, b: source, ldb: outCount,
                                beta: 0, c: pc + (n * setup.m + group * mPerGroup) * outCount, ldc: outCount)
                        }
                    }
                }
            }
            epilogue(pc, planes: setup.n * setup.m, channels: setup.m, size: outCount, bias: bias, activation: activation)
        }
        return [.tensor(NDArray(out, shape: setup.outputShape))]
    }

    /// Output columns per block: enough for the product to run well, few enough that a block's
    /// column matrix (rows × width floats) stays in a core's cache; at least one block per core.
    static func blockWidth(rows: Int, outCount: Int) -> Int {
        let cache = 96 * 1024  // floats (384 KiB)
        var width = max(64, cache / max(rows, 1)) / 16 * 16
        let perCore = (outCount + FastSupport.cores - 1) / FastSupport.cores
        if width > perCore { width = max(16, (perCore + 15) / 16 * 16) }
        return width
    }

    /// Bias and activation over one output channel's run of `count` values.
    @inline(__always)
    static func finish(_ values: UnsafeMutablePointer<Float>, count: Int, bias: Float, activation: Activation) {
        switch activation {
        case .none:
            if bias != 0 { for i in 0..<count { values[i] += bias } }
        case .relu:
            for i in 0..<count {
                let v = values[i] + bias
                values[i] = v > 0 || v != v ? v : 0
            }
        }
    }

    /// Columns `start..<start + width` of the column matrix of a 2-D convolution: row (ci, kh, kw)
    /// holds, for each of those output positions, the input element under that tap, or 0 in the
    /// padding. Rows are `width` floats apart.
    static func im2col2D(
        _ x: UnsafePointer<Float>, channels: Int, _ g: ConvSupport.Geometry, start: Int, width: Int,
        into columns: UnsafeMutablePointer<Float>
    ) {
        let ih = g.input[0], iw = g.input[1], ow = g.output[1]
        let kh = g.kernel[0], kw = g.kernel[1], sh = g.strides[0], sw = g.strides[1]
        let dh = g.dilations[0], dw = g.dilations[1], ph = g.padsBegin[0], pw = g.padsBegin[1]
        let rows = channels * kh * kw
        // For each kernel column: the output columns whose input column is inside the image.
        var spans: [(lo: Int, hi: Int)] = []
        for j in 0..<kw {
            let offset = j * dw - pw
            var lo = 0
            while lo < ow && lo * sw + offset < 0 { lo += 1 }
            var hi = ow
            while hi > lo && (hi - 1) * sw + offset >= iw { hi -= 1 }
            spans.append((lo, hi))
        }
        let fill = { (row: Int) in
            let ci = row / (kh * kw), i = (row / kw) % kh, j = row % kw
            let dst = columns + row * width
            let channel = x + ci * ih * iw
            let (lo, hi) = spans[j]
            let offset = j * dw - pw
            var q = 0
            while q < width {
                let r = (start + q) / ow, c0 = (start + q) % ow
                let length = min(ow - c0, width - q)
                let line = dst + q - c0  // indexed by output column
                let y = r * sh + i * dh - ph
                if y < 0 || y >= ih {
                    (line + c0).update(repeating: 0, count: length)
                } else {
                    let a = max(c0, lo), b = min(c0 + length, hi)
                    if a > c0 { (line + c0).update(repeating: 0, count: a - c0) }
                    if b < c0 + length { (line + max(b, c0)).update(repeating: 0, count: c0 + length - max(b, c0)) }
                    if b > a {
                        let src = channel + y * iw + offset
                        if sw == 1 {
                            (line + a).update(from: src + a, count: b - a)
                        } else {
                            for c in a..<b { line[c] = src[c * sw] }
                        }
                    }
                }
                q += length
            }
        }
        // A whole matrix is gathered in parallel; a block (already one of several running in
        // parallel) on its own thread.
        if width * rows >= FastSupport.chunk * 2 && start == 0 {
            let box = FastSupport.UncheckedBox(fill)
            FastSupport.parallelChunks(rows, chunk: max(1, FastSupport.chunk / max(width, 1))) { range in
                for row in range { box.value(row) }
            }
        } else {
            for row in 0..<rows { fill(row) }
        }
    }

    /// Column matrix through a tap table (any rank).
    static func gather(
        _ x: UnsafePointer<Float>, rows: Int, kCount: Int, inCount: Int, outCount: Int, taps: [Int],
        into columns: UnsafeMutablePointer<Float>
    ) {
        let shared = FastSupport.SharedPointer(base: columns)
        taps.withUnsafeBufferPointer { tp in
            FastSupport.parallelChunks(rows, chunk: max(1, FastSupport.chunk / max(outCount, 1))) { range in
                for row in range {
                    let ci = row / kCount, k = row % kCount
                    let dst = shared.base + row * outCount
                    let channel = x + ci * inCount
                    for o in 0..<outCount {
                        let p = tp[o * kCount + k]
                        dst[o] = p >= 0 ? channel[p] : 0
                    }
                }
            }
        }
    }

    /// Adds the per-channel bias and applies the activation, plane by plane.
    static func epilogue(
        _ out: UnsafeMutablePointer<Float>, planes: Int, channels: Int, size: Int, bias: [Float]?, activation: Activation
    ) {
        guard bias != nil || activation != .none else { return }
        let shared = FastSupport.SharedPointer(base: out)
        FastSupport.parallelChunks(planes, chunk: max(1, FastSupport.chunk / max(size, 1))) { range in
            for p in range {
                let plane = shared.base + p * size
                let b = bias?[p % channels] ?? 0
                switch activation {
                case .none:
                    for i in 0..<size { plane[i] += b }
                case .relu:
                    for i in 0..<size {
                        let v = plane[i] + b
                        plane[i] = v > 0 ? v : (v.isNaN ? v : 0)
                    }
                }
            }
        }
    }
}
