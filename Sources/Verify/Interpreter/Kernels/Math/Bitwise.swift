// Integer bit operations: BitShift, BitwiseAnd/Or/Xor/Not.

import GraphIR

extension Kernels {
    /// BitShift. Unsigned values shift logically; signed ones (opset 24 on) shift
    /// arithmetically to the right. A shift by the width or more leaves 0 (or the sign fill to
    /// the right); a negative shift amount acts like one of the width or more.
    static let bitShift: Kernel = { call throws(InterpreterError) in
        let a = try call.tensor(0), b = try call.tensor(1)
        guard a.dtype.isInteger else { throw call.error(.unsupported, "BitShift on \(a.dtype) is not supported") }
        let direction = try call.string("direction") ?? ""
        guard direction == "LEFT" || direction == "RIGHT" else {
            throw call.error(.invalidAttribute, "direction must be LEFT or RIGHT, not '\(direction)'")
        }
        let left = direction == "LEFT"
        let unsigned = MathSupport.isUnsigned(a.dtype)
        let out = try Elementwise.binary(call, a, b, float: { x, _ in x }, int: { x, y in
            if unsigned {
                let value = UInt64(bitPattern: x), amount = UInt64(bitPattern: y)
                guard amount < 64 else { return 0 }
                return Int64(bitPattern: left ? value << amount : value >> amount)
            }
            guard y >= 0 && y < 64 else { return left || x >= 0 ? 0 : -1 }
            return left ? x << y : x >> y
        })
        return [.tensor(out)]
    }

    static func mathBitwise(_ body: @escaping @Sendable (Int64, Int64) -> Int64) -> Kernel {
        { call throws(InterpreterError) in
            let a = try call.tensor(0), b = try call.tensor(1)
            guard a.dtype.isInteger else { throw call.error(.unsupported, "\(a.dtype) input is not supported") }
            return [.tensor(try Elementwise.binary(call, a, b, float: { x, _ in x }, int: { x, y in body(x, y) }))]
        }
    }

    static let bitwiseAnd = mathBitwise { $0 & $1 }
    static let bitwiseOr = mathBitwise { $0 | $1 }
    static let bitwiseXor = mathBitwise { $0 ^ $1 }

    /// BitwiseNot: the complement within the type's width.
    static let bitwiseNot: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.dtype.isInteger else { throw call.error(.unsupported, "\(x.dtype) input is not supported") }
        return [.tensor(try Elementwise.unary(call, x, float: { $0 }, int: { ~$0 }))]
    }
}
