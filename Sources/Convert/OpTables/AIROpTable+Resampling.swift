// AIR rows for what MobileNetV3, ViT and U-Net blocks need beyond the core table: PRelu,
// HardSigmoid, Pad and nearest Resize (LogSoftmax shares Softmax's rule). GE op types, inputs and
// attributes follow MindSpore's GE adapters (its transform/graph_ir op_declare tables): PRelu(x, weight) with a
// per-channel weight of C values; HardSigmoid with float alpha and beta (GE's defaults 1/6 and
// 0.5, not ONNX's 0.2 and 0.5, so both are always written); LogSoftmaxV2 with `axes`;
// Pad(x, paddings), PadV2(x, paddings, constant_values) and MirrorPad(x, paddings) with `mode`
// REFLECT or SYMMETRIC, paddings as [rank, 2] (before, after) rows; ResizeNearestNeighborV2(x,
// size) with the int32 [H, W] size and bool `align_corners` and `half_pixel_centers`.

import Formats
import GraphIR

extension AIRIrregularOps {
    // MARK: PRelu

    /// ONNX's slope broadcasts from the last axis ([C, 1, 1] for NCHW); GE's weight is the C
    /// channel values (axis 1), or one value for every channel.
    static let prelu = AIRIrregular(
        export: { (c) throws(ConversionError) in
            let slope = try c.constant(1)
            guard let count = slope.elementCount, count > 0 else {
                throw c.error(.invalidInput, "input[1]", "PRelu's slope has no elements")
            }
            var weight = slope
            if count > 1 {
                // Aligned from the right, the slope's one axis longer than 1 must be the input's axis 1.
                let shape = slope.shape
                guard let rank = c.rank(ofInput: 0), rank >= 2, shape.count <= rank, let at = shape.firstIndex(of: count),
                    rank - shape.count + at == 1, shape.indices.allSatisfy({ $0 == at || shape[$0] == 1 })
                else {
                    throw c.error(.unsupportedAttribute, "input[1]",
                        "a slope of shape \(slope.shape) is not one value per channel (axis 1) of the input, which GE's PRelu takes")
                }
            }
            weight.shape = [count]
            weight.name = ""
            return AIROpDraft(type: "PRelu", inputs: [try c.input(0), try c.addConst("weight", weight)], attributes: [:], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            var weight = try c.constant(1)
            guard let count = weight.elementCount, count > 0 else { throw c.error(.invalidInput, "input[1]", "PRelu's weight has no elements") }
            if count > 1 {
                guard let rank = c.shape(ofInput: 0)?.rank, rank >= 2 else {
                    throw c.error(.invalidShape, "input[0]", "a per-channel PRelu needs its input's rank (the weight's axis is 1)")
                }
                weight.shape = [count] + [Int](repeating: 1, count: rank - 2)
            } else {
                weight.shape = [1]
            }
            try c.requireUnused(from: 1)
            let slope = c.addInitializer("slope", weight)
            return [node(c, "PRelu", inputs: [try c.input(0), slope], outputs: c.outputs(1), [])]
        },
        foldedInputs: { _ in [1] })

    // MARK: HardSigmoid

    static let hardSigmoid = AIRIrregular(
        export: { (c) throws(ConversionError) in
            AIROpDraft(
                type: "HardSigmoid", inputs: [try c.input(0)],
                attributes: ["alpha": AIRAttr.float(try c.float("alpha", default: 0.2)), "beta": AIRAttr.float(try c.float("beta", default: 0.5))],
                outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            try c.requireUnused(from: 1)
            return [node(c, "HardSigmoid", inputs: [try c.input(0)], outputs: c.outputs(1), [
                .named("alpha", .float(try c.float("alpha", default: Float(1) / 6))), .named("beta", .float(try c.float("beta", default: 0.5))),
            ])]
        }, foldedInputs: none)

    // MARK: Pad

    /// Constant padding by zero is GE's Pad, by another value PadV2, reflection MirrorPad REFLECT;
    /// edge padding is MirrorPad SYMMETRIC where they agree (pads of at most 1).
    static let pad = AIRIrregular(
        export: { (c) throws(ConversionError) in
            let mode = try c.string("mode") ?? "constant"
            guard !c.hasInput(3) else { throw c.error(.unsupportedAttribute, "input[3]", "Pad over listed axes has no GE form here; give every axis") }
            let pads: [Int64]
            if c.hasInput(1) {
                guard let values = AIRConstants.ints(try c.constant(1)) else { throw c.error(.invalidInput, "input[1]", "pads must be integers") }
                pads = values
            } else if let listed = try c.ints("pads") {
                pads = listed
            } else {
                throw c.error(.invalidInput, "input[1]", "Pad needs its pads")
            }
            guard !pads.isEmpty, pads.count % 2 == 0 else { throw c.error(.invalidAttribute, "input[1]", "\(pads.count) pads is not two per axis") }
            if let negative = pads.first(where: { $0 < 0 }) {
                throw c.error(.unsupportedAttribute, "input[1]", "a negative pad (\(negative), cropping) has no GE Pad form")
            }
            let rank = pads.count / 2
            var paddings = AIRConstants.int64((0..<rank).flatMap { [pads[$0], pads[$0 + rank]] })
            paddings.shape = [rank, 2]
            let inputs = [try c.input(0), try c.addConst("paddings", paddings)]
            switch mode {
            case "constant":
                var value: Float = 0
                if c.hasInput(2) {
                    guard let given = AIRConstants.float(try c.constant(2)) else {
                        throw c.error(.invalidInput, "input[2]", "Pad's fill value must be one float constant for GE")
                    }
                    value = given
                } else {
                    value = try c.float("value", default: 0)
                }
                if value == 0 && value.sign == .plus {
                    return AIROpDraft(type: "Pad", inputs: inputs, attributes: [:], outputCount: 1)
                }
                return AIROpDraft(type: "PadV2", inputs: inputs + [try c.addConst("constant_values", AIRConstants.float32Scalar(value))],
                    attributes: [:], outputCount: 1)
            case "reflect":
                return AIROpDraft(type: "MirrorPad", inputs: inputs, attributes: ["mode": AIRAttr.string("REFLECT")], outputCount: 1)
            case "edge":
                guard pads.allSatisfy({ $0 <= 1 }) else {
                    throw c.error(.unsupportedAttribute, "attribute.mode", "edge padding wider than 1 has no GE form (SYMMETRIC mirrors; they agree only up to 1)")
                }
                return AIROpDraft(type: "MirrorPad", inputs: inputs, attributes: ["mode": AIRAttr.string("SYMMETRIC")], outputCount: 1)
            default:
                throw c.error(.unsupportedAttribute, "attribute.mode", "Pad mode \(mode) has no GE form")
            }
        },
        importOp: { (c) throws(ConversionError) in
            guard let rows = AIRConstants.ints(try c.constant(1)), !rows.isEmpty, rows.count % 2 == 0 else {
                throw c.error(.invalidInput, "input[1]", "\(c.op.type)'s paddings must be integer (before, after) rows")
            }
            let rank = rows.count / 2
            let pads = (0..<rank).map { rows[2 * $0] } + (0..<rank).map { rows[2 * $0 + 1] }
            var mode = "constant"
            if c.op.type == "MirrorPad" {
                switch try c.string("mode") ?? "" {
                case "REFLECT": mode = "reflect"
                case "SYMMETRIC":
                    guard pads.allSatisfy({ $0 <= 1 }) else {
                        throw c.error(.unsupportedAttribute, "attr.mode", "SYMMETRIC padding wider than 1 (a mirror) has no ONNX Pad mode")
                    }
                    mode = "edge"
                case let other: throw c.error(.unsupportedAttribute, "attr.mode", "MirrorPad mode '\(other)' has no ONNX Pad mode")
                }
            }
            var inputs = [try c.input(0), c.addInitializer("pads", AIRConstants.int64(pads))]
            if c.op.type == "PadV2" { inputs.append(try c.input(2)) }
            try c.requireUnused(from: 1)
            return [node(c, "Pad", inputs: inputs, outputs: c.outputs(1), [.named("mode", .text(mode))])]
        },
        foldedInputs: { _ in [1] })

    // MARK: Resize

    /// Nearest Resize with a coordinate rule GE's ResizeNearestNeighborV2 has (asymmetric with
    /// floor, align_corners with round_prefer_ceil, tf_half_pixel_for_nn with floor) to constant
    /// sizes that change only H and W.
    static let resizeNearest = AIRIrregular(
        export: { (c) throws(ConversionError) in
            guard try c.string("mode") ?? "nearest" == "nearest" else {
                throw c.error(.unsupportedAttribute, "attribute.mode", "only nearest Resize maps to GE's ResizeNearestNeighborV2")
            }
            let transform = try c.string("coordinate_transformation_mode") ?? "half_pixel"
            let rounding = try c.string("nearest_mode") ?? "round_prefer_floor"
            guard let flags = NearestResizeFlags.flags(transform: transform, rounding: rounding) else {
                throw c.error(.unsupportedAttribute, "attribute.coordinate_transformation_mode",
                    "\(transform) with \(rounding) rounding has no ResizeNearestNeighborV2 form")
            }
            guard c.hasInput(3), !c.hasInput(2), let sizes = AIRConstants.ints(try c.constant(3)), sizes.count == 4 else {
                throw c.error(.unsupportedAttribute, "input[3]", "ResizeNearestNeighborV2 needs 4 constant sizes (not scales)")
            }
            guard let input = c.shape(ofInput: 0)?.staticSizes, input.count == 4, sizes[0] == Int64(input[0]), sizes[1] == Int64(input[1]) else {
                throw c.error(.unsupportedAttribute, "input[3]", "ResizeNearestNeighborV2 changes H and W only, of a known 4-D input: sizes \(sizes)")
            }
            guard let h = Int32(exactly: sizes[2]), let w = Int32(exactly: sizes[3]) else {
                throw c.error(.invalidAttribute, "input[3]", "sizes \(sizes) do not fit int32")
            }
            let size = Tensor(name: "", dtype: .int32, shape: [2], bytes: TensorBytes(bytes: [h, w].flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }))
            return AIROpDraft(
                type: "ResizeNearestNeighborV2", inputs: [try c.input(0), try c.addConst("size", size)],
                attributes: ["align_corners": AIRAttr.bool(flags.align), "half_pixel_centers": AIRAttr.bool(flags.half)], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            guard let size = AIRConstants.ints(try c.constant(1)), size.count == 2 else {
                throw c.error(.invalidInput, "input[1]", "ResizeNearestNeighborV2's size must be two constant integers")
            }
            guard let input = c.shape(ofInput: 0)?.staticSizes, input.count == 4 else {
                throw c.error(.invalidShape, "input[0]", "ResizeNearestNeighborV2 needs its input's recorded [N, C, H, W] shape")
            }
            let align = try c.bool("align_corners", default: false), half = try c.bool("half_pixel_centers", default: false)
            guard !(align && half) else { throw c.error(.unsupportedAttribute, "attr.half_pixel_centers", "align_corners and half_pixel_centers together") }
            try c.requireUnused(from: 1)
            let sizes = c.addInitializer("sizes", AIRConstants.int64([Int64(input[0]), Int64(input[1]), size[0], size[1]]))
            let rule = NearestResizeFlags.onnx(align: align, half: half)
            return [node(c, "Resize", inputs: [try c.input(0), "", "", sizes], outputs: c.outputs(1), [
                .named("mode", .text("nearest")), .named("coordinate_transformation_mode", .text(rule.transform)),
                .named("nearest_mode", .text(rule.rounding)),
            ])]
        },
        foldedInputs: { _ in [1] })
}
