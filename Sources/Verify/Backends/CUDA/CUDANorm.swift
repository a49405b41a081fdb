// The cuda backend's row and window kernels: Softmax and LogSoftmax, LayerNormalization,
// BatchNormalization (inference), the max and average pools (through the reference's tap
// table, so every rank, padding, dilation and ceil mode is handled as the reference does),
// the global pools, Transpose, and the Reduce* ops that accumulate in floating point.

import GraphIR

extension CUDAKernels {
    static var normalizationGroup: [(String, Kernel)] {
        [
            ("Softmax", softmax(log: false)), ("LogSoftmax", softmax(log: true)),
            ("LayerNormalization", layerNormalization), ("BatchNormalization", batchNormalization),
            ("MaxPool", maxPool), ("AveragePool", averagePool),
            ("GlobalAveragePool", globalPool(average: true)), ("GlobalMaxPool", globalPool(average: false)),
            ("Transpose", transpose),
            ("ReduceSum", reduce("ReduceSum", .sum, axesInputFrom: 13)),
            ("ReduceMean", reduce("ReduceMean", .mean, axesInputFrom: 18)),
            ("ReduceMax", reduce("ReduceMax", .max, axesInputFrom: 18)),
            ("ReduceMin", reduce("ReduceMin", .min, axesInputFrom: 18)),
            ("ReduceSumSquare", reduce("ReduceSumSquare", .sumSquare, axesInputFrom: 18)),
            ("ReduceL1", reduce("ReduceL1", .l1, axesInputFrom: 18)),
            ("ReduceL2", reduce("ReduceL2", .l2, axesInputFrom: 18)),
            ("ReduceLogSumExp", reduce("ReduceLogSumExp", .logSumExp, axesInputFrom: 18)),
        ]
    }

    /// Softmax or LogSoftmax: along one axis from opset 13, over the flattened tail before.
    static func softmax(log: Bool) -> Kernel {
        CUDASupport.override(log ? "LogSoftmax" : "Softmax") { call throws(InterpreterError) in
            guard let x = CUDASupport.operand(call, 0) else { return nil }
            let legacy = call.opset < 13
            let outer: Int, size: Int, inner: Int
            if x.rank == 0 {
                (outer, size, inner) = (1, 1, 1)
            } else {
                let axis = try call.axis(try call.int("axis", default: legacy ? 1 : -1), rank: x.rank)
                if legacy {
                    (outer, size, inner) = (x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *), 1)
                } else {
                    (outer, size, inner) = NormMath.split(x.shape, axis: axis)
                }
            }
            guard size > 0 else { return nil }
            let out = try CUDASupport.device(call) { device throws(CUDAError) in
                let y = try device.output(x.shape, count: x.count)
                try device.launch(
                    "mshub_softmax", rows: outer * inner,
                    [.pointer(try device.address(x)), .pointer(try device.address(y)), .int(outer * inner), .int(size), .int(inner),
                     .int32(log ? 1 : 0)])
                return y
            }
            return [.device(out)]
        }
    }

    /// LayerNormalization with Scale (and B) of exactly the normalised shape; all three outputs.
    static let layerNormalization: Kernel = CUDASupport.override("LayerNormalization") { call throws(InterpreterError) in
        // Scale and B are checked on the host (they are float32 of the normalised shape) and read
        // on the device, where initializers stay from run to run.
        guard let x = CUDASupport.operand(call, 0), let setup = try FastNorm.layerNormSetup(call, shape: x.shape),
            let scale = CUDASupport.operand(call, 1)
        else { return nil }
        let bias = setup.bias == nil ? nil : CUDASupport.operand(call, 2)
        guard setup.bias == nil || bias != nil else { return nil }
        let epsilon = setup.epsilon, size = setup.inner, rows = setup.outer
        let (out, means, invStd) = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(x.shape, count: x.count)
            let m = try device.output(setup.statShape, count: rows), i = try device.output(setup.statShape, count: rows)
            let pb = try bias.map { b throws(CUDAError) in try device.address(b) } ?? 0
            try device.launch(
                "mshub_layernorm", rows: rows,
                [.pointer(try device.address(x)), .pointer(try device.address(y)), .pointer(try device.address(m)),
                 .pointer(try device.address(i)), .pointer(try device.address(scale)), .pointer(pb), .int(rows), .int(size),
                 .double(epsilon)])
            return (y, m, i)
        }
        return [.device(out), .device(means), .device(invStd)]
    }

    /// BatchNormalization in inference mode, folded on the host into a scale and shift per channel.
    static let batchNormalization: Kernel = CUDASupport.override("BatchNormalization") { call throws(InterpreterError) in
        let trainingMode = try call.int("training_mode", default: 0)
        guard let x = CUDASupport.operand(call, 0), x.rank >= 2, call.opset < 14 || trainingMode == 0,
            call.node.outputs.filter({ !$0.isEmpty }).count == 1
        else { return nil }
        let c = x.shape[1], spatial = x.shape.dropFirst(2).reduce(1, *)
        guard let (k, shift) = try FastNorm.inferenceScaleShift(call, channels: c) else { return nil }
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(x.shape, count: x.count)
            let pk = try device.upload(k), ps = try device.upload(shift)
            try device.launch(
                "mshub_batchnorm", elements: x.count,
                [.pointer(try device.address(x)), .pointer(try device.address(y)), .pointer(pk), .pointer(ps), .int(x.count), .int(c),
                 .int(spatial)])
            return y
        }
        return [.device(out)]
    }

    /// MaxPool (storage_order 0), with the Indices output when the node asks for it.
    static let maxPool: Kernel = CUDASupport.override("MaxPool") { call throws(InterpreterError) in
        guard let x = CUDASupport.operand(call, 0), try call.int("storage_order", default: 0) == 0 else { return nil }
        // 2-D pools compute each window from the geometry; other ranks read the reference's tap table.
        let planar = x.rank == 4
        let pool = try PoolMath.setup(call, shape: x.shape, withTaps: !planar)
        let g = pool.geometry
        let planes = pool.n * pool.c, outCount = g.outputCount
        guard outCount > 0, g.kernelCount > 0 else { return nil }
        let wantIndices = call.node.outputs.count > 1
        let (out, indices) = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(pool.outputShape, count: planes * outCount)
            let i = wantIndices ? try device.output(pool.outputShape, count: planes * outCount, dtype: .int64) : nil
            let pi = try i.map { i throws(CUDAError) in try device.address(i) } ?? 0
            if planar {
                let geometry = [planes, g.input[0], g.input[1], g.output[0], g.output[1], g.kernel[0], g.kernel[1], g.strides[0],
                                g.strides[1], g.dilations[0], g.dilations[1], g.padsBegin[0], g.padsBegin[1]]
                try device.launch(
                    "mshub_maxpool2d", elements: planes * outCount,
                    [.pointer(try device.address(x)), .pointer(try device.address(y)), .pointer(pi), .int64s(geometry.map(Int64.init))])
                return (y, i)
            }
            let pt = try device.upload(pool.taps.map(Int64.init))
            try device.launch(
                "mshub_maxpool", elements: planes * outCount,
                [.pointer(try device.address(x)), .pointer(try device.address(y)), .pointer(pi), .pointer(pt), .int(planes),
                 .int(g.inputCount), .int(outCount), .int(g.kernelCount)])
            return (y, i)
        }
        var results: [RuntimeValue] = [.device(out)]
        if let indices { results.append(.device(indices)) }
        return results
    }

    /// AveragePool; count_include_pad divides by the taps inside the explicitly padded input.
    static let averagePool: Kernel = CUDASupport.override("AveragePool") { call throws(InterpreterError) in
        guard let x = CUDASupport.operand(call, 0) else { return nil }
        let pool = try PoolMath.setup(call, shape: x.shape)
        let g = pool.geometry
        let planes = pool.n * pool.c, outCount = g.outputCount
        guard outCount > 0, g.kernelCount > 0 else { return nil }
        let includePad = try call.int("count_include_pad", default: 0) != 0
        let padded = includePad ? ConvSupport.paddedTapCounts(g).map(Int64.init) : []
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(pool.outputShape, count: planes * outCount)
            let pt = try device.upload(pool.taps.map(Int64.init))
            let pp = padded.isEmpty ? 0 : try device.upload(padded)
            try device.launch(
                "mshub_avgpool", elements: planes * outCount,
                [.pointer(try device.address(x)), .pointer(try device.address(y)), .pointer(pt), .pointer(pp), .int(planes),
                 .int(g.inputCount), .int(outCount), .int(g.kernelCount)])
            return y
        }
        return [.device(out)]
    }

    /// GlobalAveragePool or GlobalMaxPool: one value per (n, c) plane.
    static func globalPool(average: Bool) -> Kernel {
        CUDASupport.override(average ? "GlobalAveragePool" : "GlobalMaxPool") { call throws(InterpreterError) in
            guard let x = CUDASupport.operand(call, 0) else { return nil }
            let (n, c, spatial) = try ConvSupport.splitShape(call, shape: x.shape)
            let size = spatial.reduce(1, *), planes = n * c
            guard size > 0, planes > 0 else { return nil }
            let out = try CUDASupport.device(call) { device throws(CUDAError) in
                let y = try device.output([n, c] + [Int](repeating: 1, count: spatial.count), count: planes)
                try device.launch(
                    average ? "mshub_global_avgpool" : "mshub_global_maxpool", rows: planes,
                    [.pointer(try device.address(x)), .pointer(try device.address(y)), .int(planes), .int(size)])
                return y
            }
            return [.device(out)]
        }
    }

    /// Transpose of a float32 tensor (other element types stay with the reference kernel).
    static let transpose: Kernel = CUDASupport.override("Transpose") { call throws(InterpreterError) in
        guard let x = CUDASupport.operand(call, 0), x.rank >= 1, x.rank <= CUDASupport.maxRank else { return nil }
        let perm = try call.ints("perm") ?? Array((0..<x.rank).reversed())
        guard perm.count == x.rank, Set(perm).count == perm.count, perm.allSatisfy({ $0 >= 0 && $0 < x.rank }) else {
            return nil  // the reference kernel reports the error
        }
        let strides = x.strides
        let shape = perm.map { x.shape[$0] }
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(shape, count: x.count)
            try device.launch(
                "mshub_transpose", elements: x.count,
                [.pointer(try device.address(x)), .pointer(try device.address(y)), .int(x.count),
                 CUDASupport.strided(shape, perm.map { strides[$0] })])
            return y
        }
        return [.device(out)]
    }

    /// A Reduce* op over float32, axes and keepdims read as the reference reads them.
    static func reduce(_ op: String, _ kind: CUDAKernelSource.ReduceKind, axesInputFrom: Int) -> Kernel {
        CUDASupport.override(op) { call throws(InterpreterError) in
            guard let x = CUDASupport.operand(call, 0), x.rank >= 1, x.rank <= CUDASupport.maxRank else { return nil }
            let keepdims = try call.int("keepdims", default: 1) != 0
            let noop = try call.int("noop_with_empty_axes", default: 0) != 0
            var axesList: [Int]?
            if call.opset >= axesInputFrom {
                if let axesTensor = try call.optionalTensor(1) {
                    guard axesTensor.dtype == .int64, axesTensor.rank <= 1, let given = axesTensor.ints() else { return nil }
                    axesList = given
                }
            } else {
                axesList = try call.ints("axes")
            }
            let axes = try MathSupport.reductionAxes(call, axesList, rank: x.rank, noop: noop)
            guard !axes.isEmpty else { return nil }
            let strides = x.strides
            let kept = (0..<x.rank).filter { !axes.contains($0) }, reduced = (0..<x.rank).filter { axes.contains($0) }
            let reducedCount = reduced.map { x.shape[$0] }.reduce(1, *)
            let outputs = kept.map { x.shape[$0] }.reduce(1, *)
            guard reducedCount > 0, outputs > 0 else { return nil }
            func padded(_ values: [Int]) -> [Int64] {
                values.map(Int64.init) + [Int64](repeating: 0, count: CUDASupport.maxRank - values.count)
            }
            let layout: [Int64] =
                [Int64(kept.count)] + padded(kept.map { x.shape[$0] }) + padded(kept.map { strides[$0] })
                + [Int64(reduced.count)] + padded(reduced.map { x.shape[$0] }) + padded(reduced.map { strides[$0] })
                + [Int64(reducedCount)]
            let keptShape = x.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            let outShape = MathSupport.finalShape(keptShape, axes: axes, keepdims: keepdims)
            let out = try CUDASupport.device(call) { device throws(CUDAError) in
                let y = try device.output(outShape, count: outputs)
                try device.launch(
                    "mshub_reduce", rows: outputs,
                    [.pointer(try device.address(x)), .pointer(try device.address(y)), .int(outputs), .int64s(layout), .int32(kind.rawValue)])
                return y
            }
            return [.device(out)]
        }
    }
}

extension CUDAKernels {
    /// The cuda backend's overrides of reference kernels (float32; each falls back to the
    /// reference kernel for anything else).
    static var group: [(String, Kernel)] { elementwiseGroup + matrixGroup + normalizationGroup + viewGroup + movementGroup }
}
