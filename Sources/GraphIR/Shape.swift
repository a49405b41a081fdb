/// The shape of a value: a list of dimensions, some of which may be unknown or symbolic.
///
/// A value whose rank is not known has no `Shape` at all (`Value.shape == nil`); a scalar has
/// rank 0 and one element.
public struct Shape: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The dimensions, outermost first.
    public var dimensions: [Dimension]

    /// A shape from dimensions.
    public init(_ dimensions: [Dimension]) { self.dimensions = dimensions }

    /// A static shape from sizes.
    public init(_ sizes: [Int]) { dimensions = sizes.map { .fixed($0) } }

    /// The number of dimensions.
    public var rank: Int { dimensions.count }

    /// Whether every dimension is fixed.
    public var isStatic: Bool { dimensions.allSatisfy(\.isFixed) }

    /// The sizes when every dimension is fixed.
    public var staticSizes: [Int]? {
        var sizes: [Int] = []
        sizes.reserveCapacity(dimensions.count)
        for dimension in dimensions {
            guard let size = dimension.value else { return nil }
            sizes.append(size)
        }
        return sizes
    }

    /// The number of elements, or nil when the shape is not static, has a negative dimension,
    /// or the product overflows `Int`. Never traps.
    public var elementCount: Int? { try? checkedElementCount() }

    /// The number of elements.
    ///
    /// - Throws: `GraphError` `.badShape` when a dimension is not fixed or is negative,
    ///   `.arithmeticOverflow` when the product does not fit `Int`.
    public func checkedElementCount() throws(GraphError) -> Int {
        guard let sizes = staticSizes else {
            throw GraphError(.badShape, message: "shape \(self) is not static")
        }
        return try Shape.elementCount(of: sizes)
    }

    /// The product of `sizes` (1 for no sizes), checked.
    ///
    /// A zero size makes the product zero even when other sizes would overflow together.
    /// - Throws: `GraphError` `.badShape` for a negative size, `.arithmeticOverflow` on overflow.
    public static func elementCount(of sizes: [Int]) throws(GraphError) -> Int {
        for size in sizes where size < 0 {
            throw GraphError(.badShape, message: "negative dimension \(size) in \(describe(sizes))")
        }
        if sizes.contains(0) { return 0 }
        var product = 1
        for size in sizes {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw GraphError(
                    .arithmeticOverflow, message: "element count of \(describe(sizes)) overflows")
            }
            product = next
        }
        return product
    }

    /// Renders like `[N, 3, 224, 224]`.
    public var description: String {
        "[" + dimensions.map(\.description).joined(separator: ", ") + "]"
    }

    static func describe(_ sizes: [Int]) -> String {
        "[" + sizes.map(String.init).joined(separator: ", ") + "]"
    }
}

extension Shape: ExpressibleByArrayLiteral {
    /// `[1, "N", 3]` makes a shape with fixed and symbolic dimensions.
    public init(arrayLiteral elements: Dimension...) { self.init(elements) }
}
