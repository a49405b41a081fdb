extension Kernels {
    /// DepthToSpace: moves blocks of channels into b×b spatial blocks of an NCHW tensor; DCR
    /// (default) takes the block offset from the outer part of the channel, CRD from the inner.
    static let depthToSpace: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let b = try call.int("blocksize") ?? 0
        guard x.rank == 4, b >= 1, b <= 1 << 16, b <= x.shape[1] else {
            throw call.error(.invalidInput, "needs an NCHW input and a blocksize of 1 or more, got \(x.shape) and \(b)")
        }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        guard x.count > 0 else { throw call.error(.invalidInput, "input \(x.shape) has no elements") }
        guard c % (b * b) == 0 else { throw call.error(.invalidInput, "channels \(c) are not a multiple of \(b * b)") }
        let mode = try call.string("mode", default: "DCR")
        let inner: NDArray
        switch mode {
        case "DCR": inner = Axes.transpose(x.reshaped([n, b, b, c / (b * b), h, w]), [0, 3, 4, 1, 5, 2])
        case "CRD": inner = Axes.transpose(x.reshaped([n, c / (b * b), b, b, h, w]), [0, 1, 4, 2, 5, 3])
        default: throw call.error(.invalidAttribute, "mode '\(mode)' is not DCR or CRD")
        }
        return [.tensor(inner.reshaped([n, c / (b * b), h * b, w * b]))]
    }

    /// SpaceToDepth: the inverse of DepthToSpace, moving b×b spatial blocks into channels
    /// (DCR by default; CRD keeps the source channel outermost).
    static let spaceToDepth: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let b = try call.int("blocksize") ?? 0
        guard x.rank == 4, b >= 1, b <= 1 << 16, b <= max(x.shape[2], x.shape[3], 1) else {
            throw call.error(.invalidInput, "needs an NCHW input and a blocksize of 1 or more, got \(x.shape) and \(b)")
        }
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        guard x.count > 0 else { throw call.error(.invalidInput, "input \(x.shape) has no elements") }
        guard h % b == 0, w % b == 0 else {
            throw call.error(.invalidInput, "spatial sizes \(h)×\(w) are not multiples of \(b)")
        }
        let mode = try call.string("mode", default: "DCR")
        let split = x.reshaped([n, c, h / b, b, w / b, b])
        let moved: NDArray
        switch mode {
        case "DCR": moved = Axes.transpose(split, [0, 3, 5, 1, 2, 4])
        case "CRD": moved = Axes.transpose(split, [0, 1, 3, 5, 2, 4])
        default: throw call.error(.invalidAttribute, "mode '\(mode)' is not DCR or CRD")
        }
        return [.tensor(moved.reshaped([n, c * b * b, h / b, w / b]))]
    }
}
