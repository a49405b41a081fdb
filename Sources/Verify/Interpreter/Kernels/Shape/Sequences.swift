import GraphIR

// The sequence ops share one file: each is a few lines over `RuntimeValue.sequence`.

extension Kernels {
    /// SequenceEmpty: an empty sequence of `dtype` (an ONNX data type code; default float32).
    static let sequenceEmpty: Kernel = { call throws(InterpreterError) in
        var dtype = DType.float32
        if let code = try call.int("dtype") {
            guard let t = ShapeSupport.onnxType(code) else {
                throw call.error(.invalidAttribute, "dtype \(code) is not supported")
            }
            dtype = t
        }
        return [.sequence([], elementType: dtype)]
    }

    /// SequenceConstruct: a sequence of the input tensors, which share one element type.
    static let sequenceConstruct: Kernel = { call throws(InterpreterError) in
        let items = try call.tensors(from: 0)
        guard let first = items.first else { throw call.error(.invalidInput, "SequenceConstruct needs an input") }
        for t in items where t.dtype != first.dtype {
            throw call.error(.invalidInput, "inputs mix \(first.dtype) and \(t.dtype)")
        }
        return [.sequence(items.map { .tensor($0) }, elementType: first.dtype)]
    }

    /// SequenceLength: the number of items, as an int64 scalar.
    static let sequenceLength: Kernel = { call throws(InterpreterError) in
        let (items, _) = try ShapeSupport.sequence(call, 0)
        return [.tensor(.scalar(Int64(items.count)))]
    }

    /// SequenceAt: the item at `position` (negative counts from the end).
    static let sequenceAt: Kernel = { call throws(InterpreterError) in
        let (items, _) = try ShapeSupport.sequence(call, 0)
        let position = try ShapeSupport.scalarInt(call, try call.tensor(1), "position")
        guard let i = ShapeSupport.index(position, size: items.count) else {
            throw call.error(.invalidInput, "position \(position) is out of range for \(items.count) items")
        }
        return [items[i]]
    }

    /// SequenceInsert: the sequence with a tensor inserted at `position` (default: the end;
    /// negative counts from the end; the length itself is allowed).
    static let sequenceInsert: Kernel = { call throws(InterpreterError) in
        var (items, type) = try ShapeSupport.sequence(call, 0)
        let item = try call.tensor(1)
        if let type, type != item.dtype {
            throw call.error(.invalidInput, "cannot insert \(item.dtype) into a sequence of \(type)")
        }
        var at = items.count
        if let p = try call.optionalTensor(2) {
            let position = try ShapeSupport.scalarInt(call, p, "position")
            let n = position < 0 ? position &+ items.count : position
            guard n >= 0, n <= items.count else {
                throw call.error(.invalidInput, "position \(position) is out of range for \(items.count) items")
            }
            at = n
        }
        items.insert(.tensor(item), at: at)
        return [.sequence(items, elementType: type ?? item.dtype)]
    }

    /// SequenceErase: the sequence without the item at `position` (default: the last).
    static let sequenceErase: Kernel = { call throws(InterpreterError) in
        var (items, type) = try ShapeSupport.sequence(call, 0)
        var at = items.count - 1
        if let p = try call.optionalTensor(1) {
            at = try ShapeSupport.scalarInt(call, p, "position")
        }
        guard let i = ShapeSupport.index(at, size: items.count) else {
            throw call.error(.invalidInput, "position \(at) is out of range for \(items.count) items")
        }
        items.remove(at: i)
        return [.sequence(items, elementType: type)]
    }

    /// SplitToSequence: cuts the input along `axis` into pieces of the given lengths (a 1-D
    /// `split`), of one length with a shorter last piece (a scalar `split`), or into pieces of
    /// length 1, with the axis dropped unless `keepdims` (only without `split`).
    static let splitToSequence: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard x.rank > 0 else { throw call.error(.invalidInput, "a scalar cannot be split") }
        let axis = try call.axis(try call.int("axis", default: 0), rank: x.rank)
        let size = x.shape[axis]
        guard size <= call.limits.maxElements else {
            throw call.error(.limitExceeded, "axis of size \(size) would make too many pieces")
        }
        var lengths: [Int]
        var drop = false
        if let s = try call.optionalTensor(1) {
            let values = try ShapeSupport.ints(call, s, "split")
            if s.rank == 0 {
                let chunk = values[0]
                guard chunk >= 1 else { throw call.error(.invalidInput, "split \(chunk) must be positive") }
                lengths = []
                var left = size
                while left > 0 {
                    lengths.append(min(chunk, left))
                    left -= min(chunk, left)
                }
            } else {
                guard values.allSatisfy({ $0 >= 0 }), values.reduce(0, { $0 &+ $1 }) == size else {
                    throw call.error(.invalidInput, "split \(values) does not add up to \(size)")
                }
                lengths = values
            }
        } else {
            lengths = Array(repeating: 1, count: size)
            drop = try call.int("keepdims", default: 1) == 0
        }
        var items: [RuntimeValue] = []
        var start = 0
        for length in lengths {
            var piece = ShapeSupport.slice(x, axis: axis, start: start, length: length)
            if drop {
                var shape = piece.shape
                shape.remove(at: axis)
                piece = piece.reshaped(shape)
            }
            items.append(.tensor(piece))
            start += length
        }
        return [.sequence(items, elementType: x.dtype)]
    }

    /// ConcatFromSequence: joins the items along `axis`, or stacks them along a new axis when
    /// `new_axis` is 1.
    static let concatFromSequence: Kernel = { call throws(InterpreterError) in
        let (items, _) = try ShapeSupport.sequence(call, 0)
        var arrays: [NDArray] = []
        for item in items { arrays.append(try ShapeSupport.tensor(call, item, "a sequence item")) }
        guard let first = arrays.first else { throw call.error(.invalidInput, "the sequence is empty") }
        guard let requested = try call.int("axis") else { throw call.error(.invalidAttribute, "axis is required") }
        if try call.int("new_axis", default: 0) != 0 {
            let axis = try call.axis(requested, rank: first.rank + 1)
            let expanded = arrays.map { a in
                var shape = a.shape
                shape.insert(1, at: min(axis, shape.count))
                return a.reshaped(shape)
            }
            return [.tensor(try ShapeSupport.concat(call, expanded, axis: axis))]
        }
        guard first.rank > 0 else { throw call.error(.invalidInput, "scalars cannot be concatenated") }
        let axis = try call.axis(requested, rank: first.rank)
        return [.tensor(try ShapeSupport.concat(call, arrays, axis: axis))]
    }

    /// SequenceMap: runs `body` once per position of the input sequences (tensor inputs are
    /// passed whole every time) and collects each body output into a sequence.
    static let sequenceMap: Kernel = { call throws(InterpreterError) in
        let body = try call.graph("body")
        let (first, _) = try ShapeSupport.sequence(call, 0)
        var inputs: [RuntimeValue] = []
        for i in 0..<call.inputCount { inputs.append(try call.value(i)) }
        for input in inputs {
            if case .sequence(let items, _) = input, items.count != first.count {
                throw call.error(.invalidInput, "input sequences have \(first.count) and \(items.count) items")
            }
        }
        var collected: [[RuntimeValue]] = Array(repeating: [], count: body.outputs.count)
        for position in 0..<first.count {
            let arguments = inputs.map { v -> RuntimeValue in
                if case .sequence(let items, _) = v { return items[position] }
                return v
            }
            let outputs = try call.run(body, inputs: arguments, label: "body[\(position)]")
            guard outputs.count == collected.count else { throw call.error(.invalidGraph, "body output count changed") }
            for (k, o) in outputs.enumerated() { collected[k].append(o) }
        }
        return collected.enumerated().map { k, items in
            .sequence(items, elementType: items.first?.tensor?.dtype ?? body.outputs[k].type.dtype)
        }
    }
}
