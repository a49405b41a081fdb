extension Kernels {
    /// Unique: the distinct elements (or slices along `axis`), sorted ascending by default or in
    /// order of first occurrence, with the index of each first occurrence, the inverse mapping
    /// and the counts (all int64).
    static let unique: Kernel = { call throws(InterpreterError) in
        var x = try call.tensor(0)
        let sorted = try call.int("sorted", default: 1) != 0
        let axis: Int
        if let requested = try call.int("axis") {
            guard x.rank > 0 else { throw call.error(.invalidInput, "axis given for a scalar") }
            axis = try call.axis(requested, rank: x.rank)
        } else {
            x = x.reshaped([x.count])
            axis = 0
        }
        let size = x.shape[axis]
        if x.count == 0 {
            guard size == 0 else { throw call.error(.invalidInput, "slices of \(x.shape) have no elements") }
            let none = NDArray([Int64](), shape: [0])
            return [.tensor(x), .tensor(none), .tensor(none), .tensor(none)]
        }
        let outer = ShapeSupport.product(x.shape[..<axis])
        let inner = ShapeSupport.product(x.shape[(axis + 1)...])
        // Element e of slice s sits at (o * size + s) * inner + i; compare slices elementwise.
        func element(_ s: Int, _ e: Int) -> Int { ((e / inner) * size + s) * inner + e % inner }
        let width = outer * inner
        let compare: (Int, Int) -> Int
        switch x.storage {
        case .string(let a):
            compare = { p, q in
                let u = a[p]
                let v = a[q]
                if u == v { return 0 }
                return u.lexicographicallyPrecedes(v) ? -1 : 1
            }
        default:
            switch try ShapeSupport.numbers(call, x) {
            case .doubles(let v):
                compare = { p, q in
                    v[p] == v[q] || (v[p].isNaN && v[q].isNaN) ? 0 : (v[p] < v[q] || v[q].isNaN ? -1 : 1)
                }
            case .integers(let v): compare = { p, q in v[p] == v[q] ? 0 : (v[p] < v[q] ? -1 : 1) }
            case .unsigned(let v): compare = { p, q in v[p] == v[q] ? 0 : (v[p] < v[q] ? -1 : 1) }
            }
        }
        func order(_ s: Int, _ t: Int) -> Int {
            for e in 0..<width {
                let c = compare(element(s, e), element(t, e))
                if c != 0 { return c }
            }
            return 0
        }
        // Stable sort of slice numbers; equal runs share one unique entry.
        let byValue = (0..<size).sorted { s, t in
            let c = order(s, t)
            return c != 0 ? c < 0 : s < t
        }
        var groups: [[Int]] = []
        for s in byValue {
            if let last = groups.last, order(last[0], s) == 0 {
                groups[groups.count - 1].append(s)
            } else {
                groups.append([s])
            }
        }
        if !sorted { groups.sort { $0[0] < $1[0] } }
        var inverse = [Int64](repeating: 0, count: size)
        for (g, members) in groups.enumerated() {
            for s in members { inverse[s] = Int64(g) }
        }
        let firsts = groups.map { $0[0] }
        var shape = x.shape
        shape[axis] = firsts.count
        var positions: [Int] = []
        positions.reserveCapacity(outer * firsts.count * inner)
        for o in 0..<outer {
            for s in firsts {
                let base = (o * size + s) * inner
                for i in 0..<inner { positions.append(base + i) }
            }
        }
        let n = firsts.count
        return [
            .tensor(ShapeSupport.gather(x, positions, shape: shape)),
            .tensor(NDArray(firsts.map { Int64($0) }, shape: [n])),
            .tensor(NDArray(inverse, shape: [size])),
            .tensor(NDArray(groups.map { Int64($0.count) }, shape: [n])),
        ]
    }
}
