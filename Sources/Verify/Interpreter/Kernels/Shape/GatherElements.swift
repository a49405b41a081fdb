extension Kernels {
    /// GatherElements: output[i] = data[i with i[axis] replaced by indices[i]]; indices has
    /// data's rank and no axis larger than data's, except along `axis`.
    static let gatherElements: Kernel = { call throws(InterpreterError) in
        let data = try call.tensor(0)
        let indicesArray = try call.tensor(1)
        guard data.rank > 0, indicesArray.rank == data.rank else {
            throw call.error(.invalidInput, "indices \(indicesArray.shape) must have the rank of data \(data.shape)")
        }
        let positions = try ShapeSupport.elementPositions(call, data: data, indices: indicesArray)
        return [.tensor(ShapeSupport.gather(data, positions, shape: indicesArray.shape))]
    }
}

extension ShapeSupport {
    /// For GatherElements and ScatterElements: for each element of `indices` (which has data's
    /// rank), the flat position in `data` of its own coordinates with the `axis` attribute's
    /// coordinate replaced by the index value (negative counts from the end; range checked).
    static func elementPositions(_ call: KernelCall, data: NDArray, indices indicesArray: NDArray) throws(InterpreterError) -> [Int] {
        let axis = try call.axis(try call.int("axis", default: 0), rank: data.rank)
        for a in 0..<data.rank where a != axis && indicesArray.shape[a] > data.shape[a] {
            throw call.error(.invalidInput, "indices \(indicesArray.shape) exceed data \(data.shape) on axis \(a)")
        }
        let indices = try ShapeSupport.ints(call, indicesArray, "indices")
        let strides = data.strides
        let size = data.shape[axis]
        var positions: [Int] = []
        positions.reserveCapacity(indices.count)
        var k = 0
        try ShapeSupport.forEachIndex(indicesArray.shape) { index throws(InterpreterError) in
            guard let n = ShapeSupport.index(indices[k], size: size) else {
                throw call.error(.invalidInput, "index \(indices[k]) is out of range for axis \(axis) of size \(size)")
            }
            var p = 0
            for a in 0..<index.count { p += (a == axis ? n : index[a]) * strides[a] }
            positions.append(p)
            k += 1
        }
        return positions
    }
}
