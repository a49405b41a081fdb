import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// GraphIR → .ms → GraphIR for every op family of the MindSpore Lite table, the layout passes,
/// flatc and Netron on what we write, and located errors for what has no mapping.
///
/// Equality is exact on ops, domains, node and value names, attributes (compared by name) and the
/// contents of constant operands (dtype, shape, bytes); constant *names* may change, because Lite
/// keeps perms, shapes and axes as int32 tensors that the importer turns back into int64 ONNX
/// operands, and conv weights are permuted OIHW → OHWI → OIHW under new names.
@Suite struct MSLiteLoweringTests {
    // MARK: Building models

    static func floats(_ name: String, _ shape: [Int], seed: UInt64) -> Tensor {
        AIRLoweringTests.floats(name, shape, seed: seed)
    }

    /// `tensor` with every float32 element made |x| + 0.5 (variances must be positive).
    static func positive(_ tensor: Tensor) -> Tensor {
        let bytes = tensor.bytes?.bytes ?? []
        var out: [UInt8] = []
        for at in stride(from: 0, to: bytes.count, by: 4) {
            let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            let value = abs(Float(bitPattern: bits)) + 0.5
            out += (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) }
        }
        return Tensor(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, bytes: TensorBytes(bytes: out))
    }

    static func scalar(_ name: String, _ value: Float) -> Tensor { AIRLoweringTests.scalar(name, value) }

    static func int64s(_ name: String, _ values: [Int64]) -> Tensor { AIRLoweringTests.int64s(name, values) }

    static func node(_ name: String, _ op: String, _ inputs: [String], _ outputs: [String], _ attributes: [Attribute] = []) -> Node {
        Node(name: name, op: op, inputs: inputs, outputs: outputs, attributes: attributes)
    }

    static func model(_ inputs: [Value], _ outputs: [Value], _ nodes: [Node], _ initializers: [Tensor]) -> Model {
        let gelu = nodes.contains { $0.op == "Gelu" }
        return Model(graph: Graph(name: "g", inputs: inputs, outputs: outputs, nodes: nodes, initializers: initializers),
            opsetImports: ["": gelu ? 20 : 17])
    }

    static func f32(_ name: String, _ shape: [Int]) -> Value { Value(name: name, dtype: .float32, shape: Shape(shape)) }

    /// One model per op family, in the attribute form the importer writes.
    static let cases: [(String, Model)] = {
        let x4 = f32("x", [1, 4, 6, 6])
        let conv: [Attribute] = [
            .named("group", .int(1)), .named("kernel_shape", .ints([3, 3])), .named("strides", .ints([1, 1])),
            .named("dilations", .ints([1, 1])), .named("pads", .ints([1, 0, 2, 1])),
        ]
        let depthwise: [Attribute] = [
            .named("group", .int(4)), .named("kernel_shape", .ints([3, 3])), .named("strides", .ints([2, 2])),
            .named("dilations", .ints([1, 1])), .named("auto_pad", .text("SAME_UPPER")),
        ]
        let valid: [Attribute] = [
            .named("group", .int(1)), .named("kernel_shape", .ints([2, 2])), .named("strides", .ints([1, 1])),
            .named("dilations", .ints([2, 2])), .named("auto_pad", .text("VALID")),
        ]
        let pool: [Attribute] = [
            .named("kernel_shape", .ints([2, 2])), .named("strides", .ints([2, 2])), .named("pads", .ints([1, 1, 0, 0])),
            .named("ceil_mode", .int(1)),
        ]
        func unary(_ op: String, _ attributes: [Attribute] = [], shape: [Int] = [2, 3]) -> (String, Model) {
            (op, model([f32("x", shape)], [f32("y", shape)], [node("n", op, ["x"], ["y"], attributes)], []))
        }
        func binary(_ op: String) -> (String, Model) {
            (op, model([f32("a", [2, 3]), f32("b", [2, 3])], [f32("y", [2, 3])], [node("n", op, ["a", "b"], ["y"])], []))
        }
        var cases: [(String, Model)] = [
            ("Conv", model([x4], [f32("y", [1, 5, 5, 7])], [node("conv", "Conv", ["x", "w", "b"], ["y"], conv)],
                [floats("w", [5, 4, 3, 3], seed: 1), floats("b", [5], seed: 2)])),
            ("Conv depthwise SAME", model([x4], [f32("y", [1, 4, 3, 3])], [node("dw", "Conv", ["x", "w"], ["y"], depthwise)],
                [floats("w", [4, 1, 3, 3], seed: 3)])),
            ("Conv VALID dilated", model([x4], [f32("y", [1, 2, 4, 4])], [node("cv", "Conv", ["x", "w"], ["y"], valid)],
                [floats("w", [2, 4, 2, 2], seed: 4)])),
            ("MaxPool", model([x4], [f32("y", [1, 4, 4, 4])], [node("mp", "MaxPool", ["x"], ["y"], pool)], [])),
            ("AveragePool", model([x4], [f32("y", [1, 4, 4, 4])], [node("ap", "AveragePool", ["x"], ["y"], pool)], [])),
            ("GlobalAveragePool", model([x4], [f32("y", [1, 4, 1, 1])], [node("gap", "GlobalAveragePool", ["x"], ["y"])], [])),
            ("GlobalMaxPool", model([x4], [f32("y", [1, 4, 1, 1])], [node("gmp", "GlobalMaxPool", ["x"], ["y"])], [])),
            ("BatchNormalization", model([x4], [f32("y", [1, 4, 6, 6])],
                [node("bn", "BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], [.named("epsilon", .float(1e-3)), .named("momentum", .float(0.8))])],
                [floats("s", [4], seed: 5), floats("b", [4], seed: 6), floats("m", [4], seed: 7), positive(floats("v", [4], seed: 8))])),
            ("Gemm", model([f32("x", [2, 3])], [f32("y", [2, 5])],
                [node("fc", "Gemm", ["x", "w", "c"], ["y"], [.named("transA", .int(0)), .named("transB", .int(1))])],
                [floats("w", [5, 3], seed: 9), floats("c", [5], seed: 10)])),
            ("MatMul", model([f32("a", [2, 3, 4]), f32("b", [2, 4, 5])], [f32("y", [2, 3, 5])], [node("mm", "MatMul", ["a", "b"], ["y"])], [])),
            binary("Add"), binary("Sub"), binary("Mul"), binary("Div"), binary("Pow"), binary("Max"), binary("Min"),
            unary("Relu"), unary("Sigmoid"), unary("Tanh"), unary("HardSwish"), unary("Softplus"),
            unary("Abs"), unary("Sqrt"), unary("Erf"), unary("Neg"),
            unary("Elu", [.named("alpha", .float(0.5))]), unary("LeakyRelu", [.named("alpha", .float(0.2))]),
            unary("HardSigmoid", [.named("alpha", .float(Float(1) / 6)), .named("beta", .float(0.5))]),
            unary("Gelu", [.named("approximate", .text("tanh"))]),
            unary("Softmax", [.named("axis", .int(-1))]),
            unary("Flatten", [.named("axis", .int(1))]),
            unary("Transpose", [.named("perm", .ints([1, 0]))]),
            unary("ReduceMean", [.named("axes", .ints([1])), .named("keepdims", .int(1))]),
            unary("ReduceMax", [.named("axes", .ints([0])), .named("keepdims", .int(0))]),
            ("Clip 0..6", model([f32("x", [2, 3])], [f32("y", [2, 3])], [node("r6", "Clip", ["x", "lo", "hi"], ["y"])],
                [scalar("lo", 0), scalar("hi", 6)])),
            ("Clip hard tanh", model([f32("x", [2, 3])], [f32("y", [2, 3])], [node("ht", "Clip", ["x", "lo", "hi"], ["y"])],
                [scalar("lo", -0.5), scalar("hi", 2)])),
            ("LayerNormalization", model([f32("x", [2, 3, 4])], [f32("y", [2, 3, 4])],
                [node("ln", "LayerNormalization", ["x", "s", "b"], ["y"], [.named("axis", .int(-1)), .named("epsilon", .float(1e-6))])],
                [floats("s", [4], seed: 11), floats("b", [4], seed: 12)])),
            ("Reshape", model([f32("x", [2, 3])], [f32("y", [3, 2])], [node("rs", "Reshape", ["x", "shape"], ["y"])], [int64s("shape", [3, -1])])),
            ("Slice to the ends", model([f32("x", [3, 4, 5])], [f32("y", [2, 3, 5])], [node("sl", "Slice", ["x", "s", "e", "a", "st"], ["y"])],
                [int64s("s", [1, 1, -1]), int64s("e", [Int64.max, Int64.max, -6]), int64s("a", [0, 1, 2]), int64s("st", [1, 1, -1])])),
            ("Tile", model([f32("x", [1, 3, 5])], [f32("y", [2, 3, 15])], [node("ti", "Tile", ["x", "repeats"], ["y"])], [int64s("repeats", [2, 1, 3])])),
            ("Concat", model([f32("a", [2, 3]), f32("b", [2, 2])], [f32("y", [2, 5])],
                [node("cat", "Concat", ["a", "b"], ["y"], [.named("axis", .int(1))])], [])),
            ("Split", model([f32("x", [2, 5])], [f32("p", [2, 2]), f32("q", [2, 3])],
                [node("sp", "Split", ["x", "split"], ["p", "q"], [.named("axis", .int(1))])], [int64s("split", [2, 3])])),
            ("Gather", model([f32("x", [4, 3])], [f32("y", [2, 3])], [node("ga", "Gather", ["x", "i"], ["y"], [.named("axis", .int(0))])],
                [Tensor(name: "i", dtype: .int32, shape: [2], bytes: TensorBytes(bytes: [1, 0, 0, 0, 3, 0, 0, 0]))])),
            ("Slice", model([f32("x", [4, 6])], [f32("y", [2, 2])], [node("sl", "Slice", ["x", "st", "en", "ax", "sp"], ["y"])],
                [int64s("st", [1, 0]), int64s("en", [3, 6]), int64s("ax", [0, 1]), int64s("sp", [1, 3])])),
            ("Squeeze", model([f32("x", [2, 1, 3])], [f32("y", [2, 3])], [node("sq", "Squeeze", ["x", "axes"], ["y"])], [int64s("axes", [1])])),
            ("Unsqueeze", model([f32("x", [2, 3])], [f32("y", [2, 1, 3])], [node("us", "Unsqueeze", ["x", "axes"], ["y"])], [int64s("axes", [1])])),
            ("ReduceSum", model([f32("x", [2, 3])], [f32("y", [2])], [node("rsum", "ReduceSum", ["x", "axes"], ["y"], [.named("keepdims", .int(0))])],
                [int64s("axes", [1])])),
            ("Cast", model([f32("x", [2, 3])], [Value(name: "y", dtype: .int32, shape: Shape([2, 3]))],
                [node("cast", "Cast", ["x"], ["y"], [.named("to", .int(6))])], [])),
            ("DequantizeLinear", model([Value(name: "x", dtype: .int8, shape: Shape([2, 3]))], [f32("y", [2, 3])],
                [node("dq", "DequantizeLinear", ["x", "scale", "zero"], ["y"])],
                [scalar("scale", 0.25), Tensor(name: "zero", dtype: .int8, shape: [], bytes: TensorBytes(bytes: [0xFD]))])),
            ("QuantizeLinear", model([f32("x", [2, 3])], [Value(name: "y", dtype: .int8, shape: Shape([2, 3]))],
                [node("q", "QuantizeLinear", ["x", "scale", "zero"], ["y"])],
                [scalar("scale", 0.0625), Tensor(name: "zero", dtype: .int8, shape: [], bytes: TensorBytes(bytes: [0x05]))])),
        ]
        // PRelu, Pad and Resize (U-Net decoders), in the forms Lite runs as onnxruntime does.
        let pads: [Int64] = [0, 0, 1, 2, 0, 0, 2, 1]
        cases += [
            ("PRelu per channel", model([x4], [f32("y", [1, 4, 6, 6])], [node("pr", "PRelu", ["x", "s"], ["y"])], [floats("s", [4, 1, 1], seed: 13)])),
            ("PRelu shared", model([x4], [f32("y", [1, 4, 6, 6])], [node("pr", "PRelu", ["x", "s"], ["y"])], [floats("s", [1], seed: 14)])),
            ("PRelu last axis", model([f32("x", [2, 3])], [f32("y", [2, 3])], [node("pr", "PRelu", ["x", "s"], ["y"])], [floats("s", [3], seed: 15)])),
            ("Pad constant", model([x4], [f32("y", [1, 4, 9, 9])], [node("pad", "Pad", ["x", "p", "v"], ["y"], [.named("mode", .text("constant"))])],
                [int64s("p", pads), scalar("v", 0.5)])),
            ("Pad reflect", model([x4], [f32("y", [1, 4, 9, 9])], [node("pad", "Pad", ["x", "p"], ["y"], [.named("mode", .text("reflect"))])],
                [int64s("p", pads)])),
            ("Pad edge by 1", model([x4], [f32("y", [1, 4, 7, 8])], [node("pad", "Pad", ["x", "p"], ["y"], [.named("mode", .text("edge"))])],
                [int64s("p", [0, 0, 1, 1, 0, 0, 0, 1])])),
            unary("Reciprocal"), unary("Exp"), unary("LogSoftmax", [.named("axis", .int(-1))]),
        ]
        // ConvTranspose (decoders' upsampling): uneven pads with output padding, SAME_UPPER,
        // depthwise; the attribute sets our reader gives back.
        func transposed(_ group: Int64, _ pads: Attribute, _ strides: [Int64], _ outputPadding: [Int64]) -> [Attribute] {
            [
                .named("group", .int(group)), .named("kernel_shape", .ints([3, 5])), .named("strides", .ints(strides)),
                .named("dilations", .ints([1, 1])), pads, .named("output_padding", .ints(outputPadding)),
            ]
        }
        cases += [
            ("ConvTranspose", model([x4], [f32("y", [1, 2, 11, 10])],
                [node("up", "ConvTranspose", ["x", "w", "b"], ["y"], transposed(1, .named("pads", .ints([1, 0, 0, 2])), [2, 2], [1, 1]))],
                [floats("w", [4, 2, 3, 5], seed: 17), floats("b", [2], seed: 18)])),
            ("ConvTranspose SAME_UPPER", model([x4], [f32("y", [1, 2, 12, 12])],
                [node("up", "ConvTranspose", ["x", "w"], ["y"], transposed(1, .named("auto_pad", .text("SAME_UPPER")), [2, 2], [0, 0]))],
                [floats("w", [4, 2, 3, 5], seed: 19)])),
            ("ConvTranspose depthwise", model([x4], [f32("y", [1, 4, 8, 10])],
                [node("up", "ConvTranspose", ["x", "w"], ["y"], transposed(4, .named("pads", .ints([0, 0, 0, 0])), [1, 1], [0, 0]))],
                [floats("w", [4, 1, 3, 5], seed: 20)])),
        ]
        for (mode, transform, rounding, out) in [
            ("nearest", "asymmetric", "floor", [12, 12]), ("nearest", "half_pixel", "floor", [9, 15]),
            ("nearest", "align_corners", "round_prefer_ceil", [9, 15]), ("linear", "half_pixel", nil, [12, 9]),
            ("linear", "align_corners", nil, [12, 9]), ("linear", "asymmetric", nil, [3, 4]),
        ] as [(String, String, String?, [Int])] {
            var attributes: [Attribute] = [.named("coordinate_transformation_mode", .text(transform)), .named("mode", .text(mode))]
            if let rounding { attributes.append(.named("nearest_mode", .text(rounding))) }
            cases.append(("Resize \(mode) \(transform) \(out)", model([x4], [f32("y", [1, 4] + out)],
                [node("rs", "Resize", ["x", "", "", "sizes"], ["y"], attributes)], [int64s("sizes", [1, 4] + out.map(Int64.init))])))
        }
        cases.sort { $0.0 < $1.0 }
        return cases
    }()

    // MARK: Comparing graphs

    /// A constant operand by content, so renamed constants compare equal.
    static func describe(_ tensor: Tensor) -> String {
        "const(\(tensor.dtype) \(tensor.shape) \(tensor.bytes?.bytes ?? []))"
    }

    static func normalized(_ graph: Graph) -> [String] {
        let constants = Dictionary(graph.initializers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var lines = graph.inputs.map { "input \($0.name) \($0.type)" } + graph.outputs.map { "output \($0.name) \($0.type)" }
        for node in graph.nodes {
            let inputs = node.inputs.map { constants[$0].map(describe) ?? $0 }
            let attributes = node.attributes.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.value)" }
            lines.append("\(node.name) \(node.domain).\(node.op) \(inputs) -> \(node.outputs) \(attributes)")
        }
        return lines
    }

    static func roundTrip(_ model: Model) throws -> (MSLiteDocument, Model) {
        let bytes = try MSLiteExporter.encodeModel(model)
        let document = try MSLiteCodec.decode(ByteStorage(bytes: bytes))
        return (document, try MSLiteImporter.importModel(document))
    }

    @Test("GraphIR -> .ms -> GraphIR is the identity", arguments: cases)
    func roundTripPerOp(_ name: String, _ model: Model) throws {
        let (_, back) = try Self.roundTrip(model)
        #expect(Self.normalized(back.graph) == Self.normalized(model.graph), "\(name)")
        #expect(back.opsetImports == model.opsetImports)
    }

    @Test func spatialOpsRunChannelLastBetweenTransposes() throws {
        let (document, _) = try Self.roundTrip(Self.cases.first { $0.0 == "Conv" }!.1)
        #expect(document.nodes.map { $0.primitive?.name } == ["Transpose", "Conv2DFusion", "Transpose"])
        let conv = try #require(document.nodes[1].primitive)
        #expect(conv["format"]?.integerValue == 1)
        #expect(conv["pad_list"]?.integers == [1, 2, 0, 1])  // ONNX [t, l, b, r] = [1, 0, 2, 1] -> Lite [t, b, l, r]
        #expect(conv["in_channel"]?.integerValue == 4)
        #expect(conv["out_channel"]?.integerValue == 5)
        let weight = document.tensors[Int(document.nodes[1].inputIndex[1])]
        #expect(weight.dims == [5, 3, 3, 4])
        // Element [o, i, h, w] of the OIHW weight sits at [o, h, w, i].
        let source = try #require(Self.floats("w", [5, 4, 3, 3], seed: 1).bytes?.bytes)
        let written = weight.data.bytes
        for (o, i, h, w) in [(0, 0, 0, 0), (4, 3, 2, 1), (2, 1, 0, 2)] {
            let from = ((o * 4 + i) * 3 + h) * 3 + w
            let to = ((o * 3 + h) * 3 + w) * 4 + i
            #expect(Array(written[to * 4..<to * 4 + 4]) == Array(source[from * 4..<from * 4 + 4]))
        }
        #expect(document.tensors[Int(document.nodes[1].inputIndex[0])].format == 1)
        #expect(document.tensors[Int(document.inputIndex[0])].dims == [1, 4, 6, 6])
    }

    @Test func adjacentInverseTransposesCancel() throws {
        let graph = Graph(
            name: "g", inputs: [Self.f32("x", [1, 2, 3, 4])], outputs: [Self.f32("y", [1, 2, 3, 4]), Self.f32("e", [1, 4, 2, 3])],
            nodes: [
                Self.node("r", "Relu", ["x"], ["a"]),
                Self.node("t1", "Transpose", ["a"], ["b"], [.named("perm", .ints([0, 2, 3, 1]))]),
                Self.node("t2", "Transpose", ["b"], ["c"], [.named("perm", .ints([0, 3, 1, 2]))]),
                Self.node("s", "Sigmoid", ["c"], ["y"]),
                Self.node("t3", "Transpose", ["x"], ["d"], [.named("perm", .ints([0, 2, 3, 1]))]),
                Self.node("t4", "Transpose", ["d"], ["e"], [.named("perm", .ints([0, 2, 3, 1]))]),
            ])
        let out = try LayoutPass.cancelTransposes(graph)
        #expect(out.nodes.map(\.name) == ["r", "s", "t3", "t4"])
        #expect(out.nodes[0].outputs == ["c"])
        #expect(out.nodes[1].inputs == ["c"])
    }

    @Test func fannedOutTransposeCancelsPerReaderAndDeadOnesGo() throws {
        let nhwc: AttributeValue = .ints([0, 2, 3, 1])
        let nchw: AttributeValue = .ints([0, 3, 1, 2])
        let graph = Graph(
            name: "g", inputs: [Self.f32("x", [1, 2, 3, 4])], outputs: [Self.f32("p", [1, 2, 3, 4]), Self.f32("q", [1, 2, 3, 4])],
            nodes: [
                Self.node("r", "Relu", ["x"], ["a"]),
                Self.node("t", "Transpose", ["a"], ["b"], [.named("perm", nhwc)]),
                Self.node("u1", "Transpose", ["b"], ["c1"], [.named("perm", nchw)]),
                Self.node("u2", "Transpose", ["b"], ["c2"], [.named("perm", nchw)]),
                Self.node("s", "Sigmoid", ["c1"], ["p"]),
                Self.node("h", "Tanh", ["c2"], ["q"]),
            ])
        let out = try LayoutPass.cancelTransposes(graph)
        #expect(out.nodes.map(\.name) == ["r", "s", "h"])
        #expect(out.nodes[1].inputs == ["a"] && out.nodes[2].inputs == ["a"])
    }

    @Test func transposesSinkBelowElementwiseOps() throws {
        let graph = Graph(
            name: "g", inputs: [Self.f32("x", [1, 2, 3, 4])], outputs: [Self.f32("y", [1, 3, 4, 2])],
            nodes: [
                Self.node("t", "Transpose", ["x"], ["b"], [.named("perm", .ints([0, 2, 3, 1]))]),
                Self.node("r", "Relu", ["b"], ["y"]),
            ])
        let out = LayoutPass.sinkTransposes(graph)
        #expect(out.nodes.map(\.op) == ["Relu", "Transpose"])
        #expect(out.nodes[0].inputs == ["x"] && out.nodes[1].outputs == ["y"])
    }

    // MARK: Oracles on what we write

    @Test func flatcAndNetronReadWhatWeWrite() throws {
        let dir = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, (name, model)) in Self.cases.enumerated() {
            let file = dir.appendingPathComponent("case\(index).ms")
            let document = try MSLiteExporter.exportModel(model)
            try MSLiteCodec.write(document, to: file.path)
            let problems = try MSLiteOracles.flatcDisagreements(file)
            #expect(problems.isEmpty, "\(name): \(problems.prefix(5))")
            let shown = try MSLiteOracles.netron(file)
            let nodes = try #require((shown["graphs"] as? [[String: Any]])?.first?["nodes"] as? [[String: Any]])
            #expect(nodes.map { $0["type"] as? String } == document.nodes.map { $0.primitive?.name }, "\(name)")
        }
    }

    // MARK: Errors

    @Test func unmappedLiteOpIsALocatedError() throws {
        var document = try MSLiteExporter.exportModel(Self.cases.first { $0.0 == "Relu" }!.1)
        document.nodes[0].primitive = try MSLitePrimitive("TopKFusion", [:])
        document.nodes[0].name = "topk"
        #expect {
            _ = try MSLiteImporter.importModel(document)
        } throws: { error in
            guard let e = error as? ConversionError else { return false }
            return e.code == .unsupportedOp && e.nodeIndex == 0 && e.nodeName == "topk" && e.op == "TopKFusion" && e.format == .mslite
        }
    }

    @Test func unmappedGraphOpIsALocatedError() throws {
        let model = Self.model([Self.f32("x", [2, 3])], [Self.f32("y", [2, 3])],
            [Self.node("a", "Relu", ["x"], ["r"]), Self.node("hm", "Hardmax", ["r"], ["y"])], [])
        #expect {
            _ = try MSLiteExporter.exportModel(model)
        } throws: { error in
            guard let e = error as? ConversionError else { return false }
            return e.code == .unsupportedOp && e.nodeIndex == 1 && e.nodeName == "hm" && e.op == "Hardmax"
        }
        let softsign = Self.model([Self.f32("x", [2, 3])], [Self.f32("y", [2, 3])], [Self.node("ss", "Softsign", ["x"], ["y"])], [])
        #expect {
            _ = try MSLiteExporter.exportModel(softsign)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .unsupportedOp && $0.nodeName == "ss" } ?? false
        }
    }

    /// The PRelu, Pad and Resize forms that Lite does not run as ONNX defines them (its converter
    /// writes some of them anyway) are refused, naming the node and the field.
    @Test func padResizeAndPReluFormsLiteRunsDifferentlyAreRefused() throws {
        func refused(_ model: Model, _ field: String, _ node: String) -> Bool {
            do {
                _ = try MSLiteExporter.exportModel(model)
                return false
            } catch {
                return error.code == .unsupportedAttribute && error.field == field && error.nodeName == node
            }
        }
        // Edge padding by 2: Lite's SYMMETRIC mirrors instead of repeating the edge.
        var edge = Self.cases.first { $0.0 == "Pad edge by 1" }!.1
        edge.graph.initializers[0] = Self.int64s("p", [0, 0, 2, 1, 0, 0, 0, 1])
        #expect(refused(edge, "attribute.mode", "pad"))
        // Nearest with half_pixel and round_prefer_floor: Lite picks other pixels.
        var nearest = Self.cases.first { $0.0.hasPrefix("Resize nearest half_pixel") }!.1
        nearest.graph.nodes[0].setAttribute("nearest_mode", .text("round_prefer_floor"))
        #expect(refused(nearest, "attribute.nearest_mode", "rs"))
        var cubic = Self.cases.first { $0.0.hasPrefix("Resize linear half_pixel") }!.1
        cubic.graph.nodes[0].setAttribute("mode", .text("cubic"))
        #expect(refused(cubic, "attribute.coordinate_transformation_mode", "rs"))
        // A slope along the width of 4-D data.
        var prelu = Self.cases.first { $0.0 == "PRelu per channel" }!.1
        prelu.graph.initializers[0] = Self.floats("s", [1, 1, 6], seed: 3)
        #expect(refused(prelu, "input[1]", "pr"))

        // On import: SYMMETRIC by 2, and nearest_mode 1 (ROUND_HALF_DOWN) with half-pixel coordinates.
        var document = try MSLiteExporter.exportModel(Self.cases.first { $0.0 == "Pad reflect" }!.1)
        let padIndex = try #require(document.nodes.firstIndex { $0.primitive?.name == "PadFusion" })
        document.nodes[padIndex].primitive = try MSLitePrimitive("PadFusion", ["padding_mode": .int(2, .int8)])
        #expect {
            _ = try MSLiteImporter.importModel(document)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .unsupportedAttribute && $0.field == "padding_mode" && $0.nodeIndex == padIndex } ?? false
        }
        var resized = try MSLiteExporter.exportModel(Self.cases.first { $0.0.hasPrefix("Resize nearest half_pixel") }!.1)
        let resizeIndex = try #require(resized.nodes.firstIndex { $0.primitive?.name == "Resize" })
        resized.nodes[resizeIndex].primitive = try MSLitePrimitive(
            "Resize", ["format": .int(1, .int32), "method": .int(1, .int8), "coordinate_transform_mode": .int(2, .int8), "nearest_mode": .int(1, .int8)])
        #expect {
            _ = try MSLiteImporter.importModel(resized)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .unsupportedAttribute && $0.field == "nearest_mode" && $0.nodeIndex == resizeIndex } ?? false
        }
    }

    @Test func unsupportedFieldValuesAreLocated() throws {
        var document = try MSLiteExporter.exportModel(Self.cases.first { $0.0 == "Relu" }!.1)
        document.nodes[0].primitive = try MSLitePrimitive("Activation", ["activation_type": .int(14, .int8)])
        #expect {
            _ = try MSLiteImporter.importModel(document)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .unsupportedAttribute && $0.field == "activation_type" && $0.nodeIndex == 0 } ?? false
        }
        // A tensor index past the tensor list.
        document.nodes[0].inputIndex = [99]
        #expect {
            _ = try MSLiteImporter.importModel(document)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .invalidModel && $0.nodeIndex == 0 } ?? false
        }
        // Backwards through element 0 has no Lite form.
        var slice = Self.cases.first { $0.0 == "Slice to the ends" }!.1
        slice.graph.initializers[slice.graph.initializers.firstIndex { $0.name == "e" }!] = Self.int64s("e", [3, 4, Int64.min])
        #expect {
            _ = try MSLiteExporter.exportModel(slice)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .unsupportedAttribute && $0.field == "input[2]" && $0.nodeName == "sl" } ?? false
        }
        // SAME_LOWER has no Lite pad mode.
        var conv = Self.cases.first { $0.0 == "Conv depthwise SAME" }!.1
        conv.graph.nodes[0].setAttribute("auto_pad", .text("SAME_LOWER"))
        #expect {
            _ = try MSLiteExporter.exportModel(conv)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .unsupportedAttribute && $0.field == "attribute.auto_pad" && $0.nodeName == "dw" } ?? false
        }
    }

    @Test func constantWithShortDataIsAnError() throws {
        var document = try MSLiteExporter.exportModel(Self.cases.first { $0.0 == "Gemm" }!.1)
        let w = try #require(document.tensors.firstIndex { $0.name == "w" })
        document.tensors[w].data = ByteView(bytes: [0, 0, 0])
        #expect {
            _ = try MSLiteImporter.importModel(document)
        } throws: { error in
            (error as? ConversionError).map { $0.code == .data && $0.field == "input[1]" } ?? false
        }
    }
}
