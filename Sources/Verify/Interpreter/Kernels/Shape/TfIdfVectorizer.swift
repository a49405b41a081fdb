extension Kernels {
    /// TfIdfVectorizer: counts, per row of a [C] or [B, C] int or string input, the n-grams of
    /// the pool (lengths min_gram_length...max_gram_length, items up to max_skip_count apart;
    /// unigrams counted once) into float32 slots given by ngram_indexes, then weights them as
    /// TF (counts), IDF (the n-gram's weight where present) or TFIDF (weight × count).
    static let tfIdfVectorizer: Kernel = { call throws(InterpreterError) in
        let x = try call.tensor(0)
        guard let minGram = try call.int("min_gram_length"), let maxGram = try call.int("max_gram_length"),
            let maxSkip = try call.int("max_skip_count"), let mode = try call.string("mode"),
            let counts = try call.ints("ngram_counts"), let indexes = try call.ints("ngram_indexes")
        else {
            throw call.error(
                .invalidAttribute,
                "min/max_gram_length, max_skip_count, mode, ngram_counts and ngram_indexes are required")
        }
        guard minGram >= 1, maxGram >= minGram, maxSkip >= 0, maxSkip <= 1 << 20, maxGram <= 1 << 20 else {
            throw call.error(
                .invalidAttribute, "gram lengths \(minGram)...\(maxGram) or skip \(maxSkip) are out of range")
        }
        // Pool items as byte strings so that int and string pools share one code path.
        func key(_ v: Int64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        let pool: [[UInt8]]
        if let strings = try call.strings("pool_strings") {
            pool = strings.map { Array($0.utf8) }
        } else if let ints = try call.ints("pool_int64s") {
            pool = ints.map { key(Int64($0)) }
        } else {
            throw call.error(.invalidAttribute, "pool_strings or pool_int64s is required")
        }
        let items: [[UInt8]]
        if let s = x.strings {
            items = s
        } else if x.dtype == .int32 || x.dtype == .int64, let v = x.int64s() {
            items = v.map(key)
        } else {
            throw call.error(.invalidInput, "input must be int32, int64 or strings, not \(x.dtype)")
        }
        guard !indexes.isEmpty, indexes.allSatisfy({ $0 >= 0 && $0 < call.limits.maxElements }) else {
            throw call.error(.invalidAttribute, "ngram_indexes are empty or out of range")
        }
        let width = (indexes.max() ?? 0) + 1
        // The pool's n-grams: lengths 1, 2, ... start at ngram_counts[n - 1].
        var grams: [[[UInt8]]: Int] = [:]
        var next = 0
        for (k, start) in counts.enumerated() {
            let n = k + 1
            let end = k + 1 < counts.count ? counts[k + 1] : pool.count
            guard start >= 0, start <= end, end <= pool.count, (end - start) % n == 0 else {
                throw call.error(.invalidAttribute, "ngram_counts \(counts) do not fit a pool of \(pool.count)")
            }
            var p = start
            while p < end {
                guard next < indexes.count else {
                    throw call.error(.invalidAttribute, "ngram_indexes are too few for the pool")
                }
                grams[Array(pool[p..<(p + n)])] = indexes[next]
                next += 1
                p += n
            }
        }
        let rows: Int
        let columns: Int
        switch x.rank {
        case 0: (rows, columns) = (1, 1)
        case 1: (rows, columns) = (1, x.shape[0])
        case 2: (rows, columns) = (x.shape[0], x.shape[1])
        default: throw call.error(.invalidInput, "input must be [C] or [B, C], not \(x.shape)")
        }
        let shape = x.rank == 2 ? [rows, width] : [width]
        let count = try call.checkedCount(shape)
        var frequency = [Double](repeating: 0, count: count)
        for r in 0..<rows {
            let row = Array(items[(r * columns)..<((r + 1) * columns)])
            var smallest = minGram
            // Past a distance of `columns` no n-gram longer than one item exists.
            for distance in 1...(min(maxSkip, columns) + 1) {
                for start in 0..<columns {
                    var gram: [[UInt8]] = []
                    var position = start
                    while gram.count < maxGram, position < columns {
                        gram.append(row[position])
                        if gram.count >= smallest, let slot = grams[gram] { frequency[r * width + slot] += 1 }
                        position += distance
                    }
                }
                // Unigrams do not depend on the skip distance: count them on the first pass only.
                if smallest == 1 {
                    smallest = 2
                    if smallest > maxGram { break }
                }
            }
        }
        // weights[j] belongs to the j-th n-gram of the pool, which counts into slot ngram_indexes[j].
        let weights = try call.floats("weights") ?? []
        guard weights.isEmpty || weights.count == indexes.count else {
            throw call.error(.invalidAttribute, "weights has \(weights.count) entries for \(indexes.count) n-grams")
        }
        var slotWeight = [Float](repeating: 1, count: width)
        for (j, w) in weights.enumerated() { slotWeight[indexes[j]] = w }
        let out: [Float]
        switch mode {
        case "TF": out = frequency.map { Float($0) }
        case "IDF": out = frequency.enumerated().map { i, f in f > 0 ? slotWeight[i % width] : 0 }
        case "TFIDF": out = frequency.enumerated().map { i, f in Float(f) * slotWeight[i % width] }
        default: throw call.error(.invalidAttribute, "mode '\(mode)' is not TF, IDF or TFIDF")
        }
        return [.tensor(NDArray(out, shape: shape))]
    }
}
