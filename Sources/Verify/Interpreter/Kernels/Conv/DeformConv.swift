import Foundation

extension Kernels {
    /// DeformConv: Conv whose kernel taps are moved by per-position offsets (and optionally
    /// weighted by a mask); X is sampled multilinearly at the moved positions, zero outside.
    /// Offsets are [N, offset_group · taps · rank, out...], ordered (offset group, tap, axis);
    /// the mask is [N, offset_group · taps, out...].
    static let deformConv: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), w = try call.tensor(1), offset = try call.tensor(2)
        let (n, c, spatial) = try ConvSupport.splitShape(call, x)
        let r = spatial.count
        guard w.rank == x.rank else { throw call.error(.invalidInput, "W has shape \(w.shape) but X has rank \(x.rank)") }
        let m = w.shape[0]
        let group = try call.int("group", default: 1), offsetGroup = try call.int("offset_group", default: 1)
        guard group >= 1, c % group == 0, m % group == 0, w.shape[1] == c / group else {
            throw call.error(.invalidAttribute, "group \(group) does not fit X \(x.shape) and W \(w.shape)")
        }
        guard offsetGroup >= 1, offsetGroup <= max(c, 1), c % offsetGroup == 0 else {
            throw call.error(.invalidAttribute, "offset_group \(offsetGroup) does not divide C = \(c)")
        }
        let kernel = try ConvSupport.kernelShape(call, rank: r, fromWeights: Array(w.shape.dropFirst(2)))
        let g = try ConvSupport.geometry(call, input: spatial, kernel: kernel)
        let kCount = g.kernelCount, outCount = g.outputCount, inCount = g.inputCount
        try ConvSupport.bounded(call, [offsetGroup, kCount, r])
        guard offset.shape == [n, offsetGroup * kCount * r] + g.output else {
            throw call.error(
                .invalidInput, "offset has shape \(offset.shape); expected \([n, offsetGroup * kCount * r] + g.output)")
        }
        var mask: [Double]? = nil
        if let t = try call.optionalTensor(4) {
            guard t.shape == [n, offsetGroup * kCount] + g.output else {
                throw call.error(.invalidInput, "mask has shape \(t.shape); expected \([n, offsetGroup * kCount] + g.output)")
            }
            mask = try ConvSupport.floatValues(call, t, what: "mask")
        }
        var bias: [Double]? = nil
        if call.has(3) { bias = try ConvSupport.channelVector(call, 3, count: m, what: "B") }
        let outputShape = [n, m] + g.output
        try call.checkedCount(outputShape)
        try call.checkedCount([n, offsetGroup, outCount, kCount, 1 << r])
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let ws = try ConvSupport.floatValues(call, w, what: "W")
        let offsets = try ConvSupport.floatValues(call, offset, what: "offset")
        let inStrides = NDArray.strides(spatial), outStrides = NDArray.strides(g.output), kStrides = NDArray.strides(kernel)
        // Sampling corners (plane offset) and weights per (n, offset group, output position, tap).
        let corners = 1 << r
        var cornerAt = [Int](repeating: -1, count: n * offsetGroup * outCount * kCount * corners)
        var cornerWeight = [Double](repeating: 0, count: cornerAt.count)
        for b in 0..<n {
            for og in 0..<offsetGroup {
                for o in 0..<outCount {
                    for k in 0..<kCount {
                        var low = [Int](repeating: 0, count: r), frac = [Double](repeating: 0, count: r)
                        var usable = true
                        for a in 0..<r {
                            let oa = (o / outStrides[a]) % g.output[a], ka = (k / kStrides[a]) % kernel[a]
                            let channel = (og * kCount + k) * r + a
                            let shift = offsets[((b * offsetGroup * kCount * r + channel) * outCount) + o]
                            let p = Double(oa * g.strides[a] - g.padsBegin[a] + ka * g.dilations[a]) + shift
                            guard p.isFinite, abs(p) < 1e15 else { usable = false; break }
                            let f = p.rounded(.down)
                            low[a] = Int(f)
                            frac[a] = p - f
                        }
                        guard usable else { continue }
                        let base = (((b * offsetGroup + og) * outCount + o) * kCount + k) * corners
                        for corner in 0..<corners {
                            var at = 0, weight = 1.0, inside = true
                            for a in 0..<r {
                                let high = (corner >> (r - 1 - a)) & 1 == 1
                                let q = low[a] + (high ? 1 : 0)
                                if q < 0 || q >= spatial[a] { inside = false; break }
                                at += q * inStrides[a]
                                weight *= high ? frac[a] : 1 - frac[a]
                            }
                            if inside {
                                cornerAt[base + corner] = at
                                cornerWeight[base + corner] = weight
                            }
                        }
                    }
                }
            }
        }
        let cPerGroup = c / group, mPerGroup = m / group, cPerOffsetGroup = c / offsetGroup
        var out = [Double](repeating: 0, count: n * m * outCount)
        for b in 0..<n {
            for oc in 0..<m {
                let grp = oc / mPerGroup
                for o in 0..<outCount {
                    var sum = bias?[oc] ?? 0
                    for ci in 0..<cPerGroup {
                        let ic = grp * cPerGroup + ci
                        let og = ic / cPerOffsetGroup
                        let plane = (b * c + ic) * inCount
                        for k in 0..<kCount {
                            let base = (((b * offsetGroup + og) * outCount + o) * kCount + k) * corners
                            var v = 0.0
                            for corner in 0..<corners where cornerAt[base + corner] >= 0 {
                                v += cornerWeight[base + corner] * xs[plane + cornerAt[base + corner]]
                            }
                            let scale = mask?[((b * offsetGroup * kCount) + og * kCount + k) * outCount + o] ?? 1
                            sum += v * scale * ws[(oc * cPerGroup + ci) * kCount + k]
                        }
                    }
                    out[(b * m + oc) * outCount + o] = sum
                }
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: outputShape))]
    }
}
