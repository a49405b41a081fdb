// The broadcasting arithmetic ops other than Add: Sub, Mul, Div, Mod, Pow. Floats compute in
// Double and round once; integers compute in Int64 and wrap to their width, except that
// division or remainder by zero is an error (ONNX leaves it undefined; we refuse it).

import Foundation
import GraphIR

extension Kernels {
    /// Sub: a - b.
    static let sub: Kernel = { call throws(InterpreterError) in
        [.tensor(try Elementwise.binary(call, try call.tensor(0), try call.tensor(1), float: -, int: { a, b in a &- b }))]
    }

    /// Mul: a * b.
    static let mul: Kernel = { call throws(InterpreterError) in
        [.tensor(try Elementwise.binary(call, try call.tensor(0), try call.tensor(1), float: *, int: { a, b in a &* b }))]
    }

    /// Div: a / b; integers truncate toward zero.
    static let divOp: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), b = try call.tensor(1)
        let unsigned64 = a.dtype == .uint64
        let out = try Elementwise.binary(call, a, b, float: /, int: { x, y throws(InterpreterError) in
            guard y != 0 else { throw call.error(.invalidInput, "integer division by zero") }
            if unsigned64 { return Int64(bitPattern: UInt64(bitPattern: x) / UInt64(bitPattern: y)) }
            return x.dividedReportingOverflow(by: y).partialValue
        })
        return [.tensor(out)]
    }

    /// Mod: with fmod = 0 the result takes the divisor's sign (integers only, as numpy's `mod`);
    /// with fmod = 1 the dividend's (C's `fmod`).
    static let mod: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), b = try call.tensor(1)
        let fmodMode = try call.int("fmod", default: 0)
        guard fmodMode == 0 || fmodMode == 1 else { throw call.error(.invalidAttribute, "fmod must be 0 or 1") }
        let unsigned64 = a.dtype == .uint64
        let out = try Elementwise.binary(
            call, a, b,
            float: { x, y in
                let r = Foundation.fmod(x, y)
                if fmodMode == 1 || r == 0 || r.isNaN { return r }
                return (r < 0) != (y < 0) ? r + y : r
            },
            int: { x, y throws(InterpreterError) in
                guard y != 0 else { throw call.error(.invalidInput, "integer remainder by zero") }
                if unsigned64 { return Int64(bitPattern: UInt64(bitPattern: x) % UInt64(bitPattern: y)) }
                let r = x.remainderReportingOverflow(dividingBy: y).partialValue
                if fmodMode == 1 || r == 0 { return r }
                return (r < 0) != (y < 0) ? r &+ y : r
            })
        return [.tensor(out)]
    }

    /// Pow: base ** exponent; the result has the base's type. Integer ** integer is exact with
    /// wrapping; any float operand computes in Double.
    static let powOp: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), b = try call.tensor(1)
        try MathSupport.requireNumeric(call, [a, b])
        let intPow: ((Int64, Int64) throws(InterpreterError) -> Int64)? =
            MathSupport.isIntegral(a.dtype) && MathSupport.isIntegral(b.dtype)
            ? { x, y throws(InterpreterError) in MathKernelsPow.power(x, y) } : nil
        let out = try Elementwise.binary(
            call, a, b, resultType: a.dtype, float: { x, y in Foundation.pow(x, y) }, int: intPow, sameType: false)
        return [.tensor(out)]
    }
}

enum MathKernelsPow {
    /// x ** y in Int64 with wrapping; a negative exponent gives the truncated reciprocal.
    static func power(_ x: Int64, _ y: Int64) -> Int64 {
        if y < 0 {
            if x == 1 { return 1 }
            if x == -1 { return y & 1 == 0 ? 1 : -1 }
            return 0
        }
        var result: Int64 = 1, base = x, e = y
        while e > 0 {
            if e & 1 == 1 { result = result &* base }
            base = base &* base
            e >>= 1
        }
        return result
    }
}
