import ArgumentParser
import Convert
import Foundation
import Formats

#if canImport(Glibc)
    import Glibc
#endif

/// `bench safetensors`: CKPT → safetensors of a generated checkpoint (`--size-mib`, 1 GiB by default)
/// against `mindspore.ckpt_to_safetensors`, interleaved, each side in its own child process so that its
/// peak RSS is its own. Our side streams from the map of the input to the output and releases the pages
/// it has written, so its peak RSS should not grow with the file: a run on a quarter-size input is
/// reported beside it. The first repetition's two outputs are compared byte for byte.
struct SafetensorsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safetensors", abstract: "CKPT → safetensors throughput and peak RSS vs mindspore.ckpt_to_safetensors.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of tensors in the generated checkpoint.")
    var tensors = 200

    @Option(help: "Python with mindspore (default: .venv/bin/python).")
    var python = ".venv/bin/python"

    func run() throws {
        let dir = "\(common.dir)/mshub-bench-safetensors-\(getpid())"
        guard mkdir(dir, 0o700) == 0 else { throw ValidationError("cannot create \(dir)") }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = "\(dir)/model.ckpt"
        let small = "\(dir)/small.ckpt"
        try makeCheckpoint(input, bytes: common.sizeMib << 20, seed: common.seed)
        try makeCheckpoint(small, bytes: max(1, common.sizeMib / 4) << 20, seed: common.seed &+ 1)
        let bytes = fileSize(input)
        let me = selfExecutable()
        let ours = "\(dir)/ours.safetensors"
        let peerDir = "\(dir)/peer"

        var mine: [Double] = [], mineRSS: [Int] = []
        var peer: [Double] = [], peerRSS: [Int] = []
        var identical: Bool?
        for rep in 0..<common.reps {
            unlink(ours)
            let a = try spawnMeasured(me, ["_safetensors-child", input, ours])
            guard a.status == 0, let s = parseSeconds(a.stdout) else { throw ValidationError("mshub failed: \(a.stdout)") }
            mine.append(s)
            mineRSS.append(parseNumber(a.stdout, key: "hwm_kib") ?? a.maxRSSKiB)
            try? FileManager.default.removeItem(atPath: peerDir)
            let b = try spawnMeasured(python, ["scripts/bench_safetensors_peer.py", input, peerDir])
            guard b.status == 0, let t = parseSeconds(b.stdout) else {
                throw ValidationError("mindspore.ckpt_to_safetensors failed: \(b.stdout)")
            }
            peer.append(t)
            peerRSS.append(parseNumber(b.stdout, key: "hwm_kib") ?? b.maxRSSKiB)
            if rep == 0 {
                identical = sameBytes(ours, "\(peerDir)/model.safetensors")
            }
        }
        unlink(ours)
        let smallRun = try spawnMeasured(me, ["_safetensors-child", small, ours])
        let smallRSS = parseNumber(smallRun.stdout, key: "hwm_kib") ?? smallRun.maxRSSKiB
        let gb = Double(bytes) / 1e9
        emit([
            ("bench", "\"safetensors\""), ("tool", "\"mshub ckpt->safetensors\""), ("bytes", "\(bytes)"),
            ("median_s", fmt(median(mine))), ("gb_per_s", fmt(gb / median(mine))), ("max_rss_kib", "\(mineRSS.max() ?? 0)"),
            ("max_rss_kib_quarter_input", "\(smallRSS)"),
        ])
        emit([
            ("bench", "\"safetensors\""), ("tool", "\"mindspore.ckpt_to_safetensors\""), ("bytes", "\(bytes)"),
            ("median_s", fmt(median(peer))), ("gb_per_s", fmt(gb / median(peer))), ("max_rss_kib", "\(peerRSS.max() ?? 0)"),
        ])
        emit([
            ("bench", "\"safetensors\""), ("ratio_throughput_mshub_over_mindspore", fmt(median(peer) / median(mine))),
            ("outputs_identical", identical.map { "\($0)" } ?? "null"), ("reps", "\(common.reps)"),
        ])
    }

    /// Float32 tensors of seeded bytes totalling about `bytes`, written by our streaming CKPT writer
    /// (which writes MindSpore's layout).
    func makeCheckpoint(_ path: String, bytes: Int, seed: UInt64) throws {
        let per = max(256, (bytes / max(1, tensors)) & ~255)
        let writer = try CheckpointWriter(path: path)
        var rng = SplitMix(seed: seed)
        var words = [UInt64](repeating: 0, count: per / 8)
        for i in 0..<tensors {
            for w in words.indices { words[w] = rng.next() & 0x3FFF_FFFF_3FFF_FFFF }
            let view = ByteView(bytes: words.withUnsafeBytes { Array($0) })
            try writer.appendTensor(
                name: "layer\(i / 4).block.\(["weight", "bias", "gamma", "beta"][i % 4])", type: CheckpointTensorType("Float32"),
                dims: [Int64(per / 4 / 64), 64], data: TensorBytes(view))
        }
        try writer.finish()
    }

    func sameBytes(_ a: String, _ b: String) -> Bool {
        guard let x = try? ByteStorage.map(path: a), let y = try? ByteStorage.map(path: b) else { return false }
        return x.view == y.view
    }
}

/// Our side of `bench safetensors`, run as a child so that its peak RSS is measured alone.
struct SafetensorsChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_safetensors-child", shouldDisplay: false)

    @Argument var input: String
    @Argument var output: String

    func run() throws {
        let start = now()
        let report = try WeightConversion.ckptToSafetensors(input: input, output: output)
        let elapsed = now() - start
        print("{\"seconds\": \(elapsed), \"bytes\": \(report.fileBytes), \"hwm_kib\": \(peakRSSKiB())}")
    }
}
