// `mshub inspect` and `mshub convert` on the MindIR fixtures MindSpore exported
// (scripts/mindir_nets.py via scripts/make-testdata.py). The oracles are MindSpore itself: its own
// mind_ir_pb2 parse for what inspect reports, and mindspore.load + nn.GraphCell running what
// convert writes, compared bit for bit with the outputs MindSpore computed from the originals.

import Foundation
import Testing
import TestSupport

@Suite("mshub inspect/convert on MindIR and AIR")
struct MindIRCommandTests {
    static let nets = ["lenet", "resblock", "transformer"]
    static let gcmKey = "000102030405060708090a0b0c0d0e0f"

    static func oracle(_ arguments: [String]) throws -> TestSupport.ProcessResult {
        let script = Project.root.appendingPathComponent("scripts/mindir_oracle.py").path
        return try runProcess(Project.python, [script] + arguments, environment: ["GLOG_v": "3"])
    }

    /// MindSpore runs `model` on the net's fixture inputs; true when every output equals the
    /// fixture's outputs bit for bit.
    static func runsIdentically(_ model: String, net: String, key: [String] = []) throws -> Bool {
        let dir = try Project.temporaryDirectory()
        let out = dir.appendingPathComponent("out.npz").path
        let run = try oracle(["run", model, Project.testdata("models/\(net).inputs.npz"), out] + key)
        guard run.status == 0 else { throw OracleError.failed("mindspore could not run \(model): \(run.stderr)") }
        let compare = try runProcess(Project.python, ["-c", """
            import sys, numpy as np
            a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
            same = sorted(a.files) == sorted(b.files) and all(
                a[k].dtype == b[k].dtype and a[k].shape == b[k].shape and a[k].tobytes() == b[k].tobytes() for k in a.files)
            print("same" if same else "differ")
            """, Project.testdata("models/\(net).outputs.npz"), out])
        return String(decoding: compare.stdout, as: UTF8.self).hasPrefix("same")
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.err)")
    }

    static func json(_ result: TestSupport.ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    }

    @Test(arguments: nets)
    func inspectAgreesWithMindSporesParse(net: String) throws {
        for (file, key) in [("\(net).mindir", [String]()), ("\(net)_enc.mindir", ["--key", Self.gcmKey])] {
            let path = Project.testdata("models/\(file)")
            let ours = try CLI.mshub(["inspect", "--json", "--no-hash", path] + key)
            #expect(ours.status == 0, "\(ours.err)")
            let theirs = try Self.oracle(["describe", path] + key)
            #expect(theirs.status == 0, "\(theirs.stderr)")
            let report = try Self.json(ours)
            let expected = try #require(try JSONSerialization.jsonObject(with: theirs.stdout) as? [String: Any])
            #expect(report["format"] as? String == "mindir")
            #expect(report["encrypted"] as? Bool == !key.isEmpty)
            let graph = try #require(report["graph"] as? [String: Any])
            #expect(graph["mind_ir_version"] as? Int == expected["mind_ir_version"] as? Int)
            #expect(graph["mindspore_version"] as? String == expected["model_version"] as? String)
            #expect(graph["ir_version"] as? String == expected["ir_version"] as? String)
            #expect(graph["initializer_count"] as? Int == expected["parameters"] as? Int)
            #expect(graph["initializer_bytes"] as? Int == expected["parameter_bytes"] as? Int)
            #expect(graph["node_count"] as? Int == expected["nodes"] as? Int)
            #expect(NSDictionary(dictionary: graph["ops"] as? [String: Int] ?? [:])
                    == NSDictionary(dictionary: expected["ops"] as? [String: Int] ?? [:]))
            let inputs = try #require(graph["inputs"] as? [[String: Any]])
            let expectedInputs = try #require(expected["inputs"] as? [[String: Any]])
            #expect(inputs.map { $0["name"] as? String } == expectedInputs.map { $0["name"] as? String })
            #expect(inputs.map { $0["shape"] as? [Int] } == expectedInputs.map { $0["dims"] as? [Int] })
            let tensors = try #require(report["tensors"] as? [[String: Any]])
            #expect(tensors.map { $0["name"] as? String ?? "" } == expected["parameter_names"] as? [String])
        }
    }

    @Test func inspectWithoutTheKeyStillNamesTheFormat() throws {
        let result = try CLI.mshub(["inspect", "--json", "--no-hash", Project.testdata("models/lenet_enc.mindir")])
        #expect(result.status == 0, "\(result.err)")
        let report = try Self.json(result)
        #expect(report["format"] as? String == "mindir")
        #expect(report["encryption"] as? String == "AES-GCM")
        #expect(report["graph"] == nil)
    }

    @Test(arguments: nets)
    func reencodeAndMindIRToAIRToMindIRKeepTheOutputs(net: String) throws {
        let dir = try Project.temporaryDirectory()
        let source = Project.testdata("models/\(net).mindir")
        let again = dir.appendingPathComponent("\(net).mindir").path
        let air = dir.appendingPathComponent("\(net).air").path
        let back = dir.appendingPathComponent("\(net)_back.mindir").path
        for (from, to) in [(source, again), (source, air), (air, back)] {
            let result = try CLI.mshub(["convert", from, to])
            #expect(result.status == 0, "\(from) -> \(to): \(result.err)")
        }
        #expect(try Self.runsIdentically(again, net: net))
        #expect(try Self.runsIdentically(back, net: net))

        // The AIR in between decodes with protoc and our schema, and inspect reads it as AIR.
        let protoc = try #require(which("protoc"), "protoc missing (scripts/install-deps)")
        let decoded = try runProcess(
            "/bin/sh", ["-c", "\"$0\" --decode=ge.proto.ModelDef --proto_path=\"$1\" ge_ir.proto < \"$2\"",
                        protoc, Project.root.appendingPathComponent("Protos").path, air])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        let text = String(decoding: decoded.stdout, as: UTF8.self)
        let report = try Self.json(try CLI.mshub(["inspect", "--json", "--no-hash", air]))
        #expect(report["format"] as? String == "air")
        let graph = try #require(report["graph"] as? [String: Any])
        let ops = try #require(graph["ops"] as? [String: Int])
        #expect(ops.values.reduce(0, +) == text.components(separatedBy: "\n  op {").count - 1)
        #expect(ops["Const"] == graph["initializer_count"] as? Int)
    }

    @Test func encryptsDecryptsAndSplitsForMindSpore() throws {
        let dir = try Project.temporaryDirectory()
        let sm4Key = "0123456789abcdeffedcba9876543210"
        // Encrypted MindIR in, plain out (key from a file), then plain in, SM4-CBC and AES-CBC out.
        let keyFile = dir.appendingPathComponent("key.bin")
        try Data((0..<16).map { UInt8($0) }).write(to: keyFile)
        let plain = dir.appendingPathComponent("plain.mindir").path
        let decrypt = try CLI.mshub(["convert", Project.testdata("models/lenet_enc.mindir"), plain, "--key-file", keyFile.path])
        #expect(decrypt.status == 0, "\(decrypt.err)")
        #expect(try Self.runsIdentically(plain, net: "lenet"))
        for (mode, key) in [("SM4-CBC", sm4Key), ("AES-CBC", sm4Key + sm4Key)] {
            let out = dir.appendingPathComponent("\(mode).mindir").path
            let result = try CLI.mshub(["convert", plain, out, "--key", key, "--mode", mode])
            #expect(result.status == 0, "\(result.err)")
            #expect(try Self.runsIdentically(out, net: "lenet", key: ["--key", key, "--mode", mode]))
        }
        // Split save: every parameter in <name>_variables/data_0, loaded by MindSpore.
        let split = dir.appendingPathComponent("split.mindir").path
        let result = try CLI.mshub(["convert", Project.testdata("models/resblock.mindir"), split, "--external-data-threshold", "0"])
        #expect(result.status == 0, "\(result.err)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("split_variables/data_0").path))
        #expect(try Self.runsIdentically(split, net: "resblock"))
        let described = try Self.json(try Self.oracle(["describe", split]))
        let original = try Self.json(try Self.oracle(["describe", Project.testdata("models/resblock.mindir")]))
        #expect(described["parameter_bytes"] as? Int == original["parameter_bytes"] as? Int)
        #expect((described["parameter_names"] as? [String])?.sorted() == (original["parameter_names"] as? [String])?.sorted())
    }

    @Test func badInputExitsTwoAndNamesThePlace() throws {
        let dir = try Project.temporaryDirectory()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Project.testdata("models/lenet.mindir")))
        let cut = dir.appendingPathComponent("cut.mindir")
        try bytes.prefix(bytes.count / 2).write(to: cut)
        let truncated = try CLI.mshub(["inspect", "--no-hash", cut.path])
        #expect(truncated.status == 2)
        #expect(truncated.err.contains(cut.path) && truncated.err.contains("0x"))
        let converted = try CLI.mshub(["convert", cut.path, dir.appendingPathComponent("x.air").path])
        #expect(converted.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.air").path))

        let wrongKey = try CLI.mshub(["convert", Project.testdata("models/lenet_enc.mindir"), dir.appendingPathComponent("w.mindir").path,
                                      "--key", "ffffffffffffffffffffffffffffffff"])
        #expect(wrongKey.status == 2)
        let noKey = try CLI.mshub(["convert", Project.testdata("models/lenet_enc.mindir"), dir.appendingPathComponent("n.mindir").path])
        #expect(noKey.status == 2)
        let usage = try CLI.mshub(["convert", Project.testdata("models/lenet.mindir"), dir.appendingPathComponent("u.air").path, "--mode", "AES-GCM"])
        #expect(usage.status == 64)
        #expect(try CLI.mshub(["convert", Project.testdata("models/lenet.mindir"), Project.testdata("models/lenet.mindir")]).status == 2)
    }
}
