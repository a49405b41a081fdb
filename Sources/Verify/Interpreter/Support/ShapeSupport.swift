// Helpers shared by the shape and data-movement kernels: reading integer lists from inputs and
// attributes, normalising axes, and computing the element positions a data-movement op reads.
//
// Data movement never does arithmetic on elements: a kernel computes, for every output element,
// the flat position of the input element it copies, and `ArrayStorage.gathered` does the rest for
// every element type alike.

import Formats
import GraphIR

enum ShapeSupport {
    /// The elements of an integer tensor as Ints; `.invalidInput` for non-integer types.
    static func ints(_ call: KernelCall, _ array: NDArray, _ what: String) throws(InterpreterError) -> [Int] {
        guard array.dtype.isInteger, let values = array.int64s() else {
            throw call.error(.invalidInput, "\(what) must be an integer tensor, not \(array.dtype)")
        }
        var out: [Int] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard let i = Int(exactly: v) else { throw call.error(.invalidInput, "\(what) value \(v) is out of range") }
            out.append(i)
        }
        return out
    }

    /// The single integer of a one-element tensor.
    static func scalarInt(_ call: KernelCall, _ array: NDArray, _ what: String) throws(InterpreterError) -> Int {
        let values = try ints(call, array, what)
        guard values.count == 1 else {
            throw call.error(.invalidInput, "\(what) must hold one element, not \(array.shape)")
        }
        return values[0]
    }

    /// An int list from input `index` when present (opset at or above `inputSince`), else from
    /// the attribute `name`; nil when neither is given.
    static func intsFromInputOrAttribute(
        _ call: KernelCall, input index: Int, attribute name: String, inputSince: Int
    ) throws(InterpreterError) -> [Int]? {
        if call.opset >= inputSince {
            guard let t = try call.optionalTensor(index) else { return nil }
            return try ints(call, t, name)
        }
        return try call.ints(name)
    }

    /// `axes` normalised for `rank` (negative counts from the end); duplicates are refused.
    static func axes(_ call: KernelCall, _ axes: [Int], rank: Int) throws(InterpreterError) -> [Int] {
        var out: [Int] = []
        for a in axes {
            let n = a < 0 ? a &+ rank : a
            guard n >= 0, n < rank else {
                throw call.error(.invalidInput, "axis \(a) is out of range for rank \(rank)")
            }
            guard !out.contains(n) else { throw call.error(.invalidInput, "axis \(a) is repeated") }
            out.append(n)
        }
        return out
    }

    /// Product of sizes: 0 when any size is 0, else the product saturated at Int.max. An array
    /// with no elements may have other sizes whose product overflows, so kernels return early on
    /// an empty input or output before looping over partial products.
    static func product<C: Collection>(_ sizes: C) -> Int where C.Element == Int {
        if sizes.contains(0) { return 0 }
        var out = 1
        for s in sizes {
            let (p, o) = out.multipliedReportingOverflow(by: s)
            if o { return Int.max }
            out = p
        }
        return out
    }

    /// An array of `x`'s type with no elements and the given shape.
    static func empty(_ x: NDArray, shape: [Int]) -> NDArray {
        NDArray(dtype: x.dtype, shape: shape, storage: x.storage.gathered([]))
    }

    /// Row-major positions of a strided view: output element at index `i` reads
    /// `offset + sum(i[axis] * strides[axis])`. `shape` must be checked first. The running
    /// position wraps on overflow (a stride may be huge on an axis of length 1); every position
    /// handed out is a true in-range one.
    static func stridedPositions(shape: [Int], strides: [Int], offset: Int) -> [Int] {
        let count = product(shape)
        var out = [Int](repeating: 0, count: count)
        guard count > 0 else { return out }
        let rank = shape.count
        if rank == 0 { return [offset] }
        var index = [Int](repeating: 0, count: rank)
        var position = offset
        for i in 0..<count {
            out[i] = position
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                position &+= strides[axis]
                if index[axis] < shape[axis] { break }
                position &-= strides[axis] &* shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }

    /// Calls `body` with every multi-index of `shape` in row-major order.
    static func forEachIndex(_ shape: [Int], _ body: ([Int]) throws(InterpreterError) -> Void) throws(InterpreterError)
    {
        let count = product(shape)
        guard count > 0 else { return }
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<count {
            try body(index)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// `x` with its elements picked at `positions` and reshaped to `shape`.
    static func gather(_ x: NDArray, _ positions: [Int], shape: [Int]) -> NDArray {
        NDArray(dtype: x.dtype, shape: shape, storage: x.storage.gathered(positions))
    }

    /// `count` copies of the single element of `value`.
    static func filled(_ value: NDArray, shape: [Int], count: Int) -> NDArray {
        NDArray(dtype: value.dtype, shape: shape, storage: value.storage.gathered([Int](repeating: 0, count: count)))
    }

    /// A one-element array of `dtype` holding zero (false, the empty string).
    static func zero(_ call: KernelCall, _ dtype: DType) throws(InterpreterError) -> NDArray {
        guard let z = NDArray.zeros(dtype, shape: []) else {
            throw call.error(.unsupported, "\(dtype) is not supported")
        }
        return z
    }

    /// `x` and `extra` joined into one storage, so that positions at or past `x.count` read `extra`.
    static func joined(_ call: KernelCall, _ x: NDArray, _ extra: NDArray) throws(InterpreterError) -> ArrayStorage {
        guard x.dtype == extra.dtype, let s = ArrayStorage.concatenated([x.storage, extra.storage]) else {
            throw call.error(.invalidInput, "value of \(extra.dtype) does not match the input's \(x.dtype)")
        }
        return s
    }

    /// Normalises an index into `0..<size` (negative counts from the end), or nil when out of range.
    static func index(_ i: Int, size: Int) -> Int? {
        let n = i < 0 ? i &+ size : i
        return n >= 0 && n < size ? n : nil
    }

    /// Numbers of `x` in the domain its type computes in: Double for floats, Int64 otherwise.
    enum Numbers {
        case doubles([Double])
        case integers([Int64])
        case unsigned([UInt64])
    }

    static func numbers(_ call: KernelCall, _ x: NDArray) throws(InterpreterError) -> Numbers {
        if case .uint64(let a) = x.storage { return .unsigned(a) }
        if x.dtype.isInteger || x.dtype == .bool, let v = x.int64s() { return .integers(v) }
        if x.dtype.isFloatingPoint, let v = x.doubles() { return .doubles(v) }
        throw call.error(.unsupported, "\(x.dtype) elements are not supported")
    }

    static func array(_ call: KernelCall, _ numbers: Numbers, dtype: DType, shape: [Int]) throws(InterpreterError)
        -> NDArray
    {
        let result: NDArray?
        switch numbers {
        case .doubles(let v): result = NDArray.fromDoubles(v, dtype: dtype, shape: shape)
        case .integers(let v): result = NDArray.fromInt64s(v, dtype: dtype, shape: shape)
        case .unsigned(let v): result = NDArray(dtype: .uint64, shape: shape, storage: .uint64(v))
        }
        guard let result else { throw call.error(.unsupported, "\(dtype) results are not supported") }
        return result
    }

    /// The runtime value's tensor, or an error naming what it is instead.
    static func tensor(_ call: KernelCall, _ value: RuntimeValue, _ what: String) throws(InterpreterError) -> NDArray {
        guard case .tensor(let t) = value else {
            throw call.error(.invalidInput, "\(what) must be a tensor, not \(value.summary)")
        }
        return t
    }

    /// Input `index` as a sequence.
    static func sequence(_ call: KernelCall, _ index: Int) throws(InterpreterError) -> (
        items: [RuntimeValue], type: DType?
    ) {
        let value = try call.value(index)
        guard case .sequence(let items, let type) = value else {
            throw call.error(.invalidInput, "input \(index) must be a sequence, not \(value.summary)")
        }
        return (items, type)
    }

    /// Concatenation of same-typed arrays along an existing `axis` (all other sizes equal).
    static func concat(_ call: KernelCall, _ parts: [NDArray], axis: Int) throws(InterpreterError) -> NDArray {
        guard let first = parts.first else { throw call.error(.invalidInput, "nothing to concatenate") }
        let rank = first.rank
        var size = 0
        for p in parts {
            guard p.dtype == first.dtype else {
                throw call.error(.invalidInput, "inputs mix \(first.dtype) and \(p.dtype)")
            }
            guard p.rank == rank else { throw call.error(.invalidInput, "inputs have ranks \(rank) and \(p.rank)") }
            for a in 0..<rank where a != axis && p.shape[a] != first.shape[a] {
                throw call.error(
                    .invalidInput, "shapes \(first.shape) and \(p.shape) differ off the concatenation axis")
            }
            let (s, o) = size.addingReportingOverflow(p.shape[axis])
            guard !o else { throw call.error(.invalidInput, "concatenated size overflows") }
            size = s
        }
        var shape = first.shape
        shape[axis] = size
        let count = try call.checkedCount(shape)
        if count == 0 { return empty(first, shape: shape) }
        guard let joined = ArrayStorage.concatenated(parts.map(\.storage)) else {
            throw call.error(.invalidInput, "inputs have different element types")
        }
        let outer = product(first.shape[..<axis])
        let inner = product(first.shape[(axis + 1)...])
        var positions: [Int] = []
        positions.reserveCapacity(count)
        var bases: [Int] = []
        var base = 0
        for p in parts {
            bases.append(base)
            base += p.count
        }
        for o in 0..<outer {
            for (k, p) in parts.enumerated() {
                let chunk = p.shape[axis] * inner
                let start = bases[k] + o * chunk
                for i in 0..<chunk { positions.append(start + i) }
            }
        }
        return NDArray(dtype: first.dtype, shape: shape, storage: joined.gathered(positions))
    }

    /// The part of `x` from `start` to `start + length` along `axis`.
    static func slice(_ x: NDArray, axis: Int, start: Int, length: Int) -> NDArray {
        var shape = x.shape
        shape[axis] = length
        let strides = x.strides
        let positions = stridedPositions(shape: shape, strides: strides, offset: start * strides[axis])
        return gather(x, positions, shape: shape)
    }
}

extension ShapeSupport {
    /// `data` with `updates[i]` written to (or, with a reduction, combined into) flat position
    /// `positions[i]`, in order. Reductions: none, add, mul, max, min.
    static func scatter(
        _ call: KernelCall, _ data: NDArray, _ updates: NDArray, _ positions: [Int], reduction: String
    ) throws(InterpreterError) -> NDArray {
        guard data.dtype == updates.dtype else {
            throw call.error(.invalidInput, "updates are \(updates.dtype), data is \(data.dtype)")
        }
        if reduction == "none" {
            var out = data
            out.storage = Scatter.write(updates.storage, into: data.storage, at: positions)
            return out
        }
        func combine<T: Comparable>(_ target: inout [T], _ source: [T], _ f: (T, T) -> T) {
            for (i, p) in positions.enumerated() { target[p] = f(target[p], source[i]) }
        }
        let numbers: Numbers
        switch (try ShapeSupport.numbers(call, data), try ShapeSupport.numbers(call, updates)) {
        case (.doubles(var t), .doubles(let s)):
            switch reduction {
            case "add": combine(&t, s, +)
            case "mul": combine(&t, s, *)
            case "max": combine(&t, s) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
            case "min": combine(&t, s) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
            default: throw call.error(.invalidAttribute, "reduction '\(reduction)' is not none, add, mul, max or min")
            }
            numbers = .doubles(t)
        case (.integers(var t), .integers(let s)):
            switch reduction {
            case "add": combine(&t, s, &+)
            case "mul": combine(&t, s, &*)
            case "max": combine(&t, s, Swift.max)
            case "min": combine(&t, s, Swift.min)
            default: throw call.error(.invalidAttribute, "reduction '\(reduction)' is not none, add, mul, max or min")
            }
            numbers = .integers(t)
        case (.unsigned(var t), .unsigned(let s)):
            switch reduction {
            case "add": combine(&t, s, &+)
            case "mul": combine(&t, s, &*)
            case "max": combine(&t, s, Swift.max)
            case "min": combine(&t, s, Swift.min)
            default: throw call.error(.invalidAttribute, "reduction '\(reduction)' is not none, add, mul, max or min")
            }
            numbers = .unsigned(t)
        default:
            throw call.error(.unsupported, "\(data.dtype) is not supported")
        }
        return try array(call, numbers, dtype: data.dtype, shape: data.shape)
    }
}

extension ShapeSupport {
    /// The element type of an ONNX `TensorProto.DataType` code, when GraphIR has one.
    static func onnxType(_ code: Int) -> DType? {
        guard let c = Int32(exactly: code), let t = ONNXDataType(code: c) else { return nil }
        return DType(rawValue: t.name)
    }
}

extension ShapeSupport {
    /// The element type of a tensor or sequence value.
    static func elementType(_ value: RuntimeValue) -> DType? {
        switch value {
        case .tensor(let t): return t.dtype
        case .device(let t): return t.dtype
        case .sequence(_, let type): return type
        case .optional(_, let type): return type
        }
    }
}
