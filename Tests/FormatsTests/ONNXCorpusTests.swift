import Foundation
import Formats
import Testing
import TestSupport

@Suite struct ONNXCorpusTests {
    @Test func everyModelDecodesAndReencodesByteIdentically() throws {
        let corpus = try ONNXCorpus.require()
        #expect(corpus.models.count >= 1900, "corpus: \(corpus.counts)")
        var failures: [String] = []
        for path in corpus.models {
            do {
                let storage = try ByteStorage.map(path: path)
                let document = try ONNXCodec.decode(storage)
                let bytes = try ONNXCodec.encode(document)
                if bytes != storage.view.bytes { failures.append("\(path): re-encoded bytes differ") }
            } catch {
                failures.append("\(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(corpus.models.count) failed:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// Our checker must accept every model the onnx checker accepts (it checks less: no operator
    /// schemas), and it must find something in a fair share of those the onnx checker rejects.
    @Test func checkerAgreesWithTheOnnxCheckerOnValidModels() throws {
        let corpus = try ONNXCorpus.require()
        let script = Project.root.appendingPathComponent("scripts/onnx_oracle.py").path
        let oracle = try runProcess(
            Project.python, [script, "check"], stdin: Data(corpus.models.joined(separator: "\n").utf8))
        #expect(oracle.status == 0, "\(oracle.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: oracle.stdout) as? [String: String])
        var falseAlarms: [String] = []
        var valid = 0
        for path in corpus.models {
            let issues = ONNXChecker.validate(try ONNXCodec.decode(path: path))
            if verdicts[path] == "ok" {
                valid += 1
                if !issues.isEmpty { falseAlarms.append("\(path): \(issues[0])") }
            }
        }
        #expect(valid > 1800)
        #expect(falseAlarms.isEmpty, "\(falseAlarms.count) valid models flagged:\n\(falseAlarms.prefix(20).joined(separator: "\n"))")
    }
}
