// NumPy-style multidirectional broadcasting (the ONNX rule).

enum Broadcast {
    /// The broadcast shape of `shapes`, or nil when two sizes differ and neither is 1.
    static func shape(_ shapes: [[Int]]) -> [Int]? {
        let rank = shapes.map(\.count).max() ?? 0
        var out = Array(repeating: 1, count: rank)
        for shape in shapes {
            let offset = rank - shape.count
            for (axis, size) in shape.enumerated() {
                let current = out[offset + axis]
                if current == size || size == 1 { continue }
                if current == 1 { out[offset + axis] = size } else { return nil }
            }
        }
        return out
    }

    /// For each element of `output` (row-major), the flat index of the element of `input` it
    /// reads when `input` is broadcast to `output`. `input` must broadcast to `output`.
    static func sourceIndices(from input: [Int], to output: [Int]) -> [Int] {
        let count = output.reduce(1, *)
        if input == output { return Array(0..<count) }
        let rank = output.count
        let offset = rank - input.count
        let inStrides = NDArray.strides(input)
        var strides = Array(repeating: 0, count: rank)
        for axis in 0..<input.count where input[axis] != 1 { strides[offset + axis] = inStrides[axis] }
        return ShapeSupport.stridedPositions(shape: output, strides: strides, offset: 0)
    }
}
