extension Kernels {
    /// Slice: per listed axis, elements from `start` toward `end` (exclusive) by `step`, with
    /// negative values counted from the end and out-of-range values clamped (attributes before
    /// opset 10, inputs after; steps from opset 10).
    static let slice: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let plan = try slicePlan(call, shape: x.shape, strides: x.strides)
        let positions = ShapeSupport.stridedPositions(shape: plan.shape, strides: plan.strides, offset: plan.offset)
        return [.tensor(ShapeSupport.gather(x, positions, shape: plan.shape))]
    }

    /// What Slice reads of an input of `shape` (row-major `strides`): the output shape, the
    /// input stride along each output axis (0 on axes of length ≤ 1), and the first element's offset.
    /// Shared with the cuda backend, which copies the same elements on the device.
    static func slicePlan(_ call: KernelCall, shape inputShape: [Int], strides inStrides: [Int]) throws(InterpreterError)
        -> (shape: [Int], strides: [Int], offset: Int)
    {
        let rank = inputShape.count
        let starts: [Int]
        let ends: [Int]
        var axesGiven: [Int]?
        var steps: [Int]?
        if call.opset >= 10 {
            starts = try ShapeSupport.ints(call, try call.tensor(1), "starts")
            ends = try ShapeSupport.ints(call, try call.tensor(2), "ends")
            axesGiven = try call.optionalTensor(3).map { t throws(InterpreterError) in
                try ShapeSupport.ints(call, t, "axes")
            }
            steps = try call.optionalTensor(4).map { t throws(InterpreterError) in
                try ShapeSupport.ints(call, t, "steps")
            }
        } else {
            guard let s = try call.ints("starts"), let e = try call.ints("ends") else {
                throw call.error(.invalidAttribute, "starts and ends are required")
            }
            starts = s
            ends = e
            axesGiven = try call.ints("axes")
        }
        guard starts.count == ends.count, starts.count <= rank else {
            throw call.error(.invalidInput, "starts \(starts) and ends \(ends) do not fit rank \(rank)")
        }
        let axes = try ShapeSupport.axes(call, axesGiven ?? Array(0..<starts.count), rank: rank)
        let stepList = steps ?? Array(repeating: 1, count: starts.count)
        guard axes.count == starts.count, stepList.count == starts.count else {
            throw call.error(.invalidInput, "starts, ends, axes and steps differ in length")
        }
        var shape = inputShape
        var strides = inStrides
        var offset = 0
        for (k, axis) in axes.enumerated() {
            let size = inputShape[axis]
            let step = stepList[k]
            guard step != 0 else { throw call.error(.invalidInput, "step 0 on axis \(axis)") }
            var start = starts[k] < 0 ? starts[k] + size : starts[k]
            var end = ends[k] < 0 ? ends[k] + size : ends[k]
            let length: Int
            if step > 0 {
                start = min(max(start, 0), size)
                end = min(max(end, 0), size)
                length = end > start ? (end - start - 1) / step + 1 : 0
            } else {
                start = min(max(start, 0), size - 1)
                end = min(max(end, -1), size - 1)
                // Dividing by `step` itself, never by `-step`, which traps for Int.min.
                length = start > end ? 1 - (start - end - 1) / step : 0
            }
            shape[axis] = length
            strides[axis] = length > 1 ? inStrides[axis] * step : 0
            if length > 0 { offset += start * inStrides[axis] }
        }
        try call.checkedCount(shape)
        return (shape, strides, offset)
    }
}
