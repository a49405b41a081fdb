// Fast float32 ConvTranspose: one sgemm per (image, group) gives every input position's
// contribution to every (output channel, tap) pair; those columns are then added into the
// output at the reference geometry's scatter positions (col2im), output channels in parallel.

extension FastKernels {
    static let convTranspose: Kernel = FastSupport.override("ConvTranspose") { call throws(InterpreterError) in
        let x = try call.tensor(0), w = try call.tensor(1)
        guard x.dtype == .float32, w.dtype == .float32, let xv = x.floats, let wv = w.floats else { return nil }
        let s = try ConvTransposeMath.setup(call, x: x, w: w)
        var bias: [Float]? = nil
        if let b = try call.optionalTensor(2) {
            guard b.dtype == .float32, b.count == s.m, let values = b.floats else { return nil }
            bias = values
        }
        let inCount = s.inCount, outCount = s.outCount, kCount = s.kCount
        let cPerGroup = s.c / s.group, mPerGroup = s.mPerGroup
        let rows = mPerGroup * kCount
        guard !xv.isEmpty, !wv.isEmpty, FastSupport.fitsBLAS(rows, inCount, cPerGroup) else { return nil }
        let taps = try s.taps(call)
        try call.checkedCount([rows, inCount])
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: rows * inCount)
        defer { columns.deallocate() }
        let columnView = FastSupport.SharedPointer(base: columns)
        let total = s.n * s.m * outCount
        let out = FastSupport.floats(count: total) { pc in
            pc.initialize(repeating: 0, count: total)
            let shared = FastSupport.SharedPointer(base: pc)
            xv.withUnsafeBufferPointer { px in
                wv.withUnsafeBufferPointer { pw in
                    // X and W are non-empty (checked above), so their buffers have addresses.
                    guard let xStart = px.baseAddress, let wStart = pw.baseAddress else { return }
                    for n in 0..<s.n {
                        for group in 0..<s.group {
                            // columns[mi·K + k, i] = Σ_ci W[g·Cg + ci, mi, k] · X[n, g·Cg + ci, i]
                            FastSupport.sgemm(
                                transA: true, transB: false, m: rows, n: inCount, k: cPerGroup, alpha: 1,
                                a: wStart + group * cPerGroup * rows, lda: rows,
                                b: xStart + (n * s.c + group * cPerGroup) * inCount, ldb: inCount,
                                beta: 0, c: columns, ldc: inCount)
                            FastNorm.parallelRows(mPerGroup, cost: kCount * inCount) { mi in
                                let plane = shared.base + (n * s.m + group * mPerGroup + mi) * outCount
                                for k in 0..<kCount {
                                    let row = columnView.base + (mi * kCount + k) * inCount
                                    for i in 0..<inCount {
                                        let p = taps[i * kCount + k]
                                        if p >= 0 { plane[p] += row[i] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if let bias {
                for n in 0..<s.n {
                    for m in 0..<s.m {
                        let base = pc + (n * s.m + m) * outCount
                        for o in 0..<outCount { base[o] += bias[m] }
                    }
                }
            }
        }
        return [.tensor(NDArray(out, shape: s.outputShape))]
    }
}
