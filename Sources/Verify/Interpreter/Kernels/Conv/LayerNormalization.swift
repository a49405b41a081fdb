import GraphIR

extension Kernels {
    /// LayerNormalization: normalises over the axes from `axis` on, then Scale and B (which
    /// broadcast to those axes). Optional outputs Mean and InvStdDev keep the leading axes and
    /// put size 1 on the normalised ones, in the stash_type element type.
    static let layerNormalization: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.rank >= 1 else { throw call.error(.invalidInput, "X must have rank ≥ 1") }
        try ConvSupport.bounded(call, x.shape)
        let axis = try call.axis(try call.int("axis", default: -1), rank: x.rank)
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let inner = Array(x.shape[axis...])
        let innerCount = inner.reduce(1, *), outerCount = x.shape[..<axis].reduce(1, *)
        func broadcastToInner(_ index: Int, _ what: String) throws(InterpreterError) -> [Double]? {
            guard let t = try call.optionalTensor(index) else { return nil }
            guard t.rank <= inner.count, Broadcast.shape([t.shape, inner]) == inner else {
                throw call.error(.invalidInput, "\(what) of shape \(t.shape) does not broadcast to \(inner)")
            }
            let values = try ConvSupport.floatValues(call, t, what: what)
            return Broadcast.sourceIndices(from: t.shape, to: inner).map { values[$0] }
        }
        guard let scale = try broadcastToInner(1, "Scale") else { throw call.error(.invalidInput, "Scale is required") }
        let bias = try broadcastToInner(2, "B")
        let epsilon = Double(try call.float("epsilon", default: 1e-5))
        let stashType: DType
        switch try call.int("stash_type", default: 1) {
        case 1: stashType = .float32
        case 10: stashType = .float16
        case 11: stashType = .float64
        case 16: stashType = .bfloat16
        case let other: throw call.error(.invalidAttribute, "stash_type \(other) is not a float type")
        }
        var out = [Double](repeating: 0, count: xs.count)
        var means = [Double](repeating: 0, count: outerCount)
        var invStd = [Double](repeating: 0, count: outerCount)
        for o in 0..<outerCount {
            let base = o * innerCount
            let (mean, variance) = NormMath.moments(xs, base: base, count: innerCount)
            let k = 1 / (variance + epsilon).squareRoot()
            means[o] = mean
            invStd[o] = k
            for i in 0..<innerCount { out[base + i] = (xs[base + i] - mean) * k * scale[i] + (bias?[i] ?? 0) }
        }
        let statShape = Array(x.shape[..<axis]) + [Int](repeating: 1, count: x.rank - axis)
        return [
            .tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape)),
            .tensor(try ConvSupport.output(call, means, dtype: stashType, shape: statShape)),
            .tensor(try ConvSupport.output(call, invStd, dtype: stashType, shape: statShape)),
        ]
    }

    /// GroupNormalization: channels split into num_groups groups, each (n, group) normalised
    /// over its channels and spatial positions, then scale and bias: per channel from opset
    /// 21, per group before.
    static let groupNormalization: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let (n, c, spatialShape) = try ConvSupport.splitShape(call, x, minSpatial: 0)
        let groups = try call.int("num_groups") ?? 0
        guard groups >= 1, c % groups == 0 else {
            throw call.error(.invalidAttribute, "num_groups \(groups) must be positive and divide C = \(c)")
        }
        let perChannel = call.opset >= 21
        let scale = try ConvSupport.channelVector(call, 1, count: perChannel ? c : groups, what: "scale")
        let bias = try ConvSupport.channelVector(call, 2, count: perChannel ? c : groups, what: "bias")
        let epsilon = Double(try call.float("epsilon", default: 1e-5))
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let spatial = spatialShape.reduce(1, *)
        let cPerGroup = c / groups, groupSize = cPerGroup * spatial
        var out = [Double](repeating: 0, count: xs.count)
        for b in 0..<n {
            for g in 0..<groups {
                let base = (b * c + g * cPerGroup) * spatial
                let (mean, variance) = NormMath.moments(xs, base: base, count: groupSize)
                let k = 1 / (variance + epsilon).squareRoot()
                for ci in 0..<cPerGroup {
                    let ch = g * cPerGroup + ci
                    let s = perChannel ? scale[ch] : scale[g], t = perChannel ? bias[ch] : bias[g]
                    for i in 0..<spatial {
                        let p = base + ci * spatial + i
                        out[p] = (xs[p] - mean) * k * s + t
                    }
                }
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape))]
    }
}
