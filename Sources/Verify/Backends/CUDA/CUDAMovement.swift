// The cuda backend's data-movement ops on float32: Slice, Concat and Gather. They keep a model's
// tensors on the device where a transformer slices a class token, concatenates or looks up an
// embedding, instead of bringing them back to the host for the reference kernels. Shapes and
// index rules are the reference kernels' own (Slice's plan is shared); anything else, and every
// error, is left to the reference kernel, which reports it.

import GraphIR

extension CUDAKernels {
    static var movementGroup: [(String, Kernel)] {
        [("Slice", slice), ("Concat", concat), ("Gather", gather)]
    }

    static let slice: Kernel = CUDASupport.override("Slice") { call throws(InterpreterError) in
        guard let x = CUDASupport.operand(call, 0), x.rank >= 1, x.rank <= CUDASupport.maxRank else { return nil }
        let plan = try Kernels.slicePlan(call, shape: x.shape, strides: x.strides)
        let count = try call.checkedCount(plan.shape)
        guard count > 0 else { return nil }
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(plan.shape, count: count)
            try device.launch(
                "mshub_strided_copy", elements: count,
                [.pointer(try device.address(x)), .pointer(try device.address(y)), .int(count),
                 CUDASupport.strided(plan.shape, plan.strides, NDArray.strides(plan.shape)), .int(plan.offset), .int(0)])
            return y
        }
        return [.device(out)]
    }

    static let concat: Kernel = CUDASupport.override("Concat") { call throws(InterpreterError) in
        guard call.inputCount >= 1, let requested = try call.int("axis") else { return nil }
        var parts: [DeviceTensor] = []
        for index in 0..<call.inputCount {
            // An empty part adds nothing but is the reference's to check: leave such calls to it.
            guard let part = CUDASupport.operand(call, index) else { return nil }
            parts.append(part)
        }
        let rank = parts[0].rank
        guard rank >= 1, rank <= CUDASupport.maxRank, -rank <= requested, requested < rank else { return nil }
        let axis = requested < 0 ? requested + rank : requested
        var shape = parts[0].shape
        shape[axis] = 0
        for part in parts {
            guard part.rank == rank else { return nil }
            for d in 0..<rank where d != axis && part.shape[d] != shape[d] { return nil }
            let (sum, overflow) = shape[axis].addingReportingOverflow(part.shape[axis])
            guard !overflow else { return nil }
            shape[axis] = sum
        }
        let count = try call.checkedCount(shape)
        let outStrides = NDArray.strides(shape)
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(shape, count: count)
            let py = try device.address(y)
            var offset = 0
            for part in parts {
                try device.launch(
                    "mshub_strided_copy", elements: part.count,
                    [.pointer(try device.address(part)), .pointer(py), .int(part.count),
                     CUDASupport.strided(part.shape, part.strides, outStrides), .int(0), .int(offset * outStrides[axis])])
                offset += part.shape[axis]
            }
            return y
        }
        return [.device(out)]
    }

    /// Gather of float32 data on the device by host indices (int32 or int64), checked on the host.
    static let gather: Kernel = CUDASupport.override("Gather") { call throws(InterpreterError) in
        guard let data = CUDASupport.operand(call, 0), data.rank >= 1, case .tensor(let indices)? = call.raw(1),
            indices.dtype == .int64 || indices.dtype == .int32, let given = indices.ints()
        else { return nil }
        let requested = try call.int("axis", default: 0)
        guard -data.rank <= requested, requested < data.rank else { return nil }
        let axis = requested < 0 ? requested + data.rank : requested
        let size = data.shape[axis]
        var picked: [Int64] = []
        picked.reserveCapacity(given.count)
        for i in given {
            let n = i < 0 ? i + size : i
            guard n >= 0, n < size else { return nil }  // the reference reports the index
            picked.append(Int64(n))
        }
        let shape = Array(data.shape[..<axis]) + indices.shape + Array(data.shape[(axis + 1)...])
        let count = try call.checkedCount(shape)
        guard count > 0 else { return nil }
        let outer = data.shape[..<axis].reduce(1, *), inner = data.shape[(axis + 1)...].reduce(1, *)
        let out = try CUDASupport.device(call) { device throws(CUDAError) in
            let y = try device.output(shape, count: count)
            let pi = try device.upload(picked)
            try device.launch(
                "mshub_gather", elements: count,
                [.pointer(try device.address(data)), .pointer(pi), .pointer(try device.address(y)), .int(outer), .int(size),
                 .int(picked.count), .int(inner)])
            return y
        }
        return [.device(out)]
    }
}
