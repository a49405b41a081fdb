// Taking slices along an axis and stacking arrays along a new one.

enum Axes {
    /// The sub-array at `index` along `axis`, with that axis removed.
    static func take(_ x: NDArray, axis: Int, index: Int) -> NDArray {
        let outer = x.shape[..<axis].reduce(1, *)
        let size = x.shape[axis]
        let inner = x.shape[(axis + 1)...].reduce(1, *)
        var positions: [Int] = []
        positions.reserveCapacity(outer * inner)
        for o in 0..<outer {
            let base = (o * size + index) * inner
            for i in 0..<inner { positions.append(base + i) }
        }
        var shape = x.shape
        shape.remove(at: axis)
        return NDArray(dtype: x.dtype, shape: shape, storage: x.storage.gathered(positions))
    }

    /// `parts` (same dtype and shape) stacked along a new `axis`; nil when they differ.
    static func stack(_ parts: [NDArray], axis: Int) -> NDArray? {
        guard let first = parts.first else { return nil }
        for part in parts where part.dtype != first.dtype || part.shape != first.shape { return nil }
        guard let joined = ArrayStorage.concatenated(parts.map(\.storage)) else { return nil }
        let stacked = NDArray(dtype: first.dtype, shape: [parts.count] + first.shape, storage: joined)
        return axis == 0 ? stacked : moveAxis(stacked, from: 0, to: axis)
    }

    /// `x` with axis `from` moved to position `to` (the other axes keep their order).
    static func moveAxis(_ x: NDArray, from: Int, to: Int) -> NDArray {
        var order = Array(0..<x.rank)
        order.remove(at: from)
        order.insert(from, at: to)
        return transpose(x, order)
    }

    /// `x` with its axes permuted: output axis i is input axis `permutation[i]`.
    static func transpose(_ x: NDArray, _ permutation: [Int]) -> NDArray {
        let inStrides = x.strides
        let outShape = permutation.map { x.shape[$0] }
        let strides = permutation.map { inStrides[$0] }
        let positions = ShapeSupport.stridedPositions(shape: outShape, strides: strides, offset: 0)
        return NDArray(dtype: x.dtype, shape: outShape, storage: x.storage.gathered(positions))
    }
}
