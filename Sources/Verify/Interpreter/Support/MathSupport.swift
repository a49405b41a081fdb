// Shared bodies of the math family: typed output construction, dtype-aware integer helpers,
// n-ary broadcasting, axis reductions and element conversions for Cast and quantisation.

import Foundation
import GraphIR

enum MathSupport {
    // MARK: Output construction

    /// An array of `dtype` from Doubles, or an `.unsupported` error naming the type.
    static func array(
        _ call: KernelCall, _ values: [Double], _ dtype: DType, _ shape: [Int]
    ) throws(InterpreterError) -> NDArray {
        guard let out = NDArray.fromDoubles(values, dtype: dtype, shape: shape) else {
            throw call.error(.unsupported, "\(dtype) result is not supported")
        }
        return out
    }

    /// An array of `dtype` from Int64s (wrapping to the width), or an `.unsupported` error.
    static func array(
        _ call: KernelCall, ints values: [Int64], _ dtype: DType, _ shape: [Int]
    ) throws(InterpreterError) -> NDArray {
        guard let out = NDArray.fromInt64s(values, dtype: dtype, shape: shape) else {
            throw call.error(.unsupported, "\(dtype) result is not supported")
        }
        return out
    }

    /// Whether integer math in Int64 represents `dtype` (every integer type and bool).
    static func isIntegral(_ dtype: DType) -> Bool { dtype.isInteger || dtype == .bool }

    /// Whether `dtype` is an unsigned integer type (its Int64 form of uint64 is a bit pattern).
    static func isUnsigned(_ dtype: DType) -> Bool {
        switch dtype {
        case .uint2, .uint4, .uint8, .uint16, .uint32, .uint64, .bool: return true
        default: return false
        }
    }

    /// Refuses strings and complex numbers for arithmetic.
    static func requireNumeric(_ call: KernelCall, _ arrays: [NDArray], allowBool: Bool = false) throws(InterpreterError) {
        for x in arrays where x.dtype == .string || x.dtype.isComplex || (x.dtype == .bool && !allowBool) {
            throw call.error(.unsupported, "\(x.dtype) input is not supported")
        }
    }

    /// Three-way comparison of two integers of `dtype` held as Int64 (uint64 as bit patterns).
    static func compare(_ a: Int64, _ b: Int64, _ dtype: DType) -> Int {
        if dtype == .uint64 {
            let x = UInt64(bitPattern: a), y = UInt64(bitPattern: b)
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        return a < b ? -1 : (a == b ? 0 : 1)
    }

    /// NaN-propagating maximum and minimum (numpy's `maximum`/`minimum`).
    static func maximum(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : (a >= b ? a : b) }
    static func minimum(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : (a <= b ? a : b) }

    // MARK: Variadic broadcasting

    /// Folds `arrays` (same dtype, broadcast together) elementwise with `float` (Double) or
    /// `int` (Int64, for integer types); `finish` maps the Double result (e.g. Mean's division).
    static func variadic(
        _ call: KernelCall, _ arrays: [NDArray], float: (Double, Double) -> Double,
        int: ((Int64, Int64) -> Int64)?, finish: ((Double) -> Double)? = nil, allowBool: Bool = false
    ) throws(InterpreterError) -> NDArray {
        guard let first = arrays.first else { throw call.error(.invalidInput, "at least one input is required") }
        for x in arrays where x.dtype != first.dtype {
            throw call.error(.invalidInput, "inputs have different types, \(first.dtype) and \(x.dtype)")
        }
        try requireNumeric(call, arrays, allowBool: allowBool)
        let shape = try Elementwise.broadcastShape(call, arrays)
        let count = shape.reduce(1, *)
        let indices = arrays.map { Broadcast.sourceIndices(from: $0.shape, to: shape) }
        if isIntegral(first.dtype), let int, finish == nil {
            var out = [Int64](repeating: 0, count: count)
            for (k, x) in arrays.enumerated() {
                guard let v = x.int64s() else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
                let idx = indices[k]
                if k == 0 {
                    for i in 0..<count { out[i] = v[idx[i]] }
                } else {
                    for i in 0..<count { out[i] = int(out[i], v[idx[i]]) }
                }
            }
            return try array(call, ints: out, first.dtype, shape)
        }
        var out = [Double](repeating: 0, count: count)
        for (k, x) in arrays.enumerated() {
            guard let v = x.doubles() else { throw call.error(.unsupported, "\(x.dtype) is not supported") }
            let idx = indices[k]
            if k == 0 {
                for i in 0..<count { out[i] = v[idx[i]] }
            } else {
                for i in 0..<count { out[i] = float(out[i], v[idx[i]]) }
            }
        }
        if let finish { out = out.map(finish) }
        return try array(call, out, first.dtype, shape)
    }

    // MARK: Reductions

    /// The axes a reduction runs over: normalised, sorted, without repeats. Nil axes (or empty
    /// with `noop` false) mean every axis; empty with `noop` true means none.
    static func reductionAxes(
        _ call: KernelCall, _ axes: [Int]?, rank: Int, noop: Bool
    ) throws(InterpreterError) -> [Int] {
        guard let axes, !axes.isEmpty else { return noop ? [] : Array(0..<rank) }
        var seen = Set<Int>()
        for a in axes {
            let normalised = a < 0 ? a + rank : a
            guard normalised >= 0, normalised < max(rank, 1) else {
                throw call.error(.invalidAttribute, "axis \(a) is out of range for rank \(rank)")
            }
            guard seen.insert(normalised).inserted else {
                throw call.error(.invalidAttribute, "axis \(a) is repeated")
            }
        }
        return seen.sorted()
    }

    /// For a reduction of `shape` over `axes`: the kept-dims output shape and, for each input
    /// element (row-major), the flat index of the output element it contributes to.
    static func reductionMap(_ shape: [Int], axes: [Int]) -> (outShape: [Int], target: [Int]) {
        var outShape = shape
        for a in axes where a < shape.count { outShape[a] = 1 }
        if shape.isEmpty { return ([], [0]) }
        // Broadcasting the output back over the input gives exactly the mapping wanted.
        return (outShape, Broadcast.sourceIndices(from: outShape, to: shape))
    }

    /// The output shape without or with the reduced axes.
    static func finalShape(_ keptShape: [Int], axes: [Int], keepdims: Bool) -> [Int] {
        if keepdims { return keptShape }
        return keptShape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }
}

// MARK: - Conversions for Cast and quantisation

enum MathConversion {
    /// The float8e8m0 code of `value` under ONNX's rounding modes ("up", "down", "nearest"),
    /// taken from the float32 exponent (the format has no sign: the magnitude is used).
    static func e8m0(_ value: Double, roundMode: String, saturate: Bool) -> UInt8 {
        let f = Float(value)
        if f.isNaN { return 0xFF }
        if f.isInfinite { return 0xFF }  // infinities have no code; the spec maps them to NaN
        let bits = f.bitPattern
        var exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        switch roundMode {
        case "up": if mantissa != 0 { exponent += 1 }
        case "nearest":
            // Round half up, except that an exact half with a zero exponent field stays down.
            if mantissa & 0x40_0000 != 0 && (mantissa & 0x3F_FFFF != 0 || exponent > 0) { exponent += 1 }
        default: break
        }
        if exponent >= 0xFF { return saturate ? 0xFE : 0xFF }
        return UInt8(exponent)
    }

    /// Parses a number the way numpy's `astype` reads a string: decimal or scientific, with
    /// `nan`/`inf`/`infinity` in any case and an optional sign. Nil when it is not a number.
    static func parse(_ bytes: [UInt8]) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        var body = Substring(text)
        var negative = false
        if let s = body.first, s == "+" || s == "-" {
            negative = s == "-"
            body = body.dropFirst()
        }
        let lower = body.lowercased()
        if lower == "nan" { return .nan }
        if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
        guard !lower.isEmpty, lower.allSatisfy({ "0123456789.e+-".contains($0) }), let v = Double(lower) else {
            return nil
        }
        return negative ? -v : v
    }

    /// The fewest significant digits (scientific form) that read back to the same float16:
    /// Swift's own description prints large float16 integers in full ("53024.0") where numpy
    /// prints the shortest form ("5.302e+04").
    static func shortestHalf(_ value: Double) -> String {
        let half = Float16(value)
        for digits in 1...8 {
            let text = String(format: "%.\(digits - 1)e", Double(half))
            if let back = Double(text), Float16(back) == half { return text }
        }
        return "\(half)"
    }

    /// A float printed as numpy's `str` prints a scalar of that width: the shortest text that
    /// reads back to the same value, positional for 1e-4 ≤ |x| < 10^digits (1e3 for
    /// float16, 1e6 for float32, 1e16 for float64), scientific otherwise.
    static func format(_ value: Double, as dtype: DType) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let shortest: String
        switch dtype {
        case .float32: shortest = "\(Float(value))"
        case .float16: shortest = shortestHalf(value)
        default: shortest = "\(value)"
        }
        // Split Swift's shortest form into digits and a decimal exponent, then lay it out.
        var mantissaPart = shortest
        var exponent = 0
        if let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(shortest[shortest.index(after: e)...]) ?? 0
            mantissaPart = String(shortest[..<e])
        }
        let negative = mantissaPart.hasPrefix("-")
        if negative { mantissaPart.removeFirst() }
        let parts = mantissaPart.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var pointPosition = intPart.count + exponent  // digits before the decimal point
        let leadingZeros = digits.prefix { $0 == "0" }.count
        if leadingZeros == digits.count { return (negative ? "-" : "") + "0.0" }
        digits.removeFirst(leadingZeros)
        pointPosition -= leadingZeros
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        let magnitude = abs(value)
        let sign = negative ? "-" : ""
        // numpy switches to scientific at 10^(decimal digits of the type): 1e3, 1e6, 1e16.
        let upper: Double = dtype == .float16 ? 1e3 : (dtype == .float64 ? 1e16 : 1e6)
        if magnitude >= 1e-4 && magnitude < upper {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= digits.count {
                return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            let cut = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + String(digits[..<cut]) + "." + String(digits[cut...])
        }
        let e = pointPosition - 1
        let head = String(digits.prefix(1))
        let tail = String(digits.dropFirst())
        let exponentText = (e < 0 ? "-" : "+") + (abs(e) < 10 ? "0" : "") + String(abs(e))
        return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + exponentText
    }
}
