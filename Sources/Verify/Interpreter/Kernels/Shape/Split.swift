extension Kernels {
    /// Split: cuts the input along `axis` into the given lengths (attribute `split` before
    /// opset 13, input after), into `num_outputs` parts (opset 18: all but the last of size
    /// ceil(n / parts)), or into as many equal parts as the node has outputs.
    static let split: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.rank > 0 else { throw call.error(.invalidInput, "a scalar cannot be split") }
        let axis = try call.axis(try call.int("axis", default: 0), rank: x.rank)
        let size = x.shape[axis]
        let lengths: [Int]
        // Opset 1 takes the lengths from an optional input or the attribute, 2 to 12 from the
        // attribute, 13 on from the input.
        var listed = try ShapeSupport.intsFromInputOrAttribute(call, input: 1, attribute: "split", inputSince: 13)
        if call.opset < 2, let t = try call.optionalTensor(1) { listed = try ShapeSupport.ints(call, t, "split") }
        if let given = listed {
            guard given.allSatisfy({ $0 >= 0 }) else {
                throw call.error(.invalidInput, "split \(given) has a negative length")
            }
            var total = 0
            for g in given {
                let (t, o) = total.addingReportingOverflow(g)
                guard !o else { throw call.error(.invalidInput, "split lengths overflow") }
                total = t
            }
            guard total == size else { throw call.error(.invalidInput, "split \(given) does not add up to \(size)") }
            lengths = given
        } else {
            let parts: Int
            if call.opset >= 18, let n = try call.int("num_outputs") {
                parts = n
            } else {
                parts = call.node.outputs.count
            }
            guard parts >= 1, parts == call.node.outputs.count else {
                throw call.error(.invalidAttribute, "\(parts) parts for \(call.node.outputs.count) outputs")
            }
            if call.opset >= 18 {
                let chunk = (size + parts - 1) / parts
                var left = size
                var out: [Int] = []
                for _ in 0..<parts {
                    out.append(min(chunk, left))
                    left -= min(chunk, left)
                }
                lengths = out
            } else {
                guard size % parts == 0 else {
                    throw call.error(.invalidInput, "size \(size) does not split into \(parts) equal parts")
                }
                lengths = Array(repeating: size / parts, count: parts)
            }
        }
        guard lengths.count == call.node.outputs.count else {
            throw call.error(.invalidInput, "\(lengths.count) parts for \(call.node.outputs.count) outputs")
        }
        var start = 0
        var outputs: [RuntimeValue] = []
        for length in lengths {
            outputs.append(.tensor(ShapeSupport.slice(x, axis: axis, start: start, length: length)))
            start += length
        }
        return outputs
    }
}
