// LSTM with gates i, o, f, c (that order in W, R and B) and peepholes P = [i, o, f];
// activations f (Sigmoid), g (Tanh), h (Tanh). input_forget couples the forget gate to 1 − i.

extension Kernels {
    static let lstm: Kernel = { call throws(InterpreterError) in
        let s = try Recurrent.setup(call, gates: 4, defaults: ["Sigmoid", "Tanh", "Tanh"])
        let h0 = try Recurrent.state(call, 5, s)
        let c0 = try Recurrent.state(call, 6, s)
        let hid = s.hidden, rows = 4 * hid
        var p = [Double](repeating: 0, count: s.dirs * 3 * hid)
        if let pt = try call.optionalTensor(7) {
            guard pt.dtype == s.dtype, pt.shape == [s.dirs, 3 * hid] else {
                throw call.error(.invalidInput, "P \(pt.shape) is not [\(s.dirs), \(3 * hid)]")
            }
            p = try NN.floats(call, pt, "P")
        }
        let inputForget = try call.int("input_forget", default: 0) != 0
        let peep = p
        return try Recurrent.run(call, s, initialH: h0, initialC: c0, cellState: true) { s, d, x, h, c in
            let f = s.activations[d][0], g = s.activations[d][1], hAct = s.activations[d][2]
            let wb = d * 2 * rows, rb = wb + rows, pb = d * 3 * hid
            func pre(_ gate: Int, _ j: Int) -> Double {
                let row = gate * hid + j
                return Recurrent.dot(s.w, dir: d, rows: rows, cols: s.input, row: row, x)
                    + Recurrent.dot(s.r, dir: d, rows: rows, cols: hid, row: row, h[...]) + s.b[wb + row] + s.b[rb + row]
            }
            var nextH = [Double](repeating: 0, count: hid), nextC = nextH
            for j in 0..<hid {
                let i = f(Recurrent.clipped(pre(0, j) + peep[pb + j] * c[j], s.clip))
                let fg = inputForget ? 1 - i : f(Recurrent.clipped(pre(2, j) + peep[pb + 2 * hid + j] * c[j], s.clip))
                let cand = g(Recurrent.clipped(pre(3, j), s.clip))
                let cNew = fg * c[j] + i * cand
                let o = f(Recurrent.clipped(pre(1, j) + peep[pb + hid + j] * cNew, s.clip))
                nextC[j] = cNew
                nextH[j] = o * hAct(cNew)
            }
            h = nextH
            c = nextC
        }
    }
}
