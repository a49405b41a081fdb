import ArgumentParser
import Formats
import MSCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// Measures mshub against the tools people would use instead, side by side in one run, interleaved,
/// and prints JSON lines with medians and ratios. Inputs are generated from a seed.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks mshub against its peers (JSON lines on stdout).",
        subcommands: [HashBench.self, CheckpointBench.self, ONNXBench.self, HubBench.self, MSLiteBench.self, MindIRBench.self, InferBench.self, SafetensorsBench.self, HashChild.self, ONNXChild.self, MindIRChild.self, SafetensorsChild.self])
}

struct CommonOptions: ParsableArguments {
    @Option(help: "Size of the generated input in MiB.")
    var sizeMib = 1024

    @Option(help: "Interleaved repetitions of each side.")
    var reps = 5

    @Option(help: "Seed for the generated input.")
    var seed: UInt64 = 1

    @Option(help: "Folder for generated inputs (removed afterwards).")
    var dir = "/tmp"
}

struct HashBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "SHA-256 throughput and peak memory vs `openssl dgst -sha256`.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let openssl = try requireTool("openssl")
        let big = "\(common.dir)/mshub-bench-hash-\(getpid()).bin"
        let small = "\(common.dir)/mshub-bench-hash-small-\(getpid()).bin"
        defer {
            unlink(big)
            unlink(small)
        }
        try generateFile(big, bytes: common.sizeMib << 20, seed: common.seed)
        try generateFile(small, bytes: 64 << 20, seed: common.seed &+ 1)
        let me = selfExecutable()
        // Warm the page cache once for both.
        _ = try spawnMeasured(me, ["_hash-child", big])
        var ours: [Measured] = []
        var peer: [Measured] = []
        for _ in 0..<common.reps {
            ours.append(try spawnMeasured(me, ["_hash-child", big]))
            peer.append(try spawnMeasured(openssl, ["dgst", "-sha256", big]))
        }
        let smallRun = try spawnMeasured(me, ["_hash-child", small])
        guard ours.first?.stdout == peer.first.map({ String($0.stdout.suffix(64)) }) ?? "" else {
            throw ValidationError("digests differ: ours \(ours.first?.stdout ?? "") vs openssl \(peer.first?.stdout ?? "")")
        }
        let bytes = Double(common.sizeMib << 20)
        let oursMedian = median(ours.map(\.seconds))
        let peerMedian = median(peer.map(\.seconds))
        emit([
            ("bench", "\"hash\""), ("tool", "\"mshub\""), ("bytes", "\(Int(bytes))"), ("median_s", fmt(oursMedian)),
            ("gib_per_s", fmt(bytes / oursMedian / 1_073_741_824)), ("max_rss_kib", "\(ours.map(\.maxRSSKiB).max() ?? 0)"),
            ("max_rss_kib_64mib_input", "\(smallRun.maxRSSKiB)"),
        ])
        emit([
            ("bench", "\"hash\""), ("tool", "\"openssl dgst -sha256\""), ("bytes", "\(Int(bytes))"), ("median_s", fmt(peerMedian)),
            ("gib_per_s", fmt(bytes / peerMedian / 1_073_741_824)), ("max_rss_kib", "\(peer.map(\.maxRSSKiB).max() ?? 0)"),
        ])
        emit([("bench", "\"hash\""), ("ratio_throughput_mshub_over_openssl", fmt(peerMedian / oursMedian)), ("reps", "\(common.reps)")])
    }
}

/// Internal: hashes one file in this process (a child of `bench hash`, so its peak memory is its own).
struct HashChild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_hash-child", shouldDisplay: false)
    @Argument var path: String
    func run() throws {
        print(SHA256.hex(try SHA256.hashFile(path: path)))
    }
}

struct CheckpointBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ckpt", abstract: "Open and list a checkpoint vs `mindspore.load_checkpoint`.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of tensors in the generated checkpoint.")
    var tensors = 300

    @Option(help: "Python with mindspore (default: .venv/bin/python).")
    var python = ".venv/bin/python"

    func run() throws {
        let path = "\(common.dir)/mshub-bench-\(getpid()).ckpt"
        defer { unlink(path) }
        let listing = try makeCheckpoint(path)
        var ours: [Double] = []
        var peer: [Double] = []
        for _ in 0..<common.reps {
            let start = now()
            let document = try CheckpointCodec.decode(path: path)
            let entries = try CheckpointCodec.entries(of: document)
            var described = 0
            for entry in entries {
                if let t = entry.tensor { described += t.shape.count + t.tensorType.name.count + entry.name.count }
            }
            ours.append(now() - start)
            guard entries.count == listing, described > 0 else { throw ValidationError("listed \(entries.count) of \(listing)") }

            let result = try spawnMeasured(python, ["scripts/bench_ckpt_peer.py", path])
            guard result.status == 0, let seconds = parseSeconds(result.stdout) else {
                throw ValidationError("mindspore.load_checkpoint failed: \(result.stdout)")
            }
            peer.append(seconds)
        }
        let oursMedian = median(ours)
        let peerMedian = median(peer)
        let bytes = fileSize(path)
        emit([("bench", "\"ckpt\""), ("tool", "\"mshub\""), ("bytes", "\(bytes)"), ("tensors", "\(listing)"), ("median_s", fmt(oursMedian))])
        emit([("bench", "\"ckpt\""), ("tool", "\"mindspore.load_checkpoint\""), ("bytes", "\(bytes)"), ("tensors", "\(listing)"), ("median_s", fmt(peerMedian))])
        emit([("bench", "\"ckpt\""), ("speedup_mshub_over_mindspore", fmt(peerMedian / oursMedian)), ("reps", "\(common.reps)")])
    }

    /// Writes `tensors` float32 tensors of seeded random bytes totalling about `sizeMib` MiB.
    func makeCheckpoint(_ path: String) throws -> Int {
        let total = common.sizeMib << 20
        let per = max(256, (total / max(1, tensors)) & ~255)  // whole rows of 64 float32
        let writer = try CheckpointWriter(path: path)
        var rng = SplitMix(seed: common.seed)
        var words = [UInt64](repeating: 0, count: per / 8)
        for i in 0..<tensors {
            // Fresh seeded bytes per tensor; clearing the exponent's top bits keeps the floats small and finite.
            for w in words.indices { words[w] = rng.next() & 0x3FFF_FFFF_3FFF_FFFF }
            let bytes = words.withUnsafeBytes { Array($0) } + [UInt8](repeating: 0, count: per % 8)
            let view = ByteView(bytes: bytes)
            try writer.appendTensor(
                name: "layer\(i / 4).block.\(["weight", "bias", "gamma", "beta"][i % 4])", type: CheckpointTensorType("Float32"),
                dims: [Int64(per / 4 / 64), 64].filter { $0 > 0 }, data: TensorBytes(view))
        }
        try writer.finish()
        return tensors
    }
}

// MARK: Helpers

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct Measured {
    var seconds: Double
    var maxRSSKiB: Int
    var status: Int32
    var stdout: String
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func fmt(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    return String(Double(Int(value * 1_000_000)) / 1_000_000)
}

func emit(_ members: [(String, String)]) {
    print("{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
}

func selfExecutable() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
}

func requireTool(_ name: String) throws -> String {
    for dir in (String(cString: getenv("PATH") ?? strdup("/usr/bin"))).split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    throw ValidationError("\(name) not found on PATH")
}

func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

func parseSeconds(_ json: String) -> Double? {
    let key = Array("\"seconds\": ".utf8)
    let bytes = Array(json.utf8)
    guard bytes.count > key.count else { return nil }
    for start in 0...(bytes.count - key.count) where Array(bytes[start..<(start + key.count)]) == key {
        let rest = bytes[(start + key.count)...].prefix { "0123456789.e-".utf8.contains($0) }
        return Double(String(decoding: rest, as: UTF8.self))
    }
    return nil
}

/// Writes `bytes` pseudo-random bytes from `seed`.
func generateFile(_ path: String, bytes: Int, seed: UInt64) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw ValidationError("cannot create \(path)") }
    defer { close(fd) }
    var rng = SplitMix(seed: seed)
    let chunk = 1 << 20
    var buffer = [UInt64](repeating: 0, count: chunk / 8)
    var left = bytes
    while left > 0 {
        for i in buffer.indices { buffer[i] = rng.next() }
        let n = min(left, chunk)
        let written = buffer.withUnsafeBytes { write(fd, $0.baseAddress, n) }
        guard written == n else { throw ValidationError("short write to \(path)") }
        left -= n
    }
}

/// Runs a program, waits, and returns its wall time, peak RSS (from wait4) and stdout.
func spawnMeasured(_ executable: String, _ arguments: [String]) throws -> Measured {
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { throw ValidationError("pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipe[0])
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = now()
    // posix_spawnp: a bare name (`--python python3`) is looked up on PATH, as a shell would.
    let rc = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
    close(pipe[1])
    guard rc == 0 else {
        close(pipe[0])
        throw ValidationError("cannot run \(executable): \(String(cString: strerror(rc)))")
    }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
        if n <= 0 { break }
        output += buffer[0..<n]
    }
    close(pipe[0])
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let elapsed = now() - start
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Measured(
        seconds: elapsed, maxRSSKiB: Int(usage.ru_maxrss), status: exit,
        stdout: String(decoding: output, as: UTF8.self).trimmingSuffix())
}

extension String {
    func trimmingSuffix() -> String {
        var s = self
        while s.last == "\n" || s.last == " " { s.removeLast() }
        return s
    }
}
