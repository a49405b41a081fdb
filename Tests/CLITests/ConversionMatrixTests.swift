import Foundation
import Testing
import TestSupport

/// The conversion matrix: every fixture model, and a few models of the onnx package's own test
/// corpus (scripts/make-onnx-corpus.py; a missing corpus fails the test), to every graph format
/// through `mshub convert --verify` (source and result run by the interpreter on the same seeded
/// inputs), with the plan (`--plan --allow-partial --json`, which runs the exporters too)
/// predicting exactly which pairs convert and which are refused, and why: an op the target's
/// table lacks, or a node its exporter refuses (an attribute value it has no form for).
/// The matrix is committed in conversion-matrix.txt (MSHUB_UPDATE_SNAPSHOTS=1 rewrites it);
/// real consumers then run what we wrote.
@Suite struct ConversionMatrixTests {
    static let sources = [
        "models/lenet.onnx", "models/lenet.mindir", "models/resblock.onnx", "models/resblock.mindir",
        "models/transformer.onnx", "models/transformer.mindir", "models/convnet.onnx", "mslite/cnn.ms",
        "mslite/transformer.ms",
    ]
    /// From the onnx corpus: an old-IR PyTorch export whose weights are inputs with initializer
    /// defaults (Conv), a Gemm with C and the opset-6 `broadcast` attribute, a MaxPool with
    /// explicit pads, and an LSTM (no form outside ONNX).
    static let corpusSources = [
        "pytorch-converted/test_Conv2d/model.onnx", "pytorch-operator/test_operator_addmm/model.onnx",
        "pytorch-converted/test_MaxPool2d/model.onnx", "node/test_lstm_defaults/model.onnx",
    ]
    static let targets = ["onnx", "mindir", "air", "ms"]
    static let matrixFile = CLI.snapshots.appendingPathComponent("../conversion-matrix.txt").standardized

    struct Plan {
        var supported: Bool
        var unsupported: [String]
        /// Nodes the partial cut removes because the target cannot hold them: op and note.
        var refusedNodes: [(op: String, note: String)]
        /// Whether the conversion writes the model whole.
        var converts: Bool { supported && refusedNodes.isEmpty }
    }

    static func plan(_ path: String, _ target: String) throws -> Plan {
        let result = try CLI.mshub(["convert", path, "--to", target, "--plan", "--allow-partial", "--json"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let ops = try #require(json["ops"] as? [[String: Any]])
        let partial = try #require(json["partial"] as? [String: Any])
        let removed = try #require(partial["removed"] as? [[String: Any]])
        return Plan(
            supported: json["supported"] as? Bool ?? false,
            unsupported: ops.filter { $0["mapping"] as? String == "unsupported" }.compactMap { $0["op"] as? String },
            refusedNodes: removed.filter { $0["reason"] as? String == "unsupported" }.map {
                (op: $0["op"] as? String ?? "", note: $0["note"] as? String ?? "")
            })
    }

    @Test func everyPairConvertsOrIsRefusedAsPlanned() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var lines: [String] = []
        let corpus = try ONNXCorpus.require()
        var sources = Self.sources.map { (label: $0, path: CLI.testdata.appendingPathComponent($0).path) }
        for relative in Self.corpusSources {
            let path = corpus.root.appendingPathComponent(relative).path
            #expect(FileManager.default.fileExists(atPath: path), "the onnx corpus (\(corpus.counts)) has no \(relative)")
            sources.append((label: "onnx-corpus/" + relative, path: path))
        }
        for (source, path) in sources {
            for target in Self.targets {
                let plan = try Self.plan(path, target)
                let out = dir.url.appendingPathComponent(source.replacingOccurrences(of: "/", with: "_") + "." + target).path
                let result = try CLI.mshub(["convert", path, out, "--verify"])
                switch result.status {
                case 0:
                    #expect(plan.converts, "\(source) -> \(target) converted although the plan refused \(plan.unsupported) \(plan.refusedNodes)")
                    #expect(result.out.contains(": PASS"))
                    lines.append("\(source) -> \(target): converted, outputs within float32 tolerance")
                case 2 where !plan.supported:
                    #expect(plan.unsupported.contains { result.err.contains($0) }, "\(source) -> \(target): \(result.err)")
                    lines.append("\(source) -> \(target): refused (\(plan.unsupported.joined(separator: ", ")))")
                case 2:
                    // Every op maps, but the exporter refuses a node: the partial plan named it.
                    let first = plan.refusedNodes.first
                    #expect(first.map { result.err.contains($0.note) } ?? false, "\(source) -> \(target) refused although the plan accepted it: \(result.err)")
                    lines.append("\(source) -> \(target): refused by the exporter (\(first.map { "\($0.op): \($0.note)" } ?? "?"))")
                default:
                    Issue.record("\(source) -> \(target): exit \(result.status): \(result.out) \(result.err)")
                    lines.append("\(source) -> \(target): MISMATCH")
                }
            }
        }
        let text = "# mshub convert --verify over the fixture models and onnx corpus models (Tests/CLITests/ConversionMatrixTests.swift)\n" + lines.joined(separator: "\n") + "\n"
        print(text)
        if ProcessInfo.processInfo.environment["MSHUB_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: Self.matrixFile, atomically: true, encoding: .utf8)
        } else {
            let committed = try String(contentsOf: Self.matrixFile, encoding: .utf8)
            #expect(committed == text, "the matrix changed; MSHUB_UPDATE_SNAPSHOTS=1 to accept")
        }
    }

    /// onnxruntime runs the ONNX we write from MindIR and from .ms; mindspore.load + GraphCell runs
    /// the MindIR we write from ONNX; both reproduce MindSpore's saved outputs.
    @Test(arguments: ["lenet", "resblock", "transformer"])
    func realConsumersRunWhatWeWrite(net: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let inputs = CLI.testdata.appendingPathComponent("models/\(net).inputs.npz").path
        let expected = CLI.testdata.appendingPathComponent("models/\(net).outputs.npz").path
        let onnx = dir.url.appendingPathComponent("\(net).onnx").path
        let mindir = dir.url.appendingPathComponent("\(net).mindir").path
        #expect(try CLI.mshub(["convert", CLI.testdata.appendingPathComponent("models/\(net).mindir").path, onnx]).status == 0)
        // MindSpore's ONNX export of the transformer writes LayerNorm with ReduceSumSquare, which
        // reaches MindIR as ReduceSum(Mul(x, x)) (ReductionRewrites).
        let back = try CLI.mshub(["convert", CLI.testdata.appendingPathComponent("models/\(net).onnx").path, mindir])
        #expect(back.status == 0, "\(back.err)")
        let ortOut = dir.url.appendingPathComponent("ort.npz").path
        let ort = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/onnx_oracle.py").path, "infer", onnx, inputs, ortOut])
        #expect(ort.status == 0, "\(ort.stderr)")
        let msOut = dir.url.appendingPathComponent("ms.npz").path
        let ms = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/mindir_oracle.py").path, "run", mindir, inputs, msOut])
        #expect(ms.status == 0, "\(ms.stderr)")
        let outputs = [ortOut, msOut]
        let script = """
            import sys, numpy as np
            e = np.load(sys.argv[1])
            for path in sys.argv[2:]:
                a = np.load(path)
                for k in e.files:
                    d = float(np.abs(a[k] - e[k]).max())
                    assert d <= 1e-5 + 1e-5 * float(np.abs(e[k]).max()), (path, k, d)
            print("ok")
            """
        let check = try runProcess(Project.python, ["-c", script, expected] + outputs)
        #expect(check.status == 0 && check.stdoutText.contains("ok"), "\(check.stderr)")
    }
}

/// The converter's options through the CLI.
@Suite struct ConverterOptionTests {
    @Test func weightsPrecisionAndOptimizeThroughTheCLI() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let onnx = CLI.testdata.appendingPathComponent("models/convnet.onnx").path
        let ckpt = CLI.testdata.appendingPathComponent("ckpt/convnet.ckpt").path
        // Binding the checkpoint MindSpore exported the ONNX from changes nothing: --verify passes exactly.
        let bound = try CLI.mshub(["convert", onnx, dir.url.appendingPathComponent("bound.onnx").path, "--weights", ckpt, "--verify"])
        #expect(bound.status == 0, "\(bound.err)")
        #expect(bound.err.contains("bound 9, unbound 0, unused 0, mismatched 0"))
        #expect(bound.out.contains("max abs 0,"))
        // float16 within float16 tolerances; BatchNorm folded into Conv within float32 ones.
        let half = try CLI.mshub(["convert", onnx, dir.url.appendingPathComponent("half.onnx").path, "--fp16", "--verify"])
        #expect(half.status == 0, "\(half.out) \(half.err)")
        #expect(half.out.contains("rtol 0.001"))
        let folded = try CLI.mshub(["convert", onnx, dir.url.appendingPathComponent("folded.ms").path, "--optimize", "--verify", "--json"])
        #expect(folded.status == 0, "\(folded.err)")
        #expect(folded.out.contains("\"passed\":true"))
        let plan = try CLI.mshub(["convert", onnx, "--to", "mindir", "--plan", "--optimize", "--bf16"])
        #expect(plan.status == 0 && plan.out.contains("BatchNormalization folded") && plan.out.contains("to bfloat16"))
        #expect(!plan.out.contains(" BatchNormalization ×"))
    }

    @Test func misuseIsAUsageErrorAndBadWeightsAreBadInput() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let onnx = CLI.testdata.appendingPathComponent("models/convnet.onnx").path
        #expect(try CLI.mshub(["convert", onnx, "out.onnx", "--fp16", "--bf16"]).status == 64)
        #expect(try CLI.mshub(["convert", onnx]).status == 64)
        #expect(try CLI.mshub(["convert", onnx, "x.safetensors", "--fp16"]).status == 64)
        #expect(try CLI.mshub(["convert", onnx, "x.onnx", "--name-map", "m.txt"]).status == 64)
        // Weights of another network: shapes do not fit, nothing is written.
        let other = CLI.testdata.appendingPathComponent("models/lenet.onnx").path
        let out = dir.url.appendingPathComponent("x.onnx").path
        let wrong = try dir.write("map.txt", "conv1.weight conv2.weight\n")
        let result = try CLI.mshub(["convert", other, out, "--weights", CLI.testdata.appendingPathComponent("ckpt/convnet.ckpt").path, "--name-map", wrong.path])
        #expect(result.status == 2 && result.err.contains("mismatched"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// `mshub check` converts each graph asset to the other graph formats and verifies the outputs.
@Suite struct CheckConversionsTests {
    @Test func graphAssetsCarryVerifiedConversions() throws {
        let result = try CLI.mshub(["check", CLI.testdata.appendingPathComponent("hub").path, "--json"])
        #expect(result.status == 0, "\(result.err)")
        let text = result.out
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let all = try #require(document["assets"] as? [[String: Any]])
        let graphRows = all.filter { ["onnx", "mindir"].contains($0["real_format"] as? String ?? "") }
        #expect(graphRows.count >= 2, "\(text.prefix(400))")
        for row in graphRows {
            let conversions = try #require(row["conversions"] as? [[String: Any]], "\(row["id"] ?? "")")
            #expect(conversions.count == 3)
            #expect(conversions.allSatisfy { $0["status"] as? String == "ok" }, "\(conversions)")
        }
        let weightRows = all.filter { ($0["real_format"] as? String) == "ckpt" }
        #expect(!weightRows.isEmpty && weightRows.allSatisfy { $0["conversions"] is NSNull })
    }
}
