// The cuda backend's shape-only ops: Identity, Reshape, Flatten, Squeeze, Unsqueeze and Shape
// on a tensor that is on the device. The output shape comes from the reference kernel's own
// shape rule, and the output shares the input's device buffer, so a Flatten between a pool
// and a Gemm costs no copy. Host tensors go to the reference kernels unchanged.

import GraphIR

extension CUDAKernels {
    static var viewGroup: [(String, Kernel)] {
        [
            ("Identity", view("Identity") { _, shape throws(InterpreterError) in shape }),
            ("Reshape", view("Reshape") { call, shape throws(InterpreterError) in try Kernels.reshaped(call, shape) }),
            ("Flatten", view("Flatten") { call, shape throws(InterpreterError) in try Kernels.flattened(call, shape) }),
            ("Squeeze", view("Squeeze") { call, shape throws(InterpreterError) in try Kernels.squeezed(call, shape) }),
            ("Unsqueeze", view("Unsqueeze") { call, shape throws(InterpreterError) in try Kernels.unsqueezed(call, shape) }),
            ("Shape", shape),
        ]
    }

    /// A kernel that gives a device tensor a new shape (`rule`, from the input's shape); any
    /// other input goes to the reference kernel of `op`.
    static func view(
        _ op: String, _ rule: @escaping @Sendable (KernelCall, [Int]) throws(InterpreterError) -> [Int]
    ) -> Kernel {
        CUDASupport.override(op) { call throws(InterpreterError) in
            guard case .device(let x)? = call.raw(0) else { return nil }
            let shape = try rule(call, x.shape)
            // The rules keep the element count; a shape that does not is the reference's to report.
            guard let count = try? Shape.elementCount(of: shape), count == x.count else { return nil }
            return [.device(x.viewed(as: shape))]
        }
    }

    /// Shape of a device tensor, read from its shape without bringing its elements back.
    static let shape: Kernel = CUDASupport.override("Shape") { call throws(InterpreterError) in
        guard case .device(let x)? = call.raw(0) else { return nil }
        return [.tensor(try Kernels.sizes(call, x.shape))]
    }
}
