// The cuda backend's matrix products through cuBLAS: MatMul (batch axes broadcast, one
// strided-batched call where the batch is regular), Gemm, and Conv as im2col on the device (a
// direct kernel for 2-D convolutions, the reference tap table for other ranks) followed by one
// batched GEMM per image over its groups, then the bias, a fused residual and Relu or Clip in one
// pass.

import GraphIR

extension CUDAKernels {
    static var matrixGroup: [(String, Kernel)] {
        [("MatMul", matMul), ("Gemm", gemm), ("Conv", conv)]
    }

    /// MatMul (numpy semantics: 1-D operands promoted, batch axes broadcast).
    static let matMul: Kernel = CUDASupport.override("MatMul") { call throws(InterpreterError) in
        guard let a0 = CUDASupport.operand(call, 0), let b0 = CUDASupport.operand(call, 1), a0.rank >= 1, b0.rank >= 1 else { return nil }
        let a = a0.rank == 1 ? [1, a0.shape[0]] : a0.shape
        let b = b0.rank == 1 ? [b0.shape[0], 1] : b0.shape
        let m = a[a.count - 2], k = a[a.count - 1], n = b[b.count - 1]
        let aBatchShape = Array(a.dropLast(2)), bBatchShape = Array(b.dropLast(2))
        guard k == b[b.count - 2], m > 0, n > 0, k > 0, let batch = Broadcast.shape([aBatchShape, bBatchShape]) else {
            return nil
        }
        var outShape = batch + [m, n]
        let count = try call.checkedCount(outShape)
        if a0.rank == 1 { outShape.remove(at: outShape.count - 2) }
        if b0.rank == 1 { outShape.removeLast() }
        let aBatch = Broadcast.sourceIndices(from: aBatchShape, to: batch)
        let bBatch = Broadcast.sourceIndices(from: bBatchShape, to: batch)
        /// The stride between consecutive batch entries of an operand when it is regular: every
        /// entry its own (`size`) or one shared by all (0); nil otherwise.
        func regularStride(_ sources: [Int], _ size: Int) -> Int? {
            if sources.enumerated().allSatisfy({ $0.offset == $0.element }) { return size }
            if sources.allSatisfy({ $0 == 0 }) { return 0 }
            return nil
        }
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let pa = try device.address(a0), pb = try device.address(b0)
            let y = try device.output(outShape, count: count)
            let pc = try device.address(y)
            if let strideA = regularStride(aBatch, m * k), let strideB = regularStride(bBatch, k * n) {
                try device.gemm(
                    m: m, n: n, k: k, a: pa, lda: k, strideA: strideA, b: pb, ldb: n, strideB: strideB, c: pc, ldc: n,
                    strideC: m * n, batch: aBatch.count)
            } else {
                for p in 0..<aBatch.count {
                    try device.gemm(
                        m: m, n: n, k: k, a: pa + UInt64(aBatch[p] * m * k * 4), lda: k, b: pb + UInt64(bBatch[p] * k * n * 4),
                        ldb: n, c: pc + UInt64(p * m * n * 4), ldc: n)
                }
            }
            return y
        }
        return [.device(out)]
    }

    /// Gemm (opset 7+): alpha · op(A) · op(B) + beta · C, C broadcast to [M, N] on the device.
    static let gemm: Kernel = CUDASupport.override("Gemm") { call throws(InterpreterError) in
        guard call.opset >= 7 else { return nil }
        guard let a = CUDASupport.operand(call, 0), let b = CUDASupport.operand(call, 1), a.rank == 2, b.rank == 2 else { return nil }
        let transA = try call.int("transA", default: 0) != 0, transB = try call.int("transB", default: 0) != 0
        let alpha = try call.float("alpha", default: 1), beta = try call.float("beta", default: 1)
        let m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1]
        let kb = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
        guard k == kb, m > 0, n > 0, k > 0 else { return nil }
        let count = try call.checkedCount([m, n])
        var cOperand: DeviceTensor? = nil, cStrides = [0, 0]
        if call.has(2) {
            // beta = 0 with a C holding NaN or infinity is left to the reference's literal formula.
            guard beta != 0, let c = CUDASupport.operand(call, 2), c.rank <= 2, Broadcast.shape([c.shape, [m, n]]) == [m, n] else {
                return nil
            }
            cOperand = c
            cStrides = CUDASupport.broadcastStrides(c.shape, to: [m, n])
        }
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let pa = try device.address(a), pb = try device.address(b)
            let y = try device.output([m, n], count: count)
            let pc = try device.address(y)
            if let cOperand {
                let source = try device.address(cOperand)
                try device.launch(
                    "mshub_broadcast_matrix", elements: count,
                    [.pointer(source), .pointer(pc), .int(m), .int(n), .int(cStrides[0]), .int(cStrides[1])])
            }
            try device.gemm(
                transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa, lda: a.shape[1], b: pb, ldb: b.shape[1],
                beta: cOperand == nil ? 0 : beta, c: pc, ldc: n)
            return y
        }
        return [.device(out)]
    }

    static let conv: Kernel = CUDASupport.override("Conv") { call throws(InterpreterError) in
        try CUDAConv.run(call, activation: .none)
    }

    /// Conv followed by a residual addend (input 3) and Relu or Clip, as fused by `FastFusion`
    /// (domain `FastFusion.domain`). Where the fused kernel does not apply (an addend that
    /// broadcasts, other types) the ops run one after another on their cuda kernels, each of
    /// which falls back to the reference kernel for what it does not handle.
    static let fusedConv: Kernel = { call throws(InterpreterError) in
        let activation = try FastConv.Activation.of(call)
        if let result = try CUDAConv.run(call, activation: activation) { return result }
        return try FastFusion.unfused(call, activation: activation, registry: .cuda)
    }
}

enum CUDAConv {
    /// The most column-matrix elements one batched im2col fills (256 MiB of float32).
    static let columnBudget = 64 << 20

    /// Conv of float32 X and W (optional float32 bias), then `activation`; nil for what the
    /// reference kernel should handle.
    static func run(_ call: KernelCall, activation: FastConv.Activation) throws(InterpreterError) -> [RuntimeValue]? {
        guard let x = CUDASupport.operand(call, 0), let w = CUDASupport.operand(call, 1) else { return nil }
        let setup = try ConvMath.setup(call, xShape: x.shape, wShape: w.shape)
        var bias: DeviceTensor? = nil
        if call.has(2) {
            guard let b = CUDASupport.operand(call, 2), b.count == setup.m else { return nil }
            bias = b
        }
        // A fused residual addend (input 3) must have the output's shape; one that broadcasts
        // takes the fallback's Conv, Add and activation.
        var residual: DeviceTensor? = nil
        if call.has(3) {
            guard let r = CUDASupport.operand(call, 3), r.shape == setup.outputShape else { return nil }
            residual = r
        }
        let g = setup.geometry
        let outCount = g.outputCount, kCount = g.kernelCount, inCount = g.inputCount
        let cPerGroup = setup.c / setup.group, mPerGroup = setup.m / setup.group
        let rows = cPerGroup * kCount
        guard outCount > 0, rows > 0, mPerGroup > 0 else { return nil }
        // The column matrix holds every channel of one image: the groups' blocks of rows follow each other.
        let allRows = setup.c * kCount
        try call.checkedCount([allRows, outCount])
        let total = try call.checkedCount([setup.n, setup.m, outCount])
        let direct = g.isPointwise
        let taps: [Int64] = direct || g.rank == 2 ? [] : try ConvSupport.taps(call, g).map(Int64.init)
        let imagePlane = setup.c * inCount
        // Depthwise (a group per channel, one output channel each, as in MobileNet): one direct
        // kernel over every image, where a GEMM per group would multiply 1×k matrices.
        let depthwise = g.rank == 2 && setup.group > 1 && setup.group == setup.c && setup.m == setup.c
            && total <= Int(Int32.max) && x.count <= Int(Int32.max)
        // Otherwise, without groups, images go through one strided-batched GEMM per chunk of
        // images: all of them when pointwise, else as many as the column budget (and 32-bit
        // indexing) allows.
        let perImage = direct ? 0 : allRows * outCount
        let batchedColumns = !direct && g.rank == 2 && setup.group == 1 && perImage <= Int(Int32.max)
        let chunk = direct ? setup.n : batchedColumns ? max(1, min(setup.n, Self.columnBudget / perImage, Int(Int32.max) / perImage)) : 1
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let px = try device.address(x), pw = try device.address(w)
            let y = try device.output(setup.outputShape, count: total)
            let py = try device.address(y)
            let geometry = g.rank == 2
                ? [setup.c, g.input[0], g.input[1], g.output[0], g.output[1], g.kernel[0], g.kernel[1],
                   g.strides[0], g.strides[1], g.dilations[0], g.dilations[1], g.padsBegin[0], g.padsBegin[1]].map(Int64.init)
                : []
            if depthwise {
                try device.launch("mshub_depthwise2d", elements: total, [.pointer(px), .pointer(pw), .pointer(py), .int64s(geometry), .int(setup.n)])
            } else if setup.group == 1 && (direct || batchedColumns) {
                let columns = direct ? 0 : try device.allocate(chunk * perImage)
                var image = 0
                while image < setup.n {
                    let count = min(chunk, setup.n - image)
                    let xBase = px + UInt64(image * imagePlane * 4)
                    if !direct {
                        try device.launch(
                            "mshub_im2col2d_images", elements: count * perImage,
                            [.pointer(xBase), .pointer(columns), .int64s(geometry), .int(count), .int(imagePlane)])
                    }
                    // The same weights against each image's columns (or, pointwise, its input planes).
                    try device.gemm(
                        m: setup.m, n: outCount, k: rows, a: pw, lda: rows, strideA: 0,
                        b: direct ? xBase : columns, ldb: outCount, strideB: direct ? imagePlane : perImage,
                        c: py + UInt64(image * setup.m * outCount * 4), ldc: outCount, strideC: setup.m * outCount, batch: count)
                    image += count
                }
            } else {
                let columns = direct ? 0 : try device.allocate(allRows * outCount)
                let pt = taps.isEmpty ? 0 : try device.upload(taps)
                for image in 0..<setup.n {
                    let xBase = px + UInt64(image * imagePlane * 4)
                    var source = xBase
                    if !direct {
                        if g.rank == 2 {
                            try device.launch(
                                "mshub_im2col2d", elements: allRows * outCount, [.pointer(xBase), .pointer(columns), .int64s(geometry)])
                        } else {
                            try device.launch(
                                "mshub_im2col_taps", elements: allRows * outCount,
                                [.pointer(xBase), .pointer(columns), .pointer(pt), .int(allRows), .int(kCount), .int(inCount), .int(outCount)])
                        }
                        source = columns
                    }
                    // One product per group, in one batched call: a group's weights, column rows and
                    // output channels are each a fixed stride after the previous group's.
                    try device.gemm(
                        m: mPerGroup, n: outCount, k: rows, a: pw, lda: rows, strideA: mPerGroup * rows,
                        b: source, ldb: outCount, strideB: rows * outCount,
                        c: py + UInt64(image * setup.m * outCount * 4), ldc: outCount, strideC: mPerGroup * outCount, batch: setup.group)
                }
            }
            if bias != nil || residual != nil || activation != .none {
                let pb = try bias.map { b throws(CUDAError) in try device.address(b) } ?? 0
                let pr = try residual.map { r throws(CUDAError) in try device.address(r) } ?? 0
                var (mode, low, high): (Int32, Double, Double) = (0, 0, 0)
                switch activation {
                case .none: break
                case .relu: mode = 1
                case .clip(let lo, let hi): (mode, low, high) = (2, Double(lo), Double(hi))
                }
                try device.launch(
                    "mshub_bias_activation", elements: total,
                    [.pointer(py), .pointer(pb), .pointer(pr), .int(total), .int(setup.m), .int(outCount), .int32(mode), .double(low),
                     .double(high)])
            }
            return y
        }
        return [.device(out)]
    }
}
