extension Kernels {
    /// BatchNormalization. Inference: (x - mean) / sqrt(var + epsilon) * scale + B per channel.
    /// With training_mode (opset 14+) the batch statistics (population variance) normalise, and
    /// the running mean and variance outputs are input * momentum + batch * (1 - momentum).
    static let batchNormalization: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let (n, c, spatialShape) = try ConvSupport.splitShape(call, x, minSpatial: 0)
        let spatial = spatialShape.reduce(1, *)
        if call.opset < 9, try call.int("spatial", default: 1) == 0 {
            throw call.error(.unsupported, "per-activation statistics (spatial = 0) are not supported")
        }
        let trainingRequested = call.opset >= 14 ? try call.int("training_mode", default: 0) != 0 : false
        // float32 inference reads X directly (below); everything else works on Doubles.
        let xs: [Double]
        if x.dtype == .float32 && !trainingRequested {
            xs = []
        } else {
            xs = try ConvSupport.floatValues(call, x, what: "X")
        }
        let scale = try ConvSupport.channelVector(call, 1, count: c, what: "scale")
        let bias = try ConvSupport.channelVector(call, 2, count: c, what: "B")
        let inputMean = try ConvSupport.channelVector(call, 3, count: c, what: "input_mean")
        let inputVar = try ConvSupport.channelVector(call, 4, count: c, what: "input_var")
        let epsilon = Double(try call.float("epsilon", default: 1e-5))
        let momentum = Double(try call.float("momentum", default: 0.9))
        let trainingMode = try call.int("training_mode", default: 0)
        let training = call.opset >= 14 && trainingMode != 0
        var mean = inputMean, variance = inputVar
        if training {
            let count = Double(n * spatial)
            for ch in 0..<c {
                var sum = 0.0
                for b in 0..<n { for i in 0..<spatial { sum += xs[(b * c + ch) * spatial + i] } }
                let mu = sum / count
                var sq = 0.0
                for b in 0..<n { for i in 0..<spatial { let d = xs[(b * c + ch) * spatial + i] - mu; sq += d * d } }
                mean[ch] = mu
                variance[ch] = sq / count
            }
        }
        var results: [RuntimeValue]
        if case .float32(let fs) = x.storage {
            // The same Double arithmetic per element, read from and rounded to float32 directly.
            var out = [Float](repeating: 0, count: fs.count)
            fs.withUnsafeBufferPointer { px in
                out.withUnsafeMutableBufferPointer { po in
                    for b in 0..<n {
                        for ch in 0..<c {
                            let k = scale[ch] / (variance[ch] + epsilon).squareRoot()
                            let m = mean[ch], shift = bias[ch]
                            let base = (b * c + ch) * spatial
                            for i in 0..<spatial { po[base + i] = Float((Double(px[base + i]) - m) * k + shift) }
                        }
                    }
                }
            }
            results = [.tensor(NDArray(out, shape: x.shape))]
        } else {
            var out = [Double](repeating: 0, count: xs.count)
            for b in 0..<n {
                for ch in 0..<c {
                    let k = scale[ch] / (variance[ch] + epsilon).squareRoot()
                    let base = (b * c + ch) * spatial
                    for i in 0..<spatial { out[base + i] = (xs[base + i] - mean[ch]) * k + bias[ch] }
                }
            }
            results = [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape))]
        }
        if training {
            let runningMean = (0..<c).map { inputMean[$0] * momentum + mean[$0] * (1 - momentum) }
            let runningVar = (0..<c).map { inputVar[$0] * momentum + variance[$0] * (1 - momentum) }
            let meanType = try call.tensor(3).dtype
            results.append(.tensor(try ConvSupport.output(call, runningMean, dtype: meanType, shape: [c])))
            results.append(.tensor(try ConvSupport.output(call, runningVar, dtype: meanType, shape: [c])))
        } else if call.node.outputs.filter({ !$0.isEmpty }).count > 1 {
            throw call.error(.unsupported, "training outputs without training_mode (opset \(call.opset)) are not supported")
        }
        return results
    }

    /// InstanceNormalization: each (n, c) plane normalised by its own mean and (population)
    /// variance, then scaled and shifted per channel.
    static let instanceNormalization: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let (n, c, spatialShape) = try ConvSupport.splitShape(call, x)
        let spatial = spatialShape.reduce(1, *)
        let xs = try ConvSupport.floatValues(call, x, what: "input")
        let scale = try ConvSupport.channelVector(call, 1, count: c, what: "scale")
        let bias = try ConvSupport.channelVector(call, 2, count: c, what: "B")
        let epsilon = Double(try call.float("epsilon", default: 1e-5))
        var out = [Double](repeating: 0, count: xs.count)
        for b in 0..<n {
            for ch in 0..<c {
                let base = (b * c + ch) * spatial
                let (mean, variance) = NormMath.moments(xs, base: base, count: spatial)
                let k = scale[ch] / (variance + epsilon).squareRoot()
                for i in 0..<spatial { out[base + i] = (xs[base + i] - mean) * k + bias[ch] }
            }
        }
        return [.tensor(try ConvSupport.output(call, out, dtype: x.dtype, shape: x.shape))]
    }
}

enum NormMath {
    /// Mean and population variance of `count` contiguous values from `base` (two passes).
    static func moments(_ xs: [Double], base: Int, count: Int) -> (Double, Double) {
        guard count > 0 else { return (.nan, .nan) }
        var sum = 0.0
        for i in 0..<count { sum += xs[base + i] }
        let mean = sum / Double(count)
        var sq = 0.0
        for i in 0..<count { let d = xs[base + i] - mean; sq += d * d }
        return (mean, sq / Double(count))
    }
}
