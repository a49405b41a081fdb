// GRU with gates z, r, h (that order in W, R and B); activations f (Sigmoid) and g (Tanh).
// linear_before_reset applies the reset gate after the recurrent product instead of before.

extension Kernels {
    static let gru: Kernel = { call throws(InterpreterError) in
        let s = try Recurrent.setup(call, gates: 3, defaults: ["Sigmoid", "Tanh"])
        let h0 = try Recurrent.state(call, 5, s)
        let linearBeforeReset = try call.int("linear_before_reset", default: 0) != 0
        let hid = s.hidden, rows = 3 * hid
        return try Recurrent.run(call, s, initialH: h0, initialC: h0, cellState: false) { s, d, x, h, _ in
            let f = s.activations[d][0], g = s.activations[d][1]
            let wb = d * 2 * rows, rb = wb + rows
            var z = [Double](repeating: 0, count: hid), r = z
            for j in 0..<hid {
                let zv = Recurrent.dot(s.w, dir: d, rows: rows, cols: s.input, row: j, x)
                    + Recurrent.dot(s.r, dir: d, rows: rows, cols: hid, row: j, h[...]) + s.b[wb + j] + s.b[rb + j]
                let rv = Recurrent.dot(s.w, dir: d, rows: rows, cols: s.input, row: hid + j, x)
                    + Recurrent.dot(s.r, dir: d, rows: rows, cols: hid, row: hid + j, h[...])
                    + s.b[wb + hid + j] + s.b[rb + hid + j]
                z[j] = f(Recurrent.clipped(zv, s.clip))
                r[j] = f(Recurrent.clipped(rv, s.clip))
            }
            let gated = (0..<hid).map { r[$0] * h[$0] }
            var next = [Double](repeating: 0, count: hid)
            for j in 0..<hid {
                var v = Recurrent.dot(s.w, dir: d, rows: rows, cols: s.input, row: 2 * hid + j, x) + s.b[wb + 2 * hid + j]
                if linearBeforeReset {
                    v += r[j] * (Recurrent.dot(s.r, dir: d, rows: rows, cols: hid, row: 2 * hid + j, h[...])
                        + s.b[rb + 2 * hid + j])
                } else {
                    v += Recurrent.dot(s.r, dir: d, rows: rows, cols: hid, row: 2 * hid + j, gated[...])
                        + s.b[rb + 2 * hid + j]
                }
                let candidate = g(Recurrent.clipped(v, s.clip))
                next[j] = (1 - z[j]) * candidate + z[j] * h[j]
            }
            h = next
        }
    }
}
