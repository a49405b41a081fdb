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

    /// Conv followed by an activation, and possibly by the addition of a residual (input 3, of
    /// the output's shape) before it, as fused by `FastFusion` (domain `FastFusion.domain`).
    /// Falls back to Conv, Add and the activation run one after another (`FastFusion.unfused`).
    static let fusedConv: Kernel = { call throws(InterpreterError) in
        let activation = try FastConv.Activation.of(call)
        let residual = try call.optionalTensor(3)
        if let result = try FastConv.run(call, activation: activation, residual: residual) { return result }
        return try FastFusion.unfused(call, activation: activation, registry: .fast)
    }
}

enum FastConv {
    /// What the convolution's last pass applies: nothing, Relu, or Clip to [low, high].
    enum Activation: Equatable, Sendable {
        case none
        case relu
        case clip(Float, Float)

        /// The attributes a fused node carries for its activation.
        static let attributes: Set<String> = ["activation", "clip_min", "clip_max"]

        /// The activation a FusedConv node names; an unknown name is an error.
        static func of(_ call: KernelCall) throws(InterpreterError) -> Activation {
            switch try call.string("activation", default: "") {
            case "": return .none
            case "Relu": return .relu
            case "Clip":
                guard let low = try call.float("clip_min"), let high = try call.float("clip_max") else {
                    throw call.error(.invalidAttribute, "a fused Clip needs clip_min and clip_max")
                }
                return .clip(low, high)
            case let other: throw call.error(.invalidAttribute, "no fused activation '\(other)'")
            }
        }

        /// {low, high} for the C kernels (Relu is {0, +inf}); nil for none.
        var clamp: [Float]? {
            switch self {
            case .none: return nil
            case .relu: return [0, .infinity]
            case .clip(let low, let high): return [low, high]
            }
        }

        /// The reference kernels' arithmetic: Relu keeps NaN and maps the rest to max(v, 0); Clip
        /// keeps NaN and computes min(max(v, low), high).
        @inline(__always) func apply(_ v: Float) -> Float {
            switch self {
            case .none: return v
            case .relu: return v > 0 ? v : (v.isNaN ? v : 0)
            case .clip(let low, let high): return v.isNaN ? v : Swift.min(Swift.max(v, low), high)
            }
        }
    }

    /// The float32 convolution of `call` (Conv's inputs), plus `residual` (which must then have
    /// the output's shape), then `activation`; nil where another path must run it.
    static func run(_ call: KernelCall, activation: Activation, residual: NDArray? = nil) throws(InterpreterError) -> [RuntimeValue]? {
        let x = try call.tensor(0), w = try call.tensor(1)
        guard x.dtype == .float32, w.dtype == .float32, let xv = x.floats, let wv = w.floats else { return nil }
        let setup = try ConvMath.setup(call, x: x, w: w)
        var bias: [Float]? = nil
        if let b = try call.optionalTensor(2) {
            guard b.dtype == .float32, b.count == setup.m, let values = b.floats else { return nil }
            bias = values
        }
        var addend: [Float]? = nil
        if let residual {
            guard residual.dtype == .float32, residual.shape == setup.outputShape, let values = residual.floats else { return nil }
            addend = values
        }
        if !xv.isEmpty, !wv.isEmpty {
            if let out = try FastDepthwiseConv.run(call, x: xv, w: wv, bias: bias, residual: addend, setup: setup, clamp: activation.clamp) {
                return [.tensor(NDArray(out, shape: setup.outputShape))]
            }
            if let out = try FastDirectConv.run(call, x: xv, w: wv, bias: bias, residual: addend, setup: setup, clamp: activation.clamp) {
                return [.tensor(NDArray(out, shape: setup.outputShape))]
            }
        }
        return try im2col(call, x: xv, w: wv, bias: bias, residual: addend, setup: setup, activation: activation)
    }

    /// The im2col path of `run`.
    static func im2col(
        _ call: KernelCall, x xv: [Float], w wv: [Float], bias: [Float]?, residual: [Float]?, setup: ConvMath.Setup,
        activation: Activation
    ) throws(InterpreterError) -> [RuntimeValue]? {
        let g = setup.geometry
        let outCount = g.outputCount, kCount = g.kernelCount, inCount = g.inputCount
        let cPerGroup = setup.c / setup.group, mPerGroup = setup.m / setup.group
        let rows = cPerGroup * kCount
        guard !xv.isEmpty, !wv.isEmpty, outCount > 0, FastSupport.fitsBLAS(mPerGroup, outCount, rows) else { return nil }
        try call.checkedCount([rows, outCount])
        let total = try call.checkedCount([setup.n, setup.m, outCount])
        let direct = g.isPointwise
        // Rank 2 gathers row by row; other ranks use the reference tap table.
        let taps: [Int] = direct || g.rank == 2 ? [] : try ConvSupport.taps(call, g)
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: direct ? 1 : rows * outCount)
        defer { columns.deallocate() }
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
                                    im2col2D(xBase, channels: cPerGroup, g, into: columns)
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
            epilogue(pc, planes: setup.n * setup.m, channels: setup.m, size: outCount, bias: bias, residual: residual, activation: activation)
        }
        return [.tensor(NDArray(out, shape: setup.outputShape))]
    }

    /// Column matrix of a 2-D convolution: row (ci, kh, kw) holds, for every output position,
    /// the input element under that tap, or 0 in the padding.
    static func im2col2D(_ x: UnsafePointer<Float>, channels: Int, _ g: ConvSupport.Geometry, into columns: UnsafeMutablePointer<Float>) {
        let ih = g.input[0], iw = g.input[1], oh = g.output[0], ow = g.output[1]
        let kh = g.kernel[0], kw = g.kernel[1], sh = g.strides[0], sw = g.strides[1]
        let dh = g.dilations[0], dw = g.dilations[1], ph = g.padsBegin[0], pw = g.padsBegin[1]
        let rows = channels * kh * kw, plane = oh * ow
        // For each kernel column: the output columns whose input column is inside the image.
        let spans = g.columnSpans
        let shared = FastSupport.SharedPointer(base: columns)
        FastSupport.parallelChunks(rows, chunk: max(1, FastSupport.chunk / max(plane, 1))) { range in
            for row in range {
                let ci = row / (kh * kw), i = (row / kw) % kh, j = row % kw
                let dst = shared.base + row * plane
                let channel = x + ci * ih * iw
                let (lo, hi) = spans[j]
                let offset = j * dw - pw
                for o in 0..<oh {
                    let line = dst + o * ow
                    let r = o * sh + i * dh - ph
                    guard r >= 0 && r < ih else {
                        line.update(repeating: 0, count: ow)
                        continue
                    }
                    if lo > 0 { line.update(repeating: 0, count: lo) }
                    if hi < ow { (line + hi).update(repeating: 0, count: ow - hi) }
                    guard hi > lo else { continue }
                    let src = channel + r * iw + offset
                    if sw == 1 {
                        (line + lo).update(from: src + lo, count: hi - lo)
                    } else {
                        for c in lo..<hi { line[c] = src[c * sw] }
                    }
                }
            }
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

    /// Adds the per-channel bias and the residual (shaped like the output) and applies the
    /// activation, plane by plane.
    static func epilogue(
        _ out: UnsafeMutablePointer<Float>, planes: Int, channels: Int, size: Int, bias: [Float]?, residual: [Float]?,
        activation: Activation
    ) {
        guard bias != nil || residual != nil || activation != .none else { return }
        let shared = FastSupport.SharedPointer(base: out)
        FastSupport.parallelChunks(planes, chunk: max(1, FastSupport.chunk / max(size, 1))) { range in
            for p in range {
                let plane = shared.base + p * size
                let b = bias?[p % channels] ?? 0
                if let residual {
                    // (conv + bias) + residual, in the direct kernel's order.
                    residual.withUnsafeBufferPointer { r in
                        let addend = r.baseAddress! + p * size
                        for i in 0..<size {
                            plane[i] = activation.apply((plane[i] + b) + addend[i])
                        }
                    }
                    continue
                }
                switch activation {
                case .none:
                    for i in 0..<size { plane[i] += b }
                case .relu, .clip:
                    for i in 0..<size { plane[i] = activation.apply(plane[i] + b) }
                }
            }
        }
    }
}
