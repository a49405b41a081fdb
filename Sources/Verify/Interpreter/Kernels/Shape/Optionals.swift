import GraphIR

extension Kernels {
    /// Optional: wraps the input, or makes an empty optional of the `type` attribute.
    static let optional: Kernel = { call throws(InterpreterError) in
        if call.has(0) {
            let value = try call.value(0)
            return [.optional(value, elementType: ShapeSupport.elementType(value))]
        }
        guard case .type(let type)? = call.attribute("type") else {
            throw call.error(.invalidAttribute, "an Optional without input needs a type attribute")
        }
        return [.optional(nil, elementType: type.dtype)]
    }

    /// OptionalHasElement: whether the optional holds a value (false for an omitted input; true
    /// for a plain tensor or sequence, opset 18 on).
    static let optionalHasElement: Kernel = { call throws(InterpreterError) in
        guard call.has(0) else { return [.tensor(NDArray([false], shape: []))] }
        let value = try call.value(0)
        if case .optional(let item, _) = value { return [.tensor(NDArray([item != nil], shape: []))] }
        return [.tensor(NDArray([true], shape: []))]
    }

    /// OptionalGetElement: the optional's value (an error when empty); a plain tensor or
    /// sequence passes through (opset 18 on).
    static let optionalGetElement: Kernel = { call throws(InterpreterError) in
        let value = try call.value(0)
        if case .optional(let item, _) = value {
            guard let item else { throw call.error(.invalidInput, "the optional is empty") }
            return [item]
        }
        return [value]
    }
}
