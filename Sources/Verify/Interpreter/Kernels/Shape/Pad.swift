import GraphIR

extension Kernels {
    /// Pad: grows (or, with negative pads, crops) each axis by begin/end amounts, filling with a
    /// constant or by reflecting, repeating the edge or wrapping around. Pads and the constant
    /// are attributes before opset 11 (`paddings` before opset 2), inputs after; `axes` from 18.
    static let pad: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let mode = try call.string("mode", default: "constant")
        var pads: [Int]
        var value: NDArray
        var axes = Array(0..<x.rank)
        if call.opset >= 11 {
            pads = try ShapeSupport.ints(call, try call.tensor(1), "pads")
            if let v = try call.optionalTensor(2), v.count > 0 {
                guard v.count == 1, v.dtype == x.dtype else {
                    throw call.error(.invalidInput, "constant_value must be one \(x.dtype), not \(v.dtype)\(v.shape)")
                }
                value = v.reshaped([])
            } else {
                value = try ShapeSupport.zero(call, x.dtype)
            }
            if call.opset >= 18, let a = try call.optionalTensor(3) {
                axes = try ShapeSupport.axes(call, try ShapeSupport.ints(call, a, "axes"), rank: x.rank)
            }
        } else {
            guard let p = try call.ints(call.opset < 2 ? "paddings" : "pads") else {
                throw call.error(.invalidAttribute, "pads are required")
            }
            pads = p
            let v = Double(try call.float("value", default: 0))
            guard let array = NDArray.fromDoubles([v], dtype: x.dtype, shape: []) else {
                throw call.error(.unsupported, "\(x.dtype) is not supported")
            }
            value = array
        }
        guard pads.count == 2 * axes.count else {
            throw call.error(.invalidInput, "pads \(pads) must have two entries per padded axis (\(axes.count))")
        }
        var begin = Array(repeating: 0, count: x.rank)
        var end = Array(repeating: 0, count: x.rank)
        for (k, a) in axes.enumerated() {
            begin[a] = pads[k]
            end[a] = pads[k + axes.count]
        }
        var shape: [Int] = []
        for a in 0..<x.rank {
            // A negative pad crops; it may not crop more than the axis holds.
            guard begin[a] >= -x.shape[a], end[a] >= -x.shape[a] else {
                throw call.error(.invalidInput, "pads \(pads) crop more than \(x.shape) holds")
            }
            let (s1, o1) = x.shape[a].addingReportingOverflow(begin[a])
            let (s2, o2) = s1.addingReportingOverflow(end[a])
            guard !o1, !o2, s2 >= 0 else { throw call.error(.invalidInput, "pads \(pads) do not fit \(x.shape)") }
            shape.append(s2)
        }
        let count = try call.checkedCount(shape)
        // Per axis, the input coordinate each output coordinate reads, or -1 for the constant.
        // Negative pads crop first; reflect, edge and wrap then work on the cropped extent.
        var maps: [[Int]] = []
        for a in 0..<x.rank {
            let cropBegin = max(-begin[a], 0)
            let n = x.shape[a] - cropBegin - max(-end[a], 0)
            let padBegin = max(begin[a], 0)
            var map: [Int] = []
            map.reserveCapacity(shape[a])
            for o in 0..<shape[a] {
                let i = o - padBegin
                if i >= 0 && i < n {
                    map.append(i + cropBegin)
                    continue
                }
                if mode != "constant" && n <= 0 {
                    throw call.error(.invalidInput, "\(mode) padding of an axis with no elements left")
                }
                switch mode {
                case "constant":
                    map.append(-1)
                case "edge":
                    map.append(cropBegin + (i < 0 ? 0 : n - 1))
                case "reflect":
                    if n == 1 {
                        map.append(cropBegin)
                    } else {
                        let period = 2 * (n - 1)
                        var r = i % period
                        if r < 0 { r += period }
                        map.append(cropBegin + (r < n ? r : period - r))
                    }
                case "wrap":
                    var r = i % n
                    if r < 0 { r += n }
                    map.append(cropBegin + r)
                default:
                    throw call.error(.invalidAttribute, "mode '\(mode)' is not constant, reflect, edge or wrap")
                }
            }
            maps.append(map)
        }
        let storage = try ShapeSupport.joined(call, x, value)
        let strides = x.strides
        var positions: [Int] = []
        positions.reserveCapacity(count)
        try ShapeSupport.forEachIndex(shape) { index throws(InterpreterError) in
            var p = 0
            for a in 0..<index.count {
                let i = maps[a][index[a]]
                if i < 0 {
                    p = x.count
                    break
                }
                p += i * strides[a]
            }
            positions.append(p)
        }
        return [.tensor(NDArray(dtype: x.dtype, shape: shape, storage: storage.gathered(positions)))]
    }
}
