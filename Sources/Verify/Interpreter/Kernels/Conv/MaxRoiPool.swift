import Foundation

extension Kernels {
    /// MaxRoiPool: for each region [batch, x1, y1, x2, y2] (scaled by spatial_scale and
    /// rounded), the maximum over each cell of a pooled_shape grid; empty cells give 0.
    static let maxRoiPool: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), rois = try call.tensor(1)
        let (n, c, spatial) = try ConvSupport.splitShape(call, x)
        guard spatial.count == 2 else { throw call.error(.invalidInput, "X must be 4-D, got \(x.shape)") }
        let h = spatial[0], w = spatial[1]
        guard rois.rank == 2, rois.shape[1] == 5 else {
            throw call.error(.invalidInput, "rois must be [num_rois, 5], got \(rois.shape)")
        }
        guard let pooled = try call.ints("pooled_shape"), pooled.count == 2,
            pooled.allSatisfy({ $0 >= 1 && $0 <= ConvSupport.attributeBound })
        else { throw call.error(.invalidAttribute, "pooled_shape must be two positive sizes") }
        let scale = Double(try call.float("spatial_scale", default: 1))
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let rs = try ConvSupport.floatValues(call, rois, what: "rois")
        let num = rois.shape[0], ph = pooled[0], pw = pooled[1]
        let outputShape = [num, c, ph, pw]
        try call.checkedCount(outputShape)
        func clampedInt(_ v: Double) -> Int { v.isNaN ? 0 : Int(max(min(v, 1e15), -1e15)) }
        var out = [Double](repeating: 0, count: num * c * ph * pw)
        for r in 0..<num {
            let batch = clampedInt(rs[r * 5])
            guard batch >= 0, batch < n else {
                throw call.error(.invalidInput, "roi \(r) names batch \(batch) of \(n)")
            }
            let x1 = clampedInt((rs[r * 5 + 1] * scale).rounded()), y1 = clampedInt((rs[r * 5 + 2] * scale).rounded())
            let x2 = clampedInt((rs[r * 5 + 3] * scale).rounded()), y2 = clampedInt((rs[r * 5 + 4] * scale).rounded())
            let roiH = Double(max(y2 - y1 + 1, 1)), roiW = Double(max(x2 - x1 + 1, 1))
            let binH = roiH / Double(ph), binW = roiW / Double(pw)
            for ch in 0..<c {
                let base = (batch * c + ch) * h * w
                for i in 0..<ph {
                    let hs = min(max(clampedInt(floor(Double(i) * binH)) + y1, 0), h)
                    let he = min(max(clampedInt(ceil(Double(i + 1) * binH)) + y1, 0), h)
                    for j in 0..<pw {
                        let ws = min(max(clampedInt(floor(Double(j) * binW)) + x1, 0), w)
                        let we = min(max(clampedInt(ceil(Double(j + 1) * binW)) + x1, 0), w)
                        var best = -Double.infinity
                        var any = false
                        for yy in hs..<max(he, hs) {
                            for xx in ws..<max(we, ws) {
                                best = max(best, xs[base + yy * w + xx])
                                any = true
                            }
                        }
                        out[((r * c + ch) * ph + i) * pw + j] = any ? best : 0
                    }
                }
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: outputShape))]
    }
}
