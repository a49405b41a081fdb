extension Kernels {
    /// CumProd: running products along the axis given as input 1, optionally exclusive (the
    /// product of the elements before each one, 1 for the first) and/or in reverse.
    static let cumProd: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype != .bool, x.dtype != .string else {
            throw call.error(.unsupported, "\(x.dtype) is not supported")
        }
        guard x.rank > 0 else { throw call.error(.invalidInput, "input must have rank 1 or more") }
        let axis = try call.axis(try ShapeSupport.scalarInt(call, try call.tensor(1), "axis"), rank: x.rank)
        let exclusive = try call.int("exclusive", default: 0) != 0
        let reverse = try call.int("reverse", default: 0) != 0
        if x.count == 0 { return [.tensor(x)] }
        let size = x.shape[axis]
        let outer = ShapeSupport.product(x.shape[..<axis])
        let inner = ShapeSupport.product(x.shape[(axis + 1)...])
        func run<T>(_ v: [T], one: T, _ mul: (T, T) -> T) -> [T] {
            var out = v
            for o in 0..<outer {
                for i in 0..<inner {
                    var total = one
                    for s in 0..<size {
                        let step = reverse ? size - 1 - s : s
                        let p = (o * size + step) * inner + i
                        if exclusive {
                            out[p] = total
                            total = mul(total, v[p])
                        } else {
                            total = mul(total, v[p])
                            out[p] = total
                        }
                    }
                }
            }
            return out
        }
        let result: ShapeSupport.Numbers
        switch try ShapeSupport.numbers(call, x) {
        case .doubles(let v): result = .doubles(run(v, one: 1, *))
        case .integers(let v): result = .integers(run(v, one: 1, &*))
        case .unsigned(let v): result = .unsigned(run(v, one: 1, &*))
        }
        return [.tensor(try ShapeSupport.array(call, result, dtype: x.dtype, shape: x.shape))]
    }
}
