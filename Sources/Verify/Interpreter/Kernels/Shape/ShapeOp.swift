extension Kernels {
    /// Shape: the input's sizes as int64, optionally only axes start..<end (opset 15; negative
    /// counts from the end, out-of-range values clamped).
    static let shape: Kernel = { call throws(InterpreterError) in
        let value = try call.value(0)
        guard case .tensor(let x) = value else {
            throw call.error(.invalidInput, "input must be a tensor, not \(value.summary)")
        }
        return [.tensor(try Kernels.sizes(call, x.shape))]
    }

    /// Shape's output for an input of `shape`.
    static func sizes(_ call: KernelCall, _ shape: [Int]) throws(InterpreterError) -> NDArray {
        let rank = shape.count
        func clamp(_ v: Int) -> Int {
            let n = v < 0 ? v &+ rank : v
            return min(max(n, 0), rank)
        }
        let start = clamp(try call.int("start", default: 0))
        let end = clamp(try call.int("end") ?? rank)
        let sizes = start < end ? Array(shape[start..<end]) : []
        return NDArray(sizes.map { Int64($0) }, shape: [sizes.count])
    }

    /// Size: the input's element count as an int64 scalar.
    static let size: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        return [.tensor(.scalar(Int64(x.count)))]
    }
}
