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
        var out = [Int](repeating: 0, count: count)
        guard count > 0 else { return out }
        if rank == 0 { return [0] }
        var index = Array(repeating: 0, count: rank)
        var position = 0
        for i in 0..<count {
            out[i] = position
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                position += strides[axis]
                if index[axis] < output[axis] { break }
                position -= strides[axis] * output[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}
