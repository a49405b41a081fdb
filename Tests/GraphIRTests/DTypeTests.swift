import Testing

@testable import GraphIR

@Suite struct DTypeTests {
    /// The whole table, written out so a changed width or name fails here.
    static let table: [(DType, String, Int?)] = [
        (.float32, "float32", 32), (.float16, "float16", 16), (.bfloat16, "bfloat16", 16),
        (.float64, "float64", 64), (.float8e4m3fn, "float8e4m3fn", 8),
        (.float8e4m3fnuz, "float8e4m3fnuz", 8), (.float8e5m2, "float8e5m2", 8),
        (.float8e5m2fnuz, "float8e5m2fnuz", 8), (.float8e8m0, "float8e8m0", 8), (.float4e2m1, "float4e2m1", 4),
        (.int2, "int2", 2), (.uint2, "uint2", 2), (.int4, "int4", 4), (.uint4, "uint4", 4),
        (.int8, "int8", 8), (.int16, "int16", 16), (.int32, "int32", 32), (.int64, "int64", 64),
        (.uint8, "uint8", 8), (.uint16, "uint16", 16), (.uint32, "uint32", 32), (.uint64, "uint64", 64),
        (.bool, "bool", 8), (.string, "string", nil), (.complex64, "complex64", 64),
        (.complex128, "complex128", 128),
    ]

    @Test func tableCoversEveryCase() {
        #expect(Self.table.count == DType.allCases.count)
        #expect(Set(Self.table.map(\.0)) == Set(DType.allCases))
    }

    @Test(arguments: DTypeTests.table.map { ($0.0, $0.1) })
    func nameRoundTrips(dtype: DType, name: String) {
        #expect(dtype.rawValue == name)
        #expect(DType(rawValue: name) == dtype)
        #expect(dtype.description == name)
    }

    @Test func widths() {
        for (dtype, _, width) in Self.table {
            #expect(dtype.bitWidth == width, "\(dtype)")
        }
    }

    @Test func unknownNamesAreRejected() {
        #expect(DType(rawValue: "Float32") == nil)
        #expect(DType(rawValue: "float") == nil)
        #expect(DType(rawValue: "") == nil)
    }

    @Test func categories() {
        for dtype in DType.allCases {
            let categories = [dtype.isFloatingPoint, dtype.isInteger, dtype.isComplex].filter { $0 }.count
            #expect(categories <= 1, "\(dtype) is in more than one category")
        }
        #expect(DType.float8e5m2fnuz.isFloatingPoint && DType.float8e5m2fnuz.isSigned)
        #expect(DType.bfloat16.isFloatingPoint)
        #expect(DType.float8e8m0.isFloatingPoint && !DType.float8e8m0.isSigned)
        #expect(DType.int4.isInteger && DType.int4.isSigned && DType.int4.isSubByte)
        #expect(DType.uint2.isInteger && !DType.uint2.isSigned)
        #expect(DType.uint64.isInteger && !DType.uint64.isSigned)
        #expect(!DType.bool.isInteger && !DType.bool.isSigned && !DType.bool.isFloatingPoint)
        #expect(DType.complex64.isComplex && !DType.complex64.isFloatingPoint && DType.complex64.isSigned)
        #expect(!DType.string.isInteger && !DType.string.isFloatingPoint && !DType.string.isSigned)
        #expect(!DType.uint8.isSubByte && !DType.string.isSubByte)
    }

    @Test func byteCounts() throws {
        #expect(try DType.float32.byteCount(forElements: 0) == 0)
        #expect(try DType.float32.byteCount(forElements: 3) == 12)
        #expect(try DType.complex128.byteCount(forElements: 2) == 32)
        #expect(try DType.bool.byteCount(forElements: 5) == 5)
        // Sub-byte types pack and round up.
        #expect(try DType.int4.byteCount(forElements: 1) == 1)
        #expect(try DType.int4.byteCount(forElements: 3) == 2)
        #expect(try DType.uint4.byteCount(forElements: 7) == 4)
        #expect(try DType.int4.byteCount(forElements: 8) == 4)
        #expect(try DType.float4e2m1.byteCount(forElements: 5) == 3)
        #expect(try DType.int2.byteCount(forElements: 5) == 2)
        #expect(try DType.uint2.byteCount(forElements: 4) == 1)
        // Largest counts that still fit: no overflow in the rounding step.
        #expect(try DType.uint8.byteCount(forElements: Int.max) == Int.max)
        #expect(try DType.int4.byteCount(forElements: Int.max) == Int.max / 2 + 1)
        #expect(try DType.uint2.byteCount(forElements: Int.max) == Int.max / 4 + 1)
        #expect(try DType.int16.byteCount(forElements: Int.max / 2) == Int.max - 1)
    }

    @Test func byteCountErrors() {
        #expect(code { try DType.float32.byteCount(forElements: Int.max / 2) } == .arithmeticOverflow)
        #expect(code { try DType.complex128.byteCount(forElements: Int.max / 16 + 1) } == .arithmeticOverflow)
        #expect(code { try DType.int16.byteCount(forElements: Int.max / 2 + 1) } == .arithmeticOverflow)
        #expect(code { try DType.float64.byteCount(forElements: Int.max) } == .arithmeticOverflow)
        #expect(code { try DType.int8.byteCount(forElements: -1) } == .badShape)
        #expect(code { try DType.string.byteCount(forElements: 1) } == .variableWidth)
    }
}

/// The code of the `GraphError` `body` throws, or nil when it throws none (or another error).
func code(_ body: () throws -> Any) -> GraphError.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? GraphError)?.code
    }
}
