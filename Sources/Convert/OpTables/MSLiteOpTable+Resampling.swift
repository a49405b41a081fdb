// MindSpore Lite rows for PReLUFusion, PadFusion, Resize and Conv2dTransposeFusion (what
// U-Net-style decoders need), plus LogSoftmax and ExpFusion. Field values follow what Lite 2.0.0's converter writes for the ONNX
// op, and each mapping kept here was run by Lite's runtime against onnxruntime
// (MSLiteExportSemanticsTests): the converter also writes some mappings that Lite does not run as
// ONNX defines them, and those are refused here rather than written:
// - Pad "edge" becomes SYMMETRIC (padding_mode 2), which mirrors; the two agree only for pads ≤ 1;
// - Resize nearest runs as ONNX only for (asymmetric, floor), (half_pixel, floor) and
//   (align_corners, round_prefer_ceil); round_prefer_floor and ceil give other pixels;
// - Resize cubic differs (Lite's own coefficients).
// PRelu, Resize and ConvTranspose run channel-last (LayoutPass); Pad runs on the data as it is.

import Formats
import GraphIR

extension MSLiteOps {
    // MARK: PRelu

    /// PReLUFusion: channel-last, the slope's values are the channels' (`LayoutPass` sends a
    /// per-channel slope there); one value serves every channel (`channel_shared`), whatever the
    /// layout; off channel-last, Lite applies a slope of n values along the last axis, as ONNX
    /// broadcasts a 1-D slope.
    static func exportPRelu(_ c: MSLiteExportContext) throws(ConversionError) {
        guard let slope = c.initializer(1), let count = slope.elementCount else {
            throw c.error(.invalidInput, "input[1]", "PRelu's slope must be a constant for Lite")
        }
        let shared = count == 1
        if !c.channelLast && !shared {
            guard slope.shape.count == 1, c.rank(ofInput: 0) != 4 else {
                throw c.error(.unsupportedAttribute, "input[1]",
                    "a slope of shape \(slope.shape) has no Lite form (Lite takes one value, one per channel of 4-D data, or a 1-D slope along the last axis)")
            }
        }
        let slopeInput: UInt32
        if c.channelLast, !shared, slope.shape.count == 4 {
            // [1, C, 1, 1] is written as MindSpore's [C] (Lite runs that form and the converter's [C, 1, 1]).
            guard let bytes = slope.bytes?.bytes, let typeId = MSLiteDataType.typeId(forName: slope.dtype.rawValue),
                let channels = Int32(exactly: count)
            else { throw c.error(.unsupportedDType, "input[1]", "a \(slope.dtype) slope has no Lite form") }
            slopeInput = try c.constant("slope", typeId: typeId, dims: [channels], bytes: bytes)
        } else {
            slopeInput = try c.input(1)
        }
        try c.emit("PReLUFusion", shared ? ["channel_shared": .b(true)] : [:], [try c.input(0), slopeInput], [try c.output(0)])
    }

    static func importPRelu(_ c: MSLiteImportContext) throws(ConversionError) {
        let shared = try c.bool("channel_shared")
        let dims = try c.tensor(0).dims
        let slope = try c.tensor(1)
        guard slope.dims.allSatisfy({ $0 >= 0 }), let count = try? Shape.elementCount(of: slope.dims.map(Int.init)) else {
            throw c.error(.invalidShape, "input[1]", "the slope's dims \(slope.dims) are not sizes")
        }
        if shared || count == 1 {
            guard count == 1 else { throw c.error(.invalidShape, "input[1]", "a shared slope holds one value, not \(count)") }
            c.emit("PRelu", [try c.input(0), try c.input(1)], [try c.output(0)])
        } else if dims.count == 4 {
            if dims[3] > 0, Int(dims[3]) != count {
                throw c.error(.invalidShape, "input[1]", "\(count) slope values for \(dims[3]) channels")
            }
            c.emit("PRelu", domain: nhwc, [try c.input(0), try c.input(1)], [try c.output(0)])
        } else {
            guard slope.dims.count == 1 else {
                throw c.error(.invalidShape, "input[1]", "a slope of dims \(slope.dims) on \(dims.count)-D data has no ONNX form here")
            }
            c.emit("PRelu", [try c.input(0), try c.input(1)], [try c.output(0)])
        }
    }

    // MARK: Pad

    static let padModes: [(lite: Int64, onnx: String)] = [(0, "constant"), (1, "reflect"), (2, "edge")]

    /// PadFusion: the paddings as an int32 input of (before, after) pairs per axis, the fill value
    /// as a float input 2 (as the converter writes them).
    static func exportPad(_ c: MSLiteExportContext) throws(ConversionError) {
        let mode = try c.string("mode", default: "constant")
        guard !c.hasInput(3) else { throw c.error(.unsupportedAttribute, "input[3]", "Pad over listed axes has no Lite form; give every axis") }
        let pads: [Int64]
        if c.hasInput(1) {
            pads = try c.ints(1)
        } else if let listed = try c.ints("pads") {
            pads = listed
        } else {
            throw c.error(.invalidInput, "input[1]", "Pad needs its pads")
        }
        guard pads.count % 2 == 0, !pads.isEmpty else { throw c.error(.invalidAttribute, "input[1]", "\(pads.count) pads is not two per axis") }
        if let negative = pads.first(where: { $0 < 0 }) {
            throw c.error(.unsupportedAttribute, "input[1]", "a negative pad (\(negative), cropping) has no Lite form")
        }
        guard let liteMode = padModes.first(where: { $0.onnx == mode })?.lite else {
            throw c.error(.unsupportedAttribute, "attribute.mode", "Pad mode \(mode) has no Lite form")
        }
        if mode == "edge", pads.contains(where: { $0 > 1 }) {
            throw c.error(.unsupportedAttribute, "attribute.mode",
                "edge padding wider than 1 has no Lite form (Lite's SYMMETRIC mirrors; they agree only up to 1)")
        }
        let rank = pads.count / 2
        let pairs = (0..<rank).flatMap { [pads[$0], pads[$0 + rank]] }
        var inputs = [try c.input(0), try c.int32Constant("paddings", pairs)]
        if mode == "constant" {
            if c.hasInput(2) {
                guard c.initializer(2) != nil else { throw c.error(.invalidInput, "input[2]", "Pad's fill value must be a constant for Lite") }
                inputs.append(try c.input(2))
            } else {
                let value = try c.float("value", default: 0)
                if value != 0 {
                    inputs.append(try c.constant("value", typeId: 43, dims: [], bytes: MindIRTensors.float32Bytes([value])))
                }
            }
        }
        try c.emit("PadFusion", ["padding_mode": .i(liteMode)], inputs, [try c.output(0)])
    }

    static func importPad(_ c: MSLiteImportContext) throws(ConversionError) {
        guard c.inputCount > 1 else {
            throw c.error(.unsupportedAttribute, "paddings", "PadFusion with its paddings in the primitive (not an input) is not read here")
        }
        let pairs = try c.ints(1)
        guard pairs.count % 2 == 0, !pairs.isEmpty else { throw c.error(.invalidShape, "input[1]", "\(pairs.count) paddings is not two per axis") }
        let rank = pairs.count / 2
        let pads = (0..<rank).map { pairs[2 * $0] } + (0..<rank).map { pairs[2 * $0 + 1] }
        let liteMode = try c.int("padding_mode")
        guard let mode = padModes.first(where: { $0.lite == liteMode })?.onnx else {
            throw c.error(.unsupportedAttribute, "padding_mode", "PadFusion padding_mode \(liteMode) has no ONNX form")
        }
        if mode == "edge", pads.contains(where: { $0 > 1 }) {
            throw c.error(.unsupportedAttribute, "padding_mode", "SYMMETRIC padding wider than 1 (a mirror) has no ONNX Pad mode")
        }
        var inputs = [try c.input(0), c.int64Constant("pads", pads)]
        if mode == "constant" {
            if c.inputCount > 2 {
                inputs.append(try c.input(2))
            } else {
                let value = try c.float("constant_value")
                if value != 0 { inputs.append(c.float32Scalar("value", value)) }
            }
        }
        c.emit("Pad", inputs, [try c.output(0)], [.named("mode", .text(mode))])
    }

    // MARK: Resize

    /// The (method, coordinate_transform_mode, nearest_mode) Lite runs as ONNX's (mode,
    /// coordinate_transformation_mode, nearest_mode) — nil where the nearest mode does not matter.
    static let resizeModes: [(method: Int64, coordinates: Int64, nearest: Int64, mode: String, transform: String, rounding: String?)] = [
        (1, 0, 3, "nearest", "asymmetric", "floor"),
        (1, 2, 3, "nearest", "half_pixel", "floor"),
        (1, 1, 2, "nearest", "align_corners", "round_prefer_ceil"),
        (0, 0, 0, "linear", "asymmetric", nil),
        (0, 2, 0, "linear", "half_pixel", nil),
        (0, 1, 0, "linear", "align_corners", nil),
    ]

    /// Resize (channel-last): the output's height and width as an int32 input (from ONNX sizes, or
    /// from scales and the static input shape), or the scales as a float input when the shape is
    /// not known.
    static func exportResize(_ c: MSLiteExportContext) throws(ConversionError) {
        let mode = try c.string("mode", default: "nearest")
        var transform = try c.string("coordinate_transformation_mode", default: "half_pixel")
        let rounding = try c.string("nearest_mode", default: "round_prefer_floor")
        if try c.int("antialias", default: 0) != 0 { throw c.error(.unsupportedAttribute, "attribute.antialias", "antialiased Resize has no Lite form") }
        if try c.ints("axes") != nil { throw c.error(.unsupportedAttribute, "attribute.axes", "Resize over listed axes has no Lite form here") }
        if try c.string("keep_aspect_ratio_policy", default: "stretch") != "stretch" {
            throw c.error(.unsupportedAttribute, "attribute.keep_aspect_ratio_policy", "only 'stretch' has a Lite form")
        }
        // NHWC input shape: [N, H, W, C].
        let shape = c.shape(ofInput: 0)?.staticSizes
        var sizes: [Int64]? = nil
        var scales: [Float]? = nil
        if c.hasInput(3) {
            let given = try c.ints(3)
            guard given.count == 4 else { throw c.error(.invalidShape, "input[3]", "Resize of 4-D data needs 4 sizes, not \(given.count)") }
            guard let shape else { throw c.error(.invalidShape, "input[0]", "Resize by sizes needs the input's static shape for Lite (it resizes height and width only)") }
            guard given[0] == Int64(shape[0]), given[1] == Int64(shape[3]) else {
                throw c.error(.unsupportedAttribute, "input[3]", "Lite resizes height and width only; sizes \(given) change the batch or channels")
            }
            sizes = [given[2], given[3]]
        } else if c.hasInput(2) {
            guard let given = c.floats(2), given.count == 4 else {
                throw c.error(.invalidInput, "input[2]", "Resize's scales must be a constant of 4 float32 values for Lite")
            }
            guard given[0] == 1, given[1] == 1 else { throw c.error(.unsupportedAttribute, "input[2]", "Lite resizes height and width only; scales \(given)") }
            if let shape {
                // ONNX: output size = floor(input size × scale).
                sizes = [Int64((Double(shape[1]) * Double(given[2])).rounded(.down)), Int64((Double(shape[2]) * Double(given[3])).rounded(.down))]
            } else {
                scales = [given[2], given[3]]
            }
        } else {
            throw c.error(.invalidInput, "input[2]", "Resize needs scales or sizes")
        }
        if transform == "pytorch_half_pixel" {
            // The same as half_pixel unless an output length is 1.
            guard let sizes, sizes.allSatisfy({ $0 > 1 }) else {
                throw c.error(.unsupportedAttribute, "attribute.coordinate_transformation_mode",
                    "pytorch_half_pixel has a Lite form only for outputs longer than 1 (as half_pixel)")
            }
            transform = "half_pixel"
        }
        guard let row = resizeModes.first(where: { $0.mode == mode && $0.transform == transform && ($0.rounding == nil || $0.rounding == rounding) }) else {
            let combination = mode == "nearest" ? "\(mode), \(transform), \(rounding)" : "\(mode), \(transform)"
            throw c.error(.unsupportedAttribute, mode == "nearest" ? "attribute.nearest_mode" : "attribute.coordinate_transformation_mode",
                "Resize (\(combination)) does not run in Lite as ONNX defines it")
        }
        let second: UInt32
        if let sizes {
            second = try c.int32Constant("sizes", sizes)
        } else {
            let values = scales ?? []
            second = try c.constant("scales", typeId: 43, dims: [2], bytes: MindIRTensors.float32Bytes(values))
        }
        try c.emit(
            "Resize", ["format": .i(1), "method": .i(row.method), "coordinate_transform_mode": .i(row.coordinates), "nearest_mode": .i(row.nearest)],
            [try c.input(0), second], [try c.output(0)])
    }

    static func importResize(_ c: MSLiteImportContext) throws(ConversionError) {
        let format = try c.int("format")
        guard format == 1 else { throw c.error(.unsupportedAttribute, "format", "Resize format \(format) (only NHWC, 1, is read)") }
        let method = try c.int("method"), coordinates = try c.int("coordinate_transform_mode"), nearest = try c.int("nearest_mode")
        guard let row = resizeModes.first(where: { $0.method == method && $0.coordinates == coordinates && ($0.rounding == nil || $0.nearest == nearest) }) else {
            throw c.error(.unsupportedAttribute, method == 1 ? "nearest_mode" : "method",
                "Resize method \(method), coordinate mode \(coordinates), nearest mode \(nearest) has no ONNX form known to match")
        }
        let dims = try c.tensor(0).dims  // NHWC
        guard dims.count == 4 else { throw c.error(.invalidShape, "input[0]", "Resize of \(dims.count)-D data (NHWC 4-D is read)") }
        var inputs = [try c.input(0)]
        let height: Int64, width: Int64
        if c.inputCount > 1 {
            let second = try c.tensor(1)
            if second.dataType == 43 {
                guard c.isConstant(1) else { throw c.error(.invalidInput, "input[1]", "Resize's scales must be a constant") }
                let given = Tensor(name: "", dtype: .float32, shape: [2], bytes: TensorBytes(bytes: second.data.bytes))
                guard let values = MindIRTensors.floats(given), values.count == 2 else {
                    throw c.error(.invalidShape, "input[1]", "Resize scales hold \(second.data.count) bytes, not two floats")
                }
                let scales = c.addInitializer("scales", .float32, [4], MindIRTensors.float32Bytes([1, 1, values[0], values[1]]))
                try emitResize(c, row, inputs + ["", scales])
                return
            }
            let hw = try c.ints(1)
            guard hw.count == 2 else { throw c.error(.invalidShape, "input[1]", "Resize sizes hold \(hw.count) values, not height and width") }
            (height, width) = (hw[0], hw[1])
        } else {
            (height, width) = (try c.int("new_height"), try c.int("new_width"))
        }
        guard height > 0, width > 0 else { throw c.error(.invalidAttribute, "input[1]", "Resize to \(height)×\(width)") }
        guard dims[0] > 0, dims[3] > 0 else {
            throw c.error(.invalidShape, "input[0]", "Resize by sizes needs the input's batch and channels (dims \(dims))")
        }
        inputs += ["", "", c.int64Constant("sizes", [Int64(dims[0]), Int64(dims[3]), height, width])]
        try emitResize(c, row, inputs)
    }

    private static func emitResize(
        _ c: MSLiteImportContext, _ row: (method: Int64, coordinates: Int64, nearest: Int64, mode: String, transform: String, rounding: String?),
        _ inputs: [String]
    ) throws(ConversionError) {
        var attributes: [Attribute] = [.named("coordinate_transformation_mode", .text(row.transform)), .named("mode", .text(row.mode))]
        if let rounding = row.rounding { attributes.append(.named("nearest_mode", .text(rounding))) }
        c.emit("Resize", domain: nhwc, inputs, [try c.output(0)], attributes)
    }

    // MARK: LogSoftmax, Exp

    static func exportLogSoftmax(_ c: MSLiteExportContext) throws(ConversionError) {
        try c.emit("LogSoftmax", ["axis": .i(try c.int("axis", default: -1))], [try c.input(0)], [try c.output(0)])
    }

    static func importLogSoftmax(_ c: MSLiteImportContext) throws(ConversionError) {
        c.emit("LogSoftmax", [try c.input(0)], [try c.output(0)], [.named("axis", .int(try c.int("axis")))])
    }

    /// ExpFusion computes base^(scale·x + shift); base -1 means e.
    static func exportExp(_ c: MSLiteExportContext) throws(ConversionError) {
        try c.emit("ExpFusion", ["base": .f(-1), "scale": .f(1), "shift": .f(0)], [try c.input(0)], [try c.output(0)])
    }

    static func importExp(_ c: MSLiteImportContext) throws(ConversionError) {
        let base = try c.float("base"), scale = try c.float("scale"), shift = try c.float("shift")
        guard base == -1 || abs(base - 2.7182817) < 1e-6, scale == 1, shift == 0 else {
            throw c.error(.unsupportedAttribute, "base", "ExpFusion with base \(base), scale \(scale), shift \(shift) (only e^x is read)")
        }
        c.emit("Exp", [try c.input(0)], [try c.output(0)])
    }

    // MARK: ConvTranspose

    /// Conv2dTransposeFusion (channel-last): the weight [in, kh, kw, out/group] (ONNX's
    /// [in, out/group, kh, kw] with the kernel axes moved, as for Conv), pad_list [top, bottom,
    /// left, right], output_paddings. Lite's converter always writes the dilation, and its shape
    /// inference fails without it.
    static func exportConvTranspose(_ c: MSLiteExportContext) throws(ConversionError) {
        guard let weight = c.initializer(1), weight.shape.count == 4 else {
            throw c.error(.invalidInput, "input[1]", "ConvTranspose needs a constant 4-D weight for Lite")
        }
        if try c.ints("output_shape") != nil {
            throw c.error(.unsupportedAttribute, "attribute.output_shape", "ConvTranspose with output_shape has no Lite form; give pads")
        }
        let group = try c.int("group", default: 1)
        let (outChannels, overflow) = Int64(weight.shape[3]).multipliedReportingOverflow(by: group)
        guard !overflow, group >= 1 else { throw c.error(.invalidAttribute, "attribute.group", "group \(group) is out of range") }
        let mode: Int64, pads: [Int64]
        switch try c.string("auto_pad", default: "NOTSET") {
        case "VALID": (mode, pads) = (0, [0, 0, 0, 0])
        case "SAME_LOWER": throw c.error(.unsupportedAttribute, "attribute.auto_pad", "ConvTranspose SAME_LOWER has no Lite form")
        default: (mode, pads) = try litePads(c)
        }
        let kernel = try c.ints("kernel_shape") ?? [Int64(weight.shape[1]), Int64(weight.shape[2])]
        var inputs = [try c.input(0), try c.input(1)]
        // Lite's runtime takes the kernel's width from the weight's format: NHWC, as the converter marks it.
        c.setFormat(inputs[1], 1)
        if c.hasInput(2) { inputs.append(try c.input(2)) }
        try c.emit(
            "Conv2dTransposeFusion",
            [
                "format": .i(1), "kernel_size": .ints(kernel), "stride": .ints(try c.ints("strides") ?? [1, 1]),
                "dilation": .ints(try c.ints("dilations") ?? [1, 1]), "pad": .ints([0, 0, 0, 0]), "pad_mode": .i(mode), "pad_list": .ints(pads),
                "group": .i(group), "in_channel": .i(Int64(weight.shape[0])), "out_channel": .i(outChannels),
                "output_paddings": .ints(try c.ints("output_padding") ?? [0, 0]),
            ], inputs, [try c.output(0)])
    }

    static func importConvTranspose(_ c: MSLiteImportContext) throws(ConversionError) {
        let format = try c.int("format")
        guard format == 1 else { throw c.error(.unsupportedAttribute, "format", "Conv2dTransposeFusion format \(format) (only NHWC, 1, is read)") }
        let kernel = try c.ints("kernel_size")
        let stride = try c.ints("stride")
        let given = try c.ints("dilation")
        let dilation = given.isEmpty ? [1, 1] : given
        let outputPadding = try c.ints("output_paddings")
        guard kernel.count == 2, stride.count == 2, dilation.count == 2, outputPadding.isEmpty || outputPadding.count == 2 else {
            throw c.error(.invalidAttribute, "kernel_size", "Conv2dTransposeFusion needs 2-D kernel_size, stride, dilation and output_paddings")
        }
        var attributes: [Attribute] = [
            .named("group", .int(max(1, try c.int("group")))), .named("kernel_shape", .ints(kernel)),
            .named("strides", .ints(stride)), .named("dilations", .ints(dilation)),
        ]
        attributes += try padAttributes(c, mode: try c.int("pad_mode"), pads: try c.ints("pad_list"), field: "pad_list")
        attributes.append(.named("output_padding", .ints(outputPadding.isEmpty ? [0, 0] : outputPadding)))
        var inputs = [try c.input(0), try c.input(1)]
        if c.inputCount > 2 { inputs.append(try c.input(2)) }
        try c.emitActivated("ConvTranspose", domain: nhwc, inputs, attributes)
    }
}
