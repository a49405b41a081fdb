// ai.onnx.ml LabelEncoder (opset 2 and later): maps each element of X through the key -> value
// table given by one keys_* and one values_* attribute (lists, or tensors since opset 4);
// elements without a key get the default value of the values' type.

import GraphIR

extension Kernels {
    static let labelEncoder: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        if call.attribute("classes_strings") != nil {
            throw call.error(.unsupported, "LabelEncoder-1 (classes_strings) is not supported")
        }
        let keys = try ExtraLabels.table(call, "keys")
        var values = try ExtraLabels.table(call, "values")
        guard keys.count == values.count else {
            throw call.error(.invalidAttribute, "\(keys.count) keys but \(values.count) values")
        }
        // The default value, appended after the values so that a miss gathers position `count`.
        let fallback: NDArray
        if let t = try call.tensorAttribute("default_tensor") {
            guard t.count == 1, t.dtype == values.dtype else {
                throw call.error(.invalidAttribute, "default_tensor must be one \(values.dtype) element")
            }
            fallback = t
        } else if values.dtype == .string {
            fallback = NDArray(dtype: .string, shape: [1], storage: .string([Array(try call.string("default_string", default: "_Unused").utf8)]))
        } else if values.dtype == .float32 || values.dtype == .float64 || values.dtype == .float16 {
            guard let f = NDArray.fromDoubles([Double(try call.float("default_float", default: -0.0))], dtype: values.dtype, shape: [1])
            else { throw call.error(.unsupported, "\(values.dtype) values are not supported") }
            fallback = f
        } else {
            guard let i = NDArray.fromInt64s([Int64(try call.int("default_int64", default: -1))], dtype: values.dtype, shape: [1])
            else { throw call.error(.unsupported, "\(values.dtype) values are not supported") }
            fallback = i
        }
        guard let joined = ArrayStorage.concatenated([values.storage, fallback.storage]) else {
            throw call.error(.invalidAttribute, "values and default have different types")
        }
        values = NDArray(dtype: values.dtype, shape: [values.count + 1], storage: joined)
        let keyList = try ExtraLabels.keys(call, keys, "keys")
        var lookup: [ExtraLabels.Key: Int] = [:]
        for (i, k) in keyList.enumerated() where lookup[k] == nil { lookup[k] = i }
        let xKeys = try ExtraLabels.keys(call, x, "X")
        if let first = keyList.first, let probe = xKeys.first, !first.sameKind(probe) {
            throw call.error(.invalidInput, "X is \(x.dtype) but the keys are \(keys.dtype)")
        }
        let positions = xKeys.map { lookup[$0] ?? keyList.count }
        return [.tensor(NDArray(dtype: values.dtype, shape: x.shape, storage: values.storage.gathered(positions)))]
    }
}

enum ExtraLabels {
    enum Key: Hashable {
        case integer(Int64)
        case real(UInt64)  // bit pattern; all NaNs one key, -0 and +0 one key
        case text([UInt8])

        func sameKind(_ other: Key) -> Bool {
            switch (self, other) {
            case (.integer, .integer), (.real, .real), (.text, .text): return true
            default: return false
            }
        }
    }

    /// The table named `prefix`_tensor / _strings / _int64s / _floats as a 1-D array; exactly one must be given.
    static func table(_ call: KernelCall, _ prefix: String) throws(InterpreterError) -> NDArray {
        var found: [NDArray] = []
        if let t = try call.tensorAttribute("\(prefix)_tensor") {
            found.append(NDArray(dtype: t.dtype, shape: [t.count], storage: t.storage))
        }
        if let s = try call.strings("\(prefix)_strings") {
            found.append(NDArray(dtype: .string, shape: [s.count], storage: .string(s.map { Array($0.utf8) })))
        }
        if let i = try call.ints("\(prefix)_int64s") {
            found.append(NDArray(i.map { Int64($0) }, shape: [i.count]))
        }
        if let f = try call.floats("\(prefix)_floats") {
            found.append(NDArray(f, shape: [f.count]))
        }
        guard found.count == 1 else {
            throw call.error(.invalidAttribute, "exactly one \(prefix)_* attribute is required, found \(found.count)")
        }
        return found[0]
    }

    static func keys(_ call: KernelCall, _ a: NDArray, _ what: String) throws(InterpreterError) -> [Key] {
        if let s = a.strings { return s.map { .text($0) } }
        if a.dtype.isInteger, let v = a.int64s() { return v.map { .integer($0) } }
        if a.dtype.isFloatingPoint, !a.dtype.isComplex, let v = a.doubles() {
            return v.map { d in .real(d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d.bitPattern)) }
        }
        throw call.error(.unsupported, "\(what) of type \(a.dtype) are not supported")
    }
}
