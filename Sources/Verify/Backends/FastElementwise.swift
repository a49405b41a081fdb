// Fast float32 elementwise ops: plain loops over contiguous chunks, run in parallel.
// Binary ops take the fast path for equal shapes and for a one-element operand, and go
// through broadcast source indices otherwise.

import Foundation

extension FastKernels {
    static let add = binary("Add", +)
    static let sub = binary("Sub", -)
    static let mul = binary("Mul", *)
    static let div = binary("Div", /)

    static let relu = unary("Relu") { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }
    static let sigmoid = unary("Sigmoid") { v in v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v)) }
    static let tanh = unary("Tanh") { tanhf($0) }
    static let exp = unary("Exp") { expf($0) }
    static let erf = unary("Erf") { erff($0) }

    /// Gelu (opset 20): exact (erf) or tanh approximation.
    static let gelu: Kernel = FastSupport.override("Gelu") { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype == .float32, let values = x.floats else { return nil }
        switch try call.string("approximate", default: "none") {
        case "none":
            // erfc keeps precision where 1 + erf cancels (large negative inputs).
            return [.tensor(FastElementwise.map(values, shape: x.shape) { v in 0.5 * v * erfcf(-v * 0.70710678118654752) })]
        case "tanh":
            // 0.5 · (1 + tanh z) = sigmoid(2z), which does not cancel for negative z.
            return [.tensor(FastElementwise.map(values, shape: x.shape) { v in
                let z = 2 * 0.79788456080286536 * (v + 0.044715 * v * v * v)
                return z >= 0 ? v / (1 + expf(-z)) : v * expf(z) / (1 + expf(z))
            })]
        default: return nil
        }
    }

    static func unary(_ op: String, _ f: @escaping @Sendable (Float) -> Float) -> Kernel {
        FastSupport.override(op) { call throws(InterpreterError) in
            let x = try call.tensor(0)
            guard x.dtype == .float32, let values = x.floats else { return nil }
            return [.tensor(FastElementwise.map(values, shape: x.shape, f))]
        }
    }

    static func binary(_ op: String, _ f: @escaping @Sendable (Float, Float) -> Float) -> Kernel {
        FastSupport.override(op) { call throws(InterpreterError) in
            let a = try call.tensor(0), b = try call.tensor(1)
            guard a.dtype == .float32, b.dtype == .float32, let av = a.floats, let bv = b.floats,
                let shape = Broadcast.shape([a.shape, b.shape])
            else { return nil }
            let count = try call.checkedCount(shape)
            let out: [Float]
            if a.shape == b.shape {
                out = FastElementwise.fill(count) { i in f(av[i], bv[i]) }
            } else if bv.count == 1, a.shape == shape {
                let s = bv[0]
                out = FastElementwise.fill(count) { i in f(av[i], s) }
            } else if av.count == 1, b.shape == shape {
                let s = av[0]
                out = FastElementwise.fill(count) { i in f(s, bv[i]) }
            } else if a.shape == shape, FastElementwise.isTrailing(b.shape, of: shape), !bv.isEmpty {
                // A bias-like operand repeating along the leading axes.
                let period = bv.count
                out = FastElementwise.fill(count) { i in f(av[i], bv[i % period]) }
            } else if b.shape == shape, FastElementwise.isTrailing(a.shape, of: shape), !av.isEmpty {
                let period = av.count
                out = FastElementwise.fill(count) { i in f(av[i % period], bv[i]) }
            } else {
                let ia = Broadcast.sourceIndices(from: a.shape, to: shape)
                let ib = Broadcast.sourceIndices(from: b.shape, to: shape)
                out = FastElementwise.fill(count) { i in f(av[ia[i]], bv[ib[i]]) }
            }
            return [.tensor(NDArray(out, shape: shape))]
        }
    }
}

enum FastElementwise {
    /// Whether `small`, less leading 1s, is the trailing part of `shape` (so element i of the
    /// broadcast reads element i mod count of `small`).
    static func isTrailing(_ small: [Int], of shape: [Int]) -> Bool {
        let core = Array(small.drop { $0 == 1 })
        return core.count <= shape.count && Array(shape.suffix(core.count)) == core
    }

    /// `count` floats, element i being `value(i)`, computed in parallel chunks.
    static func fill(_ count: Int, _ value: (Int) -> Float) -> [Float] {
        FastSupport.floats(count: count) { base in
            let shared = FastSupport.SharedPointer(base: base)
            FastSupport.parallelChunks(count) { range in
                for i in range { shared.base[i] = value(i) }
            }
        }
    }

    static func map(_ values: [Float], shape: [Int], _ f: (Float) -> Float) -> NDArray {
        NDArray(values.withUnsafeBufferPointer { p in fill(values.count) { i in f(p[i]) } }, shape: shape)
    }
}
