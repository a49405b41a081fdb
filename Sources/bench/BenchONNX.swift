import ArgumentParser
import Foundation
import Formats

#if canImport(Glibc)
    import Glibc
#endif

/// `bench onnx`: decode and encode of a generated ONNX model against `onnx.load` / `onnx.save`.
///
/// Our decode is timed in a child process (so its peak RSS is its own) in two variants: decode
/// alone, and decode plus reading every initializer byte (what `onnx.load` does by copying).
struct ONNXBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx", abstract: "ONNX decode/encode vs onnx.load/onnx.save (PyPI onnx).")

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of initializers.")
    var tensors = 64

    @Option(help: "Python with onnx (default: .venv/bin/python).")
    var python = ".venv/bin/python"

    func run() throws {
        let path = "\(common.dir)/mshub-bench-\(getpid()).onnx"
        let ourOut = "\(common.dir)/mshub-bench-\(getpid())-ours.onnx"
        let peerOut = "\(common.dir)/mshub-bench-\(getpid())-peer.onnx"
        defer { for p in [path, ourOut, peerOut] { unlink(p) } }
        try Self.makeModel(path, bytes: common.sizeMib << 20, tensors: tensors, seed: common.seed)
        let bytes = fileSize(path)
        let me = selfExecutable()

        var decode: [Double] = [], decodeRSS: [Int] = []
        var read: [Double] = [], readRSS: [Int] = []
        var peer: [Double] = [], peerRSS: [Int] = []
        var encode: [Double] = [], peerSave: [Double] = []
        for _ in 0..<common.reps {
            // Every side starts from a cold page cache: pages left from writing the file sit in large
            // folios, and mapping one of them counts the whole folio as resident, which would charge
            // a lazy reader for bytes it never touched.
            dropCache(path)
            let a = try spawnMeasured(me, ["onnx-child", "decode", path])
            guard a.status == 0, let s = parseSeconds(a.stdout) else { throw ValidationError("decode failed: \(a.stdout)") }
            decode.append(s)
            decodeRSS.append(parseNumber(a.stdout, key: "hwm_kib") ?? -1)
            dropCache(path)
            let b = try spawnMeasured(me, ["onnx-child", "read", path])
            guard b.status == 0, let t = parseSeconds(b.stdout) else { throw ValidationError("read failed: \(b.stdout)") }
            read.append(t)
            readRSS.append(parseNumber(b.stdout, key: "hwm_kib") ?? -1)
            dropCache(path)
            let c = try spawnMeasured(python, ["scripts/bench_onnx_peer.py", "load", path])
            guard c.status == 0, let u = parseSeconds(c.stdout) else { throw ValidationError("onnx.load failed: \(c.stdout)") }
            peer.append(u)
            peerRSS.append(parseNumber(c.stdout, key: "hwm_kib") ?? -1)
            dropCache(path)
            let d = try spawnMeasured(me, ["onnx-child", "encode", path, ourOut])
            guard d.status == 0, let v = parseSeconds(d.stdout) else { throw ValidationError("encode failed: \(d.stdout)") }
            encode.append(v)
            dropCache(path)
            let e = try spawnMeasured(python, ["scripts/bench_onnx_peer.py", "save", path, peerOut])
            guard e.status == 0, let w = parseSeconds(e.stdout) else { throw ValidationError("onnx.save failed: \(e.stdout)") }
            peerSave.append(w)
        }
        let same = (try? Data(contentsOf: URL(fileURLWithPath: ourOut))) == (try? Data(contentsOf: URL(fileURLWithPath: peerOut)))
        func rssRatio(_ kib: [Int]) -> String { fmt(Double(kib.max() ?? 0) * 1024 / Double(bytes)) }
        emit([("bench", "\"onnx\""), ("tool", "\"mshub decode\""), ("bytes", "\(bytes)"), ("median_s", fmt(median(decode))), ("max_rss_kib", "\(decodeRSS.max() ?? 0)"), ("rss_over_file", rssRatio(decodeRSS))])
        emit([("bench", "\"onnx\""), ("tool", "\"mshub decode+read all\""), ("bytes", "\(bytes)"), ("median_s", fmt(median(read))), ("max_rss_kib", "\(readRSS.max() ?? 0)"), ("rss_over_file", rssRatio(readRSS))])
        emit([("bench", "\"onnx\""), ("tool", "\"onnx.load\""), ("bytes", "\(bytes)"), ("median_s", fmt(median(peer))), ("max_rss_kib", "\(peerRSS.max() ?? 0)"), ("rss_over_file", rssRatio(peerRSS))])
        emit([("bench", "\"onnx\""), ("tool", "\"mshub encode+write\""), ("median_s", fmt(median(encode)))])
        emit([("bench", "\"onnx\""), ("tool", "\"onnx.save\""), ("median_s", fmt(median(peerSave)))])
        emit([
            ("bench", "\"onnx\""), ("decode_speedup_over_onnx_load", fmt(median(peer) / median(decode))),
            ("decode_read_all_speedup_over_onnx_load", fmt(median(peer) / median(read))),
            ("encode_speedup_over_onnx_save", fmt(median(peerSave) / median(encode))),
            ("same_bytes_as_onnx_save", same ? "true" : "false"), ("reps", "\(common.reps)"),
        ])
    }

    /// A chain `y = ((x·W0)+b0 ·W1)+b1 …` whose weights are seeded random floats.
    static func makeModel(_ path: String, bytes: Int, tensors: Int, seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let width = max(16, Int(Double(bytes / max(1, tensors) / 4).squareRoot()) & ~15)
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "mshub bench"
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 17
        model.opsetImport = [opset]
        var graph = Onnx_GraphProto()
        graph.name = "chain"
        func value(_ name: String) -> Onnx_ValueInfoProto {
            var info = Onnx_ValueInfoProto()
            info.name = name
            var type = Onnx_TypeProto()
            var tensor = Onnx_TypeProto.Tensor()
            tensor.elemType = 1
            var shape = Onnx_TensorShapeProto()
            for d in [1, width] {
                var dim = Onnx_TensorShapeProto.Dimension()
                dim.dimValue = Int64(d)
                shape.dim.append(dim)
            }
            tensor.shape = shape
            type.tensorType = tensor
            info.type = type
            return info
        }
        graph.input = [value("x")]
        var previous = "x"
        var words = [UInt32](repeating: 0, count: width * width)
        for i in 0..<tensors {
            for w in words.indices { words[w] = UInt32(truncatingIfNeeded: rng.next()) & 0x3DFF_FFFF }
            var weight = Onnx_TensorProto()
            weight.name = "w\(i)"
            weight.dataType = 1
            weight.dims = [Int64(width), Int64(width)]
            weight.rawData = words.withUnsafeBytes { Data($0) }
            graph.initializer.append(weight)
            var node = Onnx_NodeProto()
            node.opType = "MatMul"
            node.name = "matmul\(i)"
            node.input = [previous, "w\(i)"]
            node.output = ["h\(i)"]
            graph.node.append(node)
            previous = "h\(i)"
        }
        graph.output = [value(previous)]
        model.graph = graph
        let document = ONNXDocument(model: model)
        try ONNXCodec.write(document, to: path, options: ONNXWriteOptions(externalDataThreshold: 1 << 40))
    }
}

/// Writes back and evicts `path` from the page cache.
func dropCache(_ path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return }
    _ = fdatasync(fd)
    _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
    close(fd)
}

/// This process's peak resident set (VmHWM). Unlike `ru_maxrss` from `wait4`, it starts afresh at
/// exec, so a child's figure does not include the parent's memory (posix_spawn shares it until exec).
func peakRSSKiB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "") ?? -1
    }
    return -1
}

/// The number after `"key": ` in a JSON line.
func parseNumber(_ json: String, key: String) -> Int? {
    guard let range = json.range(of: "\"\(key)\": ") else { return nil }
    return Int(json[range.upperBound...].prefix { $0.isNumber })
}

/// Our side of `bench onnx`, run as a child so that its peak RSS is measured alone.
struct ONNXChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "onnx-child", shouldDisplay: false)

    @Argument var mode: String
    @Argument var path: String
    @Argument var output: String?

    func run() throws {
        let start = now()
        let document = try ONNXCodec.decode(path: path)
        var checksum: UInt64 = 0
        var count = 0
        for tensor in document.model.graph.initializer {
            let bytes = try document.payload(of: tensor)
            count += bytes.count
            if mode == "read" {
                try bytes.forEachChunk { (chunk: UnsafeRawBufferPointer) in
                    // One load per 64-byte line: every byte comes in from the file, as a copy would need.
                    for i in stride(from: 0, to: chunk.count, by: 64) { checksum &+= UInt64(chunk[i]) }
                }
            }
        }
        if mode == "encode", let output {
            try ONNXCodec.write(document, to: output, options: ONNXWriteOptions(externalDataThreshold: 1 << 40))
        }
        let elapsed = now() - start
        print("{\"seconds\": \(elapsed), \"bytes\": \(count), \"checksum\": \(checksum), \"hwm_kib\": \(peakRSSKiB())}")
    }
}
