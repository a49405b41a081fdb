import ArgumentParser
import Formats

#if canImport(Glibc)
    import Glibc
#endif

/// `bench mslite`: decode + verify of a generated `.ms` (weights from a seed, written once, then
/// memory-mapped) and encode throughput. Decoding is zero-copy, so its time should not grow with the
/// weights: the verifier reads vector lengths, never payload pages.
struct MSLiteBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mslite", abstract: ".ms decode+verify time (mmap, zero-copy) and encode throughput.")

    @Option(help: "Total weight bytes in MiB (spread over --tensors constant tensors).")
    var sizeMib = 128

    @Option(help: "Number of weight tensors (plus one activation per op).")
    var tensors = 200

    @Option(help: "Repetitions of each measurement.")
    var reps = 7

    @Option(help: "Seed for the generated weights.")
    var seed: UInt64 = 1

    @Option(help: "Folder for the generated file (removed afterwards).")
    var dir = "/tmp"

    func run() throws {
        let doc = try makeDocument()
        let weightBytes = doc.tensors.reduce(0) { $0 + $1.data.count }
        var encodeTimes: [Double] = []
        var encoded: [UInt8] = []
        for _ in 0..<reps {
            let start = now()
            encoded = try MSLiteCodec.encode(doc)
            encodeTimes.append(now() - start)
        }
        let path = "\(dir)/mshub-bench-mslite-\(getpid()).ms"
        defer { unlink(path) }
        let writer = try AtomicFileWriter(path: path, format: "mslite")
        try writer.write(encoded)
        try writer.commit()
        encoded = []

        var decodeTimes: [Double] = []
        var faults: [Int] = []
        var nodes = 0
        for _ in 0..<reps {
            let before = minorFaults()
            let start = now()
            let storage = try ByteStorage.map(path: path, format: "mslite")
            let back = try MSLiteCodec.decode(storage)
            decodeTimes.append(now() - start)
            faults.append(minorFaults() - before)
            nodes = back.nodes.count
            guard back.tensors.count == doc.tensors.count, back.tensors.last?.data == doc.tensors.last?.data else {
                throw ValidationError("decoded document differs from the encoded one")
            }
        }
        let fileBytes = try ByteStorage.map(path: path).count
        let encodeMedian = median(encodeTimes)
        emit([
            ("bench", "\"mslite.encode\""), ("weight_bytes", "\(weightBytes)"), ("file_bytes", "\(fileBytes)"),
            ("tensors", "\(doc.tensors.count)"), ("median_s", format(encodeMedian)),
            ("gb_per_s", format(Double(fileBytes) / encodeMedian / 1e9)), ("reps", "\(reps)"),
        ])
        emit([
            ("bench", "\"mslite.decode_verify\""), ("file_bytes", "\(fileBytes)"), ("nodes", "\(nodes)"),
            ("tensors", "\(doc.tensors.count)"), ("median_ms", format(median(decodeTimes) * 1000)),
            ("max_ms", format((decodeTimes.max() ?? 0) * 1000)), ("minor_page_faults_median", format(median(faults.map(Double.init)))),
            ("reps", "\(reps)"), ("mmap", "true"),
        ])
    }

    func format(_ value: Double) -> String { fmt(value) }

    /// A chain of FullConnection nodes, each with one generated weight tensor.
    func makeDocument() throws -> MSLiteDocument {
        let count = max(1, tensors)
        let per = max(4, ((sizeMib << 20) / count) & ~3)
        var state = seed
        var doc = MSLiteDocument(name: "bench")
        doc.tensors.append(MSLiteTensor(name: "input", dataType: 43, dims: [1, Int32(per / 4)], format: 0))
        for i in 0..<count {
            var bytes = [UInt8](repeating: 0, count: per)
            bytes.withUnsafeMutableBytes { raw in
                for k in stride(from: 0, to: per - 7, by: 8) {
                    state &+= 0x9E37_79B9_7F4A_7C15
                    var z = state
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    raw.storeBytes(of: z ^ (z >> 27), toByteOffset: k, as: UInt64.self)
                }
            }
            doc.tensors.append(MSLiteTensor(name: "w\(i)", dataType: 43, dims: [Int32(per / 4)], format: 0, nodeType: 2, data: ByteView(bytes: bytes)))
            doc.tensors.append(MSLiteTensor(name: "a\(i)", dataType: 43, dims: [1, Int32(per / 4)], format: 0))
            let input = UInt32(i == 0 ? 0 : doc.tensors.count - 3)
            doc.nodes.append(
                MSLiteNode(
                    name: "mul\(i)", primitive: try MSLitePrimitive("MulFusion"),
                    inputIndex: [input, UInt32(doc.tensors.count - 2)], outputIndex: [UInt32(doc.tensors.count - 1)]))
        }
        doc.inputIndex = [0]
        doc.outputIndex = [UInt32(doc.tensors.count - 1)]
        doc.subGraphs = [
            MSLiteSubGraph(
                name: "main", inputIndices: doc.inputIndex, outputIndices: doc.outputIndex,
                nodeIndices: Array(0..<UInt32(doc.nodes.count)), tensorIndices: Array(0..<UInt32(doc.tensors.count)))
        ]
        return doc
    }

    func minorFaults() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_minflt
    }
}
