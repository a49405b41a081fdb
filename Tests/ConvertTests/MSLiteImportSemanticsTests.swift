import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// Lite op forms our exporter never writes (FullConnection, plain BatchNorm, PowFusion's scale and
/// shift, StridedSlice masks, fused activations, ExpandDims, equal Splits, asymmetric conv padding,
/// ceil-mode pooling, Swish/HSigmoid/GELU activations), built by hand as one-op `.ms` files: the Lite
/// runtime runs each, and our GraphIR import of the same file, written as ONNX, runs in onnxruntime;
/// the outputs must agree. Two oracles we did not write check the importer's reading of each op.
@Suite(.serialized) struct MSLiteImportSemanticsTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var op: String
        var fields: [String: FlatValue]
        /// Inputs: (name, dims, data or nil for a model input).
        var inputs: [(String, [Int32], [Float]?)]
        var intInputs: [(String, [Int32], [Int32])] = []
        var outputs: [String] = ["y"]
        var description: String { name }
    }

    static func seeded(_ count: Int, seed: UInt64, positive: Bool = false) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let v = Float(Int(rng.next() % 2001) - 1000) / 500
            return positive ? abs(v) + 0.1 : v
        }
    }

    static let cases: [Case] = [
        Case(name: "FullConnection with bias and fused ReLU", op: "FullConnection",
            fields: ["has_bias": .bool(true), "activation_type": .int(1, .int8)],
            inputs: [("x", [2, 6], nil), ("w", [4, 6], seeded(24, seed: 1)), ("b", [4], seeded(4, seed: 2))]),
        Case(name: "BatchNorm (mean and variance only), NHWC", op: "BatchNorm", fields: ["epsilon": .float(1e-3)],
            inputs: [("x", [1, 3, 3, 4], nil), ("mean", [4], seeded(4, seed: 3)), ("var", [4], seeded(4, seed: 4, positive: true))]),
        Case(name: "PowFusion with scale and shift", op: "PowFusion", fields: ["scale": .float(0.5), "shift": .float(3)],
            inputs: [("x", [2, 3], nil), ("e", [], [2])]),
        Case(name: "StridedSlice with masks", op: "StridedSlice", fields: ["begin_mask": .int(2), "end_mask": .int(2)],
            inputs: [("x", [4, 6], nil)], intInputs: [("begin", [2], [1, 5]), ("end", [2], [3, 0]), ("strides", [2], [1, 2])]),
        Case(name: "AddFusion with fused ReLU6", op: "AddFusion", fields: ["activation_type": .int(3, .int8)],
            inputs: [("x", [2, 3], nil), ("c", [3], seeded(3, seed: 5).map { $0 * 4 })]),
        Case(name: "ExpandDims", op: "ExpandDims", fields: [:], inputs: [("x", [2, 3], nil)], intInputs: [("axis", [1], [1])]),
        Case(name: "Split into equal parts", op: "Split", fields: ["output_num": .int(3), "axis": .int(1)],
            inputs: [("x", [2, 6], nil)], outputs: ["p", "q", "r"]),
        Case(name: "Swish", op: "Activation", fields: ["activation_type": .int(18, .int8)], inputs: [("x", [2, 3], nil)]),
        Case(name: "HSigmoid", op: "Activation", fields: ["activation_type": .int(13, .int8)], inputs: [("x", [2, 3], nil)]),
        Case(name: "LeakyReLU", op: "Activation", fields: ["activation_type": .int(5, .int8), "alpha": .float(0.1)], inputs: [("x", [2, 3], nil)]),
        Case(name: "GELU (erf)", op: "Activation", fields: ["activation_type": .int(19, .int8)], inputs: [("x", [2, 3], nil)]),
        Case(name: "Conv2DFusion with asymmetric pads and fused ReLU", op: "Conv2DFusion",
            fields: [
                "format": .int(1, .int32), "kernel_size": .int64s([3, 3]), "stride": .int64s([2, 1]), "dilation": .int64s([1, 1]),
                "pad_mode": .int(0, .int8), "pad_list": .int64s([0, 1, 2, 0]), "group": .int(1), "in_channel": .int(2),
                "out_channel": .int(3), "activation_type": .int(1, .int8),
            ],
            inputs: [("x", [1, 5, 5, 2], nil), ("w", [3, 3, 3, 2], seeded(54, seed: 6)), ("b", [3], seeded(3, seed: 7))]),
        Case(name: "MaxPoolFusion ceil mode with pads", op: "MaxPoolFusion",
            fields: [
                "format": .int(1, .int32), "kernel_size": .int64s([2, 2]), "strides": .int64s([2, 2]), "pad": .int64s([1, 0, 0, 1]),
                "round_mode": .int(1, .int8),
            ],
            inputs: [("x", [1, 4, 5, 3], nil)]),
        Case(name: "AvgPoolFusion with pads (Lite excludes them)", op: "AvgPoolFusion",
            fields: [
                "format": .int(1, .int32), "kernel_size": .int64s([3, 3]), "strides": .int64s([1, 2]), "pad": .int64s([1, 1, 1, 1]),
            ],
            inputs: [("x", [1, 4, 5, 3], nil)]),
        Case(name: "AvgPoolFusion global", op: "AvgPoolFusion",
            fields: ["format": .int(1, .int32), "global": .bool(true), "strides": .int64s([1, 1]), "pad": .int64s([0, 0, 0, 0])],
            inputs: [("x", [1, 4, 5, 3], nil)]),
        // The forms Lite's converter writes for ONNX PRelu, Pad and Resize, and MindSpore's [C] slope.
        Case(name: "PReLUFusion, NHWC, slope [C, 1, 1]", op: "PReLUFusion", fields: [:],
            inputs: [("x", [1, 4, 5, 3], nil), ("slope", [3, 1, 1], seeded(3, seed: 8))]),
        Case(name: "PReLUFusion, NHWC, slope [C]", op: "PReLUFusion", fields: [:],
            inputs: [("x", [1, 4, 5, 3], nil), ("slope", [3], seeded(3, seed: 9))]),
        Case(name: "PReLUFusion shared", op: "PReLUFusion", fields: ["channel_shared": .bool(true)],
            inputs: [("x", [1, 4, 5, 3], nil), ("slope", [1], [0.25])]),
        Case(name: "PadFusion reflect", op: "PadFusion", fields: ["padding_mode": .int(1, .int8)],
            inputs: [("x", [1, 4, 5, 3], nil)], intInputs: [("paddings", [8], [0, 0, 1, 2, 2, 1, 0, 1])]),
        Case(name: "PadFusion constant from the field", op: "PadFusion", fields: ["constant_value": .float(0.75)],
            inputs: [("x", [2, 3], nil)], intInputs: [("paddings", [4], [1, 0, 2, 3])]),
        Case(name: "PadFusion symmetric by 1 (edge)", op: "PadFusion", fields: ["padding_mode": .int(2, .int8)],
            inputs: [("x", [1, 4, 5, 3], nil)], intInputs: [("paddings", [8], [0, 0, 1, 1, 0, 1, 0, 0])]),
        Case(name: "Resize nearest by sizes", op: "Resize",
            fields: ["format": .int(1, .int32), "method": .int(1, .int8), "nearest_mode": .int(3, .int8)],
            inputs: [("x", [1, 4, 5, 3], nil)], intInputs: [("sizes", [2], [8, 10])]),
        Case(name: "Resize linear half-pixel by scales", op: "Resize",
            fields: ["format": .int(1, .int32), "coordinate_transform_mode": .int(2, .int8)],
            inputs: [("x", [1, 4, 5, 3], nil), ("scales", [2], [2, 2])]),
        Case(name: "Resize nearest align-corners", op: "Resize",
            fields: ["format": .int(1, .int32), "method": .int(1, .int8), "coordinate_transform_mode": .int(1, .int8), "nearest_mode": .int(2, .int8)],
            inputs: [("x", [1, 4, 5, 3], nil)], intInputs: [("sizes", [2], [7, 11])]),
        Case(name: "Conv2dTransposeFusion with uneven pads and output padding", op: "Conv2dTransposeFusion",
            fields: [
                "format": .int(1, .int32), "kernel_size": .int64s([3, 3]), "stride": .int64s([2, 2]), "dilation": .int64s([1, 1]),
                "pad_list": .int64s([1, 0, 0, 1]), "group": .int(1), "in_channel": .int(3), "out_channel": .int(2),
                "output_paddings": .int64s([1, 0]),
            ],
            inputs: [("x", [1, 4, 5, 3], nil), ("w", [3, 3, 3, 2], seeded(54, seed: 10)), ("b", [2], seeded(2, seed: 11))]),
        Case(name: "ExpFusion", op: "ExpFusion", fields: [:], inputs: [("x", [2, 3], nil)]),
        Case(name: "LogSoftmax", op: "LogSoftmax", fields: ["axis": .int(1)], inputs: [("x", [2, 3], nil)]),
    ]

    static func floatBytes(_ values: [Float]) -> ByteView {
        ByteView(bytes: values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } })
    }

    /// A one-op document; model inputs get NHWC format when 4-D, as Lite's converter writes them.
    static func document(_ c: Case) throws -> MSLiteDocument {
        var doc = MSLiteDocument(name: c.name)
        var inputIndex: [UInt32] = []
        for (name, dims, data) in c.inputs {
            let t = MSLiteTensor(name: name, dataType: 43, dims: dims, format: dims.count == 4 ? 1 : 0, nodeType: data == nil ? 2 : 0,
                data: data.map(floatBytes) ?? ByteView(bytes: []))
            doc.tensors.append(t)
            inputIndex.append(UInt32(doc.tensors.count - 1))
            if data == nil { doc.inputIndex.append(UInt32(doc.tensors.count - 1)) }
        }
        for (name, dims, values) in c.intInputs {
            let bytes = values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> Int32(8 * $0)) } }
            doc.tensors.append(MSLiteTensor(name: name, dataType: 34, dims: dims, format: 0, nodeType: 0, data: ByteView(bytes: bytes)))
            inputIndex.append(UInt32(doc.tensors.count - 1))
        }
        var outputIndex: [UInt32] = []
        for name in c.outputs {
            doc.tensors.append(MSLiteTensor(name: name, dataType: 43, dims: [], format: 0, nodeType: 2))
            outputIndex.append(UInt32(doc.tensors.count - 1))
        }
        doc.outputIndex = outputIndex
        doc.nodes = [MSLiteNode(name: "op", primitive: try MSLitePrimitive(c.op, c.fields), inputIndex: inputIndex, outputIndex: outputIndex)]
        let all = (0..<UInt32(doc.tensors.count)).map { $0 }
        doc.subGraphs = [MSLiteSubGraph(name: "main", inputIndices: doc.inputIndex, outputIndices: outputIndex, nodeIndices: [0], tensorIndices: all)]
        return doc
    }

    @Test("the Lite runtime and onnxruntime on our import agree", arguments: cases)
    func importMatchesTheLiteRuntime(_ c: Case) throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = try Self.document(c)
        let ms = dir.appendingPathComponent("op.ms")
        try MSLiteCodec.write(doc, to: ms.path)
        let model = try MSLiteImporter.importModel(try MSLiteCodec.decode(try ByteStorage.map(path: ms.path, format: "mslite")))
        try model.validate()
        let onnx = dir.appendingPathComponent("op.onnx")
        try Data(try ONNXExporter.encodeModel(model)).write(to: onnx)
        // Seeded inputs in the layout Lite declares (NHWC for 4-D).
        var specs: [String] = []
        for (name, dims, data) in c.inputs where data == nil {
            specs.append("'\(name)': rng.standard_normal(\(dims)).astype('float32')")
        }
        let inputs = dir.appendingPathComponent("inputs.npz").path
        let code = "import numpy as np; rng = np.random.default_rng(11); np.savez('\(inputs)', **{\(specs.joined(separator: ", "))})"
        let made = try runProcess(Project.python, ["-c", code])
        try #require(made.status == 0, "\(made.stderr)")
        let report = try MSLiteInteropTests.compare("lite:\(ms.path)", "onnx:\(onnx.path)", inputs: inputs)
        #expect(report.inputs.allSatisfy { $0["fed"] as? String == "as-is" })
        #expect(report.shapesAgree, "\(report.outputs)")
        #expect(report.maxAbs < 1e-5, "\(c.name): \(report.outputs)")
    }

    /// Two hostile files a million-round run of MSLiteFuzzImportTests found: a plain BatchNorm
    /// whose mean is an activation claiming 458,102,107 channels (the reader built a unit scale
    /// and zero bias that long: 3.6 GB), and a ceil-mode pool with kernel Int64.min (the
    /// window arithmetic overflowed and trapped). Both are refused.
    @Test func hostileFieldsFoundByTheFuzzAreRefused() throws {
        let batchNorm = Case(name: "BatchNorm, an activation mean of 458M", op: "BatchNorm", fields: ["epsilon": .float(1e-3)],
            inputs: [("x", [2, 3], nil), ("mean", [458_102_107], nil), ("var", [3], Self.seeded(3, seed: 4, positive: true))])
        #expect {
            _ = try MSLiteImporter.importModel(try Self.document(batchNorm))
        } throws: { error in
            (error as? ConversionError).map { $0.field == "input[1]" && $0.nodeIndex == 0 } ?? false
        }
        let pool = Case(name: "ceil-mode MaxPoolFusion, kernel Int64.min", op: "MaxPoolFusion",
            fields: [
                "format": .int(1, .int32), "kernel_size": .int64s([Int64.min, 2]), "strides": .int64s([2, 2]), "pad": .int64s([1, 0, 0, 1]),
                "round_mode": .int(1, .int8),
            ],
            inputs: [("x", [1, 4, 5, 3], nil)])
        // Imported or refused, never a trap: the reference refuses such a window when it runs.
        do {
            _ = try MSLiteImporter.importModel(try Self.document(pool))
        } catch let error as ConversionError {
            #expect(!error.message.isEmpty)
        }
    }

    /// Corrupt fields of the PRelu, Pad, Resize, ConvTranspose and Exp rows are refused with an
    /// error naming the node and the field.
    @Test(arguments: [
        (Case(name: "PadFusion with 3 paddings", op: "PadFusion", fields: [:], inputs: [("x", [2, 3], nil)],
            intInputs: [("paddings", [3], [1, 0, 2])]), "input[1]"),
        (Case(name: "Resize with 3 float scales", op: "Resize", fields: ["format": .int(1, .int32)],
            inputs: [("x", [1, 4, 5, 3], nil), ("scales", [3], [2, 2, 2])]), "input[1]"),
        (Case(name: "Resize in NCHW", op: "Resize", fields: ["format": .int(0, .int32)], inputs: [("x", [1, 4, 5, 3], nil)],
            intInputs: [("sizes", [2], [8, 10])]), "format"),
        (Case(name: "Conv2dTransposeFusion with a 1-D kernel", op: "Conv2dTransposeFusion",
            fields: ["format": .int(1, .int32), "kernel_size": .int64s([3]), "stride": .int64s([1, 1])],
            inputs: [("x", [1, 4, 5, 3], nil), ("w", [3, 3, 3, 2], seeded(54, seed: 12))]), "kernel_size"),
        (Case(name: "shared PReLUFusion with 3 slopes", op: "PReLUFusion", fields: ["channel_shared": .bool(true)],
            inputs: [("x", [1, 4, 5, 3], nil), ("slope", [3], seeded(3, seed: 13))]), "input[1]"),
        (Case(name: "ExpFusion base 2", op: "ExpFusion", fields: ["base": .float(2)], inputs: [("x", [2, 3], nil)]), "base"),
    ])
    func corruptFieldsOfTheResamplingRowsAreLocated(_ c: Case, _ field: String) throws {
        #expect {
            _ = try MSLiteImporter.importModel(try Self.document(c))
        } throws: { error in
            (error as? ConversionError).map { $0.field == field && $0.nodeIndex == 0 && $0.nodeName == "op" } ?? false
        }
    }

    @Test func ceilWindowStartingInPaddingIsRefused() throws {
        var c = try #require(Self.cases.first { $0.op == "MaxPoolFusion" })
        c.fields["pad"] = .int64s([0, 1, 1, 0])  // rows: 4 + 0 + 1, the third window starts at row 4 (padding)
        #expect {
            _ = try MSLiteImporter.importModel(try Self.document(c))
        } throws: { error in
            (error as? ConversionError).map { $0.code == .unsupportedAttribute && $0.field == "round_mode" && $0.nodeIndex == 0 } ?? false
        }
    }
}
