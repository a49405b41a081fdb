extension Kernels {
    /// CumSum: running sums along the axis given as input 1, optionally exclusive (the sum
    /// before each element) and/or in reverse.
    static let cumSum: Kernel = { call throws(InterpreterError) in
        [.tensor(try ShapeSupport.cumulative(call, product: false))]
    }
}

extension ShapeSupport {
    /// The running sums (or products) along the axis given as input 1 of CumSum/CumProd,
    /// with their `exclusive` (the total before each element: 0, or 1 for products) and
    /// `reverse` attributes. Integers wrap.
    static func cumulative(_ call: KernelCall, product: Bool) throws(InterpreterError) -> NDArray {
        let x = try call.tensor(0)
        guard x.dtype != .bool, x.dtype != .string else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
        guard x.rank > 0 else { throw call.error(.invalidInput, "input must have rank 1 or more") }
        let axis = try call.axis(try scalarInt(call, try call.tensor(1), "axis"), rank: x.rank)
        let exclusive = try call.int("exclusive", default: 0) != 0
        let reverse = try call.int("reverse", default: 0) != 0
        if x.count == 0 { return x }
        let size = x.shape[axis]
        let outer = ShapeSupport.product(x.shape[..<axis])
        let inner = ShapeSupport.product(x.shape[(axis + 1)...])
        func run<T>(_ v: [T], identity: T, _ combine: (T, T) -> T) -> [T] {
            var out = v
            for o in 0..<outer {
                for i in 0..<inner {
                    var total = identity
                    for s in 0..<size {
                        let step = reverse ? size - 1 - s : s
                        let p = (o * size + step) * inner + i
                        if exclusive {
                            out[p] = total
                            total = combine(total, v[p])
                        } else {
                            total = combine(total, v[p])
                            out[p] = total
                        }
                    }
                }
            }
            return out
        }
        let result: Numbers
        switch try numbers(call, x) {
        case .doubles(let v): result = .doubles(product ? run(v, identity: 1, *) : run(v, identity: 0, +))
        case .integers(let v): result = .integers(product ? run(v, identity: 1, &*) : run(v, identity: 0, &+))
        case .unsigned(let v): result = .unsigned(product ? run(v, identity: 1, &*) : run(v, identity: 0, &+))
        }
        return try array(call, result, dtype: x.dtype, shape: x.shape)
    }
}
