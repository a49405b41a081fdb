// The irregular rows of MSLiteOpTable: one import and one export function per Lite op family.
// Import functions read a Lite node through MSLiteImportContext and emit GraphIR nodes (channel-last
// ones in LayoutPass.channelLastDomain); export functions read a GraphIR node through
// MSLiteExportContext and emit Lite nodes. Attribute sets written on import are the canonical ones
// (every attribute the op has, in a fixed order) so GraphIR -> .ms -> GraphIR is the identity on them.

import Formats
import GraphIR

enum MSLiteOps {
    static let nhwc = LayoutPass.channelLastDomain

    // MARK: Convolution and pooling

    static func importConv(_ c: MSLiteImportContext) throws(ConversionError) {
        let format = try c.int("format")
        guard format == 0 || format == 1 else {
            throw c.error(.unsupportedAttribute, "format", "Conv2DFusion format \(format) is neither NCHW nor NHWC")
        }
        let kernel = try c.ints("kernel_size")
        let stride = try c.ints("stride")
        let dilation = try c.ints("dilation")
        guard kernel.count == 2, stride.count == 2, dilation.count == 2 else {
            throw c.error(.invalidAttribute, "kernel_size", "Conv2DFusion needs 2-D kernel_size, stride and dilation")
        }
        var attributes: [Attribute] = [
            .named("group", .int(max(1, try c.int("group")))), .named("kernel_shape", .ints(kernel)),
            .named("strides", .ints(stride)), .named("dilations", .ints(dilation)),
        ]
        attributes += try padAttributes(c, mode: try c.int("pad_mode"), pads: try c.ints("pad_list"), field: "pad_list")
        var inputs = [try c.input(0), try c.input(1)]
        if c.inputCount > 2 { inputs.append(try c.input(2)) }
        try c.emitActivated("Conv", domain: nhwc, inputs, attributes)
    }

    /// ONNX `pads` or `auto_pad` for a Lite PadMode and [top, bottom, left, right] list.
    static func padAttributes(_ c: MSLiteImportContext, mode: Int64, pads: [Int64], field: String) throws(ConversionError) -> [Attribute] {
        switch mode {
        case 0:
            let p = pads.isEmpty ? [0, 0, 0, 0] : pads
            guard p.count == 4 else { throw c.error(.invalidAttribute, field, "\(field) needs 4 values, has \(p.count)") }
            return [.named("pads", .ints([p[0], p[2], p[1], p[3]]))]
        case 1: return [.named("auto_pad", .text("SAME_UPPER"))]
        case 2: return [.named("auto_pad", .text("VALID"))]
        default: throw c.error(.unsupportedAttribute, "pad_mode", "pad_mode \(mode) is not PAD, SAME or VALID")
        }
    }

    /// Lite (pad_mode, [top, bottom, left, right]) for ONNX auto_pad/pads.
    static func litePads(_ c: MSLiteExportContext) throws(ConversionError) -> (Int64, [Int64]) {
        let auto = try c.string("auto_pad", default: "NOTSET")
        switch auto {
        case "NOTSET":
            let p = try c.ints("pads") ?? [0, 0, 0, 0]
            guard p.count == 4 else { throw c.error(.invalidAttribute, "attribute.pads", "2-D ops need 4 pads, not \(p.count)") }
            return (0, [p[0], p[2], p[1], p[3]])
        case "SAME_UPPER": return (1, [0, 0, 0, 0])
        case "VALID": return (2, [0, 0, 0, 0])
        default: throw c.error(.unsupportedAttribute, "attribute.auto_pad", "auto_pad \(auto) has no Lite form")
        }
    }

    static func exportConv(_ c: MSLiteExportContext) throws(ConversionError) {
        guard let weight = c.initializer(1), weight.shape.count == 4 else {
            throw c.error(.invalidInput, "input[1]", "Conv needs a constant 4-D weight for Lite")
        }
        let group = try c.int("group", default: 1)
        let kernel = try c.ints("kernel_shape") ?? [Int64(weight.shape[1]), Int64(weight.shape[2])]
        let (mode, pads) = try litePads(c)
        let (inChannels, overflow) = Int64(weight.shape[3]).multipliedReportingOverflow(by: group)
        guard !overflow, group >= 1 else { throw c.error(.invalidAttribute, "attribute.group", "group \(group) is out of range") }
        var inputs = [try c.input(0), try c.input(1)]
        if c.hasInput(2) { inputs.append(try c.input(2)) }
        try c.emit(
            "Conv2DFusion",
            [
                "format": .i(1), "kernel_size": .ints(kernel), "stride": .ints(try c.ints("strides") ?? [1, 1]),
                "dilation": .ints(try c.ints("dilations") ?? [1, 1]), "pad_mode": .i(mode), "pad_list": .ints(pads),
                "group": .i(group), "in_channel": .i(inChannels), "out_channel": .i(Int64(weight.shape[0])),
            ], inputs, [try c.output(0)])
    }

    static func importPool(_ c: MSLiteImportContext, average: Bool) throws(ConversionError) {
        let input = try c.input(0)
        if try c.bool("global") {
            try c.emitActivated(average ? "GlobalAveragePool" : "GlobalMaxPool", domain: nhwc, [input])
            return
        }
        let kernel = try c.ints("kernel_size")
        let strides = try c.ints("strides")
        guard kernel.count == 2 else { throw c.error(.invalidAttribute, "kernel_size", "pooling needs a 2-D kernel_size") }
        var attributes: [Attribute] = [
            .named("kernel_shape", .ints(kernel)), .named("strides", .ints(strides.isEmpty ? [1, 1] : strides)),
        ]
        attributes += try padAttributes(c, mode: try c.int("pad_mode"), pads: try c.ints("pad"), field: "pad")
        let ceil = try c.int("round_mode") == 1
        if ceil { try checkCeilWindows(c, kernel: kernel, strides: strides.isEmpty ? [1, 1] : strides) }
        attributes.append(.named("ceil_mode", .int(ceil ? 1 : 0)))
        try c.emitActivated(average ? "AveragePool" : "MaxPool", domain: nhwc, [input], attributes)
    }

    /// Lite 2.0 keeps a last ceil-mode window that starts in the trailing padding; ONNX drops it
    /// (found by MSLiteImportSemanticsTests: a 4-row input, kernel 2, stride 2, bottom pad 1 gives 3
    /// rows in Lite and 2 in onnxruntime). Such a pool has no ONNX form, so it is refused.
    static func checkCeilWindows(_ c: MSLiteImportContext, kernel: [Int64], strides: [Int64]) throws(ConversionError) {
        guard try c.int("pad_mode") == 0 else { return }
        let dims = try c.tensor(0).dims
        let pads = try c.ints("pad")
        guard dims.count == 4, pads.count == 4, strides.count == 2 else { return }
        for axis in 0..<2 {
            let size = Int64(dims[1 + axis])
            let (before, after) = (pads[2 * axis], pads[2 * axis + 1])
            // Every term below 2^31 and the kernel positive (Int64.min once overflowed the span here):
            // the sums cannot overflow. Other values are not windows; the reference refuses them later.
            guard size > 0, strides[axis] > 0, before >= 0, after >= 0, before < 1 << 31, after < 1 << 31, kernel[axis] > 0,
                kernel[axis] < 1 << 31
            else { continue }
            let span = size + before + after - kernel[axis]
            guard span >= 0, strides[axis] < 1 << 31 else { continue }
            let count = (span + strides[axis] - 1) / strides[axis] + 1
            if (count - 1) * strides[axis] >= size + before {
                throw c.error(.unsupportedAttribute, "round_mode",
                    "ceil-mode pooling whose last window starts in the padding (Lite keeps it, ONNX drops it)")
            }
        }
    }

    static func exportPool(_ c: MSLiteExportContext, average: Bool, global: Bool) throws(ConversionError) {
        let op = average ? "AvgPoolFusion" : "MaxPoolFusion"
        if global {
            try c.emit(op, ["format": .i(1), "global": .b(true), "strides": .ints([1, 1]), "pad": .ints([0, 0, 0, 0])],
                [try c.input(0)], [try c.output(0)])
            return
        }
        guard c.outputCount == 1 else { throw c.error(.unsupportedOp, "output[1]", "MaxPool indices have no Lite form") }
        guard let kernel = try c.ints("kernel_shape"), kernel.count == 2 else {
            throw c.error(.invalidAttribute, "attribute.kernel_shape", "pooling needs a 2-D kernel_shape")
        }
        if let d = try c.ints("dilations"), d.contains(where: { $0 != 1 }) {
            throw c.error(.unsupportedAttribute, "attribute.dilations", "dilated pooling has no Lite form")
        }
        let (mode, pads) = try litePads(c)
        let strides = try c.ints("strides") ?? [1, 1]
        if try c.int("ceil_mode", default: 0) != 0, pads[1] > 0 || pads[3] > 0 || zip(strides, kernel).contains(where: { $0 > $1 }) {
            // Only then can a last ceil-mode window start past the data, which ONNX drops and Lite 2.0 keeps.
            throw c.error(.unsupportedAttribute, "attribute.ceil_mode", "ceil-mode pooling with trailing pads or stride > kernel differs in Lite")
        }
        if average, try c.int("count_include_pad", default: 0) != 0, pads.contains(where: { $0 != 0 }) {
            throw c.error(.unsupportedAttribute, "attribute.count_include_pad", "Lite averages over the window without padding")
        }
        try c.emit(
            op,
            [
                "kernel_size": .ints(kernel), "strides": .ints(strides), "pad": .ints(pads),
                "pad_mode": .i(mode), "round_mode": .i(try c.int("ceil_mode", default: 0) != 0 ? 1 : 0), "format": .i(1),
            ], [try c.input(0)], [try c.output(0)])
    }

    static func importBatchNorm(_ c: MSLiteImportContext, fused: Bool) throws(ConversionError) {
        let rank = try c.tensor(0).dims.count
        guard rank == 4 || rank == 2 else {
            throw c.error(.invalidShape, "input[0]", "BatchNorm input of rank \(rank) (Lite normalizes the last axis) has no lowering here")
        }
        let epsilon = try c.float("epsilon")
        var inputs = [try c.input(0)]
        var attributes: [Attribute] = [.named("epsilon", .float(epsilon))]
        if fused {
            inputs += [try c.input(1), try c.input(2), try c.input(3), try c.input(4)]
            attributes.append(.named("momentum", .float(try c.float("momentum"))))
        } else {
            // Materialized first: that checks the mean's data against its dims, which bounds `channels`.
            let meanName = try c.input(1)
            let mean = try c.tensor(1)
            guard mean.dims.count == 1 else { throw c.error(.invalidShape, "input[1]", "BatchNorm mean must be 1-D") }
            let channels = Int(mean.dims[0])
            guard channels >= 0 else { throw c.error(.invalidShape, "input[1]", "BatchNorm mean has a negative size") }
            // The unit scale and zero bias are as long as the mean: only a constant mean, whose data
            // was checked against its dims, bounds that length (an activation's dims are just a claim).
            guard c.isConstant(1), mean.data.count == channels * 4 else {
                throw c.error(.invalidInput, "input[1]", "BatchNorm's mean must be a constant float32 vector of its \(channels) channels")
            }
            let one = Float(1).bitPattern
            inputs += [
                c.addInitializer("scale", .float32, [channels], (0..<channels).flatMap { _ in (0..<4).map { UInt8(truncatingIfNeeded: one >> (8 * $0)) } }),
                c.addInitializer("bias", .float32, [channels], [UInt8](repeating: 0, count: channels * 4)),
                meanName, try c.input(2),
            ]
        }
        c.emit("BatchNormalization", domain: rank == 4 ? nhwc : "", inputs, [try c.output(0)], attributes)
    }

    static func exportBatchNorm(_ c: MSLiteExportContext) throws(ConversionError) {
        if !c.channelLast, c.rank(ofInput: 0) != 2 {
            throw c.error(.invalidShape, "input[0]", "Lite normalizes the last axis: BatchNormalization needs 4-D (NCHW) or 2-D input")
        }
        guard c.outputCount == 1 else { throw c.error(.unsupportedOp, "output[1]", "training outputs of BatchNormalization have no Lite form") }
        try c.emit(
            "FusedBatchNorm", ["epsilon": .f(try c.float("epsilon", default: 1e-5)), "momentum": .f(try c.float("momentum", default: 0.9))],
            [try c.input(0), try c.input(1), try c.input(2), try c.input(3), try c.input(4)], [try c.output(0)])
    }

    // MARK: Matrix products

    static func importFullConnection(_ c: MSLiteImportContext) throws(ConversionError) {
        var x = try c.input(0)
        let rank = try c.tensor(0).dims.count
        if rank != 2 {
            let axis = try c.bool("use_axis") ? try c.int("axis") : 1
            let flat = c.fresh(x + "_flat")
            c.emit("Flatten", [x], [flat], [.named("axis", .int(axis))], suffix: "_flatten")
            x = flat
        }
        var inputs = [x, try c.input(1)]
        if try c.bool("has_bias") || c.inputCount > 2 { inputs.append(try c.input(2)) }
        try c.emitActivated("Gemm", inputs, [.named("transA", .int(0)), .named("transB", .int(1))])
    }

    static func importMatMul(_ c: MSLiteImportContext) throws(ConversionError) {
        let ta = try c.bool("transpose_a")
        let tb = try c.bool("transpose_b")
        let ra = try c.tensor(0).dims.count
        let rb = try c.tensor(1).dims.count
        let bias = c.inputCount > 2
        if ra == 2 && rb == 2 && (ta || tb || bias) {
            var inputs = [try c.input(0), try c.input(1)]
            if bias { inputs.append(try c.input(2)) }
            try c.emitActivated("Gemm", inputs, [.named("transA", .int(ta ? 1 : 0)), .named("transB", .int(tb ? 1 : 0))])
            return
        }
        var a = try c.input(0)
        var b = try c.input(1)
        for (flag, rank, which) in [(ta, ra, 0), (tb, rb, 1)] where flag {
            guard rank >= 2 else { throw c.error(.invalidShape, "input[\(which)]", "transposing needs the operand's rank (dims)") }
            var perm = (0..<Int64(rank)).map { $0 }
            perm.swapAt(rank - 1, rank - 2)
            let t = c.fresh((which == 0 ? a : b) + "_t")
            c.emit("Transpose", [which == 0 ? a : b], [t], [.named("perm", .ints(perm))], suffix: "_transpose\(which)")
            if which == 0 { a = t } else { b = t }
        }
        if bias {
            let product = c.fresh(try c.output(0) + "_mm")
            c.emit("MatMul", [a, b], [product], suffix: "_matmul")
            try c.emitActivated("Add", [product, try c.input(2)], [])
        } else {
            try c.emitActivated("MatMul", [a, b], [])
        }
    }

    static func exportGemm(_ c: MSLiteExportContext) throws(ConversionError) {
        guard try c.float("alpha", default: 1) == 1, try c.float("beta", default: 1) == 1 else {
            throw c.error(.unsupportedAttribute, "attribute.alpha", "Gemm with alpha or beta other than 1 has no Lite form")
        }
        let fields: [String: LiteField] = [
            "transpose_a": .b(try c.int("transA", default: 0) != 0), "transpose_b": .b(try c.int("transB", default: 0) != 0),
        ]
        let inputs = [try c.input(0), try c.input(1)]
        guard c.hasInput(2) else {
            try c.emit("MatMulFusion", fields, inputs, [try c.output(0)])
            return
        }
        if let bias = c.initializer(2), bias.shape.count == 1 {
            try c.emit("MatMulFusion", fields, inputs + [try c.input(2)], [try c.output(0)])
        } else {
            let product = c.intermediate("mm", like: try c.output(0))
            try c.emit("MatMulFusion", fields, inputs, [product])
            try c.emit("AddFusion", [:], [product, try c.input(2)], [try c.output(0)], suffix: "_bias")
        }
    }

    static func exportMatMul(_ c: MSLiteExportContext) throws(ConversionError) {
        try c.emit("MatMulFusion", [:], [try c.input(0), try c.input(1)], [try c.output(0)])
    }

    // MARK: Elementwise

    static func importBinary(_ c: MSLiteImportContext, _ op: String) throws(ConversionError) {
        try c.emitActivated(op, [try c.input(0), try c.input(1)])
    }

    static func exportBinary(_ c: MSLiteExportContext, _ op: String) throws(ConversionError) {
        try c.emit(op, [:], [try c.input(0), try c.input(1)], [try c.output(0)])
    }

    /// MindSpore's BiasAdd (bias along axis 1 of NCHW data) as an AddFusion whose constant bias is
    /// viewed as [C, 1, …] so it broadcasts over the spatial axes (Lite's BiasAdd adds along the last axis).
    static func exportBiasAdd(_ c: MSLiteExportContext) throws(ConversionError) {
        let format = try c.string("data_format", default: "NCHW")
        guard format == "NCHW" else { throw c.error(.unsupportedAttribute, "attribute.data_format", "BiasAdd data_format \(format)") }
        guard let rank = c.rank(ofInput: 0) else { throw c.error(.invalidShape, "input[0]", "BiasAdd needs the data's rank") }
        if rank <= 2 {
            try c.emit("AddFusion", [:], [try c.input(0), try c.input(1)], [try c.output(0)])
            return
        }
        guard let bias = c.initializer(1), bias.shape.count == 1, let bytes = bias.bytes?.bytes,
            let typeId = MSLiteDataType.typeId(forName: bias.dtype.rawValue)
        else { throw c.error(.invalidInput, "input[1]", "BiasAdd on rank \(rank) data needs a constant 1-D bias for Lite") }
        let dims = [Int32(clamping: bias.shape[0])] + [Int32](repeating: 1, count: rank - 2)
        let view = try c.constant("bias", typeId: typeId, dims: dims, bytes: bytes)
        try c.emit("AddFusion", [:], [try c.input(0), view], [try c.output(0)])
    }

    static func importPlain(_ c: MSLiteImportContext, _ op: String) throws(ConversionError) {
        var inputs: [String] = []
        for i in 0..<c.inputCount { inputs.append(try c.input(i)) }
        c.emit(op, inputs, try c.allOutputs())
    }

    static func exportPlain(_ c: MSLiteExportContext, _ op: String) throws(ConversionError) {
        guard c.node.attributes.isEmpty else {
            throw c.error(.unsupportedAttribute, "attribute.\(c.node.attributes[0].name)", "\(c.node.op) attributes have no Lite form")
        }
        var inputs: [UInt32] = []
        for i in c.node.inputs.indices { inputs.append(try c.input(i)) }
        var outputs: [UInt32] = []
        for i in 0..<c.outputCount { outputs.append(try c.output(i)) }
        try c.emit(op, [:], inputs, outputs)
    }

    static func importActivation(_ c: MSLiteImportContext) throws(ConversionError) {
        try MSLiteActivations.importActivation(
            c, type: try c.int("activation_type"), alpha: try c.float("alpha"), min: try c.float("min_val"), max: try c.float("max_val"),
            approximate: try c.bool("approximate"), input: try c.input(0), output: try c.output(0), suffix: "", field: "activation_type")
    }

    static func exportActivation(_ c: MSLiteExportContext) throws(ConversionError) {
        try MSLiteActivations.exportActivation(c)
    }

    static func importPow(_ c: MSLiteImportContext) throws(ConversionError) {
        var base = try c.input(0)
        let scale = try c.float("scale")
        let shift = try c.float("shift")
        if scale != 1 {
            let scaled = c.fresh(base + "_scaled")
            c.emit("Mul", [base, c.float32Scalar("scale", scale)], [scaled], suffix: "_scale")
            base = scaled
        }
        if shift != 0 {
            let shifted = c.fresh(base + "_shifted")
            c.emit("Add", [base, c.float32Scalar("shift", shift)], [shifted], suffix: "_shift")
            base = shifted
        }
        c.emit("Pow", [base, try c.input(1)], [try c.output(0)])
    }

    static func exportPow(_ c: MSLiteExportContext) throws(ConversionError) {
        try c.emit("PowFusion", [:], [try c.input(0), try c.input(1)], [try c.output(0)])
    }

    // MARK: Normalization and softmax

    static func importSoftmax(_ c: MSLiteImportContext) throws(ConversionError) {
        let axes = try c.ints("axis")
        guard axes.count <= 1 else { throw c.error(.unsupportedAttribute, "axis", "Softmax over \(axes.count) axes") }
        c.emit("Softmax", [try c.input(0)], [try c.output(0)], [.named("axis", .int(axes.first ?? -1))])
    }

    static func exportSoftmax(_ c: MSLiteExportContext) throws(ConversionError) {
        try c.emit("Softmax", ["axis": .ints([try c.int("axis", default: -1)])], [try c.input(0)], [try c.output(0)])
    }

    static func importLayerNorm(_ c: MSLiteImportContext) throws(ConversionError) {
        let axis = try c.int("begin_norm_axis")
        let params = try c.int("begin_params_axis")
        let rank = Int64(try c.tensor(0).dims.count)
        func normal(_ a: Int64) -> Int64 { a < 0 && rank > 0 ? a + rank : a }
        guard normal(axis) == normal(params) else {
            throw c.error(.unsupportedAttribute, "begin_params_axis", "begin_params_axis \(params) differs from begin_norm_axis \(axis)")
        }
        guard c.inputCount == 3 else { throw c.error(.invalidInput, "input[1]", "LayerNormFusion without gamma and beta has no lowering here") }
        guard c.outputCount == 1 else { throw c.error(.unsupportedOp, "output[1]", "LayerNormFusion mean/variance outputs have no lowering") }
        c.emit("LayerNormalization", [try c.input(0), try c.input(1), try c.input(2)], [try c.output(0)],
            [.named("axis", .int(axis)), .named("epsilon", .float(try c.float("epsilon")))])
    }

    static func exportLayerNorm(_ c: MSLiteExportContext) throws(ConversionError) {
        guard c.outputCount == 1 else { throw c.error(.unsupportedOp, "output[1]", "LayerNormalization mean/inv-std outputs have no Lite form") }
        guard try c.int("stash_type", default: 1) == 1 else {
            throw c.error(.unsupportedAttribute, "attribute.stash_type", "Lite computes LayerNorm statistics in float32")
        }
        let axis = try c.int("axis", default: -1)
        let bias: UInt32
        if c.hasInput(2) {
            bias = try c.input(2)
        } else {
            guard let scale = c.initializer(1), scale.dtype == .float32 else {
                throw c.error(.invalidInput, "input[2]", "LayerNormalization without bias needs a constant float32 scale for Lite")
            }
            bias = try c.constant("bias", typeId: 43, dims: scale.shape.map { Int32(clamping: $0) },
                bytes: [UInt8](repeating: 0, count: scale.bytes?.count ?? 0))
        }
        try c.emit(
            "LayerNormFusion",
            ["begin_norm_axis": .i(axis), "begin_params_axis": .i(axis), "epsilon": .f(try c.float("epsilon", default: 1e-5)),
             "elementwise_affine": .b(true)],
            [try c.input(0), try c.input(1), bias], [try c.output(0)])
    }

    // MARK: Shapes and data movement

    static func importReshape(_ c: MSLiteImportContext) throws(ConversionError) {
        let shape = c.isConstant(1) ? c.int64Constant("shape", try c.ints(1)) : try c.input(1)
        c.emit("Reshape", [try c.input(0), shape], [try c.output(0)])
    }

    static func exportReshape(_ c: MSLiteExportContext) throws(ConversionError) {
        guard try c.int("allowzero", default: 0) == 0 else {
            throw c.error(.unsupportedAttribute, "attribute.allowzero", "Lite reads a 0 in the shape as 'copy this dimension'")
        }
        try c.emit("Reshape", [:], [try c.input(0), try c.int32Input(1, "shape")], [try c.output(0)])
    }

    /// TileFusion: the multiples are input 1 (int32), as Lite's converter writes an ONNX Tile;
    /// the `dims` field is left empty (every axis).
    static func importTile(_ c: MSLiteImportContext) throws(ConversionError) {
        guard try c.ints("dims").isEmpty else {
            throw c.error(.unsupportedAttribute, "primitive.dims", "TileFusion over listed dims has no ONNX Tile form")
        }
        let repeats = c.isConstant(1) ? c.int64Constant("repeats", try c.ints(1)) : try c.input(1)
        c.emit("Tile", [try c.input(0), repeats], [try c.output(0)])
    }

    static func exportTile(_ c: MSLiteExportContext) throws(ConversionError) {
        try c.emit("TileFusion", [:], [try c.input(0), try c.int32Input(1, "repeats")], [try c.output(0)])
    }

    static func importTranspose(_ c: MSLiteImportContext) throws(ConversionError) {
        c.emit("Transpose", [try c.input(0)], [try c.output(0)], [.named("perm", .ints(try c.ints(1)))])
    }

    static func exportTranspose(_ c: MSLiteExportContext) throws(ConversionError) {
        guard let perm = try c.ints("perm") else {
            throw c.error(.invalidAttribute, "attribute.perm", "Transpose without perm (reverse the axes) needs the rank; give perm")
        }
        try c.emit("Transpose", [:], [try c.input(0), try c.int32Constant("perm", perm)], [try c.output(0)])
    }

    static func importConcat(_ c: MSLiteImportContext) throws(ConversionError) {
        var inputs: [String] = []
        for i in 0..<c.inputCount { inputs.append(try c.input(i)) }
        c.emit("Concat", inputs, [try c.output(0)], [.named("axis", .int(try c.int("axis")))])
    }

    static func exportConcat(_ c: MSLiteExportContext) throws(ConversionError) {
        var inputs: [UInt32] = []
        for i in c.node.inputs.indices { inputs.append(try c.input(i)) }
        try c.emit("Concat", ["axis": .i(try c.int("axis", default: nil))], inputs, [try c.output(0)])
    }

    static func importSplit(_ c: MSLiteImportContext) throws(ConversionError) {
        let sizes = try c.ints("size_splits")
        var inputs = [try c.input(0)]
        if !sizes.isEmpty {
            guard sizes.count == c.outputCount else {
                throw c.error(.invalidAttribute, "size_splits", "\(sizes.count) sizes for \(c.outputCount) outputs")
            }
            inputs.append(c.int64Constant("split", sizes))
        }
        c.emit("Split", inputs, try c.allOutputs(), [.named("axis", .int(try c.int("axis")))])
    }

    static func exportSplit(_ c: MSLiteExportContext) throws(ConversionError) {
        let sizes = c.hasInput(1) ? try c.ints(1) : []
        var outputs: [UInt32] = []
        for i in 0..<c.outputCount { outputs.append(try c.output(i)) }
        var fields: [String: LiteField] = ["output_num": .i(Int64(c.outputCount)), "axis": .i(try c.int("axis", default: 0))]
        if !sizes.isEmpty { fields["size_splits"] = .ints(sizes) }
        try c.emit("Split", fields, [try c.input(0)], outputs)
    }

    static func importGather(_ c: MSLiteImportContext) throws(ConversionError) {
        let axis = c.inputCount > 2 ? try c.ints(2) : [0]
        guard axis.count == 1 else { throw c.error(.invalidInput, "input[2]", "Gather's axis must be one integer") }
        c.emit("Gather", [try c.input(0), try c.input(1)], [try c.output(0)], [.named("axis", .int(axis[0]))])
    }

    static func exportGather(_ c: MSLiteExportContext) throws(ConversionError) {
        let axis = try c.int32Constant("axis", [try c.int("axis", default: 0)])
        try c.emit("Gather", [:], [try c.input(0), try c.input(1), axis], [try c.output(0)])
    }

    static func importStridedSlice(_ c: MSLiteImportContext) throws(ConversionError) {
        for field in ["ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] where try c.int(field) != 0 {
            throw c.error(.unsupportedAttribute, field, "StridedSlice \(field) has no lowering here")
        }
        var begin = try c.ints(1)
        var end = try c.ints(2)
        let axes: [Int64]
        let steps: [Int64]
        if c.inputCount == 5 {
            axes = try c.ints(3)
            steps = try c.ints(4)
        } else {
            steps = c.inputCount > 3 ? try c.ints(3) : [Int64](repeating: 1, count: begin.count)
            axes = (0..<Int64(begin.count)).map { $0 }
        }
        guard begin.count == end.count, end.count == steps.count, steps.count == axes.count else {
            throw c.error(.invalidInput, "input[1]", "begin, end, axes and strides differ in length")
        }
        let beginMask = try c.int("begin_mask")
        let endMask = try c.int("end_mask")
        for k in begin.indices where k < 63 {
            if beginMask & (1 << k) != 0 { begin[k] = steps[k] > 0 ? 0 : Int64.max }
            if endMask & (1 << k) != 0 { end[k] = steps[k] > 0 ? Int64.max : Int64.min }
        }
        c.emit(
            "Slice",
            [try c.input(0), c.int64Constant("starts", begin), c.int64Constant("ends", end), c.int64Constant("axes", axes),
             c.int64Constant("steps", steps)], [try c.output(0)])
    }

    static func exportSlice(_ c: MSLiteExportContext) throws(ConversionError) {
        let starts = try c.ints(1)
        let ends = try c.ints(2)
        var axes = c.hasInput(3) ? try c.ints(3) : (0..<Int64(starts.count)).map { $0 }
        let steps = c.hasInput(4) ? try c.ints(4) : [Int64](repeating: 1, count: starts.count)
        guard starts.count == ends.count, ends.count == axes.count, axes.count == steps.count else {
            throw c.error(.invalidInput, "input[1]", "starts, ends, axes and steps differ in length")
        }
        if axes.contains(where: { $0 < 0 }) {
            guard let rank = c.rank(ofInput: 0) else {
                throw c.error(.invalidShape, "input[3]", "negative Slice axes need the data's rank")
            }
            axes = axes.map { $0 < 0 ? $0 + Int64(rank) : $0 }
        }
        guard let top = axes.max(), top < 64, axes.allSatisfy({ $0 >= 0 }), Set(axes).count == axes.count else {
            throw c.error(.invalidInput, "input[3]", "Slice axes must be distinct and within 0..<64")
        }
        let n = Int(top) + 1
        var begin = [Int64](repeating: 0, count: n)
        var end = [Int64](repeating: 0, count: n)
        var strides = [Int64](repeating: 1, count: n)
        var beginMask: Int64 = 0
        var endMask: Int64 = 0
        for k in 0..<n where !axes.contains(Int64(k)) {
            beginMask |= 1 << Int64(k)
            endMask |= 1 << Int64(k)
        }
        func clamp(_ v: Int64) -> Int64 { min(max(v, Int64(Int32.min)), Int64(Int32.max)) }
        for (j, axis) in axes.enumerated() {
            guard steps[j] != 0 else { throw c.error(.invalidInput, "input[4]", "Slice step 0") }
            begin[Int(axis)] = clamp(starts[j])
            end[Int(axis)] = clamp(ends[j])
            strides[Int(axis)] = clamp(steps[j])
            // ONNX says "to the end" with INT64_MAX; Lite's shape inference refuses the clamped
            // INT32 bound, so the axis's end_mask bit says it instead. Going backwards, ONNX's
            // INT64_MIN has no form Lite 2.0 runs: its end_mask stops before element 0, it
            // refuses INT32_MIN, and the one end that works, -(size + 1), needs the axis's size.
            if steps[j] > 0 && ends[j] >= Int64(Int32.max) {
                endMask |= Int64(1) << axis
                end[Int(axis)] = 0
            }
            if steps[j] < 0 && ends[j] <= Int64(Int32.min) {
                throw c.error(
                    .unsupportedAttribute, "input[2]", "an end of INT64_MIN going backwards on axis \(axis) has no Lite StridedSlice form; give -(size + 1)")
            }
        }
        try c.emit(
            "StridedSlice", ["begin_mask": .i(beginMask), "end_mask": .i(endMask)],
            [try c.input(0), try c.int32Constant("begin", begin), try c.int32Constant("end", end), try c.int32Constant("strides", strides)],
            [try c.output(0)])
    }

    static func importAxes(_ c: MSLiteImportContext, _ op: String) throws(ConversionError) {
        let axes = try c.ints("axis")
        var inputs = [try c.input(0)]
        if !axes.isEmpty { inputs.append(c.int64Constant("axes", axes)) }
        c.emit(op, inputs, [try c.output(0)])
    }

    static func importExpandDims(_ c: MSLiteImportContext) throws(ConversionError) {
        c.emit("Unsqueeze", [try c.input(0), c.int64Constant("axes", try c.ints(1))], [try c.output(0)])
    }

    static func exportAxes(_ c: MSLiteExportContext, _ op: String) throws(ConversionError) {
        var fields: [String: LiteField] = [:]
        if c.hasInput(1) { fields["axis"] = .ints(try c.ints(1)) } else if op == "Unsqueeze" {
            throw c.error(.invalidInput, "input[1]", "Unsqueeze needs axes")
        }
        try c.emit(op, fields, [try c.input(0)], [try c.output(0)])
    }

    static func importFlatten(_ c: MSLiteImportContext) throws(ConversionError) {
        c.emit("Flatten", [try c.input(0)], [try c.output(0)], [.named("axis", .int(try c.int("axis")))])
    }

    static func exportFlatten(_ c: MSLiteExportContext) throws(ConversionError) {
        try c.emit("Flatten", ["axis": .i(try c.int("axis", default: 1))], [try c.input(0)], [try c.output(0)])
    }

    static func importReduce(_ c: MSLiteImportContext) throws(ConversionError) {
        let mode = try c.int("mode")
        guard let row = MSLiteReductions.modes.first(where: { $0.mode == mode }) else {
            throw c.error(.unsupportedAttribute, "mode", "ReduceFusion mode \(mode) has no ONNX reduction")
        }
        let coeff = try c.float("coeff")
        let toEnd = try c.bool("reduce_to_end")
        guard !toEnd, coeff == 0 || coeff == 1 else {
            throw c.error(.unsupportedAttribute, "reduce_to_end", "ReduceFusion reduce_to_end/coeff have no ONNX form")
        }
        let axes = c.inputCount > 1 ? try c.ints(1) : []
        let keep: Attribute = .named("keepdims", .int(try c.bool("keep_dims") ? 1 : 0))
        if MSLiteReductions.axesAsInput.contains(row.graph) {
            c.emit(row.graph, [try c.input(0), c.int64Constant("axes", axes)], [try c.output(0)], [keep])
        } else {
            c.emit(row.graph, [try c.input(0)], [try c.output(0)], [.named("axes", .ints(axes)), keep])
        }
    }

    static func exportReduce(_ c: MSLiteExportContext, mode: Int64) throws(ConversionError) {
        let axes: [Int64]
        if c.hasInput(1) {
            axes = try c.ints(1)
        } else if let attribute = try c.ints("axes") {
            axes = attribute
        } else {
            guard let rank = c.rank(ofInput: 0) else {
                throw c.error(.invalidShape, "attribute.axes", "reducing every axis needs the data's rank")
            }
            axes = (0..<Int64(rank)).map { $0 }
        }
        if try c.int("noop_with_empty_axes", default: 0) != 0 {
            throw c.error(.unsupportedAttribute, "attribute.noop_with_empty_axes", "noop_with_empty_axes has no Lite form")
        }
        try c.emit(
            "ReduceFusion", ["keep_dims": .b(try c.int("keepdims", default: 1) != 0), "mode": .i(mode)],
            [try c.input(0), try c.int32Constant("axes", axes)], [try c.output(0)])
    }

    static func importCast(_ c: MSLiteImportContext) throws(ConversionError) {
        let target = try c.ints(1)
        guard target.count == 1, let name = MSLiteDataType.name(Int32(clamping: target[0])),
            let code = ONNXDataType.allCodes.first(where: { ONNXDataType(code: $0)?.name == name })
        else { throw c.error(.unsupportedDType, "input[1]", "Cast to TypeId \(target) has no ONNX type") }
        c.emit("Cast", [try c.input(0)], [try c.output(0)], [.named("to", .int(Int64(code)))])
    }

    static func exportCast(_ c: MSLiteExportContext) throws(ConversionError) {
        let to = try c.int("to", default: nil)
        guard let name = ONNXDataType(code: Int32(clamping: to))?.name, let typeId = MSLiteDataType.typeId(forName: name) else {
            throw c.error(.unsupportedDType, "attribute.to", "ONNX type \(to) has no Lite TypeId")
        }
        try c.emit("Cast", [:], [try c.input(0), try c.int32Constant("to", [Int64(typeId)])], [try c.output(0)])
    }

    // MARK: Quantization

    static func importQuantDTypeCast(_ c: MSLiteImportContext) throws(ConversionError) {
        let src = try c.int("src_t")
        let dst = try c.int("dst_t")
        let isFloat: (Int64) -> Bool = { $0 == 43 || $0 == 41 }
        let isQuant: (Int64) -> Bool = { $0 == 32 || $0 == 37 }
        let dequantize: Bool
        if isQuant(src) && isFloat(dst) { dequantize = true } else if isFloat(src) && isQuant(dst) { dequantize = false } else {
            throw c.error(.unsupportedAttribute, "src_t", "QuantDTypeCast from TypeId \(src) to \(dst) has no ONNX form")
        }
        let quantized = dequantize ? try c.tensor(0) : try outputTensor(c)
        guard quantized.quantParams.count == 1, let q = quantized.quantParams.first else {
            throw c.error(.unsupportedAttribute, dequantize ? "input[0].quantParams" : "output[0].quantParams",
                "QuantDTypeCast needs one per-tensor quantParam, has \(quantized.quantParams.count)")
        }
        let scale = c.float32Scalar("scale", Float(q.scale))
        let zeroType: DType = (dequantize ? src : dst) == 32 ? .int8 : .uint8
        let zero = c.addInitializer("zero_point", zeroType, [], [UInt8(truncatingIfNeeded: q.zeroPoint)])
        c.emit(dequantize ? "DequantizeLinear" : "QuantizeLinear", [try c.input(0), scale, zero], [try c.output(0)])
    }

    static func outputTensor(_ c: MSLiteImportContext) throws(ConversionError) -> MSLiteTensor {
        guard let t = c.node.outputIndex.first else { throw c.error(.invalidModel, "output[0]", "QuantDTypeCast needs an output") }
        return c.importerTensor(Int(t))
    }

    static func exportQuant(_ c: MSLiteExportContext, dequantize: Bool) throws(ConversionError) {
        guard let scaleTensor = c.initializer(1), scaleTensor.dtype == .float32, scaleTensor.elementCount == 1,
            let scaleBytes = scaleTensor.bytes?.bytes, scaleBytes.count == 4
        else { throw c.error(.unsupportedAttribute, "input[1]", "Lite quantization needs one constant float32 scale") }
        var zeroPoint: Int32 = 0
        var zeroType: DType = .uint8
        if c.hasInput(2) {
            guard let z = c.initializer(2), z.elementCount == 1, z.dtype == .int8 || z.dtype == .uint8, let b = z.bytes?.bytes.first else {
                throw c.error(.unsupportedAttribute, "input[2]", "Lite quantization needs one constant int8/uint8 zero point")
            }
            zeroType = z.dtype
            zeroPoint = z.dtype == .int8 ? Int32(Int8(bitPattern: b)) : Int32(b)
        }
        if try c.int("axis", default: 1) != 1, scaleTensor.shape.count > 0 {
            throw c.error(.unsupportedAttribute, "attribute.axis", "per-axis quantization has no Lite form here")
        }
        var param = MSLiteQuantParam()
        param.scale = Double(Float(bitPattern: UInt32(scaleBytes[0]) | UInt32(scaleBytes[1]) << 8 | UInt32(scaleBytes[2]) << 16 | UInt32(scaleBytes[3]) << 24))
        param.zeroPoint = zeroPoint
        param.inited = true
        let quantTypeId: Int64 = zeroType == .int8 ? 32 : 37
        let input = try c.input(0)
        let output = try c.output(0)
        c.setQuantParams(dequantize ? input : output, [param])
        try c.emit("QuantDTypeCast", ["src_t": .i(dequantize ? quantTypeId : 43), "dst_t": .i(dequantize ? 43 : quantTypeId)], [input], [output])
    }
}

/// `ActivationType` values (FORMATS.md §4.8) and their GraphIR forms.
enum MSLiteActivations {
    /// GraphIR ops written as Lite Activation. Not Softsign: Lite 2.0's CPU Activation kernel refuses
    /// SOFTSIGN (found by MSLiteExportSemanticsTests), so it stays an unmapped op on export.
    static let exportOps = ["Relu", "Sigmoid", "Tanh", "Clip", "Elu", "LeakyRelu", "Softplus", "HardSwish", "HardSigmoid", "Gelu"]
    static let hardSigmoidAlpha = Float(1) / 6

    static func importActivation(
        _ c: MSLiteImportContext, type: Int64, alpha: Float, min: Float, max: Float, approximate: Bool, input: String, output: String,
        suffix: String, field: String
    ) throws(ConversionError) {
        func one(_ op: String, _ attributes: [Attribute] = []) { c.emit(op, [input], [output], attributes, suffix: suffix) }
        func clip(_ low: Float, _ high: Float) {
            // The bounds take the input's type: an fp16 model's RELU6 has float16 bounds.
            let dtype = (try? c.tensor(0)).flatMap { MSLiteDataType.name($0.dataType) }.flatMap { DType(rawValue: $0) } ?? .float32
            func bound(_ base: String, _ value: Float) -> String {
                guard let bytes = MindIRTensors.scalar("", value, dtype: dtype)?.bytes?.bytes else { return c.float32Scalar(base, value) }
                return c.addInitializer(base, dtype, [], bytes)
            }
            c.emit("Clip", [input, bound("min", low), bound("max", high)], [output], suffix: suffix)
        }
        switch type {
        case 1: one("Relu")
        case 2: one("Sigmoid")
        case 3: clip(0, 6)
        case 4: one("Elu", [.named("alpha", .float(alpha))])
        case 5: one("LeakyRelu", [.named("alpha", .float(alpha))])
        case 6: one("Abs")
        case 7: clip(0, 1)
        case 8: one("Softsign")
        case 9: one("Softplus")
        case 10: one("Tanh")
        case 12: one("HardSwish")
        case 13: one("HardSigmoid", [.named("alpha", .float(hardSigmoidAlpha)), .named("beta", .float(0.5))])
        case 16: clip(min, max)
        case 18:
            let gate = c.fresh(output + "_gate")
            c.emit("Sigmoid", [input], [gate], suffix: suffix + "_sigmoid")
            c.emit("Mul", [input, gate], [output], suffix: suffix)
        case 19: one("Gelu", [.named("approximate", .text(approximate ? "tanh" : "none"))])
        default: throw c.error(.unsupportedAttribute, field, "activation_type \(type) has no GraphIR lowering here")
        }
    }

    static func exportActivation(_ c: MSLiteExportContext) throws(ConversionError) {
        var fields: [String: LiteField] = [:]
        switch c.node.op {
        case "Relu": fields["activation_type"] = .i(1)
        case "Sigmoid": fields["activation_type"] = .i(2)
        case "Tanh": fields["activation_type"] = .i(10)
        case "Softplus": fields["activation_type"] = .i(9)
        case "HardSwish": fields["activation_type"] = .i(12)
        case "Elu":
            fields = ["activation_type": .i(4), "alpha": .f(try c.float("alpha", default: 1))]
        case "LeakyRelu":
            fields = ["activation_type": .i(5), "alpha": .f(try c.float("alpha", default: 0.01))]
        case "HardSigmoid":
            guard try c.float("alpha", default: 0.2) == hardSigmoidAlpha, try c.float("beta", default: 0.5) == 0.5 else {
                throw c.error(.unsupportedAttribute, "attribute.alpha", "Lite's HSIGMOID is HardSigmoid(alpha 1/6, beta 0.5) only")
            }
            fields["activation_type"] = .i(13)
        case "Gelu":
            let approximate = try c.string("approximate", default: "none")
            fields = ["activation_type": .i(19), "approximate": .b(approximate == "tanh")]
        case "Clip":
            guard c.hasInput(1), c.hasInput(2), let low = try c.floatScalar(1), let high = try c.floatScalar(2) else {
                throw c.error(.unsupportedOp, "input[1]", "only Clip with constant min and max has a Lite form")
            }
            if low == 0 && high == 6 {
                fields["activation_type"] = .i(3)
            } else if low == 0 && high == 1 {
                fields["activation_type"] = .i(7)
            } else {
                fields = ["activation_type": .i(16), "min_val": .f(low), "max_val": .f(high)]
            }
        default:
            throw c.error(.unsupportedOp, nil, "\(c.node.op) has no Lite activation")
        }
        try c.emit("Activation", fields, [try c.input(0)], [try c.output(0)])
    }
}
