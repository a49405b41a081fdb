// Fast float32 elementwise ops: plain loops over contiguous chunks, run in parallel.
// Binary ops take the fast path for equal shapes and for a one-element operand, and go
// through broadcast source indices otherwise.

import CFastKernels
import Foundation

extension FastKernels {
    static let add = binary("Add", .add, +)
    static let sub = binary("Sub", .sub, -)
    static let mul = binary("Mul", .mul, *)
    static let div = binary("Div", .div, /)

    static let relu: Kernel = FastSupport.override("Relu") { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype == .float32, let values = x.floats else { return nil }
        let out = values.withUnsafeBufferPointer { p in
            FastSupport.floats(count: p.count) { base in
                let shared = FastSupport.SharedPointer(base: base)
                FastSupport.parallelChunks(p.count) { range in
                    for i in range {
                        let v = p[i]
                        shared.base[i] = v > 0 ? v : (v.isNaN ? v : 0)
                    }
                }
            }
        }
        return [.tensor(NDArray(out, shape: x.shape))]
    }
    /// Clip of float32, with the reference's bounds (attributes before opset 11, inputs after).
    static let clip: Kernel = FastSupport.override("Clip") { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype == .float32, let values = x.floats else { return nil }
        let (low, high, _, _) = try Kernels.clipBounds(call, x)
        // Float bounds of a float32 Clip are float32 values (or infinities), so the Double
        // comparison of the reference gives the same result in Float.
        let activation = FastConv.Activation.clip(Float(low), Float(high))
        return [.tensor(FastElementwise.map(values, shape: x.shape) { activation.apply($0) })]
    }
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
            // The loop is written out so that FastMath.gelu inlines into it and it vectorises.
            let out = values.withUnsafeBufferPointer { p in
                FastSupport.floats(count: p.count) { base in
                    let shared = FastSupport.SharedPointer(base: base)
                    FastSupport.parallelChunks(p.count) { range in
                        let x = p.baseAddress! + range.lowerBound, y = shared.base + range.lowerBound
                        if FastSupport.avx512 {
                            mshub_gelu_f32(x, y, Int64(range.count))
                        } else {
                            for i in 0..<range.count { y[i] = FastMath.gelu(x[i]) }
                        }
                    }
                }
            }
            return [.tensor(NDArray(out, shape: x.shape))]
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

    static func binary(_ op: String, _ code: FastElementwise.Binary, _ f: @escaping @Sendable (Float, Float) -> Float) -> Kernel {
        FastSupport.override(op) { call throws(InterpreterError) in
            let a = try call.tensor(0), b = try call.tensor(1)
            guard a.dtype == .float32, b.dtype == .float32, let av = a.floats, let bv = b.floats,
                let shape = Broadcast.shape([a.shape, b.shape])
            else { return nil }
            let count = try call.checkedCount(shape)
            let out: [Float]
            if a.shape == b.shape {
                out = FastElementwise.combine(code, av, bv, count: count, scalarA: false, scalarB: false)
            } else if bv.count == 1, a.shape == shape {
                out = FastElementwise.combine(code, av, bv, count: count, scalarA: false, scalarB: true)
            } else if av.count == 1, b.shape == shape {
                out = FastElementwise.combine(code, av, bv, count: count, scalarA: true, scalarB: false)
            } else if a.shape == shape, FastElementwise.isTrailing(b.shape, of: shape), !bv.isEmpty {
                // A bias-like operand repeating along the leading axes.
                out = FastElementwise.repeating(code, av, bv, count: count, repeatedFirst: false)
            } else if b.shape == shape, FastElementwise.isTrailing(a.shape, of: shape), !av.isEmpty {
                out = FastElementwise.repeating(code, bv, av, count: count, repeatedFirst: true)
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
    enum Binary { case add, sub, mul, div }

    /// `full op small` (or `small op full` when `repeatedFirst`), `small` repeating along the
    /// leading axes: row by row of `small.count` elements.
    static func repeating(_ op: Binary, _ full: [Float], _ small: [Float], count: Int, repeatedFirst: Bool) -> [Float] {
        let period = small.count
        return full.withUnsafeBufferPointer { pf in
            small.withUnsafeBufferPointer { ps in
                FastSupport.floats(count: count) { base in
                    let shared = FastSupport.SharedPointer(base: base)
                    FastSupport.parallelChunks(count / period, chunk: max(1, FastSupport.chunk / period)) { rows in
                        for r in rows {
                            let out = shared.base + r * period
                            let f = pf.baseAddress! + r * period
                            switch (op, repeatedFirst) {
                            case (.add, _): for j in 0..<period { out[j] = f[j] + ps[j] }
                            case (.mul, _): for j in 0..<period { out[j] = f[j] * ps[j] }
                            case (.sub, false): for j in 0..<period { out[j] = f[j] - ps[j] }
                            case (.sub, true): for j in 0..<period { out[j] = ps[j] - f[j] }
                            case (.div, false): for j in 0..<period { out[j] = f[j] / ps[j] }
                            case (.div, true): for j in 0..<period { out[j] = ps[j] / f[j] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `a op b` over `count` elements, either operand possibly a single element, in tight loops.
    static func combine(_ op: Binary, _ a: [Float], _ b: [Float], count: Int, scalarA: Bool, scalarB: Bool) -> [Float] {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                FastSupport.floats(count: count) { base in
                    let shared = FastSupport.SharedPointer(base: base)
                    FastSupport.parallelChunks(count) { range in
                        let out = shared.base
                        if scalarB {
                            let s = pb[0]
                            switch op {
                            case .add: for i in range { out[i] = pa[i] + s }
                            case .sub: for i in range { out[i] = pa[i] - s }
                            case .mul: for i in range { out[i] = pa[i] * s }
                            case .div: for i in range { out[i] = pa[i] / s }
                            }
                        } else if scalarA {
                            let s = pa[0]
                            switch op {
                            case .add: for i in range { out[i] = s + pb[i] }
                            case .sub: for i in range { out[i] = s - pb[i] }
                            case .mul: for i in range { out[i] = s * pb[i] }
                            case .div: for i in range { out[i] = s / pb[i] }
                            }
                        } else {
                            switch op {
                            case .add: for i in range { out[i] = pa[i] + pb[i] }
                            case .sub: for i in range { out[i] = pa[i] - pb[i] }
                            case .mul: for i in range { out[i] = pa[i] * pb[i] }
                            case .div: for i in range { out[i] = pa[i] / pb[i] }
                            }
                        }
                    }
                }
            }
        }
    }

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

    @inline(__always)
    static func map(_ values: [Float], shape: [Int], _ f: (Float) -> Float) -> NDArray {
        let out = values.withUnsafeBufferPointer { p in
            FastSupport.floats(count: p.count) { base in
                let shared = FastSupport.SharedPointer(base: base)
                FastSupport.parallelChunks(p.count) { range in
                    for i in range { shared.base[i] = f(p[i]) }
                }
            }
        }
        return NDArray(out, shape: shape)
    }
}
