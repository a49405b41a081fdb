extension Kernels {
    /// MaxUnpool: zeros of the unpooled shape with each X value written at its flat index in I.
    /// Indices refer to the unpooled shape (in - 1) * stride + kernel - pads; an `output_shape`
    /// input at least that large gets it in its leading corner, zeros elsewhere.
    static let maxUnpool: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), indices = try call.tensor(1)
        let (n, c, spatial) = try ConvSupport.splitShape(call, x)
        guard indices.shape == x.shape, indices.dtype == .int64, let idx = indices.int64s() else {
            throw call.error(.invalidInput, "I must be int64 of X's shape \(x.shape), got \(indices.dtype)\(indices.shape)")
        }
        let r = spatial.count
        let kernel = try ConvSupport.kernelShape(call, rank: r, fromWeights: nil)
        let bound = ConvSupport.attributeBound
        let strides = try ConvSupport.ints(call, "strides", count: r, range: 1...bound, fallback: 1)
        let pads = try ConvSupport.ints(call, "pads", count: 2 * r, range: 0...bound, fallback: 0)
        // The unpooled shape the indices refer to.
        var inferred = [n, c]
        for i in 0..<r {
            let size = (spatial[i] - 1) * strides[i] + kernel[i] - pads[i] - pads[r + i]
            guard size >= 0 else { throw call.error(.invalidAttribute, "pads leave a negative size on axis \(i)") }
            inferred.append(size)
        }
        var outputShape = inferred
        if let given = try call.optionalTensor(2) {
            guard given.rank == 1, given.count == x.rank, let dims = given.ints() else {
                throw call.error(.invalidInput, "output_shape must hold \(x.rank) sizes, got \(given.shape)")
            }
            guard dims[0] == n, dims[1] == c, zip(dims, inferred).allSatisfy({ $0 >= $1 }) else {
                throw call.error(.invalidInput, "output_shape \(dims) is smaller than the unpooled shape \(inferred)")
            }
            outputShape = dims
        }
        let inferredCount = try call.checkedCount(inferred)
        let count = try call.checkedCount(outputShape)
        guard let xs = x.doubles(), x.dtype.isFloatingPoint else {
            throw call.error(.unsupported, "MaxUnpool of \(x.dtype) is not supported")
        }
        // Scatter into the inferred shape, then place that in the leading corner of the output.
        let inferredStrides = NDArray.strides(inferred), outStrides = NDArray.strides(outputShape)
        var out = [Double](repeating: 0, count: count)
        for (i, index) in idx.enumerated() {
            guard index >= 0, index < Int64(inferredCount) else {
                throw call.error(.invalidInput, "index \(index) is outside the unpooled shape \(inferred)")
            }
            var rest = Int(index), at = 0
            for axis in 0..<inferred.count {
                at += (rest / inferredStrides[axis]) * outStrides[axis]
                rest %= inferredStrides[axis]
            }
            out[at] = xs[i]
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: outputShape))]
    }
}
