// Boolean logic (And, Or, Xor, Not) and comparisons (Equal, Less, Greater, LessOrEqual,
// GreaterOrEqual), all with bool results.

import GraphIR

extension Kernels {
    static func mathLogical(_ body: @escaping @Sendable (Bool, Bool) -> Bool) -> Kernel {
        { call throws(InterpreterError) in
            let a = try call.tensor(0), b = try call.tensor(1)
            guard a.dtype == .bool, b.dtype == .bool else {
                throw call.error(.invalidInput, "inputs must be bool, not \(a.dtype) and \(b.dtype)")
            }
            return [.tensor(try Elementwise.predicate(call, a, b, float: { x, y in body(x != 0, y != 0) },
                                                       int: { x, y in body(x != 0, y != 0) }))]
        }
    }

    static let and = mathLogical { $0 && $1 }
    static let or = mathLogical { $0 || $1 }
    static let xor = mathLogical { $0 != $1 }

    /// Not: mathLogical negation of a bool tensor.
    static let not: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard case .bool(let v) = x.storage else { throw call.error(.invalidInput, "input must be bool, not \(x.dtype)") }
        return [.tensor(NDArray(v.map { !$0 }, shape: x.shape))]
    }

    static func mathComparison(_ test: @escaping @Sendable (Int) -> Bool, strings: Bool = false) -> Kernel {
        { call throws(InterpreterError) in
            let a = try call.tensor(0), b = try call.tensor(1)
            if a.dtype == .string && !strings { throw call.error(.unsupported, "string input is not supported") }
            if a.dtype.isComplex { throw call.error(.unsupported, "\(a.dtype) input is not supported") }
            let out = try Elementwise.predicate(
                call, a, b,
                float: { x, y in
                    if x.isNaN || y.isNaN { return test(2) }  // unordered: only "not equal" holds
                    return test(x < y ? -1 : (x == y ? 0 : 1))
                },
                int: { x, y in test(x < y ? -1 : (x == y ? 0 : 1)) },
                string: { x, y in test(x == y ? 0 : 2) })
            return [.tensor(out)]
        }
    }

    static let equal = mathComparison({ $0 == 0 }, strings: true)
    static let less = mathComparison { $0 == -1 }
    static let greater = mathComparison { $0 == 1 }
    static let lessOrEqual = mathComparison { $0 == -1 || $0 == 0 }
    static let greaterOrEqual = mathComparison { $0 == 1 || $0 == 0 }
}
