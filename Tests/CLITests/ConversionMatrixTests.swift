import Foundation
import Testing
import TestSupport

/// The conversion matrix: every fixture model to every graph format through `mshub convert
/// --verify` (source and result run by the interpreter on the same seeded inputs), with the
/// plan (`--plan --json`) predicting exactly which pairs convert and which are refused.
/// The matrix is committed in conversion-matrix.txt (MSHUB_UPDATE_SNAPSHOTS=1 rewrites it);
/// real consumers then run what we wrote.
@Suite struct ConversionMatrixTests {
    static let sources = [
        "models/lenet.onnx", "models/lenet.mindir", "models/resblock.onnx", "models/resblock.mindir",
        "models/transformer.onnx", "models/transformer.mindir", "models/convnet.onnx", "mslite/cnn.ms",
        "mslite/transformer.ms",
    ]
    static let targets = ["onnx", "mindir", "air", "ms"]
    static let matrixFile = CLI.snapshots.appendingPathComponent("../conversion-matrix.txt").standardized

    struct Plan {
        var supported: Bool
        var unsupported: [String]
    }

    static func plan(_ source: String, _ target: String) throws -> Plan {
        let result = try CLI.mshub(["convert", CLI.testdata.appendingPathComponent(source).path, "--to", target, "--plan", "--json"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let ops = try #require(json["ops"] as? [[String: Any]])
        return Plan(
            supported: json["supported"] as? Bool ?? false,
            unsupported: ops.filter { $0["mapping"] as? String == "unsupported" }.compactMap { $0["op"] as? String })
    }

    @Test func everyPairConvertsOrIsRefusedAsPlanned() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var lines: [String] = []
        for source in Self.sources {
            for target in Self.targets {
                let plan = try Self.plan(source, target)
                let out = dir.url.appendingPathComponent(source.replacingOccurrences(of: "/", with: "_") + "." + target).path
                let result = try CLI.mshub(["convert", CLI.testdata.appendingPathComponent(source).path, out, "--verify"])
                switch result.status {
                case 0:
                    #expect(plan.supported, "\(source) -> \(target) converted although the plan refused \(plan.unsupported)")
                    #expect(result.out.contains(": PASS"))
                    lines.append("\(source) -> \(target): converted, outputs within float32 tolerance")
                case 2:
                    #expect(!plan.supported, "\(source) -> \(target) refused although the plan accepted it: \(result.err)")
                    #expect(plan.unsupported.contains { result.err.contains($0) }, "\(source) -> \(target): \(result.err)")
                    lines.append("\(source) -> \(target): refused (\(plan.unsupported.joined(separator: ", ")))")
                default:
                    Issue.record("\(source) -> \(target): exit \(result.status): \(result.out) \(result.err)")
                    lines.append("\(source) -> \(target): MISMATCH")
                }
            }
        }
        let text = "# mshub convert --verify over the fixture models (Tests/CLITests/ConversionMatrixTests.swift)\n" + lines.joined(separator: "\n") + "\n"
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
    @Test(arguments: [("lenet", true), ("resblock", true), ("transformer", false)])
    func realConsumersRunWhatWeWrite(net: String, toMindIR: Bool) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let inputs = CLI.testdata.appendingPathComponent("models/\(net).inputs.npz").path
        let expected = CLI.testdata.appendingPathComponent("models/\(net).outputs.npz").path
        let onnx = dir.url.appendingPathComponent("\(net).onnx").path
        let mindir = dir.url.appendingPathComponent("\(net).mindir").path
        #expect(try CLI.mshub(["convert", CLI.testdata.appendingPathComponent("models/\(net).mindir").path, onnx]).status == 0)
        // MindSpore's ONNX export of the transformer uses ReduceSumSquare, which has no MindIR
        // form in our tables: that pair is refused (see conversion-matrix.txt).
        let back = try CLI.mshub(["convert", CLI.testdata.appendingPathComponent("models/\(net).onnx").path, mindir])
        #expect(back.status == (toMindIR ? 0 : 2), "\(back.err)")
        let ortOut = dir.url.appendingPathComponent("ort.npz").path
        let ort = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/onnx_oracle.py").path, "infer", onnx, inputs, ortOut])
        #expect(ort.status == 0, "\(ort.stderr)")
        var outputs = [ortOut]
        if toMindIR {
            let msOut = dir.url.appendingPathComponent("ms.npz").path
            let ms = try runProcess(Project.python, [Project.root.appendingPathComponent("scripts/mindir_oracle.py").path, "run", mindir, inputs, msOut])
            #expect(ms.status == 0, "\(ms.stderr)")
            outputs.append(msOut)
        }
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
