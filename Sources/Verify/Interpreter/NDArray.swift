// The interpreter's runtime tensor: a dense row-major array with a GraphIR element type.
//
// Elements live in a Swift array of their own type (`Float`, `Int64`, ...) so kernels read them
// without decoding. Types narrower than a byte and the 8-bit float formats are kept one byte per
// element (`.bytes8`), unpacked; only Cast, quantisation and data movement touch them.

import Foundation
import GraphIR

/// The elements of an `NDArray`, one Swift array per element type.
public enum ArrayStorage: Sendable, Equatable {
    case float32([Float])
    case float64([Double])
    case float16([Float16])
    /// bfloat16 as its 16-bit pattern (the upper half of a float32).
    case bfloat16([UInt16])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case uint8([UInt8])
    case uint16([UInt16])
    case uint32([UInt32])
    case uint64([UInt64])
    case bool([Bool])
    case string([[UInt8]])
    /// One byte per element for the 8-bit float formats and the 2- and 4-bit types (unpacked:
    /// the value sits in the low bits, sign-extended for signed types).
    case bytes8([UInt8])

    /// The number of elements.
    public var count: Int {
        switch self {
        case .float32(let a): return a.count
        case .float64(let a): return a.count
        case .float16(let a): return a.count
        case .bfloat16(let a): return a.count
        case .int8(let a): return a.count
        case .int16(let a): return a.count
        case .int32(let a): return a.count
        case .int64(let a): return a.count
        case .uint8(let a): return a.count
        case .uint16(let a): return a.count
        case .uint32(let a): return a.count
        case .uint64(let a): return a.count
        case .bool(let a): return a.count
        case .string(let a): return a.count
        case .bytes8(let a): return a.count
        }
    }

    /// The elements at `positions`, in that order (any element type; no arithmetic).
    public func gathered(_ positions: [Int]) -> ArrayStorage {
        func pick<T>(_ a: [T]) -> [T] { positions.map { a[$0] } }
        switch self {
        case .float32(let a): return .float32(pick(a))
        case .float64(let a): return .float64(pick(a))
        case .float16(let a): return .float16(pick(a))
        case .bfloat16(let a): return .bfloat16(pick(a))
        case .int8(let a): return .int8(pick(a))
        case .int16(let a): return .int16(pick(a))
        case .int32(let a): return .int32(pick(a))
        case .int64(let a): return .int64(pick(a))
        case .uint8(let a): return .uint8(pick(a))
        case .uint16(let a): return .uint16(pick(a))
        case .uint32(let a): return .uint32(pick(a))
        case .uint64(let a): return .uint64(pick(a))
        case .bool(let a): return .bool(pick(a))
        case .string(let a): return .string(pick(a))
        case .bytes8(let a): return .bytes8(pick(a))
        }
    }

    /// The elements of a range, in order.
    public func slice(_ range: Range<Int>) -> ArrayStorage {
        switch self {
        case .float32(let a): return .float32(Array(a[range]))
        case .float64(let a): return .float64(Array(a[range]))
        case .float16(let a): return .float16(Array(a[range]))
        case .bfloat16(let a): return .bfloat16(Array(a[range]))
        case .int8(let a): return .int8(Array(a[range]))
        case .int16(let a): return .int16(Array(a[range]))
        case .int32(let a): return .int32(Array(a[range]))
        case .int64(let a): return .int64(Array(a[range]))
        case .uint8(let a): return .uint8(Array(a[range]))
        case .uint16(let a): return .uint16(Array(a[range]))
        case .uint32(let a): return .uint32(Array(a[range]))
        case .uint64(let a): return .uint64(Array(a[range]))
        case .bool(let a): return .bool(Array(a[range]))
        case .string(let a): return .string(Array(a[range]))
        case .bytes8(let a): return .bytes8(Array(a[range]))
        }
    }

    /// `parts` joined end to end; nil when they hold different element types.
    public static func concatenated(_ parts: [ArrayStorage]) -> ArrayStorage? {
        guard let first = parts.first else { return nil }
        func join<T>(_ extract: (ArrayStorage) -> [T]?) -> [T]? {
            var out: [T] = []
            for part in parts {
                guard let a = extract(part) else { return nil }
                out.append(contentsOf: a)
            }
            return out
        }
        switch first {
        case .float32: return join { if case .float32(let a) = $0 { a } else { nil } }.map { .float32($0) }
        case .float64: return join { if case .float64(let a) = $0 { a } else { nil } }.map { .float64($0) }
        case .float16: return join { if case .float16(let a) = $0 { a } else { nil } }.map { .float16($0) }
        case .bfloat16: return join { if case .bfloat16(let a) = $0 { a } else { nil } }.map { .bfloat16($0) }
        case .int8: return join { if case .int8(let a) = $0 { a } else { nil } }.map { .int8($0) }
        case .int16: return join { if case .int16(let a) = $0 { a } else { nil } }.map { .int16($0) }
        case .int32: return join { if case .int32(let a) = $0 { a } else { nil } }.map { .int32($0) }
        case .int64: return join { if case .int64(let a) = $0 { a } else { nil } }.map { .int64($0) }
        case .uint8: return join { if case .uint8(let a) = $0 { a } else { nil } }.map { .uint8($0) }
        case .uint16: return join { if case .uint16(let a) = $0 { a } else { nil } }.map { .uint16($0) }
        case .uint32: return join { if case .uint32(let a) = $0 { a } else { nil } }.map { .uint32($0) }
        case .uint64: return join { if case .uint64(let a) = $0 { a } else { nil } }.map { .uint64($0) }
        case .bool: return join { if case .bool(let a) = $0 { a } else { nil } }.map { .bool($0) }
        case .string: return join { if case .string(let a) = $0 { a } else { nil } }.map { .string($0) }
        case .bytes8: return join { if case .bytes8(let a) = $0 { a } else { nil } }.map { .bytes8($0) }
        }
    }

    /// `count` copies of a zero element (false, empty string) of `dtype`'s storage.
    public static func zeros(_ dtype: DType, count: Int) -> ArrayStorage? {
        switch dtype {
        case .float32: return .float32(Array(repeating: 0, count: count))
        case .float64: return .float64(Array(repeating: 0, count: count))
        case .float16: return .float16(Array(repeating: 0, count: count))
        case .bfloat16: return .bfloat16(Array(repeating: 0, count: count))
        case .int8: return .int8(Array(repeating: 0, count: count))
        case .int16: return .int16(Array(repeating: 0, count: count))
        case .int32: return .int32(Array(repeating: 0, count: count))
        case .int64: return .int64(Array(repeating: 0, count: count))
        case .uint8: return .uint8(Array(repeating: 0, count: count))
        case .uint16: return .uint16(Array(repeating: 0, count: count))
        case .uint32: return .uint32(Array(repeating: 0, count: count))
        case .uint64: return .uint64(Array(repeating: 0, count: count))
        case .bool: return .bool(Array(repeating: false, count: count))
        case .string: return .string(Array(repeating: [], count: count))
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0, .float4e2m1, .int4, .uint4,
            .int2, .uint2:
            return .bytes8(Array(repeating: 0, count: count))
        case .complex64, .complex128: return nil
        }
    }
}

/// A dense tensor value at run time: element type, static shape, row-major elements.
public struct NDArray: Sendable, Equatable {
    public var dtype: DType
    public var shape: [Int]
    public var storage: ArrayStorage

    /// An array; the caller guarantees `storage` holds `shape`'s element count of `dtype`.
    public init(dtype: DType, shape: [Int], storage: ArrayStorage) {
        self.dtype = dtype
        self.shape = shape
        self.storage = storage
    }

    public init(_ values: [Float], shape: [Int]) { self.init(dtype: .float32, shape: shape, storage: .float32(values)) }
    public init(_ values: [Double], shape: [Int]) { self.init(dtype: .float64, shape: shape, storage: .float64(values)) }
    public init(_ values: [Int64], shape: [Int]) { self.init(dtype: .int64, shape: shape, storage: .int64(values)) }
    public init(_ values: [Int32], shape: [Int]) { self.init(dtype: .int32, shape: shape, storage: .int32(values)) }
    public init(_ values: [Bool], shape: [Int]) { self.init(dtype: .bool, shape: shape, storage: .bool(values)) }

    /// A scalar int64.
    public static func scalar(_ value: Int64) -> NDArray { NDArray([value], shape: []) }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// Row-major strides of `shape` in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running &*= shape[axis]
        }
        return strides
    }

    public var strides: [Int] { NDArray.strides(shape) }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> NDArray {
        NDArray(dtype: dtype, shape: newShape, storage: storage)
    }

    /// Zeros of `dtype`, or nil for complex types.
    public static func zeros(_ dtype: DType, shape: [Int]) -> NDArray? {
        let count = shape.reduce(1, *)
        guard let storage = ArrayStorage.zeros(dtype, count: count) else { return nil }
        return NDArray(dtype: dtype, shape: shape, storage: storage)
    }
}

extension NDArray: CustomStringConvertible {
    public var description: String { "\(dtype)\(shape)" }
}
