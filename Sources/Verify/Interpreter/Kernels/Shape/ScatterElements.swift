extension Kernels {
    /// ScatterElements (and the older Scatter): a copy of `data` where each element of `updates`
    /// goes to the position of its own index with the `axis` coordinate replaced by the matching
    /// entry of `indices`, written or combined by `reduction` (opset 16 on).
    static let scatterElements: Kernel = { call throws(InterpreterError) in
        let data = try call.tensor(0)
        let indicesArray = try call.tensor(1)
        let updates = try call.tensor(2)
        guard data.rank > 0, indicesArray.rank == data.rank, updates.shape == indicesArray.shape else {
            throw call.error(
                .invalidInput,
                "indices \(indicesArray.shape) and updates \(updates.shape) must match and have the rank of data \(data.shape)"
            )
        }
        let positions = try ShapeSupport.elementPositions(call, data: data, indices: indicesArray)
        let reduction = try call.string("reduction", default: "none")
        return [.tensor(try ShapeSupport.scatter(call, data, updates, positions, reduction: reduction))]
    }
}
