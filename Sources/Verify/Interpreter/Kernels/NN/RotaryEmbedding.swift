// RotaryEmbedding: rotates the first rotary_embedding_dim features of each head by
// position-dependent angles given as cos/sin caches. Input is [batch, heads, seq, head] or
// [batch, seq, heads·head] (num_heads required); pairs are (x[i], x[i + dim/2]), or adjacent
// (x[2i], x[2i+1]) when interleaved. Caches are [max_position, dim/2] indexed by
// position_ids [batch, seq], or [batch, seq, dim/2] without position_ids.

extension Kernels {
    static let rotaryEmbedding: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0), cosT = try call.tensor(1), sinT = try call.tensor(2)
        let positions = try call.optionalTensor(3)
        let vx = try NN.floats(call, x, "input")
        let vc = try NN.floats(call, cosT, "cos_cache"), vs = try NN.floats(call, sinT, "sin_cache")
        let interleaved = try call.int("interleaved", default: 0) != 0
        let batch: Int, heads: Int, seq: Int, head: Int
        if x.rank == 4 {
            (batch, heads, seq, head) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        } else if x.rank == 3 {
            let n = try call.int("num_heads", default: 0)
            guard n > 0, x.shape[2] % n == 0 else {
                throw call.error(.invalidAttribute, "num_heads \(n) must be positive and divide \(x.shape[2])")
            }
            (batch, seq, heads, head) = (x.shape[0], x.shape[1], n, x.shape[2] / n)
        } else {
            throw call.error(.invalidInput, "input must be 3-D or 4-D, got \(x.shape)")
        }
        var dim = try call.int("rotary_embedding_dim", default: 0)
        if dim == 0 { dim = head }
        guard dim > 0, dim <= head, dim % 2 == 0 else {
            throw call.error(.invalidAttribute, "rotary_embedding_dim \(dim) must be even and at most \(head)")
        }
        let half = dim / 2
        guard cosT.shape == sinT.shape, cosT.shape.last == half else {
            throw call.error(.invalidInput, "caches \(cosT.shape), \(sinT.shape) must match with last size \(half)")
        }
        var pos: [Int]? = nil
        if let positions {
            guard positions.shape == [batch, seq], cosT.rank == 2, let p = positions.ints() else {
                throw call.error(.invalidInput, "position_ids \(positions.shape) must be [\(batch), \(seq)] with 2-D caches")
            }
            for v in p where v < 0 || v >= cosT.shape[0] {
                throw call.error(.invalidInput, "position id \(v) is outside the cache of \(cosT.shape[0]) rows")
            }
            pos = p
        } else {
            guard cosT.shape == [batch, seq, half] else {
                throw call.error(.invalidInput, "without position_ids the caches must be [\(batch), \(seq), \(half)]")
            }
        }
        var out = vx
        for b in 0..<batch {
            for s in 0..<seq {
                let row = (pos?[b * seq + s] ?? (b * seq + s)) * half
                for h in 0..<heads {
                    let base = x.rank == 4 ? ((b * heads + h) * seq + s) * head : ((b * seq + s) * heads + h) * head
                    for i in 0..<half {
                        let (p1, p2) = interleaved ? (base + 2 * i, base + 2 * i + 1) : (base + i, base + i + half)
                        let c = vc[row + i], sn = vs[row + i]
                        out[p1] = c * vx[p1] - sn * vx[p2]
                        out[p2] = sn * vx[p1] + c * vx[p2]
                    }
                }
            }
        }
        return [.tensor(try NN.output(call, out, x.dtype, x.shape))]
    }
}
