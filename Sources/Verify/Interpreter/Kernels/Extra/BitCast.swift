import Formats
import GraphIR

extension Kernels {
    /// BitCast: reinterprets each element's bits as the type `to` of the same width; the shape
    /// is unchanged. Strings, complex and sub-byte types are not supported; a byte other than
    /// 0 or 1 reinterpreted as bool is rejected rather than guessed at.
    static let bitCast: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard let code = try call.int("to") else { throw call.error(.invalidAttribute, "attribute 'to' is required") }
        guard let code32 = Int32(exactly: code), let type = ONNXDataType(code: code32),
            let target = DType(rawValue: type.name)
        else { throw call.error(.invalidAttribute, "'to' = \(code) is not a known data type") }
        guard let width = ExtraBits.width(x.dtype), let bits = ExtraBits.bits(x) else {
            throw call.error(.unsupported, "BitCast from \(x.dtype) is not supported")
        }
        guard let targetWidth = ExtraBits.width(target) else {
            throw call.error(.unsupported, "BitCast to \(target) is not supported")
        }
        guard width == targetWidth else {
            throw call.error(.invalidAttribute, "BitCast needs equal widths; \(x.dtype) is \(width * 8) bits, \(target) is \(targetWidth * 8)")
        }
        guard let y = ExtraBits.array(bits, dtype: target, shape: x.shape) else {
            throw call.error(.invalidInput, "a value is not a valid \(target) bit pattern")
        }
        return [.tensor(y)]
    }
}

/// Raw bit patterns of fixed-width element types, for BitCast.
enum ExtraBits {
    /// Bytes per element, for the types whose storage keeps their exact bits.
    static func width(_ dtype: DType) -> Int? {
        switch dtype {
        case .bool, .int8, .uint8, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        default: return nil
        }
    }

    static func bits(_ x: NDArray) -> [UInt64]? {
        switch x.storage {
        case .float32(let a): return a.map { UInt64($0.bitPattern) }
        case .float64(let a): return a.map { $0.bitPattern }
        case .float16(let a): return a.map { UInt64($0.bitPattern) }
        case .bfloat16(let a): return a.map { UInt64($0) }
        case .int8(let a): return a.map { UInt64(UInt8(bitPattern: $0)) }
        case .int16(let a): return a.map { UInt64(UInt16(bitPattern: $0)) }
        case .int32(let a): return a.map { UInt64(UInt32(bitPattern: $0)) }
        case .int64(let a): return a.map { UInt64(bitPattern: $0) }
        case .uint8(let a): return a.map { UInt64($0) }
        case .uint16(let a): return a.map { UInt64($0) }
        case .uint32(let a): return a.map { UInt64($0) }
        case .uint64(let a): return a
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .bytes8(let a): return width(x.dtype) == 1 ? a.map { UInt64($0) } : nil
        case .string: return nil
        }
    }

    static func array(_ bits: [UInt64], dtype: DType, shape: [Int]) -> NDArray? {
        let storage: ArrayStorage
        switch dtype {
        case .float32: storage = .float32(bits.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) })
        case .float64: storage = .float64(bits.map { Double(bitPattern: $0) })
        case .float16: storage = .float16(bits.map { Float16(bitPattern: UInt16(truncatingIfNeeded: $0)) })
        case .bfloat16: storage = .bfloat16(bits.map { UInt16(truncatingIfNeeded: $0) })
        case .int8: storage = .int8(bits.map { Int8(truncatingIfNeeded: $0) })
        case .int16: storage = .int16(bits.map { Int16(truncatingIfNeeded: $0) })
        case .int32: storage = .int32(bits.map { Int32(truncatingIfNeeded: $0) })
        case .int64: storage = .int64(bits.map { Int64(bitPattern: $0) })
        case .uint8: storage = .uint8(bits.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: storage = .uint16(bits.map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: storage = .uint32(bits.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: storage = .uint64(bits)
        case .bool:
            guard bits.allSatisfy({ $0 <= 1 }) else { return nil }
            storage = .bool(bits.map { $0 == 1 })
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0:
            storage = .bytes8(bits.map { UInt8(truncatingIfNeeded: $0) })
        default: return nil
        }
        return NDArray(dtype: dtype, shape: shape, storage: storage)
    }
}
