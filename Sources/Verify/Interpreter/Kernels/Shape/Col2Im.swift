extension Kernels {
    /// Col2Im: sums the columns of an im2col matrix [N, C·∏block, L] back into an image
    /// [N, C, image_shape...], with the strides, dilations and pads of the sliding blocks.
    static let col2Im: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        let image = try ShapeSupport.ints(call, try call.tensor(1), "image_shape")
        let block = try ShapeSupport.ints(call, try call.tensor(2), "block_shape")
        let d = image.count
        guard d >= 1, block.count == d, x.rank == 3 else {
            throw call.error(
                .invalidInput, "image_shape \(image), block_shape \(block) and input \(x.shape) do not fit")
        }
        let dilations = try call.ints("dilations") ?? Array(repeating: 1, count: d)
        let strides = try call.ints("strides") ?? Array(repeating: 1, count: d)
        let pads = try call.ints("pads") ?? Array(repeating: 0, count: 2 * d)
        guard dilations.count == d, strides.count == d, pads.count == 2 * d,
            dilations.allSatisfy({ $0 >= 1 && $0 <= 1 << 20 }), strides.allSatisfy({ $0 >= 1 && $0 <= 1 << 20 }),
            pads.allSatisfy({ $0 >= 0 && $0 <= 1 << 30 }), image.allSatisfy({ $0 >= 1 && $0 <= 1 << 30 }),
            block.allSatisfy({ $0 >= 1 && $0 <= 1 << 20 })
        else { throw call.error(.invalidAttribute, "dilations, strides, pads, image or block sizes are out of range") }
        var grid: [Int] = []
        for i in 0..<d {
            let span = image[i] + pads[i] + pads[d + i] - (dilations[i] * (block[i] - 1) + 1)
            guard span >= 0 else { throw call.error(.invalidInput, "block does not fit the padded image on axis \(i)") }
            grid.append(span / strides[i] + 1)
        }
        let blockCount = try call.checkedCount(block)
        let positions = try call.checkedCount(grid)
        guard x.shape[1] % blockCount == 0, x.shape[2] == positions else {
            throw call.error(
                .invalidInput, "input \(x.shape) does not match \(blockCount) block elements at \(positions) positions")
        }
        let n = x.shape[0]
        let c = x.shape[1] / blockCount
        let shape = [n, c] + image
        let count = try call.checkedCount(shape)
        guard x.dtype.isFloatingPoint, let v = x.doubles() else {
            throw call.error(.unsupported, "\(x.dtype) is not supported")
        }
        if count == 0 || x.count == 0 { return [.tensor(ShapeSupport.empty(x, shape: shape))] }
        let pixels = ShapeSupport.product(image)
        let imageStrides = NDArray.strides(image)
        var out = [Double](repeating: 0, count: count)
        var blockIndex = [[Int]]()
        try ShapeSupport.forEachIndex(block) { k throws(InterpreterError) in blockIndex.append(k) }
        var gridIndex = [[Int]]()
        try ShapeSupport.forEachIndex(grid) { l throws(InterpreterError) in gridIndex.append(l) }
        for b in 0..<n {
            for ch in 0..<c {
                for (k, kk) in blockIndex.enumerated() {
                    let row = ((b * c + ch) * blockCount + k) * positions
                    for (l, ll) in gridIndex.enumerated() {
                        var p = 0
                        var inside = true
                        for i in 0..<d {
                            let coordinate = ll[i] * strides[i] - pads[i] + kk[i] * dilations[i]
                            if coordinate < 0 || coordinate >= image[i] {
                                inside = false
                                break
                            }
                            p += coordinate * imageStrides[i]
                        }
                        if inside { out[(b * c + ch) * pixels + p] += v[row + l] }
                    }
                }
            }
        }
        guard let result = NDArray.fromDoubles(out, dtype: x.dtype, shape: shape) else {
            throw call.error(.unsupported, "\(x.dtype) is not supported")
        }
        return [.tensor(result)]
    }
}
