// The MindSpore Lite op table: which GraphIR op (ONNX semantics) each Lite `PrimitiveType` member
// corresponds to, in both directions.
//
// Rows are data: `MSLiteImportRule(lite op, function)` and `MSLiteExportRule(GraphIR op, domain,
// function)`. Plain rows (one op to one op, inputs and outputs by position, no fields) use
// `plain`/`plainExport`; the others name functions in MSLiteOpTable+Ops.swift. Field meanings follow
// FORMATS.md §4.7–4.8 and what Lite 2.0.0's converter writes for ONNX input (checked on the
// testdata/mslite fixtures): Conv2DFusion `pad_list` is [top, bottom, left, right] (ONNX pads are
// [top, left, bottom, right]), spatial ops carry `format` NHWC and run channel-last, conv weights are
// [out, kh, kw, in/group] (depthwise too: [C, kh, kw, 1]), Transpose/Reshape/Gather take their perm,
// shape and axis as int32 constant inputs, MatMulFusion takes an optional bias as input 2, Cast its
// target TypeId as input 1.

import Formats
import GraphIR

struct MSLiteImportRule: Sendable {
    let lite: String
    let importOp: @Sendable (MSLiteImportContext) throws(ConversionError) -> Void
    init(_ lite: String, _ importOp: @escaping @Sendable (MSLiteImportContext) throws(ConversionError) -> Void) {
        self.lite = lite
        self.importOp = importOp
    }
}

struct MSLiteExportRule: Sendable {
    let op: String
    let domain: String
    let exportOp: @Sendable (MSLiteExportContext) throws(ConversionError) -> Void
    init(_ op: String, domain: String = "", _ exportOp: @escaping @Sendable (MSLiteExportContext) throws(ConversionError) -> Void) {
        self.op = op
        self.domain = domain
        self.exportOp = exportOp
    }
}

enum MSLiteOpTable {
    typealias O = MSLiteOps
    static let nhwc = LayoutPass.channelLastDomain

    /// Lite ops with no fields that are one ONNX op each, inputs and outputs by position.
    static let plainOps: [(lite: String, graph: String)] = [
        ("Abs", "Abs"), ("Sqrt", "Sqrt"), ("Erf", "Erf"), ("Neg", "Neg"), ("Log", "Log"), ("Sin", "Sin"),
        ("Cos", "Cos"), ("Maximum", "Max"), ("Minimum", "Min"), ("Equal", "Equal"), ("Less", "Less"),
        ("Greater", "Greater"), ("Where", "Where"), ("Shape", "Shape"), ("Floor", "Floor"), ("Ceil", "Ceil"),
        ("Reciprocal", "Reciprocal"),
    ]

    static let importRules: [MSLiteImportRule] = [
        MSLiteImportRule("Conv2DFusion", O.importConv),
        MSLiteImportRule("FullConnection", O.importFullConnection),
        MSLiteImportRule("MatMulFusion", O.importMatMul),
        MSLiteImportRule("AddFusion") { c throws(ConversionError) in try O.importBinary(c, "Add") },
        MSLiteImportRule("SubFusion") { c throws(ConversionError) in try O.importBinary(c, "Sub") },
        MSLiteImportRule("MulFusion") { c throws(ConversionError) in try O.importBinary(c, "Mul") },
        MSLiteImportRule("DivFusion") { c throws(ConversionError) in try O.importBinary(c, "Div") },
        MSLiteImportRule("RealDiv") { c throws(ConversionError) in try O.importBinary(c, "Div") },
        MSLiteImportRule("BiasAdd") { c throws(ConversionError) in try O.importBinary(c, "Add") },
        MSLiteImportRule("Activation", O.importActivation),
        MSLiteImportRule("AvgPoolFusion") { c throws(ConversionError) in try O.importPool(c, average: true) },
        MSLiteImportRule("MaxPoolFusion") { c throws(ConversionError) in try O.importPool(c, average: false) },
        MSLiteImportRule("Softmax", O.importSoftmax),
        MSLiteImportRule("LayerNormFusion", O.importLayerNorm),
        MSLiteImportRule("FusedBatchNorm") { c throws(ConversionError) in try O.importBatchNorm(c, fused: true) },
        MSLiteImportRule("BatchNorm") { c throws(ConversionError) in try O.importBatchNorm(c, fused: false) },
        MSLiteImportRule("Reshape", O.importReshape),
        MSLiteImportRule("Transpose", O.importTranspose),
        MSLiteImportRule("TileFusion", O.importTile),
        MSLiteImportRule("Concat", O.importConcat),
        MSLiteImportRule("Split", O.importSplit),
        MSLiteImportRule("Gather", O.importGather),
        MSLiteImportRule("StridedSlice", O.importStridedSlice),
        MSLiteImportRule("Squeeze") { c throws(ConversionError) in try O.importAxes(c, "Squeeze") },
        MSLiteImportRule("Unsqueeze") { c throws(ConversionError) in try O.importAxes(c, "Unsqueeze") },
        MSLiteImportRule("ExpandDims", O.importExpandDims),
        MSLiteImportRule("Flatten", O.importFlatten),
        MSLiteImportRule("ReduceFusion", O.importReduce),
        MSLiteImportRule("Cast", O.importCast),
        MSLiteImportRule("PowFusion", O.importPow),
        MSLiteImportRule("QuantDTypeCast", O.importQuantDTypeCast),
        MSLiteImportRule("PReLUFusion", O.importPRelu),
        MSLiteImportRule("Conv2dTransposeFusion", O.importConvTranspose),
        MSLiteImportRule("PadFusion", O.importPad),
        MSLiteImportRule("Resize", O.importResize),
        MSLiteImportRule("LogSoftmax", O.importLogSoftmax),
        MSLiteImportRule("ExpFusion", O.importExp),
    ] + plainOps.map { row in MSLiteImportRule(row.lite) { c throws(ConversionError) in try O.importPlain(c, row.graph) } }

    static let exportRules: [MSLiteExportRule] = [
        MSLiteExportRule("Conv", domain: nhwc, O.exportConv),
        MSLiteExportRule("MaxPool", domain: nhwc) { c throws(ConversionError) in try O.exportPool(c, average: false, global: false) },
        MSLiteExportRule("AveragePool", domain: nhwc) { c throws(ConversionError) in try O.exportPool(c, average: true, global: false) },
        MSLiteExportRule("GlobalMaxPool", domain: nhwc) { c throws(ConversionError) in try O.exportPool(c, average: false, global: true) },
        MSLiteExportRule("GlobalAveragePool", domain: nhwc) { c throws(ConversionError) in try O.exportPool(c, average: true, global: true) },
        MSLiteExportRule("BatchNormalization", domain: nhwc, O.exportBatchNorm),
        MSLiteExportRule("BatchNormalization", O.exportBatchNorm),
        MSLiteExportRule("Gemm", O.exportGemm),
        MSLiteExportRule("MatMul", O.exportMatMul),
        MSLiteExportRule("Add") { c throws(ConversionError) in try O.exportBinary(c, "AddFusion") },
        MSLiteExportRule("Sub") { c throws(ConversionError) in try O.exportBinary(c, "SubFusion") },
        MSLiteExportRule("Mul") { c throws(ConversionError) in try O.exportBinary(c, "MulFusion") },
        MSLiteExportRule("Div") { c throws(ConversionError) in try O.exportBinary(c, "DivFusion") },
        MSLiteExportRule("BiasAdd", domain: "com.mindspore", O.exportBiasAdd),
        MSLiteExportRule("Softmax", O.exportSoftmax),
        MSLiteExportRule("LayerNormalization", O.exportLayerNorm),
        MSLiteExportRule("Reshape", O.exportReshape),
        MSLiteExportRule("Tile", O.exportTile),
        MSLiteExportRule("Transpose", O.exportTranspose),
        MSLiteExportRule("Concat", O.exportConcat),
        MSLiteExportRule("Split", O.exportSplit),
        MSLiteExportRule("Gather", O.exportGather),
        MSLiteExportRule("Slice", O.exportSlice),
        MSLiteExportRule("Squeeze") { c throws(ConversionError) in try O.exportAxes(c, "Squeeze") },
        MSLiteExportRule("Unsqueeze") { c throws(ConversionError) in try O.exportAxes(c, "Unsqueeze") },
        MSLiteExportRule("Flatten", O.exportFlatten),
        MSLiteExportRule("Cast", O.exportCast),
        MSLiteExportRule("Pow", O.exportPow),
        MSLiteExportRule("QuantizeLinear") { c throws(ConversionError) in try O.exportQuant(c, dequantize: false) },
        MSLiteExportRule("DequantizeLinear") { c throws(ConversionError) in try O.exportQuant(c, dequantize: true) },
        MSLiteExportRule("PRelu", domain: nhwc, O.exportPRelu),
        MSLiteExportRule("ConvTranspose", domain: nhwc, O.exportConvTranspose),
        MSLiteExportRule("PRelu", O.exportPRelu),
        MSLiteExportRule("Pad", O.exportPad),
        MSLiteExportRule("Resize", domain: nhwc, O.exportResize),
        MSLiteExportRule("LogSoftmax", O.exportLogSoftmax),
        MSLiteExportRule("Exp", O.exportExp),
    ] + MSLiteReductions.modes.map { row in MSLiteExportRule(row.graph) { c throws(ConversionError) in try O.exportReduce(c, mode: row.mode) } }
        + MSLiteActivations.exportOps.map { op in MSLiteExportRule(op, O.exportActivation) }
        + plainOps.map { row in MSLiteExportRule(row.graph) { c throws(ConversionError) in try O.exportPlain(c, row.lite) } }

    static func importRule(_ lite: String) -> MSLiteImportRule? { importRules.first { $0.lite == lite } }

    static func exportRule(op: String, domain: String) -> MSLiteExportRule? {
        exportRules.first { $0.op == op && $0.domain == domain }
    }
}

/// `ReduceFusion.mode` values (FORMATS.md §4.8 ReduceMode) and their ONNX ops.
enum MSLiteReductions {
    static let modes: [(mode: Int64, graph: String)] = [
        (0, "ReduceMean"), (1, "ReduceMax"), (2, "ReduceMin"), (3, "ReduceProd"), (4, "ReduceSum"),
        (5, "ReduceSumSquare"), (6, "ReduceL1"), (8, "ReduceL2"),
    ]
    /// ONNX opset 17 reductions that take axes as an input rather than an attribute.
    static let axesAsInput: Set<String> = ["ReduceSum"]
}
