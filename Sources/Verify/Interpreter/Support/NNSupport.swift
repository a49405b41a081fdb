// Shared helpers of the neural-network kernels (matrix products, softmax family, RNNs,
// attention, losses, sampling): float-only input reading, output building, and the
// outer × axis × inner decomposition that axis-wise ops iterate over.

import Foundation
import GraphIR

enum NN {
    /// The elements of a floating-point input as Double; other element types are unsupported.
    static func floats(_ call: KernelCall, _ x: NDArray, _ what: String) throws(InterpreterError) -> [Double] {
        guard x.dtype.isFloatingPoint, let values = x.doubles() else {
            throw call.error(.unsupported, "\(what): \(x.dtype) is not supported (floating-point types only)")
        }
        return values
    }

    /// An array of `dtype` from Doubles (rounded once), after checking the element count.
    static func output(_ call: KernelCall, _ values: [Double], _ dtype: DType, _ shape: [Int]) throws(InterpreterError)
        -> NDArray
    {
        guard let out = NDArray.fromDoubles(values, dtype: dtype, shape: shape) else {
            throw call.error(.unsupported, "\(dtype) output is not supported")
        }
        return out
    }

    /// The product of `sizes`, or nil on overflow or a negative size.
    static func product<S: Sequence>(_ sizes: S) -> Int? where S.Element == Int {
        var p = 1
        for s in sizes {
            guard s >= 0 else { return nil }
            let (r, o) = p.multipliedReportingOverflow(by: s)
            if o { return nil }
            p = r
        }
        return p
    }

    /// (outer, size, inner) of `shape` around `axis` (the shape is one of a real array, so the
    /// products cannot overflow).
    static func split(_ shape: [Int], axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// A required int attribute, or an error.
    static func requiredInt(_ call: KernelCall, _ name: String) throws(InterpreterError) -> Int {
        guard let v = try call.int(name) else { throw call.error(.invalidAttribute, "attribute '\(name)' is required") }
        return v
    }

    /// The float element types the RNN/attention kernels accept.
    static func requireSameType(_ call: KernelCall, _ arrays: [NDArray?], as dtype: DType) throws(InterpreterError) {
        for case let a? in arrays where a.dtype != dtype {
            throw call.error(.invalidInput, "inputs mix \(dtype) and \(a.dtype)")
        }
    }

    /// Softmax over the `n` contiguous entries of `x` from `base`, each intermediate result
    /// (difference, exponential, sum, quotient) passed through `round`. A row whose maximum
    /// is -inf (every entry masked) becomes all zeros.
    /// With `roundEachAdd` the sum is rounded after every addition (a sequential reduction in
    /// the narrow type), else once.
    static func softmaxRow(
        _ x: inout [Double], base: Int, n: Int, round: (Double) -> Double = { $0 }, roundEachAdd: Bool = false
    ) {
        guard n > 0 else { return }
        var m = -Double.infinity
        for j in 0..<n where x[base + j] > m || x[base + j].isNaN { m = x[base + j] }
        if m == -.infinity {
            for j in 0..<n { x[base + j] = 0 }
            return
        }
        var s = 0.0
        for j in 0..<n {
            let e = round(Foundation.exp(round(x[base + j] - m)))
            x[base + j] = e
            s = roundEachAdd ? round(s + e) : s + e
        }
        s = round(s)
        for j in 0..<n { x[base + j] = round(x[base + j] / s) }
    }

    /// Rounding to a 16-bit float type (float16, bfloat16), identity for wider types. Kernels
    /// whose spec is a chain of ops each producing the input type use it to round where those
    /// ops would, so that 16-bit results match the spec's function body.
    static func narrowRounding(_ dtype: DType) -> (Double) -> Double {
        switch dtype {
        case .float16: return { Double(Float16($0)) }
        case .bfloat16: return { Double(Float(bitPattern: UInt32(SmallFormats.bfloat16Bits($0)) << 16)) }
        default: return { $0 }
        }
    }
}

/// The shared driver of RNN, GRU and LSTM: reads and checks the common inputs and attributes,
/// walks directions, batch rows and time steps (honouring `layout`, `direction` and
/// `sequence_lens`), and lays out Y, Y_h and (for LSTM) Y_c. The op's cell updates one batch
/// row's hidden (and cell) state from one input vector.
enum Recurrent {
    typealias Activation = (Double) -> Double

    struct Setup {
        var seq = 0, batch = 0, input = 0, hidden = 0, dirs = 1
        var layout = 0
        var reverse = [false]
        var x: [Double] = []
        var w: [Double] = [], r: [Double] = [], b: [Double] = []
        var activations: [[Activation]] = []
        var clip: Double? = nil
        var dtype: DType = .float32
    }

    /// The cell: (setup, direction, x_t, h (in/out), c (in/out)).
    typealias Cell = (Setup, Int, ArraySlice<Double>, inout [Double], inout [Double]) -> Void

    static func activation(_ call: KernelCall, _ name: String, alpha: Double?, beta: Double?) throws(InterpreterError)
        -> (Activation, usesAlpha: Bool, usesBeta: Bool)
    {
        switch name.lowercased() {
        case "relu": return ({ max($0, 0) }, false, false)
        case "tanh": return ({ Foundation.tanh($0) }, false, false)
        case "sigmoid": return ({ 1 / (1 + Foundation.exp(-$0)) }, false, false)
        case "affine":
            let a = alpha ?? 1, b = beta ?? 0
            return ({ a * $0 + b }, true, true)
        case "leakyrelu":
            let a = alpha ?? 0.01
            return ({ $0 >= 0 ? $0 : a * $0 }, true, false)
        case "thresholdedrelu":
            let a = alpha ?? 1
            return ({ $0 > a ? $0 : 0 }, true, false)
        case "scaledtanh":
            let a = alpha ?? 1, b = beta ?? 1
            return ({ a * Foundation.tanh(b * $0) }, true, true)
        case "hardsigmoid":
            let a = alpha ?? 0.2, b = beta ?? 0.5
            return ({ max(0, min(1, a * $0 + b)) }, true, true)
        case "elu":
            let a = alpha ?? 1
            return ({ $0 >= 0 ? $0 : a * (Foundation.exp($0) - 1) }, true, false)
        case "softsign": return ({ $0 / (1 + abs($0)) }, false, false)
        case "softplus": return ({ Foundation.log(1 + Foundation.exp($0)) }, false, false)
        default: throw call.error(.unsupported, "activation '\(name)' is not supported")
        }
    }

    /// Reads the common inputs. `gates` is the number of gate blocks in W/R (1, 3 or 4).
    static func setup(_ call: KernelCall, gates: Int, defaults: [String]) throws(InterpreterError) -> Setup {
        var s = Setup()
        let x = try call.tensor(0), w = try call.tensor(1), r = try call.tensor(2)
        s.dtype = x.dtype
        s.x = try NN.floats(call, x, "X")
        try NN.requireSameType(call, [w, r, try call.optionalTensor(3)], as: x.dtype)
        s.layout = call.opset >= 14 ? try call.int("layout", default: 0) : 0
        guard s.layout == 0 || s.layout == 1 else { throw call.error(.invalidAttribute, "layout must be 0 or 1") }
        guard x.rank == 3 else { throw call.error(.invalidInput, "X must be 3-D, got \(x.shape)") }
        (s.seq, s.batch) = s.layout == 0 ? (x.shape[0], x.shape[1]) : (x.shape[1], x.shape[0])
        s.input = x.shape[2]
        let direction = try call.string("direction", default: "forward")
        switch direction {
        case "forward": s.reverse = [false]
        case "reverse": s.reverse = [true]
        case "bidirectional": s.reverse = [false, true]
        default: throw call.error(.invalidAttribute, "direction '\(direction)' is not forward, reverse or bidirectional")
        }
        s.dirs = s.reverse.count
        guard w.rank == 3, w.shape[0] == s.dirs, w.shape[2] == s.input, w.shape[1] % gates == 0 else {
            throw call.error(.invalidInput, "W \(w.shape) does not fit X \(x.shape) with \(s.dirs) direction(s)")
        }
        s.hidden = w.shape[1] / gates
        if let h = try call.int("hidden_size"), h != s.hidden {
            throw call.error(.invalidInput, "hidden_size \(h) does not match W \(w.shape)")
        }
        guard r.shape == [s.dirs, gates * s.hidden, s.hidden] else {
            throw call.error(.invalidInput, "R \(r.shape) does not fit hidden size \(s.hidden)")
        }
        s.w = try NN.floats(call, w, "W")
        s.r = try NN.floats(call, r, "R")
        if let b = try call.optionalTensor(3) {
            guard b.shape == [s.dirs, 2 * gates * s.hidden] else {
                throw call.error(.invalidInput, "B \(b.shape) does not fit hidden size \(s.hidden)")
            }
            s.b = try NN.floats(call, b, "B")
        } else {
            s.b = [Double](repeating: 0, count: s.dirs * 2 * gates * s.hidden)
        }
        if let c = try call.float("clip") {
            guard c > 0 else { throw call.error(.invalidAttribute, "clip must be positive") }
            s.clip = Double(c)
        }
        let names = try call.strings("activations") ?? []
        let perDir = defaults.count
        var list = names.isEmpty ? Array(repeating: defaults, count: s.dirs).flatMap { $0 } : names
        if list.count == perDir && s.dirs == 2 { list += list }
        guard list.count == perDir * s.dirs else {
            throw call.error(.invalidAttribute, "expected \(perDir * s.dirs) activations, got \(list.count)")
        }
        let alphas = (try call.floats("activation_alpha") ?? []).map(Double.init)
        let betas = (try call.floats("activation_beta") ?? []).map(Double.init)
        var ai = 0, bi = 0
        var fs: [Activation] = []
        for name in list {
            let (f, ua, ub) = try activation(
                call, name, alpha: ai < alphas.count ? alphas[ai] : nil, beta: bi < betas.count ? betas[bi] : nil)
            if ua { ai += 1 }
            if ub { bi += 1 }
            fs.append(f)
        }
        s.activations = (0..<s.dirs).map { Array(fs[($0 * perDir)..<(($0 + 1) * perDir)]) }
        return s
    }

    /// A state input of shape [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]) as
    /// [dirs][batch][hidden] flattened, or zeros.
    static func state(_ call: KernelCall, _ index: Int, _ s: Setup) throws(InterpreterError) -> [Double] {
        let n = s.dirs * s.batch * s.hidden
        guard let t = try call.optionalTensor(index) else { return [Double](repeating: 0, count: n) }
        guard t.dtype == s.dtype else { throw call.error(.invalidInput, "input \(index) has type \(t.dtype)") }
        let expected = s.layout == 0 ? [s.dirs, s.batch, s.hidden] : [s.batch, s.dirs, s.hidden]
        guard t.shape == expected else { throw call.error(.invalidInput, "input \(index) \(t.shape) is not \(expected)") }
        let v = try NN.floats(call, t, "initial state")
        if s.layout == 0 { return v }
        var out = [Double](repeating: 0, count: n)
        for d in 0..<s.dirs { for b in 0..<s.batch { for j in 0..<s.hidden {
            out[(d * s.batch + b) * s.hidden + j] = v[(b * s.dirs + d) * s.hidden + j]
        } } }
        return out
    }

    /// Runs every direction and batch row; returns Y, Y_h and Y_c (when `cellState`).
    static func run(
        _ call: KernelCall, _ s: Setup, initialH: [Double], initialC: [Double], cellState: Bool, cell: Cell
    ) throws(InterpreterError) -> [RuntimeValue] {
        var lengths = [Int](repeating: s.seq, count: s.batch)
        if let t = try call.optionalTensor(4) {
            guard t.dtype == .int32 || t.dtype == .int64, t.shape == [s.batch], let v = t.ints() else {
                throw call.error(.invalidInput, "sequence_lens must be int32 of shape [\(s.batch)]")
            }
            for l in v where l < 0 || l > s.seq { throw call.error(.invalidInput, "sequence length \(l) is outside [0, \(s.seq)]") }
            lengths = v
        }
        let yShape = s.layout == 0 ? [s.seq, s.dirs, s.batch, s.hidden] : [s.batch, s.seq, s.dirs, s.hidden]
        let hShape = s.layout == 0 ? [s.dirs, s.batch, s.hidden] : [s.batch, s.dirs, s.hidden]
        let yCount = try call.checkedCount(yShape)
        var y = [Double](repeating: 0, count: yCount)
        var yh = [Double](repeating: 0, count: s.dirs * s.batch * s.hidden)
        var yc = yh
        for d in 0..<s.dirs {
            for b in 0..<s.batch {
                let base = (d * s.batch + b) * s.hidden
                var h = Array(initialH[base..<(base + s.hidden)])
                var c = Array(initialC[base..<(base + s.hidden)])
                let n = lengths[b]
                for step in 0..<n {
                    let t = s.reverse[d] ? n - 1 - step : step
                    let xo = s.layout == 0 ? (t * s.batch + b) * s.input : (b * s.seq + t) * s.input
                    cell(s, d, s.x[xo..<(xo + s.input)], &h, &c)
                    let yo = s.layout == 0 ? ((t * s.dirs + d) * s.batch + b) * s.hidden
                        : ((b * s.seq + t) * s.dirs + d) * s.hidden
                    for j in 0..<s.hidden { y[yo + j] = h[j] }
                }
                let ho = s.layout == 0 ? base : (b * s.dirs + d) * s.hidden
                for j in 0..<s.hidden {
                    yh[ho + j] = h[j]
                    yc[ho + j] = c[j]
                }
            }
        }
        var out: [RuntimeValue] = [
            .tensor(try NN.output(call, y, s.dtype, yShape)), .tensor(try NN.output(call, yh, s.dtype, hShape)),
        ]
        if cellState { out.append(.tensor(try NN.output(call, yc, s.dtype, hShape))) }
        return out
    }

    /// Row `row` of gate block `gate` of the [dirs, gates·hidden, cols] matrix `m` dotted with `v`.
    @inline(__always)
    static func dot(_ m: [Double], dir: Int, rows: Int, cols: Int, row: Int, _ v: ArraySlice<Double>) -> Double {
        let o = (dir * rows + row) * cols
        var s = 0.0
        var k = v.startIndex
        for i in 0..<cols {
            s += m[o + i] * v[k]
            k += 1
        }
        return s
    }

    @inline(__always)
    static func clipped(_ v: Double, _ clip: Double?) -> Double {
        guard let clip else { return v }
        return max(-clip, min(clip, v))
    }
}
