extension Kernels {
    /// OneHot: a new axis of length `depth` holding values[1] where the index matches (negative
    /// indices count from the end) and values[0] elsewhere; out-of-range indices give all off.
    static let oneHot: Kernel = { call throws(InterpreterError) in
        let indicesArray = try call.tensor(0)
        let depthArray = try call.tensor(1)
        let values = try call.tensor(2)
        guard values.count == 2 else {
            throw call.error(.invalidInput, "values must hold two elements, not \(values.shape)")
        }
        guard depthArray.count == 1, let dv = depthArray.doubles()?[0], dv.isFinite, dv >= 1 else {
            throw call.error(.invalidInput, "depth must be one positive number")
        }
        guard dv <= Double(call.limits.maxElements) else {
            throw call.error(.limitExceeded, "depth \(dv) is over the element limit")
        }
        let depth = Int(dv)
        guard let raw = indicesArray.doubles() else { throw call.error(.invalidInput, "indices must be numbers") }
        let rank = indicesArray.rank + 1
        let requested = try call.int("axis", default: -1)
        let axis = try call.axis(requested, rank: rank)
        var shape = indicesArray.shape
        shape.insert(depth, at: axis)
        let count = try call.checkedCount(shape)
        if count == 0 { return [.tensor(ShapeSupport.empty(values, shape: shape))] }
        let outer = ShapeSupport.product(indicesArray.shape[..<axis])
        let inner = ShapeSupport.product(indicesArray.shape[axis...])
        var positions = [Int](repeating: 0, count: count)
        for o in 0..<outer {
            for i in 0..<inner {
                var index = raw[o * inner + i].rounded(.towardZero)
                if index < 0 { index += Double(depth) }
                guard index >= 0, index < Double(depth) else { continue }
                positions[(o * depth + Int(index)) * inner + i] = 1
            }
        }
        return [.tensor(ShapeSupport.gather(values, positions, shape: shape))]
    }
}
