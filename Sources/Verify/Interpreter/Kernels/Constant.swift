import GraphIR

extension Kernels {
    /// Constant: exactly one of value, sparse_value, value_float(s), value_int(s), value_string(s).
    static let constant: Kernel = { call throws(InterpreterError) in
        guard let attribute = call.node.attributes.first else {
            throw call.error(.invalidAttribute, "Constant needs a value attribute")
        }
        switch (attribute.name, attribute.value) {
        case ("value", .tensor(let tensor)):
            do throws(InterpreterError) {
                return [.tensor(try NDArray(tensor))]
            } catch {
                throw call.error(error.code, error.message)
            }
        case ("sparse_value", .sparseTensor(let sparse)):
            return [.tensor(try SparseDense.densify(sparse, call))]
        case ("value_float", .float(let v)): return [.tensor(NDArray([v], shape: []))]
        case ("value_floats", .floats(let v)): return [.tensor(NDArray(v, shape: [v.count]))]
        case ("value_int", .int(let v)): return [.tensor(NDArray([v], shape: []))]
        case ("value_ints", .ints(let v)): return [.tensor(NDArray(v, shape: [v.count]))]
        case ("value_string", .string(let v)): return [.tensor(NDArray(dtype: .string, shape: [], storage: .string([v])))]
        case ("value_strings", .strings(let v)):
            return [.tensor(NDArray(dtype: .string, shape: [v.count], storage: .string(v)))]
        default:
            throw call.error(.invalidAttribute, "Constant attribute '\(attribute.name)' of kind \(attribute.value.kind) is not a value")
        }
    }
}

/// Sparse COO tensors made dense.
enum SparseDense {
    static func densify(_ sparse: SparseTensor, _ call: KernelCall) throws(InterpreterError) -> NDArray {
        let values: NDArray
        let indices: NDArray
        do {
            try sparse.validate()
            values = try NDArray(sparse.values)
            indices = try NDArray(sparse.indices)
        } catch let error as InterpreterError {
            throw call.error(error.code, error.message)
        } catch {
            throw call.error(.invalidInput, "sparse tensor '\(sparse.name)': \(error)")
        }
        let count = try call.checkedCount(sparse.dims)
        guard let positions = indices.ints(), var out = NDArray.zeros(values.dtype, shape: sparse.dims) else {
            throw call.error(.unsupported, "sparse tensor of \(values.dtype) is not supported")
        }
        let strides = NDArray.strides(sparse.dims)
        let rank = sparse.dims.count
        var flat: [Int] = []
        let nnz = values.count
        for i in 0..<nnz {
            var position = 0
            if indices.rank == 2 {
                for axis in 0..<rank { position += positions[i * rank + axis] * strides[axis] }
            } else {
                position = positions[i]
            }
            guard position >= 0, position < count else {
                throw call.error(.invalidInput, "sparse index \(position) is outside the \(count) elements")
            }
            flat.append(position)
        }
        out.storage = Scatter.write(values.storage, into: out.storage, at: flat)
        return out
    }
}

/// Writes elements into positions of another storage of the same type.
enum Scatter {
    static func write(_ source: ArrayStorage, into target: ArrayStorage, at positions: [Int]) -> ArrayStorage {
        func put<T>(_ s: [T], _ t: [T]) -> [T] {
            var t = t
            for (i, p) in positions.enumerated() { t[p] = s[i] }
            return t
        }
        switch (source, target) {
        case (.float32(let s), .float32(let t)): return .float32(put(s, t))
        case (.float64(let s), .float64(let t)): return .float64(put(s, t))
        case (.float16(let s), .float16(let t)): return .float16(put(s, t))
        case (.bfloat16(let s), .bfloat16(let t)): return .bfloat16(put(s, t))
        case (.int8(let s), .int8(let t)): return .int8(put(s, t))
        case (.int16(let s), .int16(let t)): return .int16(put(s, t))
        case (.int32(let s), .int32(let t)): return .int32(put(s, t))
        case (.int64(let s), .int64(let t)): return .int64(put(s, t))
        case (.uint8(let s), .uint8(let t)): return .uint8(put(s, t))
        case (.uint16(let s), .uint16(let t)): return .uint16(put(s, t))
        case (.uint32(let s), .uint32(let t)): return .uint32(put(s, t))
        case (.uint64(let s), .uint64(let t)): return .uint64(put(s, t))
        case (.bool(let s), .bool(let t)): return .bool(put(s, t))
        case (.string(let s), .string(let t)): return .string(put(s, t))
        case (.bytes8(let s), .bytes8(let t)): return .bytes8(put(s, t))
        default: return target
        }
    }
}
