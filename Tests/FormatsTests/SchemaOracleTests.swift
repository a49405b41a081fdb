import Foundation
import Testing
import TestSupport

/// Our MindIR and AIR schema files against readings of the same formats that no one here wrote:
/// the descriptor compiled into MindSpore's own `mind_ir_pb2` module, and the protobuf decoders
/// Netron ships for MindIR and for the Graph Engine IR. Each check is also run on a mutated copy of
/// our schema, to show that it notices a difference.
@Suite struct SchemaOracleTests {
    struct Comparison: Decodable {
        let messages: Int
        let fields: Int
        let mismatches: [String]?
        let differences: [String]?
        let extra: [String]?
    }

    static func compare(_ script: String, _ arguments: [String]) throws -> (status: Int32, result: Comparison?, stderr: String) {
        let path = Project.root.appendingPathComponent("scripts/\(script)").path
        let run = try runProcess(Project.python, [path] + arguments, environment: ["GLOG_v": "3"])
        let line = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let result = try? JSONDecoder().decode(Comparison.self, from: Data(line.utf8))
        return (run.status, result, run.stderr)
    }

    static func netron(_ file: String) throws -> String {
        let located = try runProcess(Project.python, ["-c", "import netron, os; print(os.path.dirname(netron.__file__))"])
        guard located.status == 0 else { throw OracleError.missing("PyPI netron (scripts/install-deps)") }
        let dir = String(decoding: located.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let path = dir + "/" + file
        guard FileManager.default.fileExists(atPath: path) else { throw OracleError.missing("netron's \(file)") }
        return path
    }

    /// A copy of one of our schema files with `edit` applied.
    static func mutant(_ name: String, replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOf: Project.root.appendingPathComponent("Protos/\(name)"), encoding: .utf8)
        #expect(text.contains(old), "mutation target missing")
        let dir = try Project.temporaryDirectory()
        let path = dir.appendingPathComponent(name).path
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func mindIRSchemaEqualsMindSporesDescriptor() throws {
        let ours = Project.root.appendingPathComponent("Protos/mind_ir.proto").path
        let same = try Self.compare("compare-descriptor.py", [ours, "mindspore.train.mind_ir_pb2"])
        #expect(same.status == 0, "\(same.stderr)")
        let result = try #require(same.result, "no result from compare-descriptor.py: \(same.stderr)")
        #expect(result.differences == [])
        #expect(result.messages >= 19 && result.fields >= 120)

        let changed = try Self.mutant("mind_ir.proto", replacing: "optional int64 mind_ir_version = 13;",
                                      with: "optional int32 mind_ir_version = 13;")
        let differs = try Self.compare("compare-descriptor.py", [changed, "mindspore.train.mind_ir_pb2"])
        #expect(differs.status == 1)
        #expect(differs.result?.differences?.count == 1)
    }

    @Test func mindIRSchemaCoversNetronsDecoder() throws {
        let ours = Project.root.appendingPathComponent("Protos/mind_ir.proto").path
        let js = try Self.netron("mindir-proto.js")
        let same = try Self.compare("compare-netron-proto.py", [js, ours, "mind_ir"])
        #expect(same.status == 0, "\(same.stderr)")
        let result = try #require(same.result)
        #expect(result.mismatches == [])
        #expect(result.fields >= 100)
        // What ours has beyond Netron: the MindSpore 2.10 additions FORMATS.md §2.1 lists.
        #expect(Set(result.extra ?? []) == [
            "mind_ir.AttributeProto.graph_holder", "mind_ir.LayoutProto.opt_shard_slice_shape_int",
            "mind_ir.ScalarGraphHolderProto", "mind_ir.ScalarNodeProto",
        ])

        let changed = try Self.mutant("mind_ir.proto", replacing: "optional bytes raw_data = 9;", with: "optional bytes raw_data = 19;")
        let differs = try Self.compare("compare-netron-proto.py", [js, changed, "mind_ir"])
        #expect(differs.status == 1)
        #expect(differs.result?.mismatches?.isEmpty == false)
    }

    @Test func airSchemaEqualsNetronsGraphEngineDecoder() throws {
        let ours = Project.root.appendingPathComponent("Protos/ge_ir.proto").path
        let js = try Self.netron("om-proto.js")
        let same = try Self.compare("compare-netron-proto.py", [js, ours, "ge.proto"])
        #expect(same.status == 0, "\(same.stderr)")
        let result = try #require(same.result)
        #expect(result.mismatches == [])
        #expect(result.extra == [])
        #expect(result.messages >= 13 && result.fields >= 80)

        let changed = try Self.mutant("ge_ir.proto", replacing: "repeated TensorDescriptor output_desc = 34;",
                                      with: "TensorDescriptor output_desc = 34;")
        let differs = try Self.compare("compare-netron-proto.py", [js, changed, "ge.proto"])
        #expect(differs.status == 1)
        #expect(differs.result?.mismatches?.count == 1)
    }
}
