// The irregular rows of AIROpTable, one named pair of functions each. GraphIR attribute order
// on import follows the contract's table (kernel_shape, strides, dilations, group, pads or
// auto_pad for Conv; and so on); defaults the source left out come back explicit.

import Foundation
import Formats
import GraphIR

/// Small constant tensors and reading them back.
enum AIRConstants {
    static func int64(_ values: [Int64], scalar: Bool = false) -> Tensor {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        return Tensor(name: "", dtype: .int64, shape: scalar ? [] : [values.count], bytes: TensorBytes(bytes: bytes))
    }

    static func int32Scalar(_ value: Int32) -> Tensor {
        let bytes = withUnsafeBytes(of: value.littleEndian) { Array($0) }
        return Tensor(name: "", dtype: .int32, shape: [], bytes: TensorBytes(bytes: bytes))
    }

    static func float32Scalar(_ value: Float) -> Tensor {
        let bytes = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        return Tensor(name: "", dtype: .float32, shape: [], bytes: TensorBytes(bytes: bytes))
    }

    /// The elements of an int32 or int64 tensor.
    static func ints(_ tensor: Tensor) -> [Int64]? {
        guard let bytes = tensor.bytes?.bytes else { return nil }
        switch tensor.dtype {
        case .int64:
            guard bytes.count % 8 == 0 else { return nil }
            return stride(from: 0, to: bytes.count, by: 8).map { at in
                var value: UInt64 = 0
                for k in 0..<8 { value |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
                return Int64(bitPattern: value)
            }
        case .int32:
            guard bytes.count % 4 == 0 else { return nil }
            return stride(from: 0, to: bytes.count, by: 4).map { at in
                var value: UInt32 = 0
                for k in 0..<4 { value |= UInt32(bytes[at + k]) << (8 * UInt32(k)) }
                return Int64(Int32(bitPattern: value))
            }
        default: return nil
        }
    }

    /// A one-element float32, float16 or bfloat16 tensor's value (an fp16 model's Clip bounds).
    static func float(_ tensor: Tensor) -> Float? {
        guard let values = MindIRTensors.floats(tensor), values.count == 1 else { return nil }
        return values[0]
    }

    /// Int32 for a GE axis constant, refusing values that do not fit.
    static func axis(_ value: Int64, _ context: AIRExportContext, _ field: String) throws(ConversionError) -> Tensor {
        guard let narrow = Int32(exactly: value) else {
            throw context.error(.invalidAttribute, field, "axis \(value) does not fit int32")
        }
        return int32Scalar(narrow)
    }
}

enum AIRIrregularOps {
    // MARK: Helpers shared by the rows

    /// [a, b] → [1, 1, a, b] (GE's 4-element NCHW lists).
    static func nchw(_ pair: [Int64], _ context: AIRExportContext, _ field: String) throws(ConversionError) -> [Int64] {
        guard pair.count == 2 else { throw context.error(.unsupportedAttribute, field, "only 2-D spatial ops have an AIR form") }
        return [1, 1, pair[0], pair[1]]
    }

    static func spatial(_ list: [Int64]?, _ context: AIRImportContext, _ name: String) throws(ConversionError) -> [Int64]? {
        guard let list else { return nil }
        guard list.count == 4 else { throw context.error(.invalidAttribute, "attr.\(name)", "\(name) must have 4 elements") }
        return [list[2], list[3]]
    }

    /// ONNX pads [top, left, bottom, right] ↔ GE pads [top, bottom, left, right].
    static func gePads(_ pads: [Int64]) -> [Int64] { [pads[0], pads[2], pads[1], pads[3]] }
    static func onnxPads(_ pads: [Int64]) -> [Int64] { [pads[0], pads[2], pads[1], pads[3]] }

    /// auto_pad ↔ GE's SAME/VALID padding string; nil means explicit pads.
    static func padding(_ context: AIRExportContext) throws(ConversionError) -> String? {
        switch try context.string("auto_pad") ?? "NOTSET" {
        case "NOTSET": return nil
        case "SAME_UPPER": return "SAME"
        case "VALID": return "VALID"
        case let other:
            throw context.error(.unsupportedAttribute, "attribute.auto_pad", "auto_pad \(other) has no AIR form")
        }
    }

    static func explicitPads(_ context: AIRExportContext) throws(ConversionError) -> [Int64] {
        let pads = try context.ints("pads") ?? [0, 0, 0, 0]
        guard pads.count == 4 else { throw context.error(.unsupportedAttribute, "attribute.pads", "pads must have 4 elements") }
        return gePads(pads)
    }

    static func autoPad(_ padding: String, _ context: AIRImportContext, _ field: String) throws(ConversionError) -> AttributeValue {
        switch padding {
        case "SAME": return .text("SAME_UPPER")
        case "VALID": return .text("VALID")
        default: throw context.error(.unsupportedAttribute, field, "padding \(padding) has no ONNX form")
        }
    }

    static func requireZero(_ name: String, _ context: AIRExportContext) throws(ConversionError) {
        guard try context.int(name, default: 0) == 0 else {
            throw context.error(.unsupportedAttribute, "attribute.\(name)", "\(name) other than 0 has no AIR form")
        }
    }

    static func requireZeroMasks(_ context: AIRImportContext) throws(ConversionError) {
        for mask in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] {
            guard try context.int(mask, default: 0) == 0 else {
                throw context.error(.unsupportedAttribute, "attr.\(mask)", "a nonzero \(mask) has no ONNX Slice form")
            }
        }
    }

    static func node(_ context: AIRImportContext, _ op: String, domain: String = "", inputs: [String], outputs: [String], _ attributes: [Attribute]) -> Node {
        Node(name: context.name, op: op, domain: domain, inputs: inputs, outputs: outputs, attributes: attributes)
    }

    static func none(_ count: Int) -> [Int] { [] }

    // MARK: Conv

    static let conv = AIRIrregular(
        export: { (c) throws(ConversionError) in
            _ = try c.ints("kernel_shape")  // implied by the filter's shape in GE
            var attributes: [String: Ge_Proto_AttrDef] = [
                "strides": AIRAttr.ints(try nchw(try c.ints("strides") ?? [1, 1], c, "attribute.strides")),
                "dilations": AIRAttr.ints(try nchw(try c.ints("dilations") ?? [1, 1], c, "attribute.dilations")),
                "groups": AIRAttr.int(try c.int("group", default: 1)),
                "data_format": AIRAttr.string("NCHW"),
            ]
            if let padding = try padding(c) {
                attributes["padding"] = AIRAttr.string(padding)
                attributes["pads"] = AIRAttr.ints([0, 0, 0, 0])
                _ = c.attribute("pads")
            } else {
                attributes["pads"] = AIRAttr.ints(try explicitPads(c))
            }
            return AIROpDraft(type: "Conv2D", inputs: try c.allInputs(), attributes: attributes, outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            guard try c.string("data_format") ?? "NHWC" == "NCHW" else {
                throw c.error(.unsupportedAttribute, "attr.data_format", "only NCHW Conv2D has an ONNX Conv form")
            }
            let kernel: [Int64]
            if c.isConstant(1), case let shape = try c.constant(1).shape, shape.count == 4 {
                kernel = shape[2...].map { Int64($0) }
            } else if let sizes = c.shape(ofInput: 1)?.staticSizes, sizes.count == 4 {
                kernel = sizes[2...].map { Int64($0) }
            } else {
                throw c.error(.invalidShape, "input[1]", "the filter's shape is not recorded, so kernel_shape is unknown")
            }
            var attributes: [Attribute] = [
                .named("kernel_shape", .ints(kernel)),
                .named("strides", .ints(try spatial(try c.ints("strides"), c, "strides") ?? [1, 1])),
                .named("dilations", .ints(try spatial(try c.ints("dilations"), c, "dilations") ?? [1, 1])),
                .named("group", .int(try c.int("groups", default: 1))),
            ]
            if let padding = try c.string("padding"), !padding.isEmpty {
                attributes.append(.named("auto_pad", try autoPad(padding, c, "attr.padding")))
            } else {
                let pads = try c.ints("pads") ?? [0, 0, 0, 0]
                guard pads.count == 4 else { throw c.error(.invalidAttribute, "attr.pads", "pads must have 4 elements") }
                attributes.append(.named("pads", .ints(onnxPads(pads))))
            }
            try c.requireUnused(from: 1)
            return [node(c, "Conv", inputs: try c.allInputs(), outputs: c.outputs(1), attributes)]
        },
        foldedInputs: none)

    // MARK: Pooling

    static func poolExport(_ c: AIRExportContext, average: Bool) throws(ConversionError) -> AIROpDraft {
        guard let kernel = try c.ints("kernel_shape") else {
            throw c.error(.invalidAttribute, "attribute.kernel_shape", "kernel_shape is required")
        }
        try requireZero("ceil_mode", c)
        if !average {
            try requireZero("storage_order", c)
            if let dilations = try c.ints("dilations"), dilations.contains(where: { $0 != 1 }) {
                throw c.error(.unsupportedAttribute, "attribute.dilations", "dilated pooling has no AIR form")
            }
        }
        let includePad = average ? try c.int("count_include_pad", default: 0) : 0
        var attributes: [String: Ge_Proto_AttrDef] = [
            "ksize": AIRAttr.ints(try nchw(kernel, c, "attribute.kernel_shape")),
            "strides": AIRAttr.ints(try nchw(try c.ints("strides") ?? [1, 1], c, "attribute.strides")),
            "data_format": AIRAttr.string("NCHW"),
        ]
        let type: String
        if let padding = try padding(c) {
            _ = c.attribute("pads")
            guard includePad == 0 else {
                throw c.error(.unsupportedAttribute, "attribute.count_include_pad", "GE AvgPool with SAME/VALID excludes padding")
            }
            attributes["padding"] = AIRAttr.string(padding)
            type = average ? "AvgPool" : "MaxPool"
        } else {
            attributes["padding_mode"] = AIRAttr.string("CALCULATED")
            attributes["pads"] = AIRAttr.ints(try explicitPads(c))
            attributes["global_pooling"] = AIRAttr.bool(false)
            attributes["ceil_mode"] = AIRAttr.bool(false)
            if average { attributes["exclusive"] = AIRAttr.bool(includePad == 0) }
            type = average ? "AvgPoolV2" : "MaxPoolV3"
        }
        return AIROpDraft(type: type, inputs: [try c.input(0)], attributes: attributes, outputCount: 1)
    }

    static func poolImport(_ c: AIRImportContext, average: Bool) throws(ConversionError) -> [Node] {
        guard try c.string("data_format") ?? "NHWC" == "NCHW" else {
            throw c.error(.unsupportedAttribute, "attr.data_format", "only NCHW pooling has an ONNX form")
        }
        let global = try c.bool("global_pooling", default: false)
        let ceil = try c.bool("ceil_mode", default: false)
        if global || ceil {
            throw c.error(.unsupportedAttribute, "attr.global_pooling", "global or ceil-mode pooling is not mapped")
        }
        guard let kernel = try spatial(try c.ints("ksize"), c, "ksize") else {
            throw c.error(.invalidAttribute, "attr.ksize", "ksize is required")
        }
        var attributes: [Attribute] = [
            .named("kernel_shape", .ints(kernel)),
            .named("strides", .ints(try spatial(try c.ints("strides"), c, "strides") ?? [1, 1])),
        ]
        var exclusive = true
        let paddingMode = try c.string("padding_mode")
        let padding = try c.string("padding")
        let mode = paddingMode ?? padding ?? "CALCULATED"
        if mode == "CALCULATED" {
            let pads = try c.ints("pads") ?? [0, 0, 0, 0]
            guard pads.count == 4 else { throw c.error(.invalidAttribute, "attr.pads", "pads must have 4 elements") }
            attributes.append(.named("pads", .ints(onnxPads(pads))))
            exclusive = try c.bool("exclusive", default: true)
        } else {
            attributes.append(.named("auto_pad", try autoPad(mode, c, "attr.padding")))
        }
        if average { attributes.append(.named("count_include_pad", .int(exclusive ? 0 : 1))) }
        try c.requireUnused(from: 1)
        return [node(c, average ? "AveragePool" : "MaxPool", inputs: [try c.input(0)], outputs: c.outputs(1), attributes)]
    }

    static let maxPool = AIRIrregular(
        export: { (c) throws(ConversionError) in try poolExport(c, average: false) },
        importOp: { (c) throws(ConversionError) in try poolImport(c, average: false) }, foldedInputs: none)
    static let averagePool = AIRIrregular(
        export: { (c) throws(ConversionError) in try poolExport(c, average: true) },
        importOp: { (c) throws(ConversionError) in try poolImport(c, average: true) }, foldedInputs: none)

    // MARK: Normalization

    static let batchNorm = AIRIrregular(
        export: { (c) throws(ConversionError) in
            try requireZero("training_mode", c)
            let momentum = try c.float("momentum", default: 0.9)
            let inputs = try (0..<5).map { (i) throws(ConversionError) in try c.input(i) }
            return AIROpDraft(
                type: "BatchNorm", inputs: inputs,
                attributes: [
                    "epsilon": AIRAttr.float(try c.float("epsilon", default: 1e-5)),
                    "exponential_avg_factor": AIRAttr.float(1 - momentum),
                    // 1 - (1 - m) is not m again for m below 0.5 (MindSpore's 0.1), so the ONNX
                    // value also travels as is; inference reads neither.
                    "momentum": AIRAttr.float(momentum),
                    "is_training": AIRAttr.bool(false), "data_format": AIRAttr.string("NCHW"),
                ], outputCount: 5)
        },
        importOp: { (c) throws(ConversionError) in
            guard try !c.bool("is_training", default: true) else {
                throw c.error(.unsupportedAttribute, "attr.is_training", "training-mode BatchNorm has no inference form")
            }
            try c.requireUnused(from: 1)
            let factor = try c.float("exponential_avg_factor", default: 0.1)
            let momentum = try c.float("momentum", default: 1 - factor)
            let inputs = try (0..<5).map { (i) throws(ConversionError) in try c.input(i) }
            return [node(c, "BatchNormalization", inputs: inputs, outputs: c.outputs(1), [
                .named("epsilon", .float(try c.float("epsilon", default: 1e-4))), .named("momentum", .float(momentum)),
            ])]
        }, foldedInputs: none)

    static let layerNorm = AIRIrregular(
        export: { (c) throws(ConversionError) in
            if c.node.outputs.dropFirst().contains(where: { !$0.isEmpty }) {
                throw c.error(.unsupportedOp, "output[1]", "only LayerNormalization's first output has an AIR form")
            }
            if try c.int("stash_type", default: 1) != 1 {
                throw c.error(.unsupportedAttribute, "attribute.stash_type", "stash_type other than float32 has no AIR form")
            }
            let axis = try c.int("axis", default: -1)
            return AIROpDraft(
                type: "LayerNorm", inputs: try (0..<3).map { (i) throws(ConversionError) in try c.input(i) },
                attributes: [
                    "begin_norm_axis": AIRAttr.int(axis), "begin_params_axis": AIRAttr.int(axis),
                    "epsilon": AIRAttr.float(try c.float("epsilon", default: 1e-5)),
                ], outputCount: 3)
        },
        importOp: { (c) throws(ConversionError) in
            let axis = try c.int("begin_norm_axis", default: 0)
            guard try c.int("begin_params_axis", default: 0) == axis else {
                throw c.error(.unsupportedAttribute, "attr.begin_params_axis", "begin_params_axis must equal begin_norm_axis")
            }
            try c.requireUnused(from: 1)
            let inputs = try (0..<3).map { (i) throws(ConversionError) in try c.input(i) }
            return [node(c, "LayerNormalization", inputs: inputs, outputs: c.outputs(1), [
                .named("axis", .int(axis)), .named("epsilon", .float(try c.float("epsilon", default: 1e-7))),
            ])]
        }, foldedInputs: none)

    // MARK: Activations

    static let softmax = softmaxOverOneAxis(onnx: "Softmax", ge: "SoftmaxV2")
    static let logSoftmax = softmaxOverOneAxis(onnx: "LogSoftmax", ge: "LogSoftmaxV2")

    /// Softmax or LogSoftmax: ONNX's one `axis` is GE's `axes` list of one.
    static func softmaxOverOneAxis(onnx: String, ge: String) -> AIRIrregular {
        AIRIrregular(
            export: { (c) throws(ConversionError) in
                AIROpDraft(type: ge, inputs: [try c.input(0)], attributes: ["axes": AIRAttr.ints([try c.int("axis", default: -1)])], outputCount: 1)
            },
            importOp: { (c) throws(ConversionError) in
                let axes = try c.ints("axes") ?? [-1]
                guard axes.count == 1 else {
                    throw c.error(.unsupportedAttribute, "attr.axes", "a \(onnx) over \(axes.count) axes has no ONNX form")
                }
                try c.requireUnused(from: 1)
                return [node(c, onnx, inputs: [try c.input(0)], outputs: c.outputs(1), [.named("axis", .int(axes[0]))])]
            }, foldedInputs: none)
    }

    static let gelu = AIRIrregular(
        export: { (c) throws(ConversionError) in
            guard try c.string("approximate") == "tanh" else {
                throw c.error(.unsupportedAttribute, "attribute.approximate", "GE Gelu is the tanh approximation; exact Gelu has no AIR form")
            }
            return AIROpDraft(type: "Gelu", inputs: [try c.input(0)], attributes: [:], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            try c.requireUnused(from: 1)
            return [node(c, "Gelu", inputs: [try c.input(0)], outputs: c.outputs(1), [.named("approximate", .text("tanh"))])]
        }, foldedInputs: none)

    static let relu6 = AIRIrregular(
        export: { (c) throws(ConversionError) in
            guard c.node.inputs.count == 3, AIRConstants.float(try c.constant(1)) == 0, AIRConstants.float(try c.constant(2)) == 6 else {
                throw c.error(.unsupportedOp, "input[1]", "only Clip(0, 6) with constant bounds has an AIR form (Relu6)")
            }
            return AIROpDraft(type: "Relu6", inputs: [try c.input(0)], attributes: [:], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            try c.requireUnused(from: 1)
            // Clip's bounds take the input's type (an fp16 model's Relu6 has float16 bounds).
            let dtype = (c.op.outputDesc + c.op.inputDesc).lazy.compactMap { AIRTypes.valueType($0).dtype }.first ?? .float32
            let low = c.addInitializer("min", MindIRTensors.scalar("", 0, dtype: dtype) ?? AIRConstants.float32Scalar(0))
            let high = c.addInitializer("max", MindIRTensors.scalar("", 6, dtype: dtype) ?? AIRConstants.float32Scalar(6))
            return [node(c, "Clip", inputs: [try c.input(0), low, high], outputs: c.outputs(1), [])]
        }, foldedInputs: none)

    // MARK: Matrix products

    static let gemm = AIRIrregular(
        export: { (c) throws(ConversionError) in
            guard try c.float("alpha", default: 1) == 1, try c.float("beta", default: 1) == 1 else {
                throw c.error(.unsupportedAttribute, "attribute.alpha", "Gemm with alpha or beta other than 1 has no AIR form")
            }
            let a = try c.int("transA", default: 0)
            let b = try c.int("transB", default: 0)
            return AIROpDraft(
                type: "MatMulV2", inputs: try c.allInputs(),
                attributes: ["transpose_x1": AIRAttr.bool(a != 0), "transpose_x2": AIRAttr.bool(b != 0)], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            try c.requireUnused(from: 1)
            let a = try c.bool("transpose_x1", default: false)
            let b = try c.bool("transpose_x2", default: false)
            let inputs = try (0..<min(c.inputCount, 3)).map { (i) throws(ConversionError) in try c.input(i) }
            return [node(c, "Gemm", inputs: inputs, outputs: c.outputs(1), [
                .named("transA", .int(a ? 1 : 0)), .named("transB", .int(b ? 1 : 0)),
            ])]
        }, foldedInputs: none)

    static let matMul = AIRIrregular(
        export: { (c) throws(ConversionError) in
            AIROpDraft(
                type: "BatchMatMulV2", inputs: [try c.input(0), try c.input(1)],
                attributes: ["adj_x1": AIRAttr.bool(false), "adj_x2": AIRAttr.bool(false)], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            try c.requireUnused(from: 1)
            var nodes: [Node] = []
            var inputs = [try c.input(0), try c.input(1)]
            for (position, flag) in ["adj_x1", "adj_x2"].enumerated() where try c.bool(flag, default: false) {
                guard let rank = c.shape(ofInput: position)?.rank, rank >= 2 else {
                    throw c.error(.invalidShape, "input[\(position)]", "\(flag) needs the input's rank to build the transpose")
                }
                var perm = (0..<rank).map { Int64($0) }
                perm.swapAt(rank - 1, rank - 2)
                let output = "\(c.name)/\(flag):0"
                nodes.append(Node(
                    name: "\(c.name)/\(flag)", op: "Transpose", inputs: [inputs[position]], outputs: [output],
                    attributes: [.named("perm", .ints(perm))]))
                inputs[position] = output
            }
            nodes.append(node(c, "MatMul", inputs: inputs, outputs: c.outputs(1), []))
            return nodes
        }, foldedInputs: none)

    // MARK: Shape ops

    static let concat = AIRIrregular(
        export: { (c) throws(ConversionError) in
            let axis = try c.int("axis")
            var inputs = try c.allInputs()
            let count = inputs.count
            inputs.append(try c.addConst("concat_dim", try AIRConstants.axis(axis, c, "attribute.axis")))
            return AIROpDraft(type: "ConcatV2", inputs: inputs, attributes: ["N": AIRAttr.int(Int64(count))], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            let count = c.inputCount
            guard count >= 2 else { throw c.error(.invalidInput, nil, "ConcatV2 needs its values and an axis") }
            guard let axis = AIRConstants.ints(try c.constant(count - 1)), axis.count == 1 else {
                throw c.error(.invalidInput, "input[\(count - 1)]", "concat_dim must be one integer")
            }
            try c.requireUnused(from: 1)
            let inputs = try (0..<(count - 1)).map { (i) throws(ConversionError) in try c.input(i) }
            return [node(c, "Concat", inputs: inputs, outputs: c.outputs(1), [.named("axis", .int(axis[0]))])]
        },
        foldedInputs: { count in count > 0 ? [count - 1] : [] })

    static let split = AIRIrregular(
        export: { (c) throws(ConversionError) in
            guard c.hasInput(1) else { throw c.error(.invalidInput, "input[1]", "Split needs its sizes as an input") }
            _ = try c.int("num_outputs", default: Int64(c.node.outputs.count))
            let axis = try c.int("axis", default: 0)
            let inputs = [try c.input(0), try c.input(1), try c.addConst("split_dim", try AIRConstants.axis(axis, c, "attribute.axis"))]
            return AIROpDraft(
                type: "SplitV", inputs: inputs, attributes: ["num_split": AIRAttr.int(Int64(c.node.outputs.count))],
                outputCount: c.node.outputs.count)
        },
        importOp: { (c) throws(ConversionError) in
            let count = try c.int("num_split")
            guard count >= 1, count <= 1 << 16 else { throw c.error(.invalidAttribute, "attr.num_split", "num_split \(count) is out of range") }
            guard let axis = AIRConstants.ints(try c.constant(2)), axis.count == 1 else {
                throw c.error(.invalidInput, "input[2]", "split_dim must be one integer")
            }
            var sizes = try c.input(1)
            let sizeTensor = try c.constant(1)
            if sizeTensor.dtype != .int64 {
                guard let values = AIRConstants.ints(sizeTensor) else { throw c.error(.invalidInput, "input[1]", "size_splits must be integers") }
                sizes = c.addInitializer("split", AIRConstants.int64(values))
            }
            try c.requireUnused(from: Int(count))
            return [node(c, "Split", inputs: [try c.input(0), sizes], outputs: c.outputs(Int(count)), [.named("axis", .int(axis[0]))])]
        },
        foldedInputs: { count in count > 2 ? [2] : [] })

    static func axesExport(_ c: AIRExportContext, _ type: String, _ attribute: String) throws(ConversionError) -> AIROpDraft {
        var axes: [Int64] = []
        if c.hasInput(1) {
            guard let values = AIRConstants.ints(try c.constant(1)) else {
                throw c.error(.invalidInput, "input[1]", "axes must be an integer initializer")
            }
            axes = values
        }
        return AIROpDraft(type: type, inputs: [try c.input(0)], attributes: [attribute: AIRAttr.ints(axes)], outputCount: 1)
    }

    /// ReduceSum ↔ ReduceSumD: the axes from the attribute (before opset 13) or the constant
    /// input, as GE's `axes` list; back as opset 17's axes input. ONNX's "no axes" (every axis) is
    /// written as the full list, because GE's op prototypes come from TensorFlow, where an empty
    /// list reduces nothing; an empty list read back is refused for the same ambiguity. GE has no
    /// `noop_with_empty_axes`: it is refused when it would make the op the identity.
    static let reduceSum = AIRIrregular(
        export: { (c) throws(ConversionError) in
            var axes = try c.ints("axes") ?? []
            if c.hasInput(1) {
                guard let values = AIRConstants.ints(try c.constant(1)) else {
                    throw c.error(.invalidInput, "input[1]", "axes must be an integer initializer")
                }
                axes = values
            }
            if axes.isEmpty {
                if try c.int("noop_with_empty_axes", default: 0) != 0 {
                    throw c.error(.unsupportedAttribute, "attribute.noop_with_empty_axes", "ReduceSumD has no identity form for empty axes")
                }
                // Every axis, spelled out: GE's empty list follows TensorFlow's reading (no reduction).
                guard let rank = c.rank(ofInput: 0) else {
                    throw c.error(.invalidShape, "input[0]", "ReduceSum over every axis needs the input rank for ReduceSumD's axes")
                }
                axes = (0..<Int64(rank)).map { $0 }
            }
            let keep = try c.int("keepdims", default: 1) != 0
            return AIROpDraft(
                type: "ReduceSumD", inputs: [try c.input(0)], attributes: ["axes": AIRAttr.ints(axes), "keep_dims": AIRAttr.bool(keep)],
                outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            guard let axes = try c.ints("axes"), !axes.isEmpty else {
                throw c.error(.unsupportedAttribute, "attr.axes", "ReduceSumD without axes: TensorFlow reads it as no reduction, ONNX as every axis")
            }
            let keep = try c.bool("keep_dims", default: false)
            try c.requireUnused(from: 1)
            let inputs = [try c.input(0), c.addInitializer("axes", AIRConstants.int64(axes))]
            return [node(c, "ReduceSum", inputs: inputs, outputs: c.outputs(1), [.named("keepdims", .int(keep ? 1 : 0))])]
        }, foldedInputs: none)

    static let squeeze = AIRIrregular(
        export: { (c) throws(ConversionError) in try axesExport(c, "Squeeze", "axis") },
        importOp: { (c) throws(ConversionError) in
            let axes = try c.ints("axis") ?? []
            try c.requireUnused(from: 1)
            var inputs = [try c.input(0)]
            if !axes.isEmpty { inputs.append(c.addInitializer("axes", AIRConstants.int64(axes))) }
            return [node(c, "Squeeze", inputs: inputs, outputs: c.outputs(1), [])]
        }, foldedInputs: none)

    static let unsqueeze = AIRIrregular(
        export: { (c) throws(ConversionError) in try axesExport(c, "Unsqueeze", "axes") },
        importOp: { (c) throws(ConversionError) in
            let axes: [Int64]
            if c.op.type == "ExpandDims" {
                guard let values = AIRConstants.ints(try c.constant(1)), values.count == 1 else {
                    throw c.error(.invalidInput, "input[1]", "ExpandDims needs one constant axis")
                }
                axes = values
            } else {
                guard let values = try c.ints("axes"), !values.isEmpty else {
                    throw c.error(.invalidAttribute, "attr.axes", "Unsqueeze needs axes")
                }
                axes = values
            }
            try c.requireUnused(from: 1)
            let name = c.addInitializer("axes", AIRConstants.int64(axes))
            return [node(c, "Unsqueeze", inputs: [try c.input(0), name], outputs: c.outputs(1), [])]
        },
        foldedInputs: { count in count > 1 ? [1] : [] })

    static let cast = AIRIrregular(
        export: { (c) throws(ConversionError) in
            let to = try c.int("to")
            _ = try c.int("saturate", default: 1)
            guard let onnx = Int32(exactly: to).flatMap({ ONNXDataType(code: $0) }), let ge = AIRDataType(name: onnx.name) else {
                throw c.error(.unsupportedDType, "attribute.to", "ONNX type \(to) has no GE DataType")
            }
            return AIROpDraft(type: "Cast", inputs: [try c.input(0)], attributes: ["dst_type": AIRAttr.int(ge.code)], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            let code = try c.int("dst_type")
            guard let ge = AIRDataType(code: code),
                let onnx = ONNXDataType.allCodes.lazy.compactMap({ ONNXDataType(code: $0) }).first(where: { $0.name == ge.name })
            else {
                throw c.error(.unsupportedDType, "attr.dst_type", "GE type \(code) has no ONNX type")
            }
            try c.requireUnused(from: 1)
            return [node(c, "Cast", inputs: [try c.input(0)], outputs: c.outputs(1), [.named("to", .int(Int64(onnx.code)))])]
        }, foldedInputs: none)

    static let gather = AIRIrregular(
        export: { (c) throws(ConversionError) in
            let axis = try c.int("axis", default: 0)
            let inputs = [try c.input(0), try c.input(1), try c.addConst("axis", try AIRConstants.axis(axis, c, "attribute.axis"))]
            return AIROpDraft(type: "GatherV2", inputs: inputs, attributes: ["batch_dims": AIRAttr.int(0)], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            guard try c.int("batch_dims", default: 0) == 0 else {
                throw c.error(.unsupportedAttribute, "attr.batch_dims", "batched GatherV2 has no ONNX Gather form")
            }
            guard let axis = AIRConstants.ints(try c.constant(2)), axis.count == 1 else {
                throw c.error(.invalidInput, "input[2]", "GatherV2's axis must be one constant integer")
            }
            try c.requireUnused(from: 1)
            return [node(c, "Gather", inputs: [try c.input(0), try c.input(1)], outputs: c.outputs(1), [.named("axis", .int(axis[0]))])]
        },
        foldedInputs: { count in count > 2 ? [2] : [] })

    static let slice = AIRIrregular(
        export: { (c) throws(ConversionError) in
            let masks = ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"]
            return AIROpDraft(
                type: "StridedSliceV2", inputs: try c.allInputs(),
                attributes: Dictionary(uniqueKeysWithValues: masks.map { ($0, AIRAttr.int(0)) }), outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            try requireZeroMasks(c)
            try c.requireUnused(from: 1)
            var inputs = try c.allInputs()
            if c.op.type == "StridedSlice" {
                guard inputs.count == 4, let begin = AIRConstants.ints(try c.constant(1)) else {
                    throw c.error(.invalidInput, "input[1]", "StridedSlice needs x, constant begin, end and strides")
                }
                let axes = c.addInitializer("axes", AIRConstants.int64((0..<begin.count).map { Int64($0) }))
                inputs.insert(axes, at: 3)
            }
            return [node(c, "Slice", inputs: inputs, outputs: c.outputs(1), [])]
        }, foldedInputs: none)

    static let oneHot = AIRIrregular(
        export: { (c) throws(ConversionError) in
            guard let depth = AIRConstants.ints(try c.constant(1)), depth.count == 1, let narrow = Int32(exactly: depth[0]) else {
                throw c.error(.invalidInput, "input[1]", "OneHot depth must be one constant integer")
            }
            let values = try c.constant(2)
            guard values.shape == [2], let bytes = values.bytes?.bytes, bytes.count % 2 == 0 else {
                throw c.error(.invalidInput, "input[2]", "OneHot values must be a constant [off, on] pair")
            }
            let half = bytes.count / 2
            let off = Tensor(name: "", dtype: values.dtype, shape: [], bytes: TensorBytes(bytes: Array(bytes[..<half])))
            let on = Tensor(name: "", dtype: values.dtype, shape: [], bytes: TensorBytes(bytes: Array(bytes[half...])))
            let inputs = [
                try c.input(0), try c.addConst("depth", AIRConstants.int32Scalar(narrow)), try c.addConst("on_value", on),
                try c.addConst("off_value", off),
            ]
            return AIROpDraft(type: "OneHot", inputs: inputs, attributes: ["axis": AIRAttr.int(try c.int("axis", default: -1))], outputCount: 1)
        },
        importOp: { (c) throws(ConversionError) in
            guard let depth = AIRConstants.ints(try c.constant(1)), depth.count == 1 else {
                throw c.error(.invalidInput, "input[1]", "OneHot depth must be one constant integer")
            }
            let on = try c.constant(2)
            let off = try c.constant(3)
            guard on.dtype == off.dtype, let onBytes = on.bytes?.bytes, let offBytes = off.bytes?.bytes,
                onBytes.count == offBytes.count, on.elementCount == 1
            else {
                throw c.error(.invalidInput, "input[2]", "on_value and off_value must be scalars of one type")
            }
            try c.requireUnused(from: 1)
            let depthName = c.addInitializer("depth", AIRConstants.int64(depth, scalar: true))
            let valuesName = c.addInitializer(
                "values", Tensor(name: "", dtype: on.dtype, shape: [2], bytes: TensorBytes(bytes: offBytes + onBytes)))
            return [node(c, "OneHot", inputs: [try c.input(0), depthName, valuesName], outputs: c.outputs(1), [
                .named("axis", .int(try c.int("axis", default: -1))),
            ])]
        },
        foldedInputs: { _ in [1, 2, 3] })
}
