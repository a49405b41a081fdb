import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// Bounded fuzz (MSHUB_FUZZ_ITERATIONS, default 4000) of the Lite importer (and the exporter on what it accepts): documents from the Lite
/// fixtures and our own exports, mutated in their op fields, op kinds, tensor indices, dims, element
/// types and payloads. Every run must end in a model or a ConversionError (typed throws makes any
/// other error impossible); a trap fails the whole test process.
@Suite struct MSLiteFuzzImportTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000 }

    static let mappedOps = [
        "Conv2DFusion", "FullConnection", "MatMulFusion", "AddFusion", "SubFusion", "MulFusion", "DivFusion", "Activation",
        "AvgPoolFusion", "MaxPoolFusion", "Softmax", "LayerNormFusion", "FusedBatchNorm", "BatchNorm", "Reshape", "Transpose",
        "Concat", "Split", "Gather", "StridedSlice", "Squeeze", "Unsqueeze", "ExpandDims", "Flatten", "ReduceFusion", "Cast",
        "PowFusion", "QuantDTypeCast", "BiasAdd", "Abs", "Erf", "Where", "Shape", "PReLUFusion", "PadFusion", "Resize",
        "LogSoftmax", "ExpFusion", "Reciprocal", "Conv2dTransposeFusion", "TileFusion",
    ]

    static func seeds() throws -> [MSLiteDocument] {
        var documents: [MSLiteDocument] = []
        for name in ["cnn", "transformer"] {
            documents.append(try MSLiteCodec.decode(try ByteStorage.map(path: Project.testdata("mslite/\(name).ms"), format: "mslite")))
        }
        for (_, model) in MSLiteLoweringTests.cases { documents.append(try MSLiteExporter.exportModel(model)) }
        return documents
    }

    static func mutate(_ document: inout MSLiteDocument, _ rng: inout SeededGenerator) throws {
        func pick(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
        let interesting: [Int64] = [0, 1, -1, 2, 3, 4, 7, 63, 64, -64, Int64(Int32.max), Int64(Int32.min), Int64.max, Int64.min]
        func value() -> Int64 { rng.next() % 2 == 0 ? interesting[pick(interesting.count)] : Int64(bitPattern: rng.next()) }
        guard !document.nodes.isEmpty, !document.tensors.isEmpty else { return }
        let n = pick(document.nodes.count)
        switch pick(7) {
        case 0:  // an op field gets another value
            if let primitive = document.nodes[n].primitive, case .table(var object) = primitive.value,
                let table = MSLiteSchema.schema[object.table], !table.fields.isEmpty
            {
                let id = pick(table.fields.count)
                switch table.fields[id].type {
                case .scalar(let kind): object[id] = .int(value(), kind)
                case .vector(.int64): object[id] = .int64s((0..<pick(6)).map { _ in value() })
                default: object[id] = nil
                }
                document.nodes[n].primitive = MSLitePrimitive(type: primitive.type, value: .table(object))
            }
        case 1:  // another mapped op with the same operands
            document.nodes[n].primitive = try MSLitePrimitive(mappedOps[pick(mappedOps.count)], [:])
        case 2:  // operands rewired
            if !document.nodes[n].inputIndex.isEmpty {
                document.nodes[n].inputIndex[pick(document.nodes[n].inputIndex.count)] = UInt32(pick(document.tensors.count + 2))
            } else {
                document.nodes[n].inputIndex = []
            }
        case 3:  // dims
            let t = pick(document.tensors.count)
            document.tensors[t].dims = (0..<pick(6)).map { _ in Int32(truncatingIfNeeded: value()) }
        case 4:  // element type
            document.tensors[pick(document.tensors.count)].dataType = Int32(pick(60))
        case 5:  // payload cut or grown
            let t = pick(document.tensors.count)
            let bytes = document.tensors[t].data.bytes
            document.tensors[t].data = ByteView(bytes: rng.next() % 2 == 0 ? Array(bytes.prefix(pick(bytes.count + 1))) : bytes + [1, 2, 3])
        default:  // outputs dropped
            document.nodes[n].outputIndex = Array(document.nodes[n].outputIndex.prefix(pick(2)))
        }
    }

    @Test func mutatedDocumentsImportOrFailCleanly() throws {
        var rng = SeededGenerator(seed: 0x4D534C)
        let seeds = try Self.seeds()
        var imported = 0
        var refused = 0
        // MSHUB_FUZZ_TRACE=FILE: each round's number is written there before it runs, so a round
        // that hangs or traps can be named (and its seed document found).
        let trace = ProcessInfo.processInfo.environment["MSHUB_FUZZ_TRACE"]
        for round in 0..<Self.iterations {
            var document = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(rng.next() % 3)) { try Self.mutate(&document, &rng) }
            if let trace { try? "\(round) seed \(round % seeds.count)\n".write(toFile: trace, atomically: false, encoding: .utf8) }
            // MSHUB_FUZZ_ONLY=N: replay round N alone (earlier rounds are mutated, not run).
            if let only = ProcessInfo.processInfo.environment["MSHUB_FUZZ_ONLY"].flatMap(Int.init) {
                guard round == only else { continue }
                FileHandle.standardError.write(Data("round \(round): seed \(round % seeds.count), ops \(document.nodes.map { $0.primitive?.name ?? "?" }), dims \(document.tensors.map(\.dims))\n".utf8))
            }
            do {
                let model = try MSLiteImporter.importModel(document)
                imported += 1
                if ProcessInfo.processInfo.environment["MSHUB_FUZZ_ONLY"] != nil {
                    FileHandle.standardError.write(Data("imported: \(model.graph.nodes.map(\.op)), outputs \(model.graph.outputs)\n".utf8))
                }
                _ = try? MSLiteExporter.exportModel(model)
            } catch {
                refused += 1
            }
        }
        #expect(imported > 0 && refused > 0)
    }
}
