extension Kernels {
    /// Reshape: 0 copies the input size (unless allowzero), -1 is inferred.
    static let reshape: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        return [.tensor(x.reshaped(try Kernels.reshaped(call, x.shape)))]
    }

    /// Reshape's output shape for an input of `shape`.
    static func reshaped(_ call: KernelCall, _ shape: [Int]) throws(InterpreterError) -> [Int] {
        let requested: [Int]
        if call.opset < 5 {
            requested = try call.ints("shape") ?? []
        } else {
            guard let s = try call.tensor(1).ints() else { throw call.error(.invalidInput, "shape must be integers") }
            requested = s
        }
        let allowZero = try call.int("allowzero", default: 0) != 0
        return try ShapeMath.reshape(call, shape, requested, allowZero: allowZero)
    }
}

enum ShapeMath {
    /// The target shape of a Reshape of `input` to `requested`.
    static func reshape(_ call: KernelCall, _ input: [Int], _ requested: [Int], allowZero: Bool) throws(InterpreterError) -> [Int] {
        var shape = requested
        var inferred: Int? = nil
        for (axis, size) in requested.enumerated() {
            if size == 0 && !allowZero {
                guard axis < input.count else { throw call.error(.invalidInput, "shape has 0 at axis \(axis) beyond the input rank") }
                shape[axis] = input[axis]
            } else if size == -1 {
                guard inferred == nil else { throw call.error(.invalidInput, "shape has more than one -1") }
                inferred = axis
            } else if size < 0 {
                throw call.error(.invalidInput, "shape has a negative size \(size)")
            }
        }
        let total = input.reduce(1, *)
        if let axis = inferred {
            var known = 1
            for (i, size) in shape.enumerated() where i != axis {
                let (product, overflow) = known.multipliedReportingOverflow(by: size)
                guard !overflow else { throw call.error(.invalidInput, "shape \(requested) overflows") }
                known = product
            }
            guard known != 0, total % known == 0 else {
                throw call.error(.invalidInput, "cannot reshape \(input) to \(requested)")
            }
            shape[axis] = total / known
        }
        guard try call.checkedCount(shape) == total else {
            throw call.error(.invalidInput, "cannot reshape \(input) (\(total) elements) to \(requested)")
        }
        return shape
    }
}
