extension Kernels {
    /// Transpose: `perm` (default: the axes reversed) must be a permutation of the axes.
    static let transpose: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let perm = try call.ints("perm") ?? Array((0..<x.rank).reversed())
        guard perm.count == x.rank, Set(perm).count == perm.count, perm.allSatisfy({ $0 >= 0 && $0 < x.rank }) else {
            throw call.error(.invalidAttribute, "perm \(perm) is not a permutation of \(x.rank) axes")
        }
        return [.tensor(Axes.transpose(x, perm))]
    }
}
