import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// Property: ONNX -> GraphIR -> ONNX keeps the model equivalent, over the onnx package's own
/// ~2,000 test models. Oracles: `onnx.checker.check_model` gives the same verdict on each original
/// and on our export; and, in Swift, the export has the same structure (ONNXStructure) and
/// lowers to the same GraphIR model.
@Suite struct ONNXLoweringCorpusTests {
    /// Models the lowering may refuse or the checker may judge differently, with the reason.
    /// Keys are paths relative to the corpus root. Empty: every model round-trips.
    static let exceptions: [String: String] = [:]

    struct Outcome {
        var relative: String
        var original: String
        var exported: String?
        var irVersion: Int64 = 0
    }

    @Test func everyModelLowersAndRaisesToAnEquivalentModel() throws {
        let corpus = try ONNXCorpus.require()
        #expect(corpus.models.count >= 1900, "corpus: \(corpus.counts)")
        let out = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }

        var outcomes: [Outcome] = []
        var refused: [String: String] = [:]
        var differences: [String] = []
        let prefix = corpus.root.path + "/"
        for (index, path) in corpus.models.enumerated() {
            let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
            do throws(ConversionError) {
                let document: ONNXDocument
                do { document = try ONNXCodec.decode(path: path) } catch {
                    refused[relative] = "decode: \(error)"
                    continue
                }
                let model = try ONNXImporter.importModel(document)
                let bytes = try ONNXExporter.encodeModel(model)
                let target = out.appendingPathComponent("\(index).onnx")
                do { try Data(bytes).write(to: target) } catch {
                    Issue.record("cannot write \(target.path): \(error)")
                    continue
                }
                let again: ONNXDocument
                do { again = try ONNXCodec.decode(ByteStorage(bytes: bytes)) } catch {
                    differences.append("\(relative): our bytes do not decode: \(error)")
                    continue
                }
                outcomes.append(
                    Outcome(relative: relative, original: path, exported: target.path, irVersion: again.model.irVersion))
                if let diff = ONNXStructure(left: document, right: again).difference() {
                    differences.append("\(relative): \(diff)")
                }
                if try ONNXImporter.importModel(again) != model {
                    differences.append("\(relative): GraphIR differs after ONNX -> GraphIR -> ONNX -> GraphIR")
                }
            } catch {
                refused[relative] = "\(error)"
                outcomes.append(Outcome(relative: relative, original: path, exported: nil))
            }
        }

        // One Python process runs the checker on every original and every export.
        let list = out.appendingPathComponent("pairs.json")
        let pairs = outcomes.map { [$0.original, $0.exported ?? ""] }
        try JSONSerialization.data(withJSONObject: pairs).write(to: list)
        let script = """
            import json, sys, onnx
            verdicts = []
            for original, exported in json.load(open(sys.argv[1])):
                row = []
                for path in (original, exported):
                    if not path:
                        row.append("not exported")
                        continue
                    try:
                        onnx.checker.check_model(onnx.load(path), full_check=False)
                        row.append(None)
                    except Exception as error:
                        row.append(str(error).splitlines()[0][:200] if str(error) else type(error).__name__)
                # onnx's own lowest IR version for the opsets (dtypes can only raise ours)
                model = onnx.load(original)
                row.append(onnx.helper.find_min_ir_version_for(list(model.opset_import), ignore_unknown=True))
                verdicts.append(row)
            print(json.dumps(verdicts))
            """
        let result = try runProcess(Project.python, ["-c", script, list.path])
        try #require(result.status == 0, "checker script failed: \(result.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[Any]])
        try #require(verdicts.count == outcomes.count)

        var originalPasses = 0
        var bothPass = 0
        var bothFail = 0
        var disagreements: [String] = []
        var irBelowOnnx: [String] = []
        for (outcome, verdict) in zip(outcomes, verdicts) {
            if outcome.exported != nil, let floor = verdict[2] as? Int, outcome.irVersion < Int64(floor) {
                irBelowOnnx.append("\(outcome.relative): ir_version \(outcome.irVersion) < onnx's minimum \(floor)")
            }
            let originalError = verdict[0] as? String
            let exportedError = verdict[1] as? String
            if originalError == nil { originalPasses += 1 }
            switch (originalError, exportedError) {
            case (nil, nil): bothPass += 1
            case (.some, .some): bothFail += 1
            case (nil, .some(let why)):
                disagreements.append("\(outcome.relative): original passes, ours fails: \(why)")
            case (.some(let why), nil):
                disagreements.append("\(outcome.relative): original fails (\(why)), ours passes")
            }
        }
        let unexpected = (Array(refused.keys) + disagreements.map { String($0.prefix { $0 != ":" }) }
            + differences.map { String($0.prefix { $0 != ":" }) })
            .filter { Self.exceptions[$0] == nil }
        print(
            "onnx lowering corpus: \(corpus.models.count) models, \(outcomes.count - refused.count) exported, "
                + "\(refused.count) refused; checker: original passes \(originalPasses), both pass \(bothPass), "
                + "both fail \(bothFail), disagree \(disagreements.count); structural differences \(differences.count)")
        let report = (refused.sorted { $0.key < $1.key }.map { "refused \($0.key): \($0.value)" } + disagreements + differences)
        #expect(unexpected.isEmpty, "\(unexpected.count) unexpected:\n\(report.prefix(40).joined(separator: "\n"))")
        #expect(originalPasses > 1800)
        #expect(irBelowOnnx.isEmpty, "\(irBelowOnnx.prefix(10).joined(separator: "\n"))")
    }
}
