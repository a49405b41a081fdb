import ArgumentParser
import Foundation
import Formats

#if canImport(Glibc)
    import Glibc
#endif

/// `bench mindir`: decode of a MindSpore-exported MindIR (≥ 100 MB of weights by default) against
/// `mindspore.load`, with each side's peak RSS (VmHWM) over the file size.
///
/// The model is a chain of 2048×2048 Dense layers with seeded weights, exported by MindSpore itself
/// (scripts/bench_mindir_peer.py), so we time the reader on the bytes MindSpore writes. Our decode
/// runs in a child process, alone and reading every weight byte; weights stay views of the map.
struct MindIRBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mindir", abstract: "MindIR decode vs mindspore.load (PyPI mindspore); use --size-mib 128.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Python with mindspore (default: .venv/bin/python).")
    var python = ".venv/bin/python"

    func run() throws {
        let dir = "\(common.dir)/mshub-bench-mindir-\(getpid())"
        guard mkdir(dir, 0o700) == 0 else { throw ValidationError("cannot create \(dir)") }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let requested = "\(dir)/model.mindir"
        let made = try spawnMeasured(
            python, ["scripts/bench_mindir_peer.py", "make", requested, "\(common.sizeMib)", "\(common.seed)"])
        guard made.status == 0 else { throw ValidationError("export failed: \(made.stdout)") }
        // Above 1 GiB MindSpore writes the split layout instead.
        let split = "\(dir)/model_graph.mindir"
        let path = FileManager.default.fileExists(atPath: requested) ? requested : split
        var bytes = fileSize(path)
        let data = "\(dir)/model_variables/data_0"
        if path == split { bytes += fileSize(data) }
        let me = selfExecutable()

        var decode: [Double] = [], decodeRSS: [Int] = []
        var read: [Double] = [], readRSS: [Int] = []
        var peer: [Double] = [], peerRSS: [Int] = []
        for _ in 0..<common.reps {
            // Every side starts from a cold page cache (see `bench onnx`).
            for p in [path, data] { dropCache(p) }
            let a = try spawnMeasured(me, ["mindir-child", "decode", path])
            guard a.status == 0, let s = parseSeconds(a.stdout) else { throw ValidationError("decode failed: \(a.stdout)") }
            decode.append(s)
            decodeRSS.append(parseNumber(a.stdout, key: "hwm_kib") ?? -1)
            for p in [path, data] { dropCache(p) }
            let b = try spawnMeasured(me, ["mindir-child", "read", path])
            guard b.status == 0, let t = parseSeconds(b.stdout) else { throw ValidationError("read failed: \(b.stdout)") }
            read.append(t)
            readRSS.append(parseNumber(b.stdout, key: "hwm_kib") ?? -1)
            for p in [path, data] { dropCache(p) }
            let c = try spawnMeasured(python, ["scripts/bench_mindir_peer.py", "load", path])
            guard c.status == 0, let u = parseSeconds(c.stdout) else {
                throw ValidationError("mindspore.load failed: \(c.stdout)")
            }
            peer.append(u)
            peerRSS.append(parseNumber(c.stdout, key: "hwm_kib") ?? -1)
        }
        func rssRatio(_ kib: [Int]) -> String { fmt(Double(kib.max() ?? 0) * 1024 / Double(bytes)) }
        let layout = path == split ? "\"split\"" : "\"inline\""
        emit([("bench", "\"mindir\""), ("tool", "\"mshub decode\""), ("bytes", "\(bytes)"), ("layout", layout), ("median_s", fmt(median(decode))), ("max_rss_kib", "\(decodeRSS.max() ?? 0)"), ("rss_over_file", rssRatio(decodeRSS))])
        emit([("bench", "\"mindir\""), ("tool", "\"mshub decode+read all\""), ("bytes", "\(bytes)"), ("median_s", fmt(median(read))), ("max_rss_kib", "\(readRSS.max() ?? 0)"), ("rss_over_file", rssRatio(readRSS))])
        emit([("bench", "\"mindir\""), ("tool", "\"mindspore.load\""), ("bytes", "\(bytes)"), ("median_s", fmt(median(peer))), ("max_rss_kib", "\(peerRSS.max() ?? 0)"), ("rss_over_file", rssRatio(peerRSS))])
        emit([
            ("bench", "\"mindir\""), ("decode_speedup_over_mindspore_load", fmt(median(peer) / median(decode))),
            ("decode_read_all_speedup_over_mindspore_load", fmt(median(peer) / median(read))),
            ("reps", "\(common.reps)"),
        ])
    }
}

/// Our side of `bench mindir`, run as a child so that its peak RSS is measured alone.
struct MindIRChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mindir-child", shouldDisplay: false)

    @Argument var mode: String
    @Argument var path: String

    func run() throws {
        let start = now()
        let document = try MindIRCodec.decode(path: path)
        var checksum: UInt64 = 0
        var count = 0
        for weight in try document.parameters() {
            count += weight.bytes.count
            if mode == "read" {
                try weight.bytes.forEachChunk { (chunk: UnsafeRawBufferPointer) in
                    // One load per 64-byte line: every byte comes in from the file, as a copy would need.
                    for i in stride(from: 0, to: chunk.count, by: 64) { checksum &+= UInt64(chunk[i]) }
                }
            }
        }
        let elapsed = now() - start
        print("{\"seconds\": \(elapsed), \"bytes\": \(count), \"checksum\": \(checksum), \"hwm_kib\": \(peakRSSKiB())}")
    }
}
