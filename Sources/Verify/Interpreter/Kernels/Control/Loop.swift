extension Kernels {
    /// Loop: runs `body` while the trip count and the condition allow, threading the
    /// loop-carried values and stacking the scan outputs along a new first axis.
    static let loop: Kernel = { call throws(InterpreterError) in
        let body = try call.graph("body")
        let tripCount: Int64? = try call.optionalTensor(0).map { t throws(InterpreterError) in
            guard t.count == 1, let v = t.int64s() else { throw call.error(.invalidInput, "M must be one integer") }
            return v[0]
        }
        var condition: Bool = try call.optionalTensor(1).map { t throws(InterpreterError) in
            guard t.count == 1, let v = t.doubles() else { throw call.error(.invalidInput, "cond must be one boolean") }
            return v[0] != 0
        } ?? true
        if let tripCount, tripCount > Int64(call.limits.maxLoopIterations), !call.has(1) {
            throw call.error(
                .limitExceeded, "trip count \(tripCount) exceeds the limit of \(call.limits.maxLoopIterations) iterations")
        }
        var carried: [RuntimeValue] = []
        for i in 2..<max(2, call.inputCount) { carried.append(try call.value(i)) }
        let carriedCount = carried.count
        let scanCount = body.outputs.count - 1 - carriedCount
        guard scanCount >= 0 else {
            throw call.error(.invalidInput, "the body has \(body.outputs.count) outputs for \(carriedCount) loop-carried values")
        }
        var scans: [[RuntimeValue]] = Array(repeating: [], count: scanCount)
        var iteration: Int64 = 0
        while condition && (tripCount.map { iteration < $0 } ?? true) {
            guard iteration < Int64(call.limits.maxLoopIterations) else {
                throw call.error(.limitExceeded, "the loop ran \(iteration) iterations, the limit")
            }
            let inputs: [RuntimeValue] = [.tensor(.scalar(iteration)), .tensor(NDArray([condition], shape: []))] + carried
            let outputs = try call.run(body, inputs: inputs, label: "body")
            guard let c = outputs[0].tensor, c.count == 1, let cv = c.doubles() else {
                throw call.error(.invalidInput, "the body's condition output must be one boolean")
            }
            condition = cv[0] != 0
            carried = Array(outputs[1..<(1 + carriedCount)])
            for s in 0..<scanCount { scans[s].append(outputs[1 + carriedCount + s]) }
            iteration += 1
        }
        var results = carried
        for (s, items) in scans.enumerated() {
            let arrays = items.compactMap(\.tensor)
            if arrays.count != items.count {
                results.append(.sequence(items, elementType: nil))
                continue
            }
            if arrays.isEmpty {
                let declared = body.outputs[1 + carriedCount + s]
                let dtype = declared.dtype ?? .float32
                let inner = declared.shape?.staticSizes ?? []
                guard let empty = NDArray.zeros(dtype, shape: [0] + inner) else {
                    throw call.error(.unsupported, "empty scan output of \(dtype)")
                }
                results.append(.tensor(empty))
                continue
            }
            guard let stacked = Axes.stack(arrays, axis: 0) else {
                throw call.error(.invalidInput, "scan output \(s) changes type or shape between iterations")
            }
            try call.checkedCount(stacked.shape)
            results.append(.tensor(stacked))
        }
        return results
    }
}
