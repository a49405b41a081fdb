// The cuda backend's kernels, like the fast backend's: overrides of reference kernels for
// float32 tensors. Each runs on the GPU what it handles (its output stays there as a
// `DeviceTensor` for the next kernel) and hands anything else — other element types, attribute
// combinations it does not implement, empty tensors, and every error report — to the reference
// kernel of its op, so the two backends agree on what is valid.
//
// This file: the shared plumbing and the elementwise ops (unary with attributes, and binary
// with numpy broadcasting through per-operand strides).

import GraphIR

/// Namespace of the cuda backend's kernels.
enum CUDAKernels {}

enum CUDASupport {
    /// A kernel that runs `body` and falls back to the reference kernel of `op` when it returns nil.
    static func override(
        _ op: String, _ body: @escaping @Sendable (KernelCall) throws(InterpreterError) -> [RuntimeValue]?
    ) -> Kernel {
        { call throws(InterpreterError) in
            if let result = try body(call) { return result }
            return try FastSupport.reference(op, call)
        }
    }

    /// A stand-in for the GPU that tests install for the task they run in (a host emulation of
    /// the kernels and of cuBLAS); nil in normal use.
    @TaskLocal static var emulator: (any CUDAExecutor)? = nil

    /// The device (or the test's emulator); why the backend cannot run, otherwise.
    static func executor() -> Result<any CUDAExecutor, CUDAError> {
        if let emulator { return .success(emulator) }
        return CUDARuntime.shared.map { $0 as any CUDAExecutor }
    }

    /// Runs `body` on the device (or the test's emulator); a CUDA failure becomes an error located at the node.
    static func device<T>(_ call: KernelCall, _ body: (CUDASession) throws(CUDAError) -> T) throws(InterpreterError) -> T {
        let executor: any CUDAExecutor
        switch Self.executor() {
        case .success(let found): executor = found
        case .failure(let error): throw call.error(.unsupported, "the cuda backend is unavailable: \(error)")
        }
        do throws(CUDAError) {
            return try CUDASession.run(on: executor, body)
        } catch {
            throw call.error(.device, "CUDA: \(error)")
        }
    }

    /// Waits for the work queued on the device (profiling), reporting a kernel that failed at this node.
    static func synchronize(label: String, index: Int, node: Node) throws(InterpreterError) {
        guard case .success(let executor) = Self.executor() else { return }
        do throws(CUDAError) {
            try executor.exclusive { () throws(CUDAError) in try executor.synchronize() }
        } catch {
            throw InterpreterError(.device, "CUDA: \(error)", graph: label, nodeIndex: index, nodeName: node.name, op: node.op)
        }
    }

    /// Input `index` as a kernel operand when it is a non-empty float32 tensor, on the device or
    /// on the host (then uploaded when the kernel runs); nil for anything else, which the
    /// reference kernel handles or reports.
    static func operand(_ call: KernelCall, _ index: Int) -> DeviceTensor? {
        switch call.raw(index) {
        case .device(let tensor)?: return tensor.dtype == .float32 && tensor.count > 0 ? tensor : nil
        case .tensor(let array)?: return DeviceTensor.resident(array)
        default: return nil
        }
    }

    /// The largest rank the kernels' shape structs hold.
    static let maxRank = 8

    /// A `Strided` struct (see `CUDAKernelSource.prelude`): `shape` and each operand's strides along it.
    static func strided(_ shape: [Int], _ a: [Int], _ b: [Int] = []) -> CUDAArgument {
        func padded(_ values: [Int]) -> [Int64] {
            values.map(Int64.init) + [Int64](repeating: 0, count: maxRank - values.count)
        }
        return .int64s([Int64(shape.count)] + padded(shape) + padded(a) + padded(b.isEmpty ? a.map { _ in 0 } : b))
    }

    /// The element strides of an operand of `shape` broadcast to `target` (0 along broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = NDArray.strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            let source = axis - offset
            guard source >= 0 else { return 0 }
            return shape[source] == 1 && target[axis] != 1 ? 0 : own[source]
        }
    }

}

extension CUDAKernels {
    /// A unary float32 kernel. `choose` picks the device kernel and its two attribute values
    /// from the call, or returns nil to leave the call to the reference kernel.
    static func unary(
        _ op: String, _ choose: @escaping @Sendable (KernelCall) throws(InterpreterError) -> (String, Double, Double)?
    ) -> Kernel {
        CUDASupport.override(op) { call throws(InterpreterError) in
            guard let x = CUDASupport.operand(call, 0), let (kernel, p, q) = try choose(call) else { return nil }
            let out = try CUDASupport.device(call) { device throws(CUDAError) in
                let y = try device.output(x.shape, count: x.count)
                try device.launch(
                    kernel, elements: x.count, [.pointer(try device.address(x)), .pointer(try device.address(y)), .int(x.count), .double(p), .double(q)])
                return y
            }
            return [.device(out)]
        }
    }

    /// A unary kernel without attributes.
    static func unary(_ op: String, _ kernel: String) -> Kernel { unary(op) { _ throws(InterpreterError) in (kernel, 0, 0) } }

    /// A float attribute widened to Double, as the reference reads it.
    static func attribute(_ call: KernelCall, _ name: String, _ fallback: Float) throws(InterpreterError) -> Double {
        Double(try call.float(name, default: fallback))
    }

    static var elementwiseGroup: [(String, Kernel)] {
        var group: [(String, Kernel)] = [
            ("Relu", "mshub_relu"), ("Neg", "mshub_neg"), ("Abs", "mshub_abs"), ("Reciprocal", "mshub_reciprocal"),
            ("Floor", "mshub_floor"), ("Ceil", "mshub_ceil"), ("Round", "mshub_round"), ("Sqrt", "mshub_sqrt"),
            ("Exp", "mshub_exp"), ("Log", "mshub_log"), ("Sin", "mshub_sin"), ("Cos", "mshub_cos"), ("Tan", "mshub_tan"),
            ("Asin", "mshub_asin"), ("Acos", "mshub_acos"), ("Atan", "mshub_atan"), ("Sinh", "mshub_sinh"),
            ("Cosh", "mshub_cosh"), ("Tanh", "mshub_tanh"), ("Asinh", "mshub_asinh"), ("Acosh", "mshub_acosh"),
            ("Atanh", "mshub_atanh"), ("Erf", "mshub_erf"), ("Sign", "mshub_sign"), ("Sigmoid", "mshub_sigmoid"),
            ("Softplus", "mshub_softplus"), ("Softsign", "mshub_softsign"), ("Mish", "mshub_mish"),
            ("HardSwish", "mshub_hardswish"),
        ].map { op, kernel in (op, unary(op, kernel)) }
        group += [
            ("Gelu", gelu), ("LeakyRelu", leakyRelu), ("Elu", elu), ("Selu", selu), ("Celu", celu),
            ("HardSigmoid", hardSigmoid), ("ThresholdedRelu", thresholdedRelu), ("Shrink", shrink), ("Swish", swish),
            ("Clip", clip),
            ("Add", binary("Add", "mshub_add")), ("Sub", binary("Sub", "mshub_sub")), ("Mul", binary("Mul", "mshub_mul")),
            ("Div", binary("Div", "mshub_div")), ("PRelu", binary("PRelu", "mshub_prelu", unidirectional: true)),
        ]
        return group
    }

    static let gelu = unary("Gelu") { call throws(InterpreterError) in
        switch try call.string("approximate", default: "none") {
        case "none": return ("mshub_gelu", 0, 0)
        case "tanh": return ("mshub_gelu_tanh", 0, 0)
        default: return nil
        }
    }
    static let leakyRelu = unary("LeakyRelu") { call throws(InterpreterError) in ("mshub_leaky_relu", try attribute(call, "alpha", 0.01), 0) }
    static let elu = unary("Elu") { call throws(InterpreterError) in ("mshub_elu", try attribute(call, "alpha", 1), 0) }
    static let selu = unary("Selu") { call throws(InterpreterError) in
        ("mshub_selu", try attribute(call, "alpha", 1.67326319217681884765625), try attribute(call, "gamma", 1.05070102214813232421875))
    }
    static let celu = unary("Celu") { call throws(InterpreterError) in
        let alpha = try attribute(call, "alpha", 1)
        return alpha == 0 ? nil : ("mshub_celu", alpha, 0)
    }
    static let hardSigmoid = unary("HardSigmoid") { call throws(InterpreterError) in
        ("mshub_hard_sigmoid", try attribute(call, "alpha", 0.2), try attribute(call, "beta", 0.5))
    }
    static let thresholdedRelu = unary("ThresholdedRelu") { call throws(InterpreterError) in
        ("mshub_thresholded_relu", try attribute(call, "alpha", 1), 0)
    }
    static let shrink = unary("Shrink") { call throws(InterpreterError) in
        ("mshub_shrink", try attribute(call, "lambd", 0.5), try attribute(call, "bias", 0))
    }
    static let swish = unary("Swish") { call throws(InterpreterError) in ("mshub_swish", try attribute(call, "alpha", 1), 0) }

    /// Clip: bounds from attributes before opset 11, from optional one-element inputs after.
    static let clip = unary("Clip") { call throws(InterpreterError) in
        if call.opset < 11 {
            return ("mshub_clip", try attribute(call, "min", -Float.greatestFiniteMagnitude),
                    try attribute(call, "max", Float.greatestFiniteMagnitude))
        }
        var bounds: [Double] = [-.infinity, .infinity]
        for index in [1, 2] {
            guard let bound = try call.optionalTensor(index) else { continue }
            guard bound.dtype == .float32, bound.count == 1, let value = bound.floats?.first else { return nil }
            bounds[index - 1] = Double(value)
        }
        return ("mshub_clip", bounds[0], bounds[1])
    }

    /// A binary float32 kernel with numpy broadcasting (or, `unidirectional`, the second operand
    /// broadcast to the first's shape, as PRelu requires).
    static func binary(_ op: String, _ kernel: String, unidirectional: Bool = false) -> Kernel {
        CUDASupport.override(op) { call throws(InterpreterError) in
            guard let a = CUDASupport.operand(call, 0), let b = CUDASupport.operand(call, 1),
                let shape = Broadcast.shape([a.shape, b.shape]), shape.count <= CUDASupport.maxRank,
                !unidirectional || shape == a.shape
            else { return nil }
            let count = try call.checkedCount(shape)
            let out = try CUDASupport.device(call) { device throws(CUDAError) in
                let pa = try device.address(a), pb = try device.address(b)
                let y = try device.output(shape, count: count)
                let output = try device.address(y)
                if a.shape == b.shape {
                    try device.launch("\(kernel)_same", elements: count, [.pointer(pa), .pointer(pb), .pointer(output), .int(count)])
                } else {
                    let layout = CUDASupport.strided(
                        shape, CUDASupport.broadcastStrides(a.shape, to: shape), CUDASupport.broadcastStrides(b.shape, to: shape))
                    try device.launch(kernel, elements: count, [.pointer(pa), .pointer(pb), .pointer(output), .int(count), layout])
                }
                return y
            }
            return [.device(out)]
        }
    }
}
