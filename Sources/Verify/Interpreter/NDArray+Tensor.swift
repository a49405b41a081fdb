// GraphIR constant tensors (little-endian bytes, sub-byte types packed) to and from NDArrays.

import Formats
import GraphIR

extension NDArray {
    /// The elements of a GraphIR tensor, copied out of its (possibly mapped) bytes.
    /// - Throws: `.invalidInput` when the bytes do not match shape and dtype, `.unsupported` for
    ///   complex types.
    public init(_ tensor: Tensor) throws(InterpreterError) {
        do {
            try tensor.validate()
        } catch {
            throw InterpreterError(.invalidInput, error.message)
        }
        let shape = tensor.shape
        switch tensor.storage {
        case .strings(let strings):
            self.init(dtype: .string, shape: shape, storage: .string(strings))
            return
        case .bytes(let bytes):
            let count = tensor.elementCount ?? 0
            let raw = bytes.bytes
            let storage: ArrayStorage
            switch tensor.dtype {
            case .float32: storage = .float32(Self.load(raw, count, Float.self))
            case .float64: storage = .float64(Self.load(raw, count, Double.self))
            case .float16: storage = .float16(Self.load(raw, count, Float16.self))
            case .bfloat16: storage = .bfloat16(Self.load(raw, count, UInt16.self))
            case .int8: storage = .int8(Self.load(raw, count, Int8.self))
            case .int16: storage = .int16(Self.load(raw, count, Int16.self))
            case .int32: storage = .int32(Self.load(raw, count, Int32.self))
            case .int64: storage = .int64(Self.load(raw, count, Int64.self))
            case .uint8: storage = .uint8(raw)
            case .uint16: storage = .uint16(Self.load(raw, count, UInt16.self))
            case .uint32: storage = .uint32(Self.load(raw, count, UInt32.self))
            case .uint64: storage = .uint64(Self.load(raw, count, UInt64.self))
            case .bool: storage = .bool(raw.map { $0 != 0 })
            case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0: storage = .bytes8(raw)
            case .int4, .uint4, .float4e2m1: storage = .bytes8(Self.unpack(raw, count, bits: 4))
            case .int2, .uint2: storage = .bytes8(Self.unpack(raw, count, bits: 2))
            case .string, .complex64, .complex128:
                throw InterpreterError(.unsupported, "tensor '\(tensor.name)': \(tensor.dtype) elements are not supported")
            }
            self.init(dtype: tensor.dtype, shape: shape, storage: storage)
        }
    }

    /// A GraphIR tensor holding these elements (owned bytes, little-endian, small types packed).
    public func tensor(name: String) -> Tensor {
        if case .string(let strings) = storage {
            return Tensor(name: name, shape: shape, strings: strings)
        }
        return Tensor(name: name, dtype: dtype, shape: shape, bytes: TensorBytes(bytes: rawBytes()))
    }

    /// The elements in the raw little-endian layout of ONNX `raw_data` / `.npy` (sub-byte types
    /// packed low bits first); empty for strings.
    public func rawBytes() -> [UInt8] {
        switch storage {
        case .float32(let a): return Self.store(a)
        case .float64(let a): return Self.store(a)
        case .float16(let a): return Self.store(a)
        case .bfloat16(let a): return Self.store(a)
        case .int8(let a): return Self.store(a)
        case .int16(let a): return Self.store(a)
        case .int32(let a): return Self.store(a)
        case .int64(let a): return Self.store(a)
        case .uint8(let a): return a
        case .uint16(let a): return Self.store(a)
        case .uint32(let a): return Self.store(a)
        case .uint64(let a): return Self.store(a)
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string: return []
        case .bytes8(let a):
            switch dtype {
            case .int4, .uint4, .float4e2m1: return Self.pack(a, bits: 4)
            case .int2, .uint2: return Self.pack(a, bits: 2)
            default: return a
            }
        }
    }

    static func load<T>(_ raw: [UInt8], _ count: Int, _: T.Type) -> [T] {
        // Little-endian hosts only (x86-64, arm64): the bytes are the values.
        raw.withUnsafeBytes { buffer in
            Array(UnsafeBufferPointer(start: buffer.baseAddress?.assumingMemoryBound(to: T.self), count: count))
        }
    }

    static func store<T>(_ values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    static func unpack(_ raw: [UInt8], _ count: Int, bits: Int) -> [UInt8] {
        let perByte = 8 / bits
        let mask = UInt8((1 << bits) - 1)
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let byte = raw[i / perByte]
            out[i] = (byte >> UInt8((i % perByte) * bits)) & mask
        }
        return out
    }

    static func pack(_ values: [UInt8], bits: Int) -> [UInt8] {
        let perByte = 8 / bits
        let mask = UInt8((1 << bits) - 1)
        var out = [UInt8](repeating: 0, count: (values.count + perByte - 1) / perByte)
        for (i, v) in values.enumerated() {
            out[i / perByte] |= (v & mask) << UInt8((i % perByte) * bits)
        }
        return out
    }
}
