import Foundation
import Formats
import Testing
import TestSupport

/// AIR decode/encode: what hand-built and protoc-built bytes decode to, byte-exact re-encoding,
/// zero-copy tensor data, the protoc oracle in both directions, and the inspect summary.
@Suite struct AIRCodecTests {
    static let protoDir = Project.root.appendingPathComponent("Protos").path

    static func protoc(_ arguments: [String], stdin: Data) throws -> ProcessResult {
        guard let tool = which("protoc") else { throw OracleError.missing("protoc (apt protobuf-compiler)") }
        let result = try runProcess(tool, arguments + ["--proto_path=\(protoDir)", "\(protoDir)/ge_ir.proto"], stdin: stdin)
        guard result.status == 0 else { throw OracleError.failed("protoc: \(result.stderr)") }
        return result
    }

    @Test func handBuiltModelDecodesToWhatWasWritten() throws {
        let bytes = AIRTestBytes.sample()
        let document = try AIRCodec.decode(ByteStorage(bytes: bytes, path: "sample.air"))
        let model = document.model
        #expect(model.name == "sample")
        #expect(model.version == 1)
        #expect(model.customVersion == "v1")
        #expect(model.graph.count == 1)
        let graph = try #require(document.mainGraph)
        #expect(graph.op.map(\.type) == ["Data", "Const", "MatMulV2", "NetOutput"])
        #expect(graph.op[2].input == ["x:0", "w:0"])
        guard case .b(true)? = graph.op[2].attr["transpose_x2"]?.value else {
            Issue.record("transpose_x2 missing")
            return
        }
        guard case .t(let tensor)? = graph.op[1].attr["value"]?.value else {
            Issue.record("Const value missing")
            return
        }
        #expect([UInt8](tensor.data) == AIRTestBytes.weights)
        #expect(tensor.desc.shape.dim == [4, 64])
        // 1 KiB of weights is above the zero-copy threshold: the data is a view of the input.
        let view = try #require(document.dataView(of: tensor))
        #expect(view.count == AIRTestBytes.weights.count)
        #expect(Array(bytes[view.range]) == AIRTestBytes.weights)
        #expect(try AIRCodec.encode(document) == bytes)
    }

    @Test func protocEncodedTextReencodesByteForByte() throws {
        // The oracle writes the bytes; we must decode them to the same content and write the same bytes.
        let weights = (0..<48).map { String(format: "\\%03o", $0 * 5 % 256) }.joined()
        let text = """
            name: "oracle" version: 3 custom_version: "c"
            graph {
              name: "main" input: "in:0" output: "act:0"
              op { name: "in" type: "Data" attr { key: "index" value { i: 0 } }
                   output_desc { dtype: DT_FLOAT shape { dim: [2, 3] } layout: "NCHW" } }
              op { name: "k" type: "Const"
                   attr { key: "value" value { t { desc { dtype: DT_FLOAT shape { dim: [3, 4] } } data: "\(weights)" } } } }
              op { name: "act" type: "Relu" input: "in:0" input: "k:-1"
                   attr { key: "zeta" value { list { i: [1, 2, 3] val_type: VT_LIST_INT } } }
                   attr { key: "alpha" value { f: 0.5 } } }
              attr { key: "g" value { s: "x" } }
            }
            attr { key: "b" value { dt: 7 } }
            attr { key: "a" value { list_list_int { list_list_i { list_i: [1, 2] } } } }
            """
        let encoded = try Self.protoc(
            ["--encode=ge.proto.ModelDef", "--deterministic_output"], stdin: Data(text.utf8)).stdout
        let document = try AIRCodec.decode(ByteStorage(bytes: [UInt8](encoded)))
        #expect(document.model.graph[0].op.map(\.name) == ["in", "k", "act"])
        #expect(document.model.graph[0].op[2].input == ["in:0", "k:-1"])
        guard case .t(let tensor)? = document.model.graph[0].op[1].attr["value"]?.value else {
            Issue.record("no Const value")
            return
        }
        #expect([UInt8](tensor.data) == (0..<48).map { UInt8($0 * 5 % 256) })
        #expect(try AIRCodec.encode(document) == [UInt8](encoded))
    }

    @Test func unknownFieldsSurviveARoundTrip() throws {
        // Field 99 of ModelDef and field 50 of OpDef are not in the schema.
        let extra = AIRTestBytes.string(99, "future")
        var bytes = AIRTestBytes.sample()
        bytes += extra
        let document = try AIRCodec.decode(ByteStorage(bytes: bytes))
        #expect(try AIRCodec.encode(document) == bytes)
    }

    @Test func whatWeWriteProtocDecodesToEveryNodeAndWeight() throws {
        let document = try AIRCodec.decode(ByteStorage(bytes: AIRTestBytes.sample()))
        let ours = try AIRCodec.encode(document)
        let text = try Self.protoc(["--decode=ge.proto.ModelDef"], stdin: Data(ours)).stdoutText
        for name in ["\"x\"", "\"w\"", "\"mm\"", "\"out\"", "\"Data\"", "\"Const\"", "\"MatMulV2\"", "\"NetOutput\"",
            "\"transpose_x2\"", "\"index\"", "\"value\"", "\"graph_note\"", "\"origin\""]
        {
            #expect(text.contains(name), "protoc text lacks \(name)")
        }
        // The weight bytes, read back from protoc's escaped `data:` string.
        let escaped = try #require(Self.dataStrings(in: text).first)
        #expect(escaped == AIRTestBytes.weights)
    }

    @Test func payloadPathsThatNameNoSinglePlaceFollowProtobufRules() throws {
        // A repeated map key (the last entry wins) and a oneof member replaced by a later one:
        // the zero-copy put-back must not guess, and the result must be what protobuf says.
        let a = seededBytes(256, seed: 1)
        let b = seededBytes(256, seed: 2)
        let tensorA = AIRTestBytes.message(12, AIRTestBytes.tensor(dtype: 1, dims: [64], data: a))
        let tensorB = AIRTestBytes.message(12, AIRTestBytes.tensor(dtype: 1, dims: [64], data: b))
        let op = AIRTestBytes.string(1, "w") + AIRTestBytes.string(2, "Const") + AIRTestBytes.attr(10, "value", tensorA)
            + AIRTestBytes.attr(10, "value", tensorB) + AIRTestBytes.attr(10, "z", tensorA + AIRTestBytes.varintField(3, 5))
        let bytes = AIRTestBytes.message(7, AIRTestBytes.message(6, op))
        let document = try AIRCodec.decode(ByteStorage(bytes: bytes))
        let attrs = document.model.graph[0].op[0].attr
        guard case .t(let tensor)? = attrs["value"]?.value, case .i(let five)? = attrs["z"]?.value else {
            Issue.record("unexpected attributes \(attrs)")
            return
        }
        #expect([UInt8](tensor.data) == b)
        #expect(five == 5)
    }

    @Test func writeIsAtomicAndNeverReplacesTheInput() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.air").path
        try Data(AIRTestBytes.sample()).write(to: URL(fileURLWithPath: input))
        let document = try AIRCodec.decode(path: input)
        #expect(throws: FormatError.self) { try AIRCodec.write(document, to: input) }
        let output = dir.appendingPathComponent("out.air").path
        let written = try AIRCodec.write(document, to: output)
        let back = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(written == back.count)
        #expect(back == AIRTestBytes.sample())
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(leftovers == ["in.air", "out.air"])
    }

    @Test func summaryListsInputsOutputsOpsAndWeights() throws {
        let summary = AIRSummary(try AIRCodec.decode(ByteStorage(bytes: AIRTestBytes.sample())))
        #expect(summary.name == "sample")
        #expect(summary.version == 1)
        #expect(summary.inputs == [.init(name: "x", dtype: "float32", shape: [1, 4], layout: "ND", index: 0)])
        #expect(summary.outputs == [.init(name: "mm:0", dtype: "float32", shape: [1, 64], layout: "ND", index: nil)])
        #expect(summary.opTypes.map(\.type) == ["Data", "Const", "MatMulV2", "NetOutput"])
        #expect(summary.constCount == 1)
        #expect(summary.weightBytes == 1024)
    }

    /// Byte strings of every `data: "..."` line in protoc's text output, unescaped by the C rules
    /// protoc uses (octal `\NNN`, `\n`, `\"`, …).
    static func dataStrings(in text: String) -> [[UInt8]] {
        var results: [[UInt8]] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("data: \""), trimmed.hasSuffix("\"") else { continue }
            let body = Array(trimmed.utf8.dropFirst(7).dropLast())
            var out: [UInt8] = []
            var i = 0
            while i < body.count {
                let c = body[i]
                if c != UInt8(ascii: "\\") {
                    out.append(c)
                    i += 1
                    continue
                }
                let next = body[i + 1]
                if next >= 48 && next <= 55 {
                    var value = 0
                    var digits = 0
                    while digits < 3, i + 1 + digits < body.count, body[i + 1 + digits] >= 48, body[i + 1 + digits] <= 55 {
                        value = value * 8 + Int(body[i + 1 + digits] - 48)
                        digits += 1
                    }
                    out.append(UInt8(value & 0xFF))
                    i += 1 + digits
                    continue
                }
                let simple: [UInt8: UInt8] = [
                    UInt8(ascii: "n"): 10, UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9,
                    UInt8(ascii: "\""): 34, UInt8(ascii: "'"): 39, UInt8(ascii: "\\"): 92,
                ]
                out.append(simple[next] ?? next)
                i += 2
            }
            results.append(out)
        }
        return results
    }
}
