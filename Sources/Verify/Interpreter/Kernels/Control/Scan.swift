import GraphIR

extension Kernels {
    /// Scan (opset 9+; opset 8's batched form too): runs `body` once per slice of the scan
    /// inputs, threading the state values and stacking the scan outputs.
    static let scan: Kernel = { call throws(InterpreterError) in
        if call.opset < 9 { return try ScanMath.scan8(call) }
        let body = try call.graph("body")
        let scanInputCount = try call.int("num_scan_inputs") ?? 0
        let all = try call.tensors(from: 0)
        guard (1...max(1, all.count)).contains(scanInputCount) else {
            throw call.error(.invalidAttribute, "num_scan_inputs \(scanInputCount) does not fit \(all.count) inputs")
        }
        let stateCount = all.count - scanInputCount
        guard stateCount >= 0 else {
            throw call.error(.invalidAttribute, "num_scan_inputs \(scanInputCount) does not fit \(all.count) inputs")
        }
        let outputs = try ScanMath.run(
            call, body: body, states: Array(all[..<stateCount]), scanInputs: Array(all[stateCount...]),
            inputAxes: try call.ints("scan_input_axes"), inputDirections: try call.ints("scan_input_directions"),
            outputAxes: try call.ints("scan_output_axes"), outputDirections: try call.ints("scan_output_directions"))
        return outputs.map { .tensor($0) }
    }
}

enum ScanMath {
    static func run(
        _ call: KernelCall, body: Graph, states: [NDArray], scanInputs: [NDArray], inputAxes: [Int]?,
        inputDirections: [Int]?, outputAxes: [Int]?, outputDirections: [Int]?
    ) throws(InterpreterError) -> [NDArray] {
        var axes: [Int] = []
        for (i, x) in scanInputs.enumerated() {
            guard x.rank >= 1 else { throw call.error(.invalidInput, "scan input \(i) is a scalar: it has no axis to scan") }
            axes.append(try call.axis(inputAxes?[safe: i] ?? 0, rank: x.rank))
        }
        guard let first = scanInputs.first else { return states }
        guard body.outputs.count >= states.count else {
            throw call.error(.invalidAttribute, "the body has \(body.outputs.count) outputs, fewer than the \(states.count) states")
        }
        let length = first.shape[axes[0]]
        for (i, x) in scanInputs.enumerated() where x.shape[axes[i]] != length {
            throw call.error(.invalidInput, "scan inputs have different lengths along their scan axes")
        }
        guard length <= call.limits.maxLoopIterations else {
            throw call.error(.limitExceeded, "scan length \(length) exceeds the iteration limit")
        }
        var state = states
        let scanOutputCount = body.outputs.count - states.count
        var collected: [[NDArray]] = Array(repeating: [], count: max(0, scanOutputCount))
        for step in 0..<length {
            var inputs = state.map { RuntimeValue.tensor($0) }
            for (i, x) in scanInputs.enumerated() {
                let reverse = (inputDirections?[safe: i] ?? 0) == 1
                inputs.append(.tensor(Axes.take(x, axis: axes[i], index: reverse ? length - 1 - step : step)))
            }
            let outputs = try call.run(body, inputs: inputs, label: "body")
            var arrays: [NDArray] = []
            for value in outputs {
                guard let array = value.tensor else { throw call.error(.unsupported, "Scan body outputs must be tensors") }
                arrays.append(array)
            }
            state = Array(arrays[..<states.count])
            for s in 0..<collected.count { collected[s].append(arrays[states.count + s]) }
        }
        var results = state
        for (s, items) in collected.enumerated() {
            let reverse = (outputDirections?[safe: s] ?? 0) == 1
            let ordered = reverse ? items.reversed() : items
            guard let sample = items.first else {
                throw call.error(.unsupported, "Scan with zero iterations has no output shape")
            }
            let axis = try call.axis(outputAxes?[safe: s] ?? 0, rank: sample.rank + 1)
            guard let stacked = Axes.stack(Array(ordered), axis: axis) else {
                throw call.error(.invalidInput, "scan output \(s) changes type or shape between iterations")
            }
            results.append(stacked)
        }
        return results
    }

    /// Opset 8: input 0 is sequence_lens (optional), every tensor has a batch axis first.
    static func scan8(_ call: KernelCall) throws(InterpreterError) -> [RuntimeValue] {
        let body = try call.graph("body")
        let scanInputCount = try call.int("num_scan_inputs") ?? 0
        var all: [NDArray] = []
        for i in 1..<call.inputCount { all.append(try call.tensor(i)) }
        guard (1...max(1, all.count)).contains(scanInputCount) else {
            throw call.error(.invalidAttribute, "num_scan_inputs \(scanInputCount) does not fit \(all.count) inputs")
        }
        let stateCount = all.count - scanInputCount
        guard stateCount >= 0, let batch = all.first?.shape.first else {
            throw call.error(.invalidAttribute, "num_scan_inputs does not fit the inputs")
        }
        for (i, x) in all.enumerated() where x.shape.first != batch {
            throw call.error(.invalidInput, "input \(i + 1) has shape \(x.shape); every input needs the batch axis \(batch) first")
        }
        var perBatch: [[NDArray]] = []
        for b in 0..<batch {
            let slices = all.map { Axes.take($0, axis: 0, index: b) }
            perBatch.append(try run(
                call, body: body, states: Array(slices[..<stateCount]), scanInputs: Array(slices[stateCount...]),
                inputAxes: nil, inputDirections: try call.ints("directions"), outputAxes: nil, outputDirections: nil))
        }
        var results: [RuntimeValue] = []
        for o in 0..<(perBatch.first?.count ?? 0) {
            guard let stacked = Axes.stack(perBatch.map { $0[o] }, axis: 0) else {
                throw call.error(.invalidInput, "outputs differ in shape between batch entries")
            }
            results.append(.tensor(stacked))
        }
        return results
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}
