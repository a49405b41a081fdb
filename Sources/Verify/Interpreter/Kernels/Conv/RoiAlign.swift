import Foundation

extension Kernels {
    /// RoiAlign: bilinear samples on a regular grid in each output cell of each region, averaged
    /// (mode avg) or maximised (mode max, over the largest weighted corner of each sample).
    /// coordinate_transformation_mode half_pixel (opset 16 default) shifts by -0.5;
    /// output_half_pixel (opset 10 behaviour) does not and forces regions to at least 1×1.
    static let roiAlign: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), rois = try call.tensor(1), batchIndices = try call.tensor(2)
        let (n, c, spatial) = try ConvSupport.splitShape(call, x)
        guard spatial.count == 2 else { throw call.error(.invalidInput, "X must be 4-D, got \(x.shape)") }
        let height = spatial[0], width = spatial[1]
        guard rois.rank == 2, rois.shape[1] == 4 else {
            throw call.error(.invalidInput, "rois must be [num_rois, 4], got \(rois.shape)")
        }
        let num = rois.shape[0]
        guard batchIndices.rank == 1, batchIndices.count == num, batchIndices.dtype.isInteger,
            let batches = batchIndices.ints()
        else { throw call.error(.invalidInput, "batch_indices must be \(num) integers, got \(batchIndices.shape)") }
        let mode = try call.string("mode", default: "avg")
        guard mode == "avg" || mode == "max" else { throw call.error(.invalidAttribute, "mode '\(mode)' is not avg or max") }
        let defaultTransform = call.opset >= 16 ? "half_pixel" : "output_half_pixel"
        let transform = try call.string("coordinate_transformation_mode", default: defaultTransform)
        guard transform == "half_pixel" || transform == "output_half_pixel" else {
            throw call.error(.invalidAttribute, "coordinate_transformation_mode '\(transform)' is not supported")
        }
        let halfPixel = transform == "half_pixel"
        let ph = try call.int("output_height", default: 1), pw = try call.int("output_width", default: 1)
        let samplingRatio = try call.int("sampling_ratio", default: 0)
        guard ph >= 1, pw >= 1, ph <= ConvSupport.attributeBound, pw <= ConvSupport.attributeBound else {
            throw call.error(.invalidAttribute, "output_height and output_width must be positive")
        }
        guard samplingRatio >= 0, samplingRatio <= 1 << 16 else {
            throw call.error(.invalidAttribute, "sampling_ratio \(samplingRatio) is out of range")
        }
        let scale = Double(try call.float("spatial_scale", default: 1))
        let outputShape = [num, c, ph, pw]
        try call.checkedCount(outputShape)
        let xs = try ConvSupport.floatValues(call, x, what: "X")
        let rs = try ConvSupport.floatValues(call, rois, what: "rois")
        let offset = halfPixel ? 0.5 : 0
        guard num == 0 || (height >= 1 && width >= 1) else { throw call.error(.invalidInput, "X has an empty spatial axis") }
        var out = [Double](repeating: 0, count: num * c * ph * pw)
        for r in 0..<num {
            let batch = batches[r]
            guard batch >= 0, batch < n else { throw call.error(.invalidInput, "roi \(r) names batch \(batch) of \(n)") }
            let startW = rs[r * 4] * scale - offset, startH = rs[r * 4 + 1] * scale - offset
            let endW = rs[r * 4 + 2] * scale - offset, endH = rs[r * 4 + 3] * scale - offset
            var roiW = endW - startW, roiH = endH - startH
            if !halfPixel {
                roiW = max(roiW, 1)
                roiH = max(roiH, 1)
            }
            guard roiW.isFinite, roiH.isFinite, startW.isFinite, startH.isFinite else {
                throw call.error(.invalidInput, "roi \(r) has non-finite coordinates")
            }
            let binH = roiH / Double(ph), binW = roiW / Double(pw)
            let gridCap = 1 << 16
            let gridH = samplingRatio > 0 ? samplingRatio : Int(min(max(ceil(roiH / Double(ph)), 0), Double(gridCap)))
            let gridW = samplingRatio > 0 ? samplingRatio : Int(min(max(ceil(roiW / Double(pw)), 0), Double(gridCap)))
            let count = Double(max(gridH * gridW, 1))
            try call.checkedCount([ph, pw, gridH, gridW])
            // Bilinear corners and weights per sample, shared by all channels.
            struct Sample { var p: (Int, Int, Int, Int); var w: (Double, Double, Double, Double) }
            var samples: [Sample] = []
            samples.reserveCapacity(ph * pw * gridH * gridW)
            for i in 0..<ph {
                for j in 0..<pw {
                    for iy in 0..<gridH {
                        var y = startH + Double(i) * binH + (Double(iy) + 0.5) * binH / Double(gridH)
                        for ix in 0..<gridW {
                            var xx = startW + Double(j) * binW + (Double(ix) + 0.5) * binW / Double(gridW)
                            if y < -1 || y > Double(height) || xx < -1 || xx > Double(width) {
                                samples.append(Sample(p: (0, 0, 0, 0), w: (0, 0, 0, 0)))
                                continue
                            }
                            y = max(y, 0)
                            xx = max(xx, 0)
                            var yLow = Int(y), xLow = Int(xx), yHigh: Int, xHigh: Int
                            var yy = y
                            if yLow >= height - 1 { yLow = height - 1; yHigh = yLow; yy = Double(yLow) } else { yHigh = yLow + 1 }
                            if xLow >= width - 1 { xLow = width - 1; xHigh = xLow; xx = Double(xLow) } else { xHigh = xLow + 1 }
                            let ly = yy - Double(yLow), lx = xx - Double(xLow), hy = 1 - ly, hx = 1 - lx
                            samples.append(Sample(
                                p: (yLow * width + xLow, yLow * width + xHigh, yHigh * width + xLow, yHigh * width + xHigh),
                                w: (hy * hx, hy * lx, ly * hx, ly * lx)))
                        }
                    }
                }
            }
            let perCell = gridH * gridW
            for ch in 0..<c {
                let base = (batch * c + ch) * height * width
                for cell in 0..<(ph * pw) {
                    var value = 0.0
                    var first = true
                    for s in samples[(cell * perCell)..<((cell + 1) * perCell)] {
                        let a = s.w.0 * xs[base + s.p.0], b = s.w.1 * xs[base + s.p.1]
                        let d = s.w.2 * xs[base + s.p.2], e = s.w.3 * xs[base + s.p.3]
                        if mode == "avg" {
                            value += a + b + d + e
                        } else {
                            let m = max(max(a, b), max(d, e))
                            value = first ? m : max(value, m)
                            first = false
                        }
                    }
                    out[(r * c + ch) * ph * pw + cell] = mode == "avg" ? value / count : value
                }
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: outputShape))]
    }
}
