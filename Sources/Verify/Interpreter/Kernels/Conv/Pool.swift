import Foundation

extension Kernels {
    /// MaxPool, with the optional Indices output (flat positions in X; storage_order 1 counts
    /// the spatial axes column-major). Padding never wins.
    static let maxPool: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let pool = try PoolMath.setup(call, x)
        guard x.dtype.isFloatingPoint || x.dtype == .uint8 || x.dtype == .int8 else {
            throw call.error(.unsupported, "MaxPool of \(x.dtype) is not supported")
        }
        let storageOrder = try call.int("storage_order", default: 0)
        guard storageOrder == 0 || storageOrder == 1 else {
            throw call.error(.invalidAttribute, "storage_order \(storageOrder) must be 0 or 1")
        }
        let g = pool.geometry
        let inCount = g.inputCount, outCount = g.outputCount, kCount = g.kernelCount
        let wantIndices = call.node.outputs.count > 1 && !call.node.outputs[1].isEmpty
        // Column-major offsets of each row-major spatial offset, for storage_order 1.
        var columnMajor: [Int] = []
        if storageOrder == 1 && wantIndices {
            columnMajor = [Int](repeating: 0, count: inCount)
            let rowStrides = NDArray.strides(g.input)
            var colStrides = [Int](repeating: 1, count: g.rank)
            for i in stride(from: 1, to: g.rank, by: 1) { colStrides[i] = colStrides[i - 1] * g.input[i - 1] }
            for p in 0..<inCount {
                var rest = p, q = 0
                for i in 0..<g.rank {
                    q += (rest / rowStrides[i]) * colStrides[i]
                    rest %= rowStrides[i]
                }
                columnMajor[p] = q
            }
        }
        // float32 is compared as float32 (widening is exact and keeps the order); other types as Double.
        let out: ArrayStorage
        let indices: [Int64]
        if case .float32(let fs) = x.storage {
            let (values, at) = PoolMath.maxPlanes(fs, pool, storageOrder: storageOrder, columnMajor: columnMajor, indices: wantIndices)
            (out, indices) = (.float32(values), at)
        } else {
            guard let xs = x.doubles() else { throw call.error(.unsupported, "MaxPool of \(x.dtype) is not supported") }
            let (values, at) = PoolMath.maxPlanes(xs, pool, storageOrder: storageOrder, columnMajor: columnMajor, indices: wantIndices)
            let converted = try ConvSupport.output(call, values, dtype: x.dtype, shape: pool.outputShape)
            (out, indices) = (converted.storage, at)
        }
        var results: [RuntimeValue] = [.tensor(NDArray(dtype: x.dtype, shape: pool.outputShape, storage: out))]
        if call.node.outputs.count > 1 {
            results.append(.tensor(NDArray(indices.isEmpty ? [Int64](repeating: 0, count: out.count) : indices, shape: pool.outputShape)))
        }
        return results
    }

    /// AveragePool: the mean over the window's taps inside the input, or over the taps inside
    /// the explicitly padded input with count_include_pad.
    static let averagePool: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let pool = try PoolMath.setup(call, x)
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let includePad = try call.int("count_include_pad", default: 0) != 0
        let g = pool.geometry
        let inCount = g.inputCount, outCount = g.outputCount, kCount = g.kernelCount
        let padded = includePad ? ConvSupport.paddedTapCounts(g) : []
        var out = [Double](repeating: 0, count: pool.n * pool.c * outCount)
        for plane in 0..<(pool.n * pool.c) {
            let xBase = plane * inCount
            for o in 0..<outCount {
                var sum = 0.0, count = 0
                for k in 0..<kCount {
                    let p = pool.taps[o * kCount + k]
                    guard p >= 0 else { continue }
                    sum += xs[xBase + p]
                    count += 1
                }
                let divisor = includePad ? padded[o] : count
                out[plane * outCount + o] = divisor == 0 ? .nan : sum / Double(divisor)
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: pool.outputShape))]
    }

    /// LpPool: (Σ |x|^p)^(1/p) over the window's taps inside the input.
    static let lpPool: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let pool = try PoolMath.setup(call, x)
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let p = try PoolMath.exponent(call)
        let g = pool.geometry
        let inCount = g.inputCount, outCount = g.outputCount, kCount = g.kernelCount
        var out = [Double](repeating: 0, count: pool.n * pool.c * outCount)
        for plane in 0..<(pool.n * pool.c) {
            let xBase = plane * inCount
            for o in 0..<outCount {
                var sum = 0.0
                for k in 0..<kCount {
                    let q = pool.taps[o * kCount + k]
                    if q >= 0 { sum += pow(abs(xs[xBase + q]), p) }
                }
                out[plane * outCount + o] = pow(sum, 1 / p)
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: pool.outputShape))]
    }
}

enum PoolMath {
    /// Each plane's window maxima (padding never wins; NaN does) and, when asked, where each
    /// maximum is, as a flat position in X. Planes run in parallel.
    static func maxPlanes<T: BinaryFloatingPoint>(
        _ xs: [T], _ pool: Setup, storageOrder: Int, columnMajor: [Int], indices wantIndices: Bool
    ) -> ([T], [Int64]) {
        let g = pool.geometry
        let inCount = g.inputCount, outCount = g.outputCount, kCount = g.kernelCount
        let total = pool.n * pool.c * outCount
        var out = [T](repeating: 0, count: total)
        var indices = [Int64](repeating: 0, count: wantIndices ? total : 0)
        xs.withUnsafeBufferPointer { xp in
            pool.taps.withUnsafeBufferPointer { tp in
                out.withUnsafeMutableBufferPointer { op in
                    indices.withUnsafeMutableBufferPointer { ip in
                        let values = ParallelLoops.Pointer(op), at = ParallelLoops.Pointer(ip)
                        ParallelLoops.forEach(pool.n * pool.c, cost: outCount * kCount) { plane in
                            let xBase = plane * inCount
                            for o in 0..<outCount {
                                var best = -T.infinity
                                var bestAt = -1
                                for k in 0..<kCount {
                                    let p = tp[o * kCount + k]
                                    guard p >= 0 else { continue }
                                    let v = xp[xBase + p]
                                    if bestAt < 0 || v > best || (v.isNaN && !best.isNaN) {
                                        best = v
                                        bestAt = p
                                    }
                                }
                                values.base[plane * outCount + o] = best
                                if wantIndices {
                                    let position = bestAt < 0 ? 0 : (storageOrder == 1 ? columnMajor[bestAt] : bestAt)
                                    at.base[plane * outCount + o] = Int64(xBase + position)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (out, indices)
    }

    struct Setup {
        var n: Int
        var c: Int
        var geometry: ConvSupport.Geometry
        var taps: [Int]
        var outputShape: [Int]
    }

    /// The geometry, and the tap table unless `withTaps` is false (kernels that walk windows directly).
    static func setup(_ call: KernelCall, _ x: NDArray, withTaps: Bool = true) throws(InterpreterError) -> Setup {
        try setup(call, shape: x.shape, withTaps: withTaps)
    }

    /// `setup` from the input's shape alone.
    static func setup(_ call: KernelCall, shape: [Int], withTaps: Bool = true) throws(InterpreterError) -> Setup {
        let (n, c, spatial) = try ConvSupport.splitShape(call, shape: shape)
        let kernel = try ConvSupport.kernelShape(call, rank: spatial.count, fromWeights: nil)
        let ceilMode = try call.int("ceil_mode", default: 0) != 0
        let g = try ConvSupport.geometry(call, input: spatial, kernel: kernel, ceilMode: ceilMode)
        let outputShape = [n, c] + g.output
        try call.checkedCount(outputShape)
        let taps = withTaps ? try ConvSupport.taps(call, g) : []
        return Setup(n: n, c: c, geometry: g, taps: taps, outputShape: outputShape)
    }

    /// The `p` attribute of the Lp pools (default 2), at least 1; opset 1 gave it as a float.
    static func exponent(_ call: KernelCall) throws(InterpreterError) -> Double {
        if case .float(let value)? = call.attribute("p") {
            guard value.isFinite, value >= 1, value <= Float(1 << 20) else {
                throw call.error(.invalidAttribute, "p \(value) must be at least 1")
            }
            return Double(value)
        }
        let p = try call.int("p", default: 2)
        guard p >= 1 && p <= 1 << 20 else { throw call.error(.invalidAttribute, "p \(p) must be a positive integer") }
        return Double(p)
    }
}
