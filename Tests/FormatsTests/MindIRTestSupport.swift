import Foundation
import Formats
import TestSupport

/// Fixtures and oracles for the MindIR tests: the networks MindSpore exported
/// (testdata/MANIFEST.json `mindir_nets`), MindIR bytes built by hand from the wire rules and
/// FORMATS.md §2.1 field numbers, and MindSpore itself (scripts/mindir_oracle.py) as the judge
/// of files we write.
enum MindIRFixtures {
    struct Net: Decodable, Sendable {
        struct Encryption: Decodable, Sendable {
            let mode: String
            let key_hex: String
        }
        let file: String
        let network: String
        let inputs: String
        let outputs: String
        let encryption: Encryption?
        var path: String { Project.testdata(file) }
        var key: [UInt8]? { encryption.map { hexBytes($0.key_hex) } }
    }
    private struct Listing: Decodable { let mindir_nets: [Net] }

    /// Every exported network (plain and encrypted).
    static let nets: [Net] = {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: Project.testdata("MANIFEST.json")))
            return try JSONDecoder().decode(Listing.self, from: data).mindir_nets
        } catch {
            fatalError("cannot read mindir_nets from testdata/MANIFEST.json: \(error)")
        }
    }()

    static var plainNets: [Net] { nets.filter { $0.encryption == nil } }
    static var encryptedNets: [Net] { nets.filter { $0.encryption != nil } }
    /// Every MindIR file in testdata/models, with its key when encrypted.
    static var allFiles: [(path: String, key: [UInt8]?)] {
        nets.map { ($0.path, $0.key) } + [
            (Project.testdata("models/convnet.mindir"), nil),
            (Project.testdata("models/convnet_enc.mindir"), hexBytes("000102030405060708090a0b0c0d0e0f")),
        ]
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

/// MindIR bytes by hand (FORMATS.md §2.1 numbers), independent of the code under test.
enum MindIRBytes {
    static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] {
        ProtoBytes.varint(number << 3) + ProtoBytes.varint(value)
    }
    static func string(_ number: UInt64, _ text: String) -> [UInt8] {
        ProtoBytes.lengthDelimited(number, Array(text.utf8))
    }
    /// ModelProto header: ir_version (1), producer_name (2), model_version (5) = 3 + 11 + 8 bytes.
    static let header = string(1, "1.1") + string(2, "MindSpore") + string(5, "2.10.0")

    /// ModelProto { header, graph (7) }.
    static func model(graph: [UInt8]) -> [UInt8] { header + ProtoBytes.lengthDelimited(7, graph) }

    /// TensorProto { dims (1), data_type (2), name (7), raw_data (9)? , external_data (12)? }.
    static func tensor(
        dims: [UInt64], type: UInt64 = 1, name: String = "g:w", raw: [UInt8]? = nil, external: [UInt8]? = nil
    ) -> [UInt8] {
        var out = dims.flatMap { varintField(1, $0) } + varintField(2, type) + string(7, name)
        if let raw { out += ProtoBytes.lengthDelimited(9, raw) }
        if let external { out += ProtoBytes.lengthDelimited(12, external) }
        return out
    }

    /// ExternalDataProto { location (1), offset (2), length (3) }.
    static func external(_ location: String, offset: UInt64, length: UInt64) -> [UInt8] {
        string(1, location) + varintField(2, offset) + varintField(3, length)
    }
}

/// MindSpore as the oracle: loads models with `mindspore.load`, runs them with `nn.GraphCell`
/// on fixed inputs, and compares the outputs with expected `.npz` files bit for bit.
enum MindSporeOracle {
    struct Job: Encodable {
        var model: String
        var inputs: String
        var expect: String
        var key: String? = nil
        var mode: String? = nil
    }

    static let script = """
        import json, os, sys, tempfile
        os.environ.setdefault("GLOG_v", "3")
        sys.path.insert(0, sys.argv[2])
        import numpy as np
        import mindir_oracle as oracle
        results = []
        for i, job in enumerate(json.loads(sys.argv[1])):
            handle, out = tempfile.mkstemp(suffix=".npz")
            os.close(handle)
            try:
                key = bytes.fromhex(job["key"]) if job.get("key") else None
                oracle.run(job["model"], job["inputs"], out, key, job.get("mode") or "AES-GCM")
                got, want = np.load(out), np.load(job["expect"])
                same = sorted(got.files) == sorted(want.files) and all(
                    got[k].dtype == want[k].dtype and got[k].shape == want[k].shape
                    and got[k].tobytes() == want[k].tobytes() for k in want.files)
                results.append("identical" if same else "outputs differ")
            except Exception as e:
                results.append(f"{type(e).__name__}: {e}")
            finally:
                os.remove(out)
        print(json.dumps(results))
        sys.stdout.flush()
        os._exit(0)
        """

    /// Runs every job in one Python process; returns "identical" or the reason per job.
    static func run(_ jobs: [Job]) throws -> [String] {
        let python = Project.python
        guard FileManager.default.isExecutableFile(atPath: python) else { throw OracleError.missing("\(python) (mindspore)") }
        let json = String(decoding: try JSONEncoder().encode(jobs), as: UTF8.self)
        let scripts = Project.root.appendingPathComponent("scripts").path
        let result = try runProcess(python, ["-c", script, json, scripts], environment: ["GLOG_v": "3"])
        let lines = result.stdoutText.split(separator: "\n")
        guard result.status == 0, let last = lines.last,
            let answers = try? JSONDecoder().decode([String].self, from: Data(last.utf8)), answers.count == jobs.count
        else {
            throw OracleError.failed("mindspore oracle exited \(result.status): \(result.stderr.suffix(2000))")
        }
        return answers
    }

    /// Exports network `name` with scripts/mindir_nets.py (split save and encryption as asked).
    static func export(_ name: String, to path: String, split: Bool = false, key: String? = nil, mode: String? = nil)
        throws
    {
        var arguments = ["scripts/mindir_nets.py", "export", name, path]
        if let key { arguments += ["--enc-key", key, "--enc-mode", mode ?? "AES-GCM"] }
        if split { arguments.append("--split") }
        let python = Project.python
        guard FileManager.default.isExecutableFile(atPath: python) else { throw OracleError.missing("\(python) (mindspore)") }
        let result = try runProcess(python, arguments.map { $0 == "scripts/mindir_nets.py" ? Project.root.appendingPathComponent($0).path : $0 }, environment: ["GLOG_v": "3"])
        guard result.status == 0 else { throw OracleError.failed("mindir_nets.py export: \(result.stderr.suffix(2000))") }
    }
}
