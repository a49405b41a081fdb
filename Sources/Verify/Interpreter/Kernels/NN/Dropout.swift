// Dropout. In inference (no training_mode, or training_mode false; before opset 7 `is_test`)
// and in training with ratio 0 it is the identity with an all-true mask. Training with a
// positive ratio draws random numbers, which a reference backend cannot reproduce: refused.

extension Kernels {
    static let dropout: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        var ratio = Double(try call.float("ratio", default: 0.5))
        if call.opset >= 12, let r = try call.optionalTensor(1) {
            guard r.count == 1, r.dtype.isFloatingPoint, let v = r.doubles()?.first else {
                throw call.error(.invalidInput, "ratio must be a floating-point scalar")
            }
            ratio = v
        }
        var training = false
        if call.opset >= 12, let t = try call.optionalTensor(2) {
            guard t.count == 1, t.dtype == .bool, let v = t.bools?.first else {
                throw call.error(.invalidInput, "training_mode must be a bool scalar")
            }
            training = v
        } else if call.opset < 7 {
            training = try call.int("is_test", default: 0) == 0
        }
        guard ratio >= 0, ratio < 1 else { throw call.error(.invalidInput, "ratio \(ratio) is outside [0, 1)") }
        if training && ratio > 0 {
            throw call.error(.unsupported, "training-mode Dropout with ratio \(ratio) is random")
        }
        let mask: NDArray
        if call.opset >= 10 {
            mask = NDArray([Bool](repeating: true, count: x.count), shape: x.shape)
        } else {
            guard let ones = NDArray.fromDoubles([Double](repeating: 1, count: x.count), dtype: x.dtype, shape: x.shape)
            else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
            mask = ones
        }
        return [.tensor(x), .tensor(mask)]
    }
}
