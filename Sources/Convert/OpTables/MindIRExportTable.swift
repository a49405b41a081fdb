// GraphIR op -> MindSpore primitive, as data: the inverse of MindIRImportTable.
//
// Each row names the GraphIR op (and domain) and the function that writes the MindIR nodes,
// in the form MindSpore 2.10 itself writes (FORMATS.md §2.4, and what `ms.export` was seen to
// write for each primitive): PRIMITIVE_FUNCTION primitives take their attributes as Constant
// operands after the data; Conv2D, MaxPool and AdaptiveAvgPool2D are PRIMITIVE with the
// attributes on the primitive. Multi-output primitives (Split, BatchNorm, LayerNorm) are
// followed by TupleGetItem nodes. What `mindspore.load` needs was found by experiment: no node
// `shape` attributes and no Load/UpdateState plumbing are required; Conv2D needs its attribute set.

import Foundation
import Formats
import GraphIR

struct MindIRExportRule: Sendable {
    typealias Raise = @Sendable (inout MindIRExportContext, MindIRExportCall) throws(ConversionError) -> [String]

    let op: String
    let domain: String
    let raise: Raise
    /// Whether the op becomes one primitive with its inputs as they are (`direct` in a plan).
    let isDirect: Bool

    init(_ op: String, domain: String = "", direct: Bool = false, _ raise: @escaping Raise) {
        self.op = op
        self.domain = domain
        self.raise = raise
        self.isDirect = direct
    }

    /// One PRIMITIVE_FUNCTION primitive over the node's data inputs, no constant operands.
    static func same(_ op: String, _ primitive: String, domain: String = "", inputs: Int) -> MindIRExportRule {
        MindIRExportRule(op, domain: domain, direct: true) { (context: inout MindIRExportContext, call: MindIRExportCall) throws(ConversionError) in
            try call.requireInputs(inputs)
            var operands: [String] = []
            for index in 0..<inputs { operands.append(try context.data(call, index)) }
            return [context.apply(primitive, operands: operands, call: call)]
        }
    }
}

enum MindIRExportTable {
    static let rules: [MindIRExportRule] = [
        MindIRExportRule("Conv", conv),
        MindIRExportRule("ConvTranspose", convTranspose),
        MindIRExportRule("Pad", mirrorPad),
        MindIRExportRule("PRelu", pRelu),
        MindIRExportRule("Resize", resizeNearest),
        MindIRExportRule("BiasAdd", domain: "com.mindspore", biasAdd),
        MindIRExportRule("BatchNormalization", batchNormalization),
        .same("Relu", "ReLU", inputs: 1),
        MindIRExportRule("Clip", clip),
        .same("Sigmoid", "Sigmoid", inputs: 1),
        .same("Tanh", "Tanh", inputs: 1),
        MindIRExportRule("Gelu", gelu),
        .same("FastGelu", "FastGeLU", domain: "com.mindspore", inputs: 1),
        MindIRExportRule("Softmax", softmax),
        MindIRExportRule("LayerNormalization", layerNormalization),
        MindIRExportRule("MaxPool", maxPool),
        MindIRExportRule("AveragePool", averagePool),
        MindIRExportRule("GlobalAveragePool", globalAveragePool),
        MindIRExportRule("ReduceMean", reduceMean),
        MindIRExportRule("ReduceSum", reduceSum),
        MindIRExportRule("Gemm", gemm),
        MindIRExportRule("MatMul", matMul),
        .same("Add", "Add", inputs: 2),
        .same("Sub", "Sub", inputs: 2),
        .same("Mul", "Mul", inputs: 2),
        .same("Div", "RealDiv", inputs: 2),
        .same("Pow", "Pow", inputs: 2),
        .same("Sqrt", "Sqrt", inputs: 1),
        .same("Erf", "Erf", inputs: 1),
        .same("Exp", "Exp", inputs: 1),
        .same("Log", "Log", inputs: 1),
        .same("Neg", "Neg", inputs: 1),
        .same("Abs", "Abs", inputs: 1),
        .same("HardSwish", "HSwish", inputs: 1),
        .same("Floor", "Floor", inputs: 1),
        .same("Reciprocal", "Reciprocal", inputs: 1),
        .same("Softplus", "Softplus", inputs: 1),
        MindIRExportRule("Elu", elu),
        MindIRExportRule("LogSoftmax", logSoftmax),
        MindIRExportRule("HardSigmoid", hardSigmoid),
        .same("Max", "Maximum", inputs: 2),
        .same("Min", "Minimum", inputs: 2),
        MindIRExportRule("Tile", tile),
        MindIRExportRule("Reshape", reshape),
        MindIRExportRule("Transpose", transpose),
        MindIRExportRule("Flatten", flatten),
        MindIRExportRule("Concat", concat),
        MindIRExportRule("Split", split),
        MindIRExportRule("Squeeze", squeeze),
        MindIRExportRule("Unsqueeze", unsqueeze),
        MindIRExportRule("Cast", cast),
        MindIRExportRule("Gather", gather),
        MindIRExportRule("Slice", slice),
        MindIRExportRule("OneHot", oneHot),
        MindIRExportRule("Identity", identity),
    ]

    static let byOp: [String: MindIRExportRule] = {
        var table: [String: MindIRExportRule] = [:]
        for rule in rules { table[key(rule.domain, rule.op)] = rule }
        return table
    }()

    static func key(_ domain: String, _ op: String) -> String {
        (domain == "ai.onnx" ? "" : domain) + "::" + op
    }

    // MARK: Irregular rows

    static func conv(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        let weightShape = try context.staticShape(call, 1)
        guard weightShape.count == 4 else {
            throw call.error(.invalidShape, "input[1]", "Conv2D needs a rank-4 weight, not rank \(weightShape.count)")
        }
        let kernel = try call.ints("kernel_shape", default: [weightShape[2], weightShape[3]])
        let strides = try call.ints("strides", default: [1, 1])
        let dilations = try call.ints("dilations", default: [1, 1])
        guard kernel.count == 2, strides.count == 2, dilations.count == 2 else {
            throw call.error(.unsupportedAttribute, "kernel_shape", "only 2-D convolutions map to Conv2D")
        }
        let group = try call.int("group", default: 1)
        let (mode, pads) = try call.padMode()
        // MindSpore pad order: top, bottom, left, right.
        let pad = [pads[0], pads[2], pads[1], pads[3]]
        var attributes: [MindIr_AttributeProto] = [
            MindIRAttributes.tuple("kernel_size", kernel),
            MindIRAttributes.int("mode", 1),
            MindIRAttributes.int("out_channel", weightShape[0]),
            MindIRAttributes.strings("input_names", ["x", "w"]),
            MindIRAttributes.tuple("pad", pad),
            MindIRAttributes.string("pad_mode", mode),
            MindIRAttributes.string("format", "NCHW"),
        ]
        if mode == "pad" { attributes.append(MindIRAttributes.tuple("pad_list", pad)) }
        attributes += [
            MindIRAttributes.int("groups", group),
            MindIRAttributes.tuple("stride", [1, 1] + strides),
            MindIRAttributes.int("group", group),
            MindIRAttributes.tuple("dilation", [1, 1] + dilations),
            MindIRAttributes.strings("output_names", ["output"]),
        ]
        let operands = [try context.data(call, 0), try context.data(call, 1)]
        return [context.apply("Conv2D", operands: operands, call: call, attributes: attributes, primitiveForm: true)]
    }

    /// ConvTranspose as Conv2DTranspose (PRIMITIVE, as MindSpore writes it): the forward conv's
    /// attributes, `pad_list` [top, bottom, left, right], and the output size as `input_sizes`,
    /// computed from the static input and weight shapes (ONNX's output_padding is in it).
    static func convTranspose(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        if call.node.attribute(named: "output_shape") != nil {
            throw call.error(.unsupportedAttribute, "attribute.output_shape", "give pads and output_padding instead of output_shape")
        }
        let input = try context.staticShape(call, 0), weight = try context.staticShape(call, 1)
        guard input.count == 4, weight.count == 4 else {
            throw call.error(.invalidShape, "input[1]", "Conv2DTranspose needs rank-4 input and weight")
        }
        let kernel = try call.ints("kernel_shape", default: [weight[2], weight[3]])
        let strides = try call.ints("strides", default: [1, 1])
        let dilations = try call.ints("dilations", default: [1, 1])
        let outputPadding = try call.ints("output_padding", default: [0, 0])
        guard kernel.count == 2, strides.count == 2, dilations.count == 2, outputPadding.count == 2 else {
            throw call.error(.unsupportedAttribute, "kernel_shape", "only 2-D transposed convolutions map to Conv2DTranspose")
        }
        let group = try call.int("group", default: 1)
        let (mode, pads) = try call.padMode()
        guard mode == "pad" else {
            throw call.error(.unsupportedAttribute, "attribute.auto_pad", "give explicit pads for Conv2DTranspose")
        }
        let padList = [pads[0], pads[2], pads[1], pads[3]]
        let (channels, overflow) = weight[1].multipliedReportingOverflow(by: group)
        guard !overflow, group >= 1 else { throw call.error(.invalidAttribute, "attribute.group", "group \(group) does not fit") }
        var sizes = [input[0], channels]
        for axis in 0..<2 {
            guard
                let covered = MindIRTensors.transposedExtent(
                    input: input[axis + 2], kernel: kernel[axis], stride: strides[axis], dilation: dilations[axis],
                    padBegin: pads[axis], padEnd: pads[axis + 2]),
                case let (size, overflow) = covered.addingReportingOverflow(outputPadding[axis]), !overflow, size > 0
            else {
                throw call.error(
                    .invalidShape, "attribute.pads", "input \(input), kernel \(kernel), strides \(strides) and pads \(pads) give no output size")
            }
            sizes.append(size)
        }
        let attributes: [MindIr_AttributeProto] = [
            MindIRAttributes.tuple("kernel_size", kernel),
            MindIRAttributes.int("mode", 1),
            MindIRAttributes.int("out_channel", sizes[1]),
            MindIRAttributes.strings("input_names", ["out_backprop", "filter", "input_sizes"]),
            MindIRAttributes.tuple("pad", padList),
            MindIRAttributes.string("pad_mode", "pad"),
            MindIRAttributes.string("format", "NCHW"),
            MindIRAttributes.tuple("pad_list", padList),
            MindIRAttributes.int("groups", group),
            MindIRAttributes.tuple("stride", [1, 1] + strides),
            MindIRAttributes.int("group", group),
            MindIRAttributes.tuple("dilation", [1, 1] + dilations),
            MindIRAttributes.strings("output_names", ["output"]),
        ]
        let operands = [
            try context.data(call, 0), try context.data(call, 1), context.constant(.sequence(sizes.map { .int($0) })),
        ]
        return [context.apply("Conv2DTranspose", operands: operands, call: call, attributes: attributes, primitiveForm: true)]
    }

    /// PRelu as PReLU, whose weight is one value per channel (axis 1) or one for all: a constant
    /// slope of shape [C, 1, ...] (how ONNX broadcasts it from the last axis) is written as [C].
    static func pRelu(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        let slope = try context.constantTensor(call, 1)
        let rank = try context.staticShape(call, 0).count
        guard let count = slope.elementCount else { throw call.error(.invalidShape, "input[1]", "slope shape \(slope.shape) overflows") }
        let perChannel = slope.shape.first.map { $0 == count && slope.shape.count == max(rank - 1, 1) } ?? false
        guard count == 1 || perChannel, let bytes = slope.bytes else {
            throw call.error(
                .invalidShape, "input[1]", "PReLU takes one slope per channel ([C, 1, ...] here) or one for all, not \(slope.shape)")
        }
        let name = "\(slope.name)/per_channel"
        context.initializers[name] = Tensor(name: name, dtype: slope.dtype, shape: [count], bytes: bytes)
        guard let weight = context.parameterName(name) else {
            throw call.error(.invalidInput, "input[1]", "the slope could not be written as a parameter")
        }
        return [context.apply("PReLU", operands: [try context.data(call, 0), weight], call: call)]
    }

    /// Pad in reflect mode as MirrorPad (REFLECT) with its [rank, 2] paddings tensor; other
    /// Pad modes have no MindSpore primitive here.
    static func mirrorPad(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        guard try call.string("mode") == "reflect" else {
            throw call.error(.unsupportedAttribute, "attribute.mode", "only reflect padding maps to a MindSpore primitive (MirrorPad)")
        }
        guard call.node.inputs.count == 2 || (call.node.inputs.count > 2 && call.node.inputs[2...].allSatisfy(\.isEmpty)) else {
            throw call.error(.unsupportedAttribute, "input[2]", "MirrorPad takes no constant value or axes")
        }
        let pads = try context.constantInts(call, 1)
        guard pads.count % 2 == 0, pads.allSatisfy({ $0 >= 0 }) else {
            throw call.error(.invalidInput, "input[1]", "reflect pads must be nonnegative begin/end pairs, not \(pads)")
        }
        let rank = pads.count / 2
        var pairs: [Int64] = []
        for axis in 0..<rank { pairs += [pads[axis], pads[axis + rank]] }
        let paddings = MindIRTensors.int64Tensor("paddings", pairs, shape: [rank, 2])
        let attributes = [
            MindIRAttributes.string("mode", "REFLECT"), MindIRAttributes.strings("input_names", ["x", "paddings"]),
            MindIRAttributes.strings("output_names", ["y"]),
        ]
        let operands = [try context.data(call, 0), context.constant(.tensor(paddings))]
        return [context.apply("MirrorPad", operands: operands, call: call, attributes: attributes, primitiveForm: true)]
    }

    /// Nearest Resize to constant sizes as ResizeNearestNeighbor: the coordinate rule must be
    /// one MindSpore has (asymmetric with floor, align_corners with round_prefer_ceil,
    /// tf_half_pixel_for_nn with floor), and only H and W may change.
    static func resizeNearest(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        guard try call.string("mode") == "nearest" else {
            throw call.error(.unsupportedAttribute, "attribute.mode", "only nearest Resize maps to ResizeNearestNeighbor")
        }
        let transform = try call.string("coordinate_transformation_mode") ?? "half_pixel"
        let rounding = try call.string("nearest_mode") ?? "round_prefer_floor"
        guard let flags = NearestResizeFlags.flags(transform: transform, rounding: rounding) else {
            throw call.error(
                .unsupportedAttribute, "attribute.coordinate_transformation_mode",
                "\(transform) with \(rounding) rounding has no ResizeNearestNeighbor form")
        }
        guard call.node.inputs.count == 4, call.node.inputs[1].isEmpty, call.node.inputs[2].isEmpty else {
            throw call.error(.unsupportedAttribute, "input[3]", "ResizeNearestNeighbor needs constant sizes (not scales or roi)")
        }
        let sizes = try context.constantInts(call, 3)
        let input = try context.staticShape(call, 0)
        guard sizes.count == 4, input.count == 4, Array(sizes[..<2]) == Array(input[..<2]) else {
            throw call.error(.unsupportedAttribute, "input[3]", "ResizeNearestNeighbor changes H and W only: sizes \(sizes), input \(input)")
        }
        let operands = [
            try context.data(call, 0), context.constant(.sequence(sizes[2...].map { .int($0) })), context.constant(.bool(flags.align)),
            context.constant(.bool(flags.half)),
        ]
        return [context.apply("ResizeNearestNeighbor", operands: operands, call: call)]
    }

    static func biasAdd(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        if let format = try call.string("data_format"), format != "NCHW" {
            throw call.error(.unsupportedAttribute, "data_format", "only NCHW BiasAdd is supported, not \(format)")
        }
        let operands = [try context.data(call, 0), try context.data(call, 1), context.constant(.int(0))]
        return [context.apply("BiasAdd", operands: operands, call: call)]
    }

    static func batchNormalization(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError)
        -> [String]
    {
        try call.requireInputs(5)
        try call.requireOutputs(1)
        if try call.int("training_mode", default: 0) != 0 {
            throw call.error(.unsupportedAttribute, "training_mode", "training-mode BatchNormalization is not supported")
        }
        var operands: [String] = []
        for index in 0..<5 { operands.append(try context.data(call, index)) }
        operands += [
            context.constant(.bool(false)), context.constant(.float(try call.float("epsilon", default: 1e-5))),
            context.constant(.float(try call.float("momentum", default: 0.9))), context.constant(.int(0)),
        ]
        let tuple = context.apply("BatchNorm", operands: operands, call: call)
        return [context.getItem(tuple, 0)]
    }

    /// Clip with constant bounds 0 and 6 is ReLU6; other bounds have no row.
    static func clip(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(3)
        let low = try context.constantFloats(call, 1)
        let high = try context.constantFloats(call, 2)
        guard low == [0], high == [6] else {
            throw call.error(.unsupportedAttribute, "input[1]", "only Clip(0, 6) maps to a MindSpore primitive (ReLU6)")
        }
        return [context.apply("ReLU6", operands: [try context.data(call, 0)], call: call)]
    }

    static func elu(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        let operands = [try context.data(call, 0), context.constant(.float(try call.float("alpha", default: 1)))]
        return [context.apply("Elu", operands: operands, call: call)]
    }

    static func logSoftmax(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        let axis = try call.int("axis", default: -1)
        let operands = [try context.data(call, 0), context.constant(.int(axis))]
        return [context.apply("LogSoftmax", operands: operands, call: call)]
    }

    /// MindSpore's HSigmoid is HardSigmoid with alpha 1/6 and beta 0.5 only.
    static func hardSigmoid(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        let alpha = try call.float("alpha", default: 0.2), beta = try call.float("beta", default: 0.5)
        guard alpha == MSLiteActivations.hardSigmoidAlpha, beta == 0.5 else {
            throw call.error(
                .unsupportedAttribute, "alpha", "only HardSigmoid(alpha 1/6, beta 0.5) maps to MindSpore's HSigmoid, not (\(alpha), \(beta))")
        }
        return [context.apply("HSigmoid", operands: [try context.data(call, 0)], call: call)]
    }

    /// Tile(x, repeats): the repeats must be a constant, written as MindSpore's `dims` tuple.
    static func tile(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        let repeats = try context.constantInts(call, 1)
        let operands = [try context.data(call, 0), context.constant(.sequence(repeats.map { .int($0) }))]
        return [context.apply("Tile", operands: operands, call: call)]
    }

    static func gelu(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        guard try call.string("approximate") == "tanh" else {
            throw call.error(.unsupportedAttribute, "approximate", "MindSpore's GeLU is the tanh approximation only")
        }
        return [context.apply("GeLU", operands: [try context.data(call, 0)], call: call)]
    }

    static func softmax(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        let axis = try call.int("axis", default: -1)
        let operands = [try context.data(call, 0), context.constant(.sequence([.int(axis)]))]
        return [context.apply("Softmax", operands: operands, call: call)]
    }

    static func layerNormalization(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError)
        -> [String]
    {
        try call.requireInputs(3)
        try call.requireOutputs(1)
        let axis = try call.int("axis", default: -1)
        let epsilon = try call.float("epsilon", default: 1e-5)
        var operands: [String] = []
        for index in 0..<3 { operands.append(try context.data(call, index)) }
        operands += [context.constant(.int(axis)), context.constant(.int(axis)), context.constant(.float(epsilon))]
        let tuple = context.apply("LayerNorm", operands: operands, call: call)
        return [context.getItem(tuple, 0)]
    }

    static func maxPool(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        try call.requireOutputs(1)
        let (kernel, strides, mode) = try poolShape(call)
        let attributes = [
            MindIRAttributes.string("pad_mode", mode.uppercased()),
            MindIRAttributes.strings("output_names", ["output"]),
            MindIRAttributes.tuple("kernel_size", [1, 1] + kernel),
            MindIRAttributes.string("format", "NCHW"),
            MindIRAttributes.tuple("strides", [1, 1] + strides),
            MindIRAttributes.strings("input_names", ["x"]),
        ]
        return [context.apply("MaxPool", operands: [try context.data(call, 0)], call: call, attributes: attributes, primitiveForm: true)]
    }

    static func averagePool(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        if try call.int("count_include_pad", default: 0) != 0 {
            throw call.error(.unsupportedAttribute, "count_include_pad", "MindSpore's AvgPool does not count padding")
        }
        let (kernel, strides, mode) = try poolShape(call)
        let operands = [
            try context.data(call, 0), context.constant(.sequence(kernel.map { .int($0) })),
            context.constant(.sequence(strides.map { .int($0) })), context.constant(.int(mode == "same" ? 1 : 2)),
            context.constant(.int(0)),
        ]
        return [context.apply("AvgPool", operands: operands, call: call)]
    }

    /// Kernel, strides and pad mode of a 2-D pool; explicit pads must be zero (VALID).
    static func poolShape(_ call: MindIRExportCall) throws(ConversionError) -> ([Int64], [Int64], String) {
        let kernel = try call.ints("kernel_shape")
        let strides = try call.ints("strides", default: [1, 1])
        guard kernel.count == 2, strides.count == 2 else {
            throw call.error(.unsupportedAttribute, "kernel_shape", "only 2-D pools map to MindSpore")
        }
        if try call.int("ceil_mode", default: 0) != 0 {
            throw call.error(.unsupportedAttribute, "ceil_mode", "ceil_mode is not supported")
        }
        if let dilations = try call.intsIfPresent("dilations"), dilations.contains(where: { $0 != 1 }) {
            throw call.error(.unsupportedAttribute, "dilations", "dilated pooling is not supported")
        }
        var (mode, pads) = try call.padMode()
        if mode == "pad" {
            guard pads.allSatisfy({ $0 == 0 }) else {
                throw call.error(.unsupportedAttribute, "pads", "MindSpore pools take SAME or VALID padding, not explicit pads")
            }
            mode = "valid"
        }
        return (kernel, strides, mode)
    }

    static func globalAveragePool(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError)
        -> [String]
    {
        try call.requireInputs(1)
        let attributes = [
            MindIRAttributes.strings("output_names", ["y"]), MindIRAttributes.tuple("output_size", [1, 1]),
            MindIRAttributes.strings("input_names", ["x"]),
        ]
        return [
            context.apply(
                "AdaptiveAvgPool2D", operands: [try context.data(call, 0)], call: call, attributes: attributes,
                primitiveForm: true)
        ]
    }

    static func reduceMean(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        guard call.node.inputs.count == 1 else {
            throw call.error(.unsupportedAttribute, "input[1]", "ReduceMean with axes as an input (opset 18) is not supported")
        }
        let axes = try call.ints("axes", default: [])
        let keep = try call.int("keepdims", default: 1)
        let operands = [
            try context.data(call, 0), context.constant(.sequence(axes.map { .int($0) })), context.constant(.bool(keep != 0)),
        ]
        return [context.apply("ReduceMean", operands: operands, call: call)]
    }

    /// ReduceSum(x, axis, keep_dims, skip_mode): the axes from the attribute (before opset 13) or
    /// the constant second input; `noop_with_empty_axes` is MindSpore's `skip_mode`.
    static func reduceSum(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        var axes = try call.ints("axes", default: [])
        if call.node.inputs.count >= 2, !call.node.inputs[1].isEmpty { axes = try context.constantInts(call, 1) }
        let keep = try call.int("keepdims", default: 1)
        let skip = try call.int("noop_with_empty_axes", default: 0)
        let operands = [
            try context.data(call, 0), context.constant(.sequence(axes.map { .int($0) })), context.constant(.bool(keep != 0)),
            context.constant(.bool(skip != 0)),
        ]
        return [context.apply("ReduceSum", operands: operands, call: call)]
    }

    /// Gemm without C is MatMul; with C and transB it is Dense (MindSpore's x·Wᵀ + b).
    static func gemm(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        guard try call.float("alpha", default: 1) == 1, try call.float("beta", default: 1) == 1 else {
            throw call.error(.unsupportedAttribute, "alpha", "Gemm with alpha or beta other than 1 is not supported")
        }
        let transA = try call.int("transA", default: 0)
        let transB = try call.int("transB", default: 0)
        let a = try context.data(call, 0)
        let b = try context.data(call, 1)
        if call.node.inputs.count >= 3, !call.node.inputs[2].isEmpty {
            guard transA == 0, transB != 0 else {
                throw call.error(.unsupportedAttribute, "transB", "Gemm with C maps to Dense only when transA 0 and transB 1")
            }
            return [context.apply("Dense", operands: [a, b, try context.data(call, 2)], call: call)]
        }
        let operands = [a, b, context.constant(.bool(transA != 0)), context.constant(.bool(transB != 0))]
        return [context.apply("MatMul", operands: operands, call: call)]
    }

    /// MatMul is BatchMatMul; a Transpose of the last two axes feeding it (and nothing else) is
    /// folded back into transpose_a/transpose_b, as the importer unfolded it.
    static func matMul(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        if let rankA = context.rank(call.node.inputs[0]), let rankB = context.rank(call.node.inputs[1]), rankA != rankB {
            return try matMulByMatrix(&context, call, rankA: rankA, rankB: rankB)
        }
        var operands: [String] = []
        var flags: [Bool] = []
        for index in 0..<2 {
            if let source = context.foldableTranspose(call.node.inputs[index]) {
                operands.append(try context.value(source, call, index))
                flags.append(true)
            } else {
                operands.append(try context.data(call, index))
                flags.append(false)
            }
        }
        operands += [context.constant(.bool(flags[0])), context.constant(.bool(flags[1]))]
        return [context.apply("BatchMatMul", operands: operands, call: call)]
    }

    /// MatMul of a rank > 2 A by a matrix B. MindSpore's BatchMatMul refuses operands of unequal
    /// rank on CPU and GPU, so this is written the way its Dense layer computes it: A's leading
    /// axes flattened into rows, one MatMul, and the rows given their axes back. Needs B's shape
    /// and A's shape but for one axis (MindSpore's Reshape infers one -1).
    static func matMulByMatrix(
        _ context: inout MindIRExportContext, _ call: MindIRExportCall, rankA: Int, rankB: Int
    ) throws(ConversionError) -> [String] {
        let nameA = call.node.inputs[0], nameB = call.node.inputs[1]
        guard rankA > 2, rankB == 2 else {
            throw call.error(
                .invalidShape, "input[1]",
                "MindSpore's BatchMatMul needs operands of equal rank on CPU and GPU; MatMul of rank \(rankA) by rank \(rankB) has no MindIR form")
        }
        var b: String, transB = false, bShape: [Int64]?
        if let source = context.foldableTranspose(nameB) {
            (b, transB, bShape) = (try context.value(source, call, 1), true, context.shape(source))
        } else {
            (b, bShape) = (try context.data(call, 1), context.shape(nameB))
        }
        var a: String
        if let source = context.foldableTranspose(nameA) {
            // The Transpose feeding A was folded away for BatchMatMul: write it here instead.
            var perm = (0..<Int64(rankA)).map { $0 }
            perm.swapAt(rankA - 2, rankA - 1)
            a = context.apply("Transpose", operands: [try context.value(source, call, 0), context.constant(.sequence(perm.map { .int($0) }))])
        } else {
            a = try context.data(call, 0)
        }
        let dimensions = context.types[nameA]?.shape?.dimensions ?? []
        guard let bShape, bShape.count == 2, dimensions.count == rankA else {
            throw call.error(.invalidShape, "input[1]", "MatMul of rank \(rankA) by a matrix needs the matrix's shape to map to MindSpore")
        }
        let k = transB ? bShape[1] : bShape[0], n = transB ? bShape[0] : bShape[1]
        let target: [Int64] = dimensions.dropLast().map { $0.value.map(Int64.init) ?? -1 } + [n]
        guard target.filter({ $0 < 0 }).count <= 1 else {
            throw call.error(
                .invalidShape, "input[0]",
                "MatMul of rank \(rankA) by a matrix needs A's shape (all but one axis) to map to MindSpore; A is \(Shape(dimensions))")
        }
        if let last = dimensions.last?.value, Int64(last) != k {
            throw call.error(.invalidShape, "input[1]", "A's last axis is \(last) but the matrix has \(k) rows")
        }
        let rows = context.apply("Reshape", operands: [a, context.constant(.sequence([.int(-1), .int(k)]))])
        let product = context.apply("MatMul", operands: [rows, b, context.constant(.bool(false)), context.constant(.bool(transB))])
        return [context.apply("Reshape", operands: [product, context.constant(.sequence(target.map { .int($0) }))], call: call)]
    }

    static func reshape(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        if try call.int("allowzero", default: 0) != 0 {
            throw call.error(.unsupportedAttribute, "allowzero", "Reshape with allowzero is not supported")
        }
        let shape = try context.constantInts(call, 1)
        let operands = [try context.data(call, 0), context.constant(.sequence(shape.map { .int($0) }))]
        return [context.apply("Reshape", operands: operands, call: call)]
    }

    static func transpose(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        if context.isFolded(call.node) { return [""] }
        var perm = try call.intsIfPresent("perm")
        if perm == nil, let rank = context.rank(call.node.inputs[0]) { perm = (0..<Int64(rank)).reversed() }
        guard let perm else { throw call.error(.invalidShape, "perm", "Transpose without perm needs the input rank") }
        let operands = [try context.data(call, 0), context.constant(.sequence(perm.map { .int($0) }))]
        return [context.apply("Transpose", operands: operands, call: call)]
    }

    static func flatten(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        guard try call.int("axis", default: 1) == 1 else {
            throw call.error(.unsupportedAttribute, "axis", "only Flatten with axis 1 maps to MindSpore's Flatten")
        }
        return [context.apply("Flatten", operands: [try context.data(call, 0)], call: call)]
    }

    static func concat(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        guard !call.node.inputs.isEmpty else { throw call.error(.invalidInput, "input", "Concat without inputs") }
        var elements: [String] = []
        for index in call.node.inputs.indices { elements.append(try context.data(call, index)) }
        let tuple = context.apply("MakeTuple", operands: elements, call: call, debug: "MakeTuple", primitiveForm: true)
        let axis = try call.int("axis")
        return [context.apply("Concat", operands: [tuple, context.constant(.int(axis))], call: call)]
    }

    /// Split into equal parts (MindSpore's Split has no sizes; unequal sizes are SplitV).
    static func split(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        let count = call.node.outputs.count
        let axis = try call.int("axis", default: 0)
        if call.node.inputs.count >= 2, !call.node.inputs[1].isEmpty {
            let sizes = try context.constantInts(call, 1)
            guard sizes.count == count, let first = sizes.first, sizes.allSatisfy({ $0 == first }) else {
                throw call.error(.unsupportedAttribute, "input[1]", "only equal split sizes map to MindSpore's Split")
            }
        }
        let operands = [try context.data(call, 0), context.constant(.int(axis)), context.constant(.int(Int64(count)))]
        let tuple = context.apply("Split", operands: operands, call: call)
        return (0..<count).map { context.getItem(tuple, $0) }
    }

    static func squeeze(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        var axes: [Int64] = []
        if call.node.inputs.count >= 2, !call.node.inputs[1].isEmpty { axes = try context.constantInts(call, 1) }
        let operands = [try context.data(call, 0), context.constant(.sequence(axes.map { .int($0) }))]
        return [context.apply("Squeeze", operands: operands, call: call)]
    }

    static func unsqueeze(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        let axes = try context.constantInts(call, 1)
        guard axes.count == 1 else {
            throw call.error(.unsupportedAttribute, "input[1]", "only a single-axis Unsqueeze maps to ExpandDims")
        }
        let operands = [try context.data(call, 0), context.constant(.int(axes[0]))]
        return [context.apply("ExpandDims", operands: operands, call: call)]
    }

    static func cast(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        let code = try call.int("to")
        guard let dtype = MindIRTypes.dtype(onnxCode: code), let typeID = MindIRTypes.typeID(dtype) else {
            throw call.error(.unsupportedDType, "to", "ONNX data type \(code) has no MindSpore type")
        }
        let operands = [try context.data(call, 0), context.constant(.int(typeID))]
        return [
            context.apply(
                "Cast", operands: operands, call: call,
                attributes: [MindIRAttributes.strings("output_names", ["output"]), MindIRAttributes.strings("input_names", ["x", "dst_type"])])
        ]
    }

    static func gather(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(2)
        let axis = try call.int("axis", default: 0)
        let operands = [
            try context.data(call, 0), try context.data(call, 1), context.constant(.int(axis)), context.constant(.int(0)),
        ]
        return [context.apply("Gather", operands: operands, call: call)]
    }

    /// Slice over every axis in order becomes StridedSlice; partial axes need the input rank.
    static func slice(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        guard (3...5).contains(call.node.inputs.count) else {
            throw call.error(.invalidInput, "input", "Slice takes 3 to 5 inputs, the node has \(call.node.inputs.count)")
        }
        let starts = try context.constantInts(call, 1)
        let ends = try context.constantInts(call, 2)
        let given = call.node.inputs.count > 3 && !call.node.inputs[3].isEmpty
        let axes = given ? try context.constantInts(call, 3) : (0..<Int64(starts.count)).map { $0 }
        let steps =
            call.node.inputs.count > 4 && !call.node.inputs[4].isEmpty
            ? try context.constantInts(call, 4) : Array(repeating: 1, count: starts.count)
        guard starts.count == ends.count, starts.count == axes.count, starts.count == steps.count else {
            throw call.error(.invalidInput, "input[1]", "starts, ends, axes and steps differ in length")
        }
        let rank = context.rank(call.node.inputs[0]) ?? starts.count
        var begin = Array(repeating: Int64(0), count: rank)
        var end: [Int64] = []
        var strides = Array(repeating: Int64(1), count: rank)
        if let shape = context.shape(call.node.inputs[0]), shape.count == rank {
            end = shape
        } else if axes == (0..<Int64(rank)).map({ $0 }) {
            end = Array(repeating: Int64.max, count: rank)
        } else {
            throw call.error(.invalidShape, "input[0]", "a Slice over some axes needs the input shape")
        }
        for (position, axis) in axes.enumerated() {
            let normalized = axis < 0 ? axis + Int64(rank) : axis
            guard normalized >= 0, normalized < Int64(rank) else {
                throw call.error(.invalidInput, "input[3]", "axis \(axis) is outside rank \(rank)")
            }
            begin[Int(normalized)] = starts[position]
            end[Int(normalized)] = ends[position]
            strides[Int(normalized)] = steps[position]
        }
        let operands =
            [
                try context.data(call, 0), context.constant(.sequence(begin.map { .int($0) })),
                context.constant(.sequence(end.map { .int($0) })), context.constant(.sequence(strides.map { .int($0) })),
            ] + (0..<5).map { _ in context.constant(.int(0)) }
        return [context.apply("StridedSlice", operands: operands, call: call)]
    }

    static func oneHot(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(3)
        let depth = try context.constantInts(call, 1)
        let values = try context.constantTensor(call, 2)
        guard depth.count == 1, values.elementCount == 2,
            let off = MindIRTensors.element(values, 0, name: "value0"),
            let on = MindIRTensors.element(values, 1, name: "value0")
        else {
            throw call.error(.invalidInput, "input[2]", "OneHot needs a scalar depth and two values")
        }
        let axis = try call.int("axis", default: -1)
        let operands = [
            try context.data(call, 0), context.constant(.int(depth[0])), context.constant(.tensor(on)),
            context.constant(.tensor(off)), context.constant(.int(axis)),
        ]
        return [context.apply("OneHot", operands: operands, call: call)]
    }

    /// Identity writes no node: its output is its input.
    static func identity(_ context: inout MindIRExportContext, _ call: MindIRExportCall) throws(ConversionError) -> [String] {
        try call.requireInputs(1)
        return [try context.data(call, 0)]
    }
}

/// Builders for the type-tagged attribute encoding (FORMATS.md §2.4).
enum MindIRAttributes {
    static func int(_ name: String, _ value: Int64) -> MindIr_AttributeProto {
        var proto = MindIr_AttributeProto()
        proto.name = name
        proto.i = value
        proto.type = .int64
        return proto
    }

    static func string(_ name: String, _ value: String) -> MindIr_AttributeProto {
        var proto = MindIr_AttributeProto()
        proto.name = name
        proto.s = Data(value.utf8)
        proto.type = .string
        return proto
    }

    static func tuple(_ name: String, _ values: [Int64]) -> MindIr_AttributeProto {
        var proto = MindIr_AttributeProto()
        proto.name = name
        proto.type = .tuple
        proto.values = values.map { value in
            var element = MindIr_AttributeProto()
            element.ints = [value]
            element.type = .int64
            return element
        }
        return proto
    }

    static func strings(_ name: String, _ values: [String]) -> MindIr_AttributeProto {
        var proto = MindIr_AttributeProto()
        proto.name = name
        proto.type = .list
        proto.values = values.map { value in
            var element = MindIr_AttributeProto()
            element.strings = [Data(value.utf8)]
            element.type = .string
            return element
        }
        return proto
    }

    /// A Constant node's `value`.
    static func value(_ constant: MindIRConstant) -> MindIr_AttributeProto {
        var proto = MindIr_AttributeProto()
        proto.name = "value"
        fill(&proto, constant, inSequence: false)
        return proto
    }

    static func fill(_ proto: inout MindIr_AttributeProto, _ constant: MindIRConstant, inSequence: Bool) {
        switch constant {
        case .int(let value):
            proto.type = .int64
            if inSequence { proto.ints = [value] } else { proto.i = value }
        case .bool(let value):
            proto.type = .bool
            if inSequence { proto.ints = [value ? 1 : 0] } else { proto.i = value ? 1 : 0 }
        case .float(let value):
            proto.type = .float
            if inSequence { proto.floats = [value] } else { proto.f = value }
        case .double(let value):
            proto.type = .double
            if inSequence { proto.doubles = [value] } else { proto.d = value }
        case .string(let value):
            proto.type = .string
            if inSequence { proto.strings = [Data(value.utf8)] } else { proto.s = Data(value.utf8) }
        case .sequence(let elements):
            proto.type = .tuple
            proto.values = elements.map { element in
                var inner = MindIr_AttributeProto()
                fill(&inner, element, inSequence: true)
                return inner
            }
        case .tensor(let tensor):
            proto.type = .tensors
            var value = MindIr_TensorProto()
            value.name = "value0"
            value.dataType = MindIRTypes.dataType(tensor.dtype) ?? 0
            value.dims = tensor.shape.map { Int64($0) }
            if let bytes = tensor.bytes { value.rawData = Data(bytes.bytes) }
            proto.tensors = [value]
        case .type(let dtype):
            proto.type = .tensors
            var value = MindIr_TensorProto()
            value.name = "value0"
            value.dataType = MindIRTypes.dataType(dtype) ?? 0
            proto.tensors = [value]
        case .none: proto.type = .none
        case .monad: proto.type = .umonad
        }
    }
}
