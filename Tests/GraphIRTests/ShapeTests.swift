import Testing

@testable import GraphIR

@Suite struct ShapeTests {
    @Test func staticShapes() {
        let shape = Shape([2, 3, 4])
        #expect(shape.rank == 3)
        #expect(shape.isStatic)
        #expect(shape.elementCount == 24)
        #expect(shape.staticSizes == [2, 3, 4])
        #expect(shape.description == "[2, 3, 4]")
        #expect(Shape([Int]()).elementCount == 1)
        #expect(Shape([Int]()).rank == 0)
        #expect(Shape([5, 0, 7]).elementCount == 0)
    }

    @Test func literalsMixDimensionKinds() {
        let shape: Shape = ["N", 3, .unknown]
        #expect(shape.dimensions == [.symbolic("N"), .fixed(3), .unknown])
        #expect(shape.rank == 3)
        #expect(!shape.isStatic)
        #expect(shape.elementCount == nil)
        #expect(shape.staticSizes == nil)
        #expect(shape.description == "[N, 3, ?]")
        #expect(code { try shape.checkedElementCount() } == .badShape)
    }

    @Test func overflowGivesNilOrError() {
        #expect(Shape([Int.max, 2]).elementCount == nil)
        #expect(code { try Shape([Int.max, 2]).checkedElementCount() } == .arithmeticOverflow)
        #expect(code { try Shape.elementCount(of: [1 << 32, 1 << 31]) } == .arithmeticOverflow)
        #expect(Shape([1 << 31, 1 << 31]).elementCount == 1 << 62)
        #expect(Shape([Int.max, 1]).elementCount == Int.max)
        // Zero wins over an overflowing product: the tensor is empty.
        #expect(Shape([Int.max, 2, 0]).elementCount == 0)
    }

    @Test func negativeDimensions() {
        #expect(Shape([3, -1]).elementCount == nil)
        #expect(code { try Shape([3, -1]).checkedElementCount() } == .badShape)
        // A negative size is an error even next to a zero.
        #expect(code { try Shape.elementCount(of: [0, -2]) } == .badShape)
    }
}
