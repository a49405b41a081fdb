// MindSpore primitive -> GraphIR op, as data.
//
// One row per primitive: how many leading operands are data, the names of the constant operands
// that follow them in MindSpore 2.x's PRIMITIVE_FUNCTION form (the same names are looked up among
// the primitive's attributes when a node carries them the older PRIMITIVE way), and the function
// that builds the GraphIR nodes. Plain one-to-one rows use `MindIRImportRule.same`; the irregular
// ones name a function below. The GraphIR forms follow the op contract shared with the AIR
// lowering (ONNX semantics, opset 17; `com.mindspore` where ONNX has no exact equivalent).

import Foundation
import Formats
import GraphIR

struct MindIRImportRule: Sendable {
    typealias Lower = @Sendable (inout MindIRImportContext, MindIRCall) throws(ConversionError) -> MindIRValue

    /// The primitive's `op_type` (`PrimitiveProto.op_type`).
    let primitive: String
    /// Leading operands that are tensors.
    let dataInputs: Int
    /// Names of the constant operands after the data, in operand order.
    let arguments: [String]
    let lower: Lower

    init(_ primitive: String, data: Int, arguments: [String] = [], _ lower: @escaping Lower) {
        self.primitive = primitive
        self.dataInputs = data
        self.arguments = arguments
        self.lower = lower
    }

    /// A primitive that is exactly one GraphIR op over the same data inputs.
    static func same(_ primitive: String, _ op: String, domain: String = "", data: Int) -> MindIRImportRule {
        MindIRImportRule(primitive, data: data) { (context: inout MindIRImportContext, call: MindIRCall) throws(ConversionError) in
            let inputs = try context.dataInputs(call, count: data)
            return context.emit(call, op: op, domain: domain, inputs: inputs)
        }
    }
}

enum MindIRImportTable {
    static let rules: [MindIRImportRule] = [
        MindIRImportRule("Conv2D", data: 2, arguments: [], conv2D),
        MindIRImportRule("Conv2DTranspose", data: 2, arguments: ["input_sizes"], conv2DTranspose),
        MindIRImportRule("Conv2DBackpropInput", data: 2, arguments: ["input_sizes"], conv2DTranspose),
        MindIRImportRule("BiasAdd", data: 2, arguments: ["data_format"], biasAdd),
        MindIRImportRule("BatchNorm", data: 5, arguments: ["is_training", "epsilon", "momentum", "data_format"], batchNorm),
        .same("ReLU", "Relu", data: 1),
        MindIRImportRule("ReLU6", data: 1, relu6),
        .same("Sigmoid", "Sigmoid", data: 1),
        .same("Tanh", "Tanh", data: 1),
        MindIRImportRule("GeLU", data: 1, gelu),
        .same("FastGeLU", "FastGelu", domain: MindIRImportContext.mindsporeDomain, data: 1),
        MindIRImportRule("Softmax", data: 1, arguments: ["axis"], softmax),
        MindIRImportRule("LayerNorm", data: 3, arguments: ["begin_norm_axis", "begin_params_axis", "epsilon"], layerNorm),
        MindIRImportRule("MaxPool", data: 1, arguments: ["kernel_size", "strides", "pad_mode", "data_format"], maxPool),
        MindIRImportRule("AvgPool", data: 1, arguments: ["kernel_size", "strides", "pad_mode", "data_format"], avgPool),
        MindIRImportRule("AdaptiveAvgPool2D", data: 1, arguments: ["output_size"], adaptiveAvgPool),
        MindIRImportRule("ReduceMean", data: 1, arguments: ["axis", "keep_dims"], reduceMean),
        MindIRImportRule("ReduceSum", data: 1, arguments: ["axis", "keep_dims", "skip_mode"], reduceSum),
        MindIRImportRule("MatMul", data: 2, arguments: ["transpose_a", "transpose_b"], matMul),
        MindIRImportRule("BatchMatMul", data: 2, arguments: ["transpose_a", "transpose_b"], batchMatMul),
        MindIRImportRule("Dense", data: 2, arguments: ["bias"], dense),
        .same("Add", "Add", data: 2),
        .same("Sub", "Sub", data: 2),
        .same("Mul", "Mul", data: 2),
        .same("RealDiv", "Div", data: 2),
        .same("Div", "Div", data: 2),
        .same("Pow", "Pow", data: 2),
        .same("Sqrt", "Sqrt", data: 1),
        .same("Erf", "Erf", data: 1),
        .same("Exp", "Exp", data: 1),
        .same("Log", "Log", data: 1),
        .same("Neg", "Neg", data: 1),
        .same("Abs", "Abs", data: 1),
        MindIRImportRule("Reshape", data: 1, arguments: ["shape"], reshape),
        MindIRImportRule("Transpose", data: 1, arguments: ["input_perm"], transpose),
        MindIRImportRule("Flatten", data: 1, flatten),
        MindIRImportRule("Concat", data: 0, arguments: ["tensors", "axis"], concat),
        MindIRImportRule("Split", data: 1, arguments: ["axis", "output_num"], split),
        MindIRImportRule("Squeeze", data: 1, arguments: ["axis"], squeeze),
        MindIRImportRule("ExpandDims", data: 1, arguments: ["axis"], expandDims),
        MindIRImportRule("Cast", data: 1, arguments: ["dst_type"], cast),
        MindIRImportRule("Gather", data: 2, arguments: ["axis", "batch_dims"], gather),
        MindIRImportRule(
            "StridedSlice", data: 1,
            arguments: ["begin", "end", "strides", "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                "shrink_axis_mask"], stridedSlice),
        MindIRImportRule("OneHot", data: 1, arguments: ["depth", "on_value", "off_value", "axis"], oneHot),
        MindIRImportRule("Dropout", data: 1, arguments: ["keep_prob", "Seed0", "Seed1"], dropout),
        .same("HSwish", "HardSwish", data: 1),
        .same("Floor", "Floor", data: 1),
        .same("Reciprocal", "Reciprocal", data: 1),
        .same("Softplus", "Softplus", data: 1),
        MindIRImportRule("Elu", data: 1, arguments: ["alpha"], elu),
        MindIRImportRule("LogSoftmax", data: 1, arguments: ["axis"], logSoftmax),
        MindIRImportRule("Rsqrt", data: 1, rsqrt),
        MindIRImportRule("Square", data: 1, square),
        MindIRImportRule("SiLU", data: 1, silu),
        MindIRImportRule("Mish", data: 1, mish),
        MindIRImportRule("HSigmoid", data: 1, hSigmoid),
        .same("Maximum", "Max", data: 2),
        .same("Minimum", "Min", data: 2),
        MindIRImportRule("Tile", data: 1, arguments: ["dims"], tile),
        MindIRImportRule("Muls", data: 1, arguments: ["other"], muls),
        MindIRImportRule("PReLU", data: 2, pReLU),
        MindIRImportRule("MirrorPad", data: 1, arguments: ["paddings", "mode"], mirrorPad),
        MindIRImportRule(
            "ResizeNearestNeighbor", data: 1, arguments: ["size", "align_corners", "half_pixel_centers"], resizeNearestNeighbor),
    ]

    /// Conv2DTranspose (Conv2DBackpropInput, PRIMITIVE): the gradient of a Conv2D with the same
    /// kernel, stride, dilation, group and `pad_list` [top, bottom, left, right], to the output
    /// size `input_sizes`. ONNX ConvTranspose computes the same with pads [top, left, bottom,
    /// right] and the rows and columns the forward conv's rounding left out as output_padding;
    /// the filter [in, out / group, kh, kw] is ONNX's layout already.
    static func conv2DTranspose(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError)
        -> MindIRValue
    {
        try call.requireNCHW("format")
        let kernel = try call.spatial("kernel_size")
        let stride = try call.spatial("stride", default: [1, 1])
        let dilation = try call.spatial("dilation", default: [1, 1])
        let group = try call.int("group", default: 1)
        let padList = try call.ints("pad_list")
        guard padList.count == 4 else { throw call.error(.invalidAttribute, "pad_list", "pad_list has \(padList.count) values, not 4") }
        let sizes = try call.ints("input_sizes")
        guard sizes.count == 4 else { throw call.error(.invalidAttribute, "input_sizes", "input_sizes has \(sizes.count) values, not 4") }
        let inputs = try context.dataInputs(call, count: 2)
        guard let shape = context.types[inputs[0]]?.shape, shape.count == 4, shape[2] > 0, shape[3] > 0 else {
            throw call.error(.invalidShape, "input[0]", "Conv2DTranspose needs its input's [N, C, H, W] shape, which the model does not record")
        }
        let begin = [padList[0], padList[2]], end = [padList[1], padList[3]]
        var outputPadding: [Int64] = []
        for axis in 0..<2 {
            guard stride[axis] > 0, dilation[axis] > 0,
                let covered = MindIRTensors.transposedExtent(
                    input: shape[axis + 2], kernel: kernel[axis], stride: stride[axis], dilation: dilation[axis],
                    padBegin: begin[axis], padEnd: end[axis])
            else {
                throw call.error(.invalidAttribute, "stride", "stride \(stride), dilation \(dilation) or pads \(padList) do not fit")
            }
            let (extra, overflow) = sizes[axis + 2].subtractingReportingOverflow(covered)
            guard !overflow, extra >= 0, extra < max(stride[axis], dilation[axis]) else {
                throw call.error(
                    .invalidAttribute, "input_sizes",
                    "output size \(sizes[axis + 2]) is not reachable from \(shape[axis + 2]) with stride \(stride[axis]) and pads \(padList)")
            }
            outputPadding.append(extra)
        }
        let attributes: [Attribute] = [
            .named("kernel_shape", .ints(kernel)), .named("strides", .ints(stride)), .named("dilations", .ints(dilation)),
            .named("group", .int(group)), .named("pads", .ints([begin[0], begin[1], end[0], end[1]])),
            .named("output_padding", .ints(outputPadding)),
        ]
        return context.emit(call, op: "ConvTranspose", inputs: inputs, attributes: attributes)
    }

    static func elu(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let alpha = try call.float("alpha", default: 1)
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "Elu", inputs: input, attributes: [.named("alpha", .float(alpha))])
    }

    static func logSoftmax(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axes = try call.ints("axis", default: [-1])
        guard axes.count == 1 else { throw call.error(.unsupportedAttribute, "axis", "LogSoftmax over \(axes.count) axes") }
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "LogSoftmax", inputs: input, attributes: [.named("axis", .int(axes[0]))])
    }

    /// A node of `op` inside a primitive's expansion, named after the primitive's node.
    static func step(
        _ context: inout MindIRImportContext, _ call: MindIRCall, _ op: String, _ inputs: [String], _ suffix: String
    ) -> String {
        let name = "\(call.name)/\(suffix)"
        context.nodes.append(Node(name: name, op: op, inputs: inputs, outputs: [name]))
        return name
    }

    /// Rsqrt(x) = 1 / √x: Sqrt, then Reciprocal.
    static func rsqrt(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        let root = step(&context, call, "Sqrt", input, "sqrt")
        return context.emit(call, op: "Reciprocal", inputs: [root])
    }

    /// Square(x) = x · x.
    static func square(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "Mul", inputs: input + input)
    }

    /// SiLU(x) = x · sigmoid(x).
    static func silu(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        let gate = step(&context, call, "Sigmoid", input, "sigmoid")
        return context.emit(call, op: "Mul", inputs: input + [gate])
    }

    /// Mish(x) = x · tanh(softplus(x)).
    static func mish(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        let soft = step(&context, call, "Softplus", input, "softplus")
        let gate = step(&context, call, "Tanh", [soft], "tanh")
        return context.emit(call, op: "Mul", inputs: input + [gate])
    }

    /// HSigmoid is relu6(x + 3) / 6: ONNX HardSigmoid with alpha 1/6 and beta 0.5.
    static func hSigmoid(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        return context.emit(
            call, op: "HardSigmoid", inputs: input,
            attributes: [.named("alpha", .float(MSLiteActivations.hardSigmoidAlpha)), .named("beta", .float(0.5))])
    }

    /// Tile(x, dims): the multiples become an int64 initializer.
    static func tile(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let multiples = try call.ints("dims")
        guard multiples.allSatisfy({ $0 >= 0 }) else { throw call.error(.invalidAttribute, "dims", "negative multiples \(multiples)") }
        let input = try context.dataInputs(call, count: 1)
        let repeats = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/repeats", multiples))
        return context.emit(call, op: "Tile", inputs: input + [repeats])
    }

    /// Muls(x, other): x times a scalar, the scalar an initializer of x's (float) type.
    static func muls(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let other = try call.argument("other")
        guard let value = other.floatValue ?? other.intValue.map({ Float($0) }) else {
            throw call.error(.invalidAttribute, "other", "Muls needs a number")
        }
        let dtype = call.outputTypes.first.flatMap { $0 } ?? .float32
        guard let scalar = MindIRTensors.scalar("\(call.name)/other", value, dtype: dtype) else {
            throw call.error(.unsupportedDType, "other", "Muls on \(dtype) is not supported")
        }
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "Mul", inputs: input + [context.addInitializer(scalar)])
    }

    /// PReLU(x, weight): MindSpore's weight runs along axis 1 (channels); ONNX PRelu broadcasts
    /// its slope from the last axis, so a one-axis weight of C > 1 is reshaped to [C, 1, ...].
    static func pReLU(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let inputs = try context.dataInputs(call, count: 2)
        guard let rank = call.outputShapes.first.flatMap({ $0 })?.count ?? context.rank(of: inputs[0]) else {
            throw call.error(.invalidShape, "input[0]", "PReLU needs the input's rank, which the model does not record")
        }
        var slope = inputs[1]
        let weightShape = context.types[slope]?.shape
        if rank > 2, let weightShape, weightShape.count == 1, weightShape[0] != 1 {
            let slopeShape = [weightShape[0]] + Array(repeating: Int64(1), count: rank - 2)
            if let weight = context.initializers.first(where: { $0.name == slope }), let bytes = weight.bytes {
                // A parameter (the usual case): the slope is the same bytes under the broadcasting shape.
                slope = context.addInitializer(
                    Tensor(name: "\(call.name)/slope", dtype: weight.dtype, shape: slopeShape.map { Int($0) }, bytes: bytes))
            } else {
                let shape = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/slope_shape", slopeShape))
                let reshaped = "\(call.name)/slope"
                context.nodes.append(Node(name: reshaped, op: "Reshape", inputs: [slope, shape], outputs: [reshaped]))
                context.types[reshaped] = (context.types[slope]?.dtype, slopeShape)
                slope = reshaped
            }
        } else if rank > 2, weightShape == nil {
            throw call.error(.invalidShape, "input[1]", "PReLU needs the weight's shape, which the model does not record")
        }
        return context.emit(call, op: "PRelu", inputs: [inputs[0], slope])
    }

    /// MirrorPad(x, paddings [rank, 2]) in REFLECT mode: ONNX Pad with mode reflect (begins,
    /// then ends). SYMMETRIC repeats the edge element, which no ONNX Pad mode does.
    static func mirrorPad(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let mode: String
        switch try call.argument("mode") {
        case .string(let text): mode = text.uppercased()
        case .int(0): mode = "REFLECT"
        case .int(1): mode = "SYMMETRIC"
        case let other: throw call.error(.invalidAttribute, "mode", "unknown MirrorPad mode \(other)")
        }
        guard mode == "REFLECT" else {
            throw call.error(.unsupportedAttribute, "mode", "MirrorPad mode \(mode) has no ONNX Pad equivalent (only REFLECT has)")
        }
        let pairs: [Int64]
        switch try call.argument("paddings") {
        case .tensor(let tensor):
            guard let values = MindIRTensors.integers(tensor), tensor.shape.count == 2, tensor.shape[1] == 2 else {
                throw call.error(.invalidAttribute, "paddings", "paddings must be an integer tensor of shape [rank, 2]")
            }
            pairs = values
        case let other:
            guard let values = other.intsValue, values.count % 2 == 0 else {
                throw call.error(.invalidAttribute, "paddings", "paddings must be [rank, 2] integers, not \(other)")
            }
            pairs = values
        }
        let rank = pairs.count / 2
        let pads = (0..<rank).map { pairs[2 * $0] } + (0..<rank).map { pairs[2 * $0 + 1] }
        guard pads.allSatisfy({ $0 >= 0 }) else { throw call.error(.invalidAttribute, "paddings", "negative paddings \(pairs)") }
        let input = try context.dataInputs(call, count: 1)
        let padsName = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/pads", pads))
        return context.emit(call, op: "Pad", inputs: input + [padsName], attributes: [.named("mode", .text("reflect"))])
    }

    /// ResizeNearestNeighbor(x, size, align_corners, half_pixel_centers): ONNX Resize (nearest)
    /// to the output shape MindSpore recorded, with the coordinate rule each flag selects.
    static func resizeNearestNeighbor(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError)
        -> MindIRValue
    {
        let size = try call.ints("size")
        let alignCorners = try call.int("align_corners", default: 0) != 0
        let halfPixel = try call.int("half_pixel_centers", default: 0) != 0
        guard let shape = call.outputShapes.first.flatMap({ $0 }), shape.count == 4, shape.allSatisfy({ $0 >= 0 }),
            Array(shape[2...]) == size
        else {
            throw call.error(
                .invalidShape, "size", "ResizeNearestNeighbor needs its recorded [N, C, H, W] output shape to match size \(size)")
        }
        guard !(alignCorners && halfPixel) else {
            throw call.error(.unsupportedAttribute, "half_pixel_centers", "align_corners and half_pixel_centers together")
        }
        let input = try context.dataInputs(call, count: 1)
        let sizes = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/sizes", shape))
        let rule = NearestResizeFlags.onnx(align: alignCorners, half: halfPixel)
        return context.emit(
            call, op: "Resize", inputs: [input[0], "", "", sizes],
            attributes: [
                .named("mode", .text("nearest")), .named("coordinate_transformation_mode", .text(rule.transform)),
                .named("nearest_mode", .text(rule.rounding)),
            ])
    }

    static let byPrimitive: [String: MindIRImportRule] = {
        var table: [String: MindIRImportRule] = [:]
        for rule in rules { table[rule.primitive] = rule }
        return table
    }()

    // MARK: Irregular rows

    /// Conv2D (PRIMITIVE): kernel_size, stride, dilation, pad (top, bottom, left, right), pad_mode,
    /// group, format from the primitive's attributes.
    static func conv2D(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        try call.requireNCHW("format")
        let kernel = try call.spatial("kernel_size")
        let stride = try call.spatial("stride", default: [1, 1])
        let dilation = try call.spatial("dilation", default: [1, 1])
        let group = try call.int("group", default: 1)
        var attributes: [Attribute] = [
            .named("kernel_shape", .ints(kernel)), .named("strides", .ints(stride)),
            .named("dilations", .ints(dilation)), .named("group", .int(group)),
        ]
        attributes.append(try call.padding(mode: "pad_mode", pads: "pad"))
        let inputs = try context.dataInputs(call, count: 2)
        return context.emit(call, op: "Conv", inputs: inputs, attributes: attributes)
    }

    static func biasAdd(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        try call.requireNCHW("data_format", alternatives: ["format"])
        let inputs = try context.dataInputs(call, count: 2)
        return context.emit(
            call, op: "BiasAdd", domain: MindIRImportContext.mindsporeDomain, inputs: inputs,
            attributes: [.named("data_format", .text("NCHW"))])
    }

    /// BatchNorm in inference mode: one GraphIR output; the saved mean/variance outputs cannot
    /// be read (TupleGetItem 1...4 is an error).
    static func batchNorm(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        if try call.int("is_training", default: 0) != 0 {
            throw call.error(.unsupportedAttribute, "is_training", "BatchNorm in training mode has no inference equivalent")
        }
        try call.requireNCHW("data_format", alternatives: ["format"])
        let epsilon = try call.float("epsilon", default: 1e-5)
        let momentum = try call.float("momentum", default: 0.1)
        let inputs = try context.dataInputs(call, count: 5)
        let output = context.emit(
            call, op: "BatchNormalization", inputs: inputs,
            attributes: [.named("epsilon", .float(epsilon)), .named("momentum", .float(momentum))])
        return context.firstOnly(call, output, of: 5)
    }

    static func relu6(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        // The bounds take the data's type: an fp16 model's ReLU6 has float16 bounds.
        let dtype = call.outputTypes.first.flatMap { $0 } ?? context.types[input[0]]?.dtype ?? .float32
        let low = context.addInitializer(
            MindIRTensors.scalar("\(call.name)/min", 0, dtype: dtype) ?? MindIRTensors.float32Scalar("\(call.name)/min", 0))
        let high = context.addInitializer(
            MindIRTensors.scalar("\(call.name)/max", 6, dtype: dtype) ?? MindIRTensors.float32Scalar("\(call.name)/max", 6))
        return context.emit(call, op: "Clip", inputs: input + [low, high])
    }

    static func gelu(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        context.usesGelu = true
        return context.emit(call, op: "Gelu", inputs: input, attributes: [.named("approximate", .text("tanh"))])
    }

    static func softmax(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axes = try call.ints("axis", default: [-1])
        guard axes.count == 1 else {
            throw call.error(.unsupportedAttribute, "axis", "a softmax over \(axes.count) axes has no ONNX equivalent")
        }
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "Softmax", inputs: input, attributes: [.named("axis", .int(axes[0]))])
    }

    static func layerNorm(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axis = try call.int("begin_norm_axis", default: 1)
        let paramsAxis = try call.int("begin_params_axis", default: 1)
        guard axis == paramsAxis else {
            throw call.error(
                .unsupportedAttribute, "begin_params_axis",
                "begin_params_axis \(paramsAxis) differs from begin_norm_axis \(axis); LayerNormalization has one axis")
        }
        let epsilon = try call.float("epsilon", default: 1e-7)
        let inputs = try context.dataInputs(call, count: 3)
        let output = context.emit(
            call, op: "LayerNormalization", inputs: inputs,
            attributes: [.named("axis", .int(axis)), .named("epsilon", .float(epsilon))])
        return context.firstOnly(call, output, of: 3)
    }

    static func maxPool(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        try pool(&context, call, op: "MaxPool", extra: [])
    }

    static func avgPool(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        try pool(&context, call, op: "AveragePool", extra: [.named("count_include_pad", .int(0))])
    }

    static func pool(_ context: inout MindIRImportContext, _ call: MindIRCall, op: String, extra: [Attribute])
        throws(ConversionError) -> MindIRValue
    {
        try call.requireNCHW("data_format", alternatives: ["format"])
        let kernel = try call.spatial("kernel_size")
        let strides = try call.spatial("strides", default: [1, 1])
        let padding = try call.padding(mode: "pad_mode", pads: nil)
        let input = try context.dataInputs(call, count: 1)
        return context.emit(
            call, op: op, inputs: input,
            attributes: [.named("kernel_shape", .ints(kernel)), .named("strides", .ints(strides)), padding] + extra)
    }

    static func adaptiveAvgPool(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError)
        -> MindIRValue
    {
        let size = try call.ints("output_size")
        guard size == [1, 1] || size == [1] else {
            throw call.error(.unsupportedAttribute, "output_size", "only a 1x1 adaptive average pool is GlobalAveragePool")
        }
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "GlobalAveragePool", inputs: input)
    }

    static func reduceMean(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axes = try call.ints("axis", default: [])
        let keep = try call.int("keep_dims", default: 0)
        let input = try context.dataInputs(call, count: 1)
        var attributes: [Attribute] = []
        if !axes.isEmpty { attributes.append(.named("axes", .ints(axes))) }
        attributes.append(.named("keepdims", .int(keep == 0 ? 0 : 1)))
        return context.emit(call, op: "ReduceMean", inputs: input, attributes: attributes)
    }

    /// ReduceSum: opset 17's form, the axes as an int64 initializer (none: every axis, or the
    /// identity when `skip_mode` is set, which is ONNX's `noop_with_empty_axes`).
    static func reduceSum(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axes = try call.ints("axis", default: [])
        let keep = try call.int("keep_dims", default: 0)
        let skip = try call.int("skip_mode", default: 0)
        var inputs = try context.dataInputs(call, count: 1)
        if !axes.isEmpty { inputs.append(context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/axes", axes))) }
        var attributes: [Attribute] = [.named("keepdims", .int(keep == 0 ? 0 : 1))]
        if skip != 0 { attributes.append(.named("noop_with_empty_axes", .int(1))) }
        return context.emit(call, op: "ReduceSum", inputs: inputs, attributes: attributes)
    }

    static func matMul(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let transA = try call.int("transpose_a", default: 0)
        let transB = try call.int("transpose_b", default: 0)
        let inputs = try context.dataInputs(call, count: 2)
        return context.emit(
            call, op: "Gemm", inputs: inputs,
            attributes: [.named("transA", .int(transA == 0 ? 0 : 1)), .named("transB", .int(transB == 0 ? 0 : 1))])
    }

    /// BatchMatMul: a transposed operand becomes an explicit Transpose of its last two axes.
    static func batchMatMul(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError)
        -> MindIRValue
    {
        let flags = [try call.int("transpose_a", default: 0), try call.int("transpose_b", default: 0)]
        var inputs = try context.dataInputs(call, count: 2)
        for (index, flag) in flags.enumerated() where flag != 0 {
            guard let rank = context.rank(of: inputs[index]), rank >= 2 else {
                throw call.error(
                    .invalidShape, "input[\(index)]", "transposing a BatchMatMul operand needs its rank, which is unknown")
            }
            var perm = (0..<Int64(rank)).map { $0 }
            perm.swapAt(rank - 2, rank - 1)
            let name = "\(call.name)/transpose_\(index == 0 ? "a" : "b")"
            context.nodes.append(
                Node(name: name, op: "Transpose", inputs: [inputs[index]], outputs: [name], attributes: [.named("perm", .ints(perm))]))
            inputs[index] = name
        }
        return context.emit(call, op: "MatMul", inputs: inputs)
    }

    static func dense(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        var inputs = try context.dataInputs(call, count: 2)
        // The bias is a third data operand or NONE.
        if call.operands.count > 2, !call.operands[2].isNone {
            inputs.append(try context.tensor(call, operand: 2, inputName: "bias"))
        }
        return context.emit(
            call, op: "Gemm", inputs: inputs, attributes: [.named("transA", .int(0)), .named("transB", .int(1))])
    }

    static func reshape(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let shape = try call.ints("shape")
        let input = try context.dataInputs(call, count: 1)
        let target = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/shape", shape))
        return context.emit(call, op: "Reshape", inputs: input + [target])
    }

    static func transpose(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let perm = try call.ints("input_perm", alternatives: ["perm"])
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "Transpose", inputs: input, attributes: [.named("perm", .ints(perm))])
    }

    static func flatten(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        if call.operands.count > 1 {
            throw call.error(.unsupportedAttribute, "operand[1]", "Flatten with start/end dims is not supported")
        }
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "Flatten", inputs: input, attributes: [.named("axis", .int(1))])
    }

    /// Concat takes a tuple (a MakeTuple) and the axis.
    static func concat(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        guard let first = call.operands.first, case .tuple(let elements) = first else {
            throw call.error(.invalidInput, "input[0]", "Concat's first operand is not a tuple of tensors")
        }
        var inputs: [String] = []
        for (index, element) in elements.enumerated() {
            inputs.append(try context.tensor(element, call, inputName: "input\(index)", field: "input[0][\(index)]"))
        }
        let axis = try call.int("axis", default: 0)
        return context.emit(call, op: "Concat", inputs: inputs, attributes: [.named("axis", .int(axis))])
    }

    /// Split into `output_num` equal parts; the sizes come from the node's own output shapes.
    /// Without them (a file that records no node shapes) it is ONNX's Split without sizes, which
    /// also cuts equal parts (MindSpore's Split needs the axis to divide evenly).
    static func split(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axis = try call.int("axis", default: 0)
        let count = try call.int("output_num", default: 1)
        guard count >= 1, count <= 1 << 16 else {
            throw call.error(.invalidAttribute, "output_num", "output_num \(count) is out of range")
        }
        guard call.outputShapes.count == count else {
            let input = try context.dataInputs(call, count: 1)
            return context.emit(call, op: "Split", inputs: input, attributes: [.named("axis", .int(axis))], outputs: Int(count))
        }
        var sizes: [Int64] = []
        for shape in call.outputShapes {
            guard let shape, let position = normalizedAxis(axis, rank: shape.count), shape[position] >= 0 else {
                throw call.error(.invalidShape, "shape", "Split's output sizes along axis \(axis) are unknown")
            }
            sizes.append(shape[position])
        }
        let input = try context.dataInputs(call, count: 1)
        let splitSizes = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/split", sizes))
        return context.emit(
            call, op: "Split", inputs: input + [splitSizes], attributes: [.named("axis", .int(axis))], outputs: Int(count))
    }

    static func squeeze(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axes = try call.ints("axis", default: [])
        let input = try context.dataInputs(call, count: 1)
        guard !axes.isEmpty else {
            // ONNX Squeeze without axes removes every size-1 dim too: the same meaning.
            return context.emit(call, op: "Squeeze", inputs: input)
        }
        let axesName = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/axes", axes))
        return context.emit(call, op: "Squeeze", inputs: input + [axesName])
    }

    static func expandDims(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axis = try call.int("axis")
        let input = try context.dataInputs(call, count: 1)
        let axesName = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/axes", [axis]))
        return context.emit(call, op: "Unsqueeze", inputs: input + [axesName])
    }

    static func cast(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let target: DType
        switch try call.argument("dst_type") {
        case .type(let dtype): target = dtype
        case let value:
            guard let id = value.intValue, let dtype = MindIRTypes.dtype(typeID: id) else {
                throw call.error(.unsupportedDType, "dst_type", "Cast target \(value) is not a known MindSpore type")
            }
            target = dtype
        }
        guard let code = MindIRTypes.onnxCode(target) else {
            throw call.error(.unsupportedDType, "dst_type", "\(target) has no ONNX data type")
        }
        let input = try context.dataInputs(call, count: 1)
        return context.emit(call, op: "Cast", inputs: input, attributes: [.named("to", .int(code))])
    }

    static func gather(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let axis = try call.int("axis", default: 0)
        if try call.int("batch_dims", default: 0) != 0 {
            throw call.error(.unsupportedAttribute, "batch_dims", "Gather with batch_dims has no ONNX Gather equivalent")
        }
        let inputs = [
            try context.tensor(call, operand: 0, inputName: "data"),
            try context.tensor(call, operand: 1, inputName: "indices"),
        ]
        return context.emit(call, op: "Gather", inputs: inputs, attributes: [.named("axis", .int(axis))])
    }

    /// StridedSlice: ONNX Slice over every listed axis. A begin_mask or end_mask bit takes that
    /// end of the axis (as far as the stride's direction goes); a shrink_axis_mask bit keeps the
    /// one element at begin and drops the axis (a Squeeze after the Slice). Ellipsis and new-axis
    /// masks have no Slice form.
    static func stridedSlice(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError)
        -> MindIRValue
    {
        for mask in ["ellipsis_mask", "new_axis_mask"] {
            if try call.int(mask, default: 0) != 0 {
                throw call.error(.unsupportedAttribute, mask, "StridedSlice with a nonzero \(mask) is not supported")
            }
        }
        let beginMask = try call.int("begin_mask", default: 0)
        let endMask = try call.int("end_mask", default: 0)
        let shrinkMask = try call.int("shrink_axis_mask", default: 0)
        var begin = try call.ints("begin")
        var end = try call.ints("end")
        var strides = try call.ints("strides")
        guard begin.count == end.count, begin.count == strides.count, begin.count <= 63 else {
            throw call.error(.invalidAttribute, "begin", "begin, end and strides differ in length")
        }
        guard strides.allSatisfy({ $0 != 0 }) else { throw call.error(.invalidAttribute, "strides", "a stride of 0") }
        var shrunk: [Int64] = []
        for axis in 0..<begin.count {
            let bit = Int64(1) << Int64(axis)
            if shrinkMask & bit != 0 {
                // One element: begin itself (the begin mask still applies, as in MindSpore).
                if beginMask & bit != 0 { begin[axis] = 0 }
                end[axis] = begin[axis] == -1 ? Int64.max : begin[axis] &+ 1
                strides[axis] = 1
                shrunk.append(Int64(axis))
                continue
            }
            if beginMask & bit != 0 { begin[axis] = strides[axis] > 0 ? 0 : Int64.max }
            if endMask & bit != 0 { end[axis] = strides[axis] > 0 ? Int64.max : Int64.min }
        }
        let input = try context.dataInputs(call, count: 1)
        let names = [
            context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/starts", begin)),
            context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/ends", end)),
            context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/axes", (0..<Int64(begin.count)).map { $0 })),
            context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/steps", strides)),
        ]
        guard !shrunk.isEmpty else { return context.emit(call, op: "Slice", inputs: input + names) }
        let sliced = "\(call.name)/sliced"
        context.nodes.append(Node(name: sliced, op: "Slice", inputs: input + names, outputs: [sliced]))
        let axes = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/squeezed_axes", shrunk))
        return context.emit(call, op: "Squeeze", inputs: [sliced, axes])
    }

    static func oneHot(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let depth = try call.int("depth")
        let axis = try call.int("axis", default: -1)
        guard case .tensor(let on) = try call.argument("on_value"), case .tensor(let off) = try call.argument("off_value"),
            on.dtype == off.dtype, on.elementCount == 1, off.elementCount == 1,
            let onBytes = on.bytes?.bytes, let offBytes = off.bytes?.bytes
        else {
            throw call.error(.invalidAttribute, "on_value", "OneHot's on/off values are not scalar tensors of one type")
        }
        let input = try context.dataInputs(call, count: 1)
        let depthName = context.addInitializer(MindIRTensors.int64Tensor("\(call.name)/depth", [depth], shape: []))
        let values = context.addInitializer(
            Tensor(name: "\(call.name)/values", dtype: on.dtype, shape: [2], bytes: TensorBytes(bytes: offBytes + onBytes)))
        return context.emit(call, op: "OneHot", inputs: input + [depthName, values], attributes: [.named("axis", .int(axis))])
    }

    /// Dropout at inference is the identity; its mask output cannot be read.
    static func dropout(_ context: inout MindIRImportContext, _ call: MindIRCall) throws(ConversionError) -> MindIRValue {
        let input = try context.dataInputs(call, count: 1)
        let output = context.emit(call, op: "Identity", inputs: input)
        return context.firstOnly(call, output, of: 2)
    }

    static func normalizedAxis(_ axis: Int64, rank: Int) -> Int? {
        let value = axis < 0 ? axis + Int64(rank) : axis
        guard value >= 0, value < Int64(rank) else { return nil }
        return Int(value)
    }
}
