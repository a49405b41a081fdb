extension Kernels {
    /// TensorScatter (opset 24): a copy of the cache with `update` written along `axis` (not the
    /// batch axis 0) starting at each batch entry's write index (default 0); `circular` mode
    /// wraps positions around the cache length, `linear` requires them to fit.
    static let tensorScatter: Kernel = { call throws(InterpreterError) in
        let cache = try call.tensor(0)
        let update = try call.tensor(1)
        guard cache.rank >= 2, update.rank == cache.rank, update.dtype == cache.dtype else {
            throw call.error(
                .invalidInput, "update \(update.dtype)\(update.shape) does not fit cache \(cache.dtype)\(cache.shape)")
        }
        let axis = try call.axis(try call.int("axis", default: -2), rank: cache.rank)
        guard axis >= 1 else { throw call.error(.invalidAttribute, "axis must not be the batch axis") }
        for a in 0..<cache.rank where a == axis ? update.shape[a] > cache.shape[a] : update.shape[a] != cache.shape[a] {
            throw call.error(.invalidInput, "update \(update.shape) does not fit cache \(cache.shape) on axis \(a)")
        }
        let mode = try call.string("mode", default: "linear")
        guard mode == "linear" || mode == "circular" else {
            throw call.error(.invalidAttribute, "mode '\(mode)' is not linear or circular")
        }
        let batch = cache.shape[0]
        var starts = Array(repeating: 0, count: batch)
        if let w = try call.optionalTensor(2) {
            starts = try ShapeSupport.ints(call, w, "write_indices")
            guard starts.count == batch else {
                throw call.error(.invalidInput, "write_indices has \(starts.count) entries for batch \(batch)")
            }
        }
        if update.count == 0 { return [.tensor(cache)] }
        let length = cache.shape[axis]
        let steps = update.shape[axis]
        let outer = ShapeSupport.product(cache.shape[..<axis])
        let perBatch = outer / batch
        let inner = ShapeSupport.product(cache.shape[(axis + 1)...])
        var positions: [Int] = []
        positions.reserveCapacity(update.count)
        for o in 0..<outer {
            let start = starts[o / perBatch]
            for s in 0..<steps {
                var target = start &+ s
                if mode == "circular" {
                    target %= length
                    if target < 0 { target += length }
                }
                guard target >= 0, target < length else {
                    throw call.error(.invalidInput, "write position \(target) is outside the cache length \(length)")
                }
                let base = (o * length + target) * inner
                for i in 0..<inner { positions.append(base + i) }
            }
        }
        var out = cache
        out.storage = Scatter.write(update.storage, into: cache.storage, at: positions)
        return [.tensor(out)]
    }
}
