// RNN (Elman): H_t = f(X_t·Wᵀ + H_{t-1}·Rᵀ + Wb + Rb), f defaulting to Tanh.

extension Kernels {
    static let rnn: Kernel = { call throws(InterpreterError) in
        let s = try Recurrent.setup(call, gates: 1, defaults: ["Tanh"])
        let h0 = try Recurrent.state(call, 5, s)
        let hid = s.hidden
        return try Recurrent.run(call, s, initialH: h0, initialC: h0, cellState: false) { s, d, x, h, _ in
            var next = [Double](repeating: 0, count: hid)
            let bias = d * 2 * hid
            for j in 0..<hid {
                var v = Recurrent.dot(s.w, dir: d, rows: hid, cols: s.input, row: j, x)
                v += Recurrent.dot(s.r, dir: d, rows: hid, cols: hid, row: j, h[...])
                v += s.b[bias + j] + s.b[bias + hid + j]
                next[j] = s.activations[d][0](Recurrent.clipped(v, s.clip))
            }
            h = next
        }
    }
}
