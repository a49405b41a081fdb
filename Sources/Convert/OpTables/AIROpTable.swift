// The AIR (Graph Engine) op table: which GraphIR op (ONNX semantics, or `com.mindspore` where
// MindSpore's op differs) each GE op type corresponds to, in both directions.
//
// Rows are data. A plain row renames attributes one to one (with a kind change where GE and
// ONNX differ, e.g. ONNX's 0/1 `keepdims` against GE's bool `keep_dims`) and passes inputs and
// outputs through by position. Rows whose operands move between attributes and constant
// inputs, whose padding lists are ordered differently, or that expand to two nodes name a pair
// of functions in AIROpTable+Irregular.swift.
//
// GE attribute names follow the GE operator library's op prototypes (REG_OP declarations in
// graphengine's `ops/*.h`): Conv2D strides/pads/dilations/groups/data_format with pads ordered
// [top, bottom, left, right] and 4-element strides/dilations in data_format order; MaxPool and
// AvgPool ksize/strides/padding ("SAME"/"VALID"), MaxPoolV3/AvgPoolV2 for explicit pads;
// BatchNorm epsilon/is_training/data_format; LayerNorm begin_norm_axis/begin_params_axis/epsilon;
// SoftmaxV2 axes; ReduceMeanD and ReduceSumD axes/keep_dims; MatMulV2 transpose_x1/transpose_x2; BatchMatMulV2
// adj_x1/adj_x2; TransposeD perm; ConcatV2 N with the axis as the last (constant) input; SplitV
// num_split with size_splits and split_dim inputs; Squeeze axis; Unsqueeze axes; ExpandDims
// with an axis input; Cast dst_type (a GE DataType code); GatherV2 with an axis input;
// StridedSliceV2 begin/end/axes/strides inputs (ONNX Slice's operands); OneHot depth/on_value/
// off_value inputs and attr axis; Data attr index; Const attr value. UNCONFIRMED: Conv2D's
// string attr `padding` ("SAME"/"VALID") for auto_pad, which GE's TensorFlow parser sets but the
// prototype does not declare, and BatchNorm's `exponential_avg_factor` (= 1 - ONNX momentum),
// present only in newer op libraries. BatchNorm also carries ONNX's `momentum` as an attribute of
// its own (not in the GE prototype), because 1 - exponential_avg_factor cannot give back every
// float32 momentum bit for bit; GE keeps attributes its prototype does not declare.

import Formats
import GraphIR

/// How one attribute moves between GraphIR and GE unchanged but for its name and kind.
struct AIRAttributeRule: Sendable {
    enum Kind: Sendable {
        /// GraphIR int ↔ GE `i`.
        case int
        /// GraphIR float ↔ GE `f`.
        case float
        /// GraphIR ints ↔ GE `list.i`.
        case ints
        /// GraphIR string ↔ GE `s`.
        case string
        /// GraphIR int 0/1 ↔ GE `b`.
        case boolAsInt
    }

    let name: String
    let geName: String
    let kind: Kind
    /// The ONNX default, written when the GraphIR node leaves the attribute out and read when
    /// the GE op does; nil makes the attribute required.
    let defaultValue: AttributeValue?

    init(_ name: String, _ geName: String, _ kind: Kind, default defaultValue: AttributeValue? = nil) {
        self.name = name
        self.geName = geName
        self.kind = kind
        self.defaultValue = defaultValue
    }
}

/// Irregular conversions of one row, by name.
struct AIRIrregular: Sendable {
    /// GraphIR node → GE op draft.
    let export: @Sendable (AIRExportContext) throws(ConversionError) -> AIROpDraft
    /// GE op → GraphIR nodes (usually one).
    let importOp: @Sendable (AIRImportContext) throws(ConversionError) -> [Node]
    /// GE input positions whose constants are read as attributes (not kept as initializers),
    /// given the op's input count.
    let foldedInputs: @Sendable (Int) -> [Int]
}

/// One row of the table.
struct AIROpMapping: Sendable {
    /// GraphIR op and domain.
    let op: String
    let domain: String
    /// GE op type written on export.
    let geType: String
    /// Further GE op types read on import into this row (older or attribute-form variants).
    let alsoImports: [String]
    let attributes: [AIRAttributeRule]
    let irregular: AIRIrregular?

    init(
        _ op: String, domain: String = "", _ geType: String, alsoImports: [String] = [],
        attributes: [AIRAttributeRule] = [], irregular: AIRIrregular? = nil
    ) {
        self.op = op
        self.domain = domain
        self.geType = geType
        self.alsoImports = alsoImports
        self.attributes = attributes
        self.irregular = irregular
    }
}

/// A GE op before the exporter gives it a name, input/output descriptors and resolved outputs.
struct AIROpDraft {
    var type: String
    /// Input references (`op:index`), in GE input order.
    var inputs: [String]
    var attributes: [String: Ge_Proto_AttrDef]
    /// How many outputs the GE op has (≥ the GraphIR node's outputs; extra ones go unnamed).
    var outputCount: Int
}

enum AIROpTable {
    static let mindsporeDomain = "com.mindspore"

    /// Every row. GraphIR (op, domain) pairs are unique, and so are GE types across
    /// `geType` and `alsoImports`.
    static let rows: [AIROpMapping] = [
        AIROpMapping("Conv", "Conv2D", irregular: AIRIrregularOps.conv),
        AIROpMapping(
            "BiasAdd", domain: mindsporeDomain, "BiasAdd",
            attributes: [AIRAttributeRule("data_format", "data_format", .string, default: .text("NCHW"))]),
        AIROpMapping("BatchNormalization", "BatchNorm", irregular: AIRIrregularOps.batchNorm),
        AIROpMapping("Relu", "Relu"),
        AIROpMapping("Clip", "Relu6", irregular: AIRIrregularOps.relu6),
        AIROpMapping("Sigmoid", "Sigmoid"),
        AIROpMapping("Tanh", "Tanh"),
        AIROpMapping("Gelu", "Gelu", irregular: AIRIrregularOps.gelu),
        AIROpMapping("FastGelu", domain: mindsporeDomain, "FastGelu"),
        AIROpMapping("Softmax", "SoftmaxV2", irregular: AIRIrregularOps.softmax),
        AIROpMapping("LayerNormalization", "LayerNorm", irregular: AIRIrregularOps.layerNorm),
        AIROpMapping("MaxPool", "MaxPool", alsoImports: ["MaxPoolV3"], irregular: AIRIrregularOps.maxPool),
        AIROpMapping("AveragePool", "AvgPool", alsoImports: ["AvgPoolV2"], irregular: AIRIrregularOps.averagePool),
        AIROpMapping("GlobalAveragePool", "GlobalAveragePool"),
        AIROpMapping(
            "ReduceMean", "ReduceMeanD",
            attributes: [
                AIRAttributeRule("axes", "axes", .ints),
                AIRAttributeRule("keepdims", "keep_dims", .boolAsInt, default: .int(1)),
            ]),
        AIROpMapping("ReduceSum", "ReduceSumD", irregular: AIRIrregularOps.reduceSum),
        AIROpMapping("Gemm", "MatMulV2", alsoImports: ["MatMul"], irregular: AIRIrregularOps.gemm),
        AIROpMapping("MatMul", "BatchMatMulV2", alsoImports: ["BatchMatMul"], irregular: AIRIrregularOps.matMul),
        AIROpMapping("Add", "Add"),
        AIROpMapping("Sub", "Sub"),
        AIROpMapping("Mul", "Mul"),
        AIROpMapping("Div", "RealDiv"),
        AIROpMapping("Pow", "Pow"),
        AIROpMapping("Sqrt", "Sqrt"),
        AIROpMapping("Erf", "Erf"),
        AIROpMapping("Exp", "Exp"),
        AIROpMapping("Log", "Log"),
        AIROpMapping("Neg", "Neg"),
        AIROpMapping("Abs", "Abs"),
        AIROpMapping("Max", "Maximum"),
        AIROpMapping("Min", "Minimum"),
        AIROpMapping("HardSwish", "HardSwish"),
        AIROpMapping("HardSigmoid", "HardSigmoid", irregular: AIRIrregularOps.hardSigmoid),
        AIROpMapping("PRelu", "PRelu", irregular: AIRIrregularOps.prelu),
        AIROpMapping("Elu", "Elu", attributes: [AIRAttributeRule("alpha", "alpha", .float, default: .float(1))]),
        AIROpMapping("Softplus", "Softplus"),
        AIROpMapping("Floor", "Floor"),
        AIROpMapping("Reciprocal", "Reciprocal"),
        AIROpMapping("LogSoftmax", "LogSoftmaxV2", irregular: AIRIrregularOps.logSoftmax),
        AIROpMapping("Tile", "Tile"),
        AIROpMapping("Pad", "Pad", alsoImports: ["PadV2", "MirrorPad"], irregular: AIRIrregularOps.pad),
        AIROpMapping("Resize", "ResizeNearestNeighborV2", irregular: AIRIrregularOps.resizeNearest),
        AIROpMapping("Reshape", "Reshape"),
        AIROpMapping("Transpose", "TransposeD", attributes: [AIRAttributeRule("perm", "perm", .ints)]),
        AIROpMapping("Flatten", "Flatten", attributes: [AIRAttributeRule("axis", "axis", .int, default: .int(1))]),
        AIROpMapping("Concat", "ConcatV2", irregular: AIRIrregularOps.concat),
        AIROpMapping("Split", "SplitV", irregular: AIRIrregularOps.split),
        AIROpMapping("Squeeze", "Squeeze", irregular: AIRIrregularOps.squeeze),
        AIROpMapping("Unsqueeze", "Unsqueeze", alsoImports: ["ExpandDims"], irregular: AIRIrregularOps.unsqueeze),
        AIROpMapping("Cast", "Cast", irregular: AIRIrregularOps.cast),
        AIROpMapping("Gather", "GatherV2", irregular: AIRIrregularOps.gather),
        AIROpMapping("Slice", "StridedSliceV2", alsoImports: ["StridedSlice"], irregular: AIRIrregularOps.slice),
        AIROpMapping("OneHot", "OneHot", irregular: AIRIrregularOps.oneHot),
        AIROpMapping("Identity", "Identity"),
    ]

    static func row(op: String, domain: String) -> AIROpMapping? {
        rows.first { $0.op == op && $0.domain == domain }
    }

    static func row(geType: String) -> AIROpMapping? {
        rows.first { $0.geType == geType || $0.alsoImports.contains(geType) }
    }
}
