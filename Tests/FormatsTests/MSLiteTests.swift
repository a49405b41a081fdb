import Foundation
import Formats
import TestSupport
import Testing

/// The `.ms` codec: round trips, zero-copy payloads, identifier handling, and two oracles we did not
/// write: `flatc --json` with our Protos/mslite schema, and Netron's MindSpore Lite reader under node.
@Suite struct MSLiteTests {
    @Test func decodeOfEncodeIsIdentity() throws {
        for doc in [try MSLiteSamples.cnn(), try MSLiteSamples.withFutureOp(), MSLiteDocument()] {
            let bytes = try MSLiteCodec.encode(doc)
            #expect(Array(bytes[4..<8]) == Array("MSL2".utf8))
            let back = try MSLiteCodec.decode(ByteStorage(bytes: bytes, path: "rt.ms"))
            #expect(back == doc)
            // Our own output is canonical: encoding what we read gives the same bytes.
            #expect(try MSLiteCodec.encode(back) == bytes)
        }
    }

    @Test func forceDefaultsKeepsTheDocument() throws {
        let doc = try MSLiteSamples.cnn()
        let lean = try MSLiteCodec.encode(doc)
        let full = try MSLiteCodec.encode(doc, options: .init(forceDefaults: true))
        #expect(full.count > lean.count)
        #expect(try MSLiteCodec.decode(ByteStorage(bytes: full)) == doc)
    }

    @Test func tensorDataIsAViewIntoTheFile() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cnn.ms").path
        try MSLiteCodec.write(try MSLiteSamples.cnn(), to: path)
        let file = try ModelFile.open(path)
        #expect(file.format == .mslite)
        let doc = try MSLiteCodec.decode(file.storage)
        let weight = try #require(doc.tensors.first { $0.name == "conv.weight" })
        #expect(weight.data.storage === file.storage)
        #expect(weight.data.count == 4 * 27 * 4)
        #expect(weight.data.range.lowerBound % 16 == 0, "weights are 16-byte aligned in the file")
    }

    @Test func primitivesExposeFieldsAndDefaults() throws {
        let doc = try MSLiteSamples.cnn()
        let conv = try #require(doc.nodes[0].primitive)
        #expect(conv.name == "Conv2DFusion")
        #expect(conv.type == 35)
        #expect(conv["kernel_size"]?.integers == [3, 3])
        #expect(conv.scalar("activation_type")?.integerValue == 1)
        let fused = try MSLitePrimitive("FusedBatchNorm")
        #expect(fused.scalar("epsilon")?.doubleValue.map { abs($0 - 0.0001) < 1e-9 } == true)
        #expect(MSLiteSchema.primitiveTypeNames.count == 221)
        #expect(MSLiteSchema.primitiveType(named: "FillV2") == 221)
        #expect(throws: FormatError.self) { try MSLitePrimitive("NoSuchOp") }
    }

    @Test func futureUnionMemberWithReferencesIsRefused() throws {
        var doc = try MSLiteSamples.cnn()
        doc.nodes[0].primitive = MSLitePrimitive(type: 240, value: .raw(FlatRawTable(slots: [0: [4, 0, 0, 0]])))
        let error = try #require(throws: FormatError.self) { try MSLiteCodec.encode(doc) }
        #expect(error.code == .unsupported)
    }

    @Test(arguments: [("MSL1", FormatError.Code.unsupported), ("MSL0", .unsupported), ("\0\0\0\0", .unsupported), ("ABCD", .badMagic)])
    func identifiers(_ identifier: String, _ code: FormatError.Code) throws {
        var bytes = try MSLiteCodec.encode(try MSLiteSamples.cnn())
        bytes.replaceSubrange(4..<8, with: Array(identifier.utf8))
        let error = try #require(throws: FormatError.self) { try MSLiteCodec.decode(ByteStorage(bytes: bytes, path: "x.ms")) }
        #expect(error.code == code)
        #expect(error.offset == 4)
        #expect(error.file == "x.ms")
    }

    // MARK: flatc oracle

    @Test func flatcReadsWhatWeWriteAsWeDo() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, options) in [MSLiteCodec.EncodingOptions(), .init(forceDefaults: true)].enumerated() {
            let file = dir.appendingPathComponent("cnn\(i).ms")
            try MSLiteCodec.write(try MSLiteSamples.cnn(seed: UInt64(10 + i)), to: file.path, options: options)
            let theirs = try MSLiteOracles.flatcJSON(file)
            let buffer = FlatBuffer(storage: try ByteStorage.map(path: file.path), format: "mslite")
            let ours = try MSLiteOracles.render(try buffer.root(named: "MetaGraph"), "MetaGraph")
            var problems: [String] = []
            MSLiteOracles.same(theirs, ours, "MetaGraph", &problems)
            #expect(problems.isEmpty, "\(problems.prefix(10))")
            let nodes = try #require(theirs["nodes"] as? [[String: Any]])
            #expect(nodes.compactMap { ($0["primitive"] as? [String: Any])?["value_type"] as? String }
                == ["Conv2DFusion", "AddFusion", "Activation", "MaxPoolFusion", "Reshape", "FullConnection", "Softmax"])
        }
    }

    @Test func flatcBuiltFilesDecode() throws {
        // The other direction: flatc turns JSON into a binary with its own builder; we must read it the same.
        guard let flatc = which("flatc") else { throw OracleError.missing("flatc (apt flatbuffers-compiler)") }
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ours = dir.appendingPathComponent("ours.ms")
        let doc = try MSLiteSamples.cnn(seed: 5)
        try MSLiteCodec.write(doc, to: ours.path)
        let json = dir.appendingPathComponent("ours.json")
        _ = try MSLiteOracles.flatcJSON(ours)
        let schema = Project.root.appendingPathComponent("Protos/mslite/model.fbs").path
        let result = try runProcess(flatc, ["--binary", "-o", dir.appendingPathComponent("flatc").path, schema, json.path])
        #expect(result.status == 0, "flatc: \(result.stderr)")
        let rebuilt = dir.appendingPathComponent("flatc/ours.ms")
        let back = try MSLiteCodec.decode(try ByteStorage.map(path: rebuilt.path))
        // flatc's builder drops scalars equal to their default; otherwise the documents agree.
        #expect(back == Self.withoutDefaultScalars(doc))
        #expect(back != doc, "the sample holds an explicit default (AddFusion.activation_type = 0)")
    }

    static func withoutDefaultScalars(_ doc: MSLiteDocument) -> MSLiteDocument {
        var out = doc
        for i in out.nodes.indices {
            guard let p = out.nodes[i].primitive, case .table(var object) = p.value, let table = MSLiteSchema.schema[object.table] else { continue }
            for (id, field) in table.fields.enumerated() where object[id] != nil {
                var bare = object
                bare[id] = nil
                if MSLitePrimitive(type: p.type, value: .table(bare)).scalar(field.name) == object[id] { object[id] = nil }
            }
            out.nodes[i].primitive = MSLitePrimitive(type: p.type, value: .table(object))
        }
        return out
    }

    // MARK: Netron oracle

    @Test func netronOpensWhatWeWriteAndShowsOurNodes() throws {
        guard let node = which("node") else { throw OracleError.missing("node (apt nodejs)") }
        let packages = Project.root.appendingPathComponent(".venv/lib")
        let netron = try #require(
            FileManager.default.enumerator(atPath: packages.path)?.compactMap { $0 as? String }
                .first { $0.hasSuffix("site-packages/netron/mslite.js") }.map { packages.appendingPathComponent($0).deletingLastPathComponent() },
            "netron missing from .venv (run scripts/install-deps)")
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("cnn.ms")
        let doc = try MSLiteSamples.cnn(seed: 7)
        try MSLiteCodec.write(doc, to: file.path)
        let script = Project.root.appendingPathComponent("scripts/mslite/netron-open.mjs").path
        let result = try runProcess(node, [script, netron.path, file.path])
        #expect(result.status == 0, "netron: \(result.stderr)")
        let shown = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(shown["format"] as? String == "MindSpore Lite v2.0.0")
        let graph = try #require((shown["graphs"] as? [[String: Any]])?.first)
        let nodes = try #require(graph["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["name"] as? String } == doc.nodes.map(\.name))
        #expect(nodes.map { $0["type"] as? String } == doc.nodes.map { $0.primitive?.name })
        for (shownNode, ourNode) in zip(nodes, doc.nodes) {
            #expect(shownNode["inputs"] as? [String] == ourNode.inputIndex.map { doc.tensors[Int($0)].name ?? "" })
            #expect(shownNode["outputs"] as? [String] == ourNode.outputIndex.map { doc.tensors[Int($0)].name ?? "" })
        }
        let conv = try #require(nodes.first?["attributes"] as? [String: Any])
        #expect(conv["kernel_size"] as? [Int] == [3, 3])
        #expect(conv["out_channel"] as? Int == 4)
        let inputs = try #require(graph["inputs"] as? [[String: Any]])
        #expect(inputs.first?["values"] as? [String] == ["input"])
    }
}

@Suite struct MSLiteSummaryTests {
    @Test func summaryListsIOOpsAndBytes() throws {
        let summary = try MSLiteSamples.cnn().graphSummary()
        #expect(summary.inputs.map(\.name) == ["input"] && summary.inputs[0].shape == [1, 8, 8, 3] && summary.inputs[0].dtype == "float32")
        #expect(summary.outputs.map(\.name) == ["probs"])
        #expect(summary.nodeCount == 7 && summary.tensorCount == 14 && summary.constantCount == 6)
        #expect(summary.constantBytes == (108 + 4 + 4 + 640 + 10) * 4 + 8)
        #expect(summary.opHistogram.first { $0.op == "Conv2DFusion" }?.count == 1)
    }
}
