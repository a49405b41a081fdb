// Fast float32 Conv: the window taps of the reference geometry gathered into a column
// matrix (im2col), then one sgemm per (image, group).

extension FastKernels {
    static let conv: Kernel = FastSupport.override("Conv") { call throws(InterpreterError) in
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
        let taps = try ConvSupport.taps(call, g)
        try call.checkedCount([rows, outCount])
        let total = setup.n * setup.m * outCount
        // A 1×1 kernel with unit strides and no padding reads X directly.
        let direct = kCount == 1 && g.output == g.input && taps.enumerated().allSatisfy { $0.element == $0.offset }
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: direct ? 1 : rows * outCount)
        defer { columns.deallocate() }
        let shared = FastSupport.SharedPointer(base: columns)
        let out = FastSupport.floats(count: total) { pc in
            xv.withUnsafeBufferPointer { px in
                wv.withUnsafeBufferPointer { pw in
                    // X and W are non-empty (checked above), so their buffers have addresses.
                    guard let xStart = px.baseAddress, let wStart = pw.baseAddress else { return }
                    for n in 0..<setup.n {
                        for group in 0..<setup.group {
                            let xBase = xStart + (n * setup.c + group * cPerGroup) * inCount
                            var source = UnsafePointer(xBase)
                            if !direct {
                                FastSupport.parallelChunks(rows * outCount) { range in
                                    for index in range {
                                        let row = index / outCount, o = index % outCount
                                        let ci = row / kCount, k = row % kCount
                                        let p = taps[o * kCount + k]
                                        shared.base[index] = p >= 0 ? xBase[ci * inCount + p] : 0
                                    }
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
            if let bias {
                for n in 0..<setup.n {
                    for m in 0..<setup.m {
                        let base = pc + (n * setup.m + m) * outCount
                        for o in 0..<outCount { base[o] += bias[m] }
                    }
                }
            }
        }
        return [.tensor(NDArray(out, shape: setup.outputShape))]
    }
}
