import ArgumentParser
import Convert
import Foundation
import Formats
import GraphIR
import Verify

#if canImport(Glibc)
    import Glibc
#endif

/// `bench infer`: reference inference on three models built here with seeded weights (a
/// ResNet-style CNN at 224×224, a transformer encoder and MobileNetV2), exported to ONNX, timed against
/// onnxruntime on the same file and inputs, same thread count, in one run. `--backend cuda`
/// times our cuda backend against onnxruntime's CUDA execution provider instead of the CPU one.
struct InferBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer", abstract: "Interpreter latency (fast or cuda, and reference backends) vs onnxruntime.",
        discussion: """
            --backend fast (the default) is compared with onnxruntime's CPU execution provider at --threads; \
            --backend cuda with its CUDA execution provider (--peer-provider overrides the choice; `torch` runs the \
            same ONNX graph with PyTorch's CUDA operators instead, for machines whose onnxruntime has no CUDA \
            provider). Every figure includes copying the model's inputs to the GPU and its outputs back; the cuda backend keeps every \
            other tensor on the device. Fails with the reason where the cuda backend or \
            onnxruntime's CUDA provider is unavailable.
            """)

    @Option(help: "Our backend to time: fast or cuda.")
    var backend: Backend = .fast

    @Option(name: .customLong("peer-provider"), help: "The peer: onnxruntime's cpu or cuda execution provider, or torch (PyTorch eager on CUDA) (default: cuda for --backend cuda, else cpu).")
    var peerProvider: String?

    @Option(help: "Inputs per run (the models' batch axis): 1 is latency, larger is throughput.")
    var batch = 1

    @Option(help: "Timed runs per side (after one warm-up).")
    var reps = 5

    @Option(help: "Timed runs of the (slow) reference backend.")
    var referenceReps = 1

    @Option(help: "Seed for weights and inputs.")
    var seed: UInt64 = 1

    @Option(help: "Threads for onnxruntime (the fast backend uses every core).")
    var threads = 2

    @Option(help: "Which models: cnn, transformer, mobilenet, both (cnn and transformer) or all.")
    var model = "all"

    @Option(help: "Folder for the generated models (removed afterwards).")
    var dir = "/tmp"

    @Option(help: "Python with onnxruntime.")
    var python = ".venv/bin/python"

    @Flag(help: "Skip the reference backend.")
    var skipReference = false

    @Flag(help: "Print where each backend's time goes, by op type (to standard error).")
    var profile = false

    func validate() throws {
        guard backend != .reference else {
            throw ValidationError("--backend takes fast or cuda (the reference backend runs too unless --skip-reference)")
        }
        guard (1...1024).contains(batch) else { throw ValidationError("--batch takes 1 to 1024") }
        guard [nil, "cpu", "cuda", "torch"].contains(peerProvider) else { throw ValidationError("--peer-provider takes cpu, cuda or torch") }
    }

    func run() throws {
        if let reason = backend.unavailableReason {
            FileHandle.standardError.write(Data("bench infer: the \(backend.rawValue) backend is unavailable: \(reason)\n".utf8))
            throw ExitCode(2)
        }
        let provider = peerProvider ?? (backend == .cuda ? "cuda" : "cpu")
        let peerTool = provider == "torch" ? "PyTorch (CUDA, eager)" : "onnxruntime (\(provider) execution provider)"
        var cases: [(String, Model, [NDArray])] = []
        let suffix = batch == 1 ? "" : "_b\(batch)"
        if ["cnn", "both", "all"].contains(model) { cases.append(("resnet_cnn_224\(suffix)", BenchModels.resnet(seed: seed, batch: batch), [])) }
        if ["transformer", "both", "all"].contains(model) {
            cases.append(("transformer_4x256_seq128\(suffix)", BenchModels.transformer(seed: seed, batch: batch), []))
        }
        if ["mobilenet", "all"].contains(model) { cases.append(("mobilenet_v2_224\(suffix)", BenchModels.mobilenetV2(seed: seed, batch: batch), [])) }
        for (name, graphModel, _) in cases {
            let path = "\(dir)/mshub-bench-infer-\(getpid())-\(name).onnx"
            let inputsPath = "\(dir)/mshub-bench-infer-\(getpid())-\(name).inputs.npz"
            let peerOut = "\(dir)/mshub-bench-infer-\(getpid())-\(name).ort.npz"
            defer { if ProcessInfo.processInfo.environment["MSHUB_BENCH_KEEP"] == nil { for p in [path, inputsPath, peerOut] { unlink(p) } } }
            let bytes = try ONNXExporter.encodeModel(graphModel)
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                throw ValidationError("cannot write \(path)")
            }
            let loaded = try ModelLoader.load(path: path)
            let inputs = try InputGenerator.random(for: loaded, seed: seed)
            let ordered = loaded.graph.inputs.filter { inputs[$0.name] != nil }
            try NPZ.write(ordered.enumerated().map { ("input\($0.offset)", inputs[$0.element.name]!) }, to: inputsPath)

            let peer = try spawnMeasured(
                python,
                provider == "torch"
                    ? ["scripts/bench_infer_torch.py", path, inputsPath, peerOut, "\(reps)", "\(threads)", "cuda"]
                    : ["scripts/bench_infer_peer.py", path, inputsPath, peerOut, "\(reps)", "\(threads)", provider])
            guard peer.status == 0, let peerMedian = parseSeconds(peer.stdout) else {
                throw ValidationError("\(peerTool) failed: \(peer.stdout)")
            }
            let expected = try NPZ.read(path: peerOut).sorted { $0.name < $1.name }.map(\.array)

            func time(_ backend: Backend, _ count: Int) throws -> (Double, [NDArray]) {
                var interpreter = Interpreter(model: loaded, backend: backend)
                var outputs = try interpreter.run(tensors: inputs).map(\.value)  // warm-up
                let timings = profile ? RunProfile() : nil
                interpreter.profile = timings
                var runs: [Double] = []
                for _ in 0..<count {
                    let start = now()
                    outputs = try interpreter.run(tensors: inputs).map(\.value)
                    runs.append(now() - start)
                }
                if let timings {
                    FileHandle.standardError.write(Data("\(name), \(backend.rawValue) backend, \(count) runs:\n\(timings.table())\n".utf8))
                }
                return (median(runs), outputs)
            }
            let (ourMedian, ourOut) = try time(backend, reps)
            let ourError = zip(ourOut, expected).map { Comparator.compare($0, $1).maxAbsError }.max() ?? .nan
            var peerFields = [("bench", "\"infer\""), ("model", "\"\(name)\""), ("tool", "\"\(provider == "torch" ? "pytorch" : "onnxruntime")\""), ("provider", "\"\(provider == "torch" ? "cuda" : provider)\""),
                              ("threads", "\(threads)"), ("median_s", fmt(peerMedian))]
            // Whether onnxruntime's CUDA provider computed in full float32 (TF32 off), as we do.
            for setting in ["off", "default"] where peer.stdout.contains("\"tf32\": \"\(setting)\"") {
                peerFields.append(("tf32", "\"\(setting)\""))
            }
            emit(peerFields)
            // The error and ratio fields keep their onnxruntime names whatever the peer; "peer" says which it was.
            emit([("bench", "\"infer\""), ("model", "\"\(name)\""), ("tool", "\"mshub \(backend.rawValue)\""),
                  ("peer", "\"\(provider == "torch" ? "pytorch cuda" : "onnxruntime \(provider)")\""),
                  ("blas", backend == .fast ? "\"\(FastBackendInfo.blas)\"" : "\"cuBLAS\""), ("median_s", fmt(ourMedian)),
                  ("max_abs_error_vs_onnxruntime", String(format: "%.3g", ourError)), ("ratio_over_onnxruntime", fmt(ourMedian / peerMedian))])
            if !skipReference {
                let (refMedian, refOut) = try time(.reference, referenceReps)
                let refError = zip(refOut, expected).map { Comparator.compare($0, $1).maxAbsError }.max() ?? .nan
                emit([("bench", "\"infer\""), ("model", "\"\(name)\""), ("tool", "\"mshub reference\""), ("median_s", fmt(refMedian)),
                      ("max_abs_error_vs_onnxruntime", String(format: "%.3g", refError)), ("ratio_over_onnxruntime", fmt(refMedian / peerMedian))])
            }
        }
    }
}

/// The benchmark models, built as GraphIR with seeded weights.
enum BenchModels {
    struct Builder {
        var nodes: [Node] = []
        var initializers: [Tensor] = []
        var rng: SplitMix64
        var counter = 0

        init(seed: UInt64) { rng = SplitMix64(seed: seed) }

        mutating func name(_ prefix: String) -> String {
            counter += 1
            return "\(prefix)_\(counter)"
        }

        mutating func weight(_ shape: [Int], scale: Double) -> String {
            let count = shape.reduce(1, *)
            var values = [Float](repeating: 0, count: count)
            for i in 0..<count { values[i] = Float((rng.nextUnit() * 2 - 1) * scale) }
            return constant(values, shape)
        }

        mutating func constant(_ values: [Float], _ shape: [Int]) -> String {
            let n = name("w")
            initializers.append(Tensor(name: n, dtype: .float32, shape: shape, bytes: TensorBytes(bytes: values.withUnsafeBytes { Array($0) })))
            return n
        }

        mutating func ints(_ values: [Int64]) -> String {
            let n = name("shape")
            initializers.append(Tensor(name: n, dtype: .int64, shape: [values.count], bytes: TensorBytes(bytes: values.withUnsafeBytes { Array($0) })))
            return n
        }

        mutating func node(_ op: String, _ inputs: [String], _ attributes: [Attribute] = []) -> String {
            let out = name(op.lowercased())
            nodes.append(Node(name: out, op: op, inputs: inputs, outputs: [out], attributes: attributes))
            return out
        }

        mutating func conv(_ x: String, _ cin: Int, _ cout: Int, kernel: Int, stride: Int, group: Int = 1) -> String {
            let w = weight([cout, cin / group, kernel, kernel], scale: (2.0 / Double(cin / group * kernel * kernel)).squareRoot())
            let pad = Int64(kernel / 2)
            var attributes: [Attribute] = [
                .named("kernel_shape", .ints([Int64(kernel), Int64(kernel)])), .named("strides", .ints([Int64(stride), Int64(stride)])),
                .named("pads", .ints([pad, pad, pad, pad])),
            ]
            if group != 1 { attributes.append(.named("group", .int(Int64(group)))) }
            let y = node("Conv", [x, w], attributes)
            let scale = constant((0..<cout).map { _ in Float(0.8 + 0.4 * rng.nextUnit()) }, [cout])
            let bias = constant((0..<cout).map { _ in Float(0.1 * (rng.nextUnit() - 0.5)) }, [cout])
            let mean = constant((0..<cout).map { _ in Float(0.1 * (rng.nextUnit() - 0.5)) }, [cout])
            let variance = constant((0..<cout).map { _ in Float(0.5 + rng.nextUnit()) }, [cout])
            return node("BatchNormalization", [y, scale, bias, mean, variance], [.named("epsilon", .float(1e-5))])
        }
    }

    /// Stem (7×7/2 conv, BN, ReLU, 3×3/2 max pool), four residual stages of two 3×3 convs
    /// (32, 64, 128, 256 channels; stride 2 and a 1×1 projection from the second stage),
    /// global average pool, 1000-way Gemm. Input [batch, 3, 224, 224].
    static func resnet(seed: UInt64, batch: Int = 1) -> Model {
        var b = Builder(seed: seed)
        var x = b.node("Relu", [b.conv("input", 3, 32, kernel: 7, stride: 2)])
        x = b.node("MaxPool", [x], [.named("kernel_shape", .ints([3, 3])), .named("strides", .ints([2, 2])), .named("pads", .ints([1, 1, 1, 1]))])
        var channels = 32
        for (stage, width) in [32, 64, 128, 256].enumerated() {
            let stride = stage == 0 ? 1 : 2
            var y = b.node("Relu", [b.conv(x, channels, width, kernel: 3, stride: stride)])
            y = b.conv(y, width, width, kernel: 3, stride: 1)
            let shortcut = (stride != 1 || channels != width) ? b.conv(x, channels, width, kernel: 1, stride: stride) : x
            x = b.node("Relu", [b.node("Add", [y, shortcut])])
            channels = width
        }
        x = b.node("Flatten", [b.node("GlobalAveragePool", [x])])
        let w = b.weight([1000, channels], scale: 0.05), bias = b.weight([1000], scale: 0.01)
        let logits = b.node("Gemm", [x, w, bias], [.named("transB", .int(1))])
        return model(b, inputs: [Value(name: "input", dtype: .float32, shape: Shape([batch, 3, 224, 224]))], output: logits)
    }

    /// MobileNetV2 (width 1.0): a 3×3/2 stem, seventeen inverted-residual blocks (1×1 expansion,
    /// 3×3 depthwise, 1×1 projection, each with BatchNormalization; ReLU6 as Clip(0, 6) after the
    /// first two; the residual Add where shapes allow), a 1×1 conv to 1280, global average pool,
    /// 1000-way Gemm. Input [batch, 3, 224, 224].
    static func mobilenetV2(seed: UInt64, batch: Int = 1) -> Model {
        var b = Builder(seed: seed)
        let zero = b.constant([0], []), six = b.constant([6], [])
        func relu6(_ v: String, _ b: inout Builder) -> String { b.node("Clip", [v, zero, six]) }
        var x = relu6(b.conv("input", 3, 32, kernel: 3, stride: 2), &b)
        var channels = 32
        for (expansion, width, repeats, firstStride) in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)] {
            for index in 0..<repeats {
                let stride = index == 0 ? firstStride : 1
                let hidden = channels * expansion
                var y = x
                if expansion != 1 { y = relu6(b.conv(y, channels, hidden, kernel: 1, stride: 1), &b) }
                y = relu6(b.conv(y, hidden, hidden, kernel: 3, stride: stride, group: hidden), &b)
                y = b.conv(y, hidden, width, kernel: 1, stride: 1)
                x = stride == 1 && channels == width ? b.node("Add", [x, y]) : y
                channels = width
            }
        }
        x = relu6(b.conv(x, channels, 1280, kernel: 1, stride: 1), &b)
        x = b.node("Flatten", [b.node("GlobalAveragePool", [x])])
        let w = b.weight([1000, 1280], scale: 0.03), bias = b.weight([1000], scale: 0.01)
        let logits = b.node("Gemm", [x, w, bias], [.named("transB", .int(1))])
        return model(b, inputs: [Value(name: "input", dtype: .float32, shape: Shape([batch, 3, 224, 224]))], output: logits)
    }

    /// Four pre-LayerNorm encoder layers, hidden 256, 4 heads, feed-forward 1024 with GELU,
    /// sequence 128. Input [batch, 128, 256].
    static func transformer(seed: UInt64, batch: Int = 1, layers: Int = 4, hidden: Int = 256, heads: Int = 4, ff: Int = 1024, sequence: Int = 128) -> Model {
        var b = Builder(seed: seed)
        let dh = hidden / heads
        var x = "input"
        let splitShape = b.ints([Int64(batch), Int64(sequence), Int64(heads), Int64(dh)])
        let mergeShape = b.ints([Int64(batch), Int64(sequence), Int64(hidden)])
        let scale = b.constant([Float(1 / Double(dh).squareRoot())], [])
        for _ in 0..<layers {
            func norm(_ v: String, _ b: inout Builder) -> String {
                let gamma = b.constant((0..<hidden).map { _ in Float(0.9 + 0.2 * b.rng.nextUnit()) }, [hidden])
                let beta = b.weight([hidden], scale: 0.05)
                return b.node("LayerNormalization", [v, gamma, beta], [.named("axis", .int(-1)), .named("epsilon", .float(1e-5))])
            }
            func dense(_ v: String, _ cin: Int, _ cout: Int, _ b: inout Builder) -> String {
                let w = b.weight([cin, cout], scale: (1.0 / Double(cin)).squareRoot())
                let bias = b.weight([cout], scale: 0.02)
                return b.node("Add", [b.node("MatMul", [v, w]), bias])
            }
            func split(_ v: String, _ b: inout Builder) -> String {
                b.node("Transpose", [b.node("Reshape", [v, splitShape])], [.named("perm", .ints([0, 2, 1, 3]))])
            }
            let y = norm(x, &b)
            let q = split(dense(y, hidden, hidden, &b), &b)
            let k = split(dense(y, hidden, hidden, &b), &b)
            let v = split(dense(y, hidden, hidden, &b), &b)
            let kt = b.node("Transpose", [k], [.named("perm", .ints([0, 1, 3, 2]))])
            let scores = b.node("Mul", [b.node("MatMul", [q, kt]), scale])
            let attention = b.node("Softmax", [scores], [.named("axis", .int(-1))])
            let context = b.node("Transpose", [b.node("MatMul", [attention, v])], [.named("perm", .ints([0, 2, 1, 3]))])
            x = b.node("Add", [x, dense(b.node("Reshape", [context, mergeShape]), hidden, hidden, &b)])
            let z = norm(x, &b)
            let hiddenFF = b.node("Gelu", [dense(z, hidden, ff, &b)])
            x = b.node("Add", [x, dense(hiddenFF, ff, hidden, &b)])
        }
        return model(b, inputs: [Value(name: "input", dtype: .float32, shape: Shape([batch, sequence, hidden]))], output: x)
    }

    static func model(_ b: Builder, inputs: [Value], output: String) -> Model {
        Model(
            graph: Graph(name: "bench", inputs: inputs, outputs: [Value(name: output, dtype: .float32)], nodes: b.nodes, initializers: b.initializers),
            producerName: "mshub bench", opsetImports: ["": 21])
    }
}

extension Backend: ExpressibleByArgument {}
