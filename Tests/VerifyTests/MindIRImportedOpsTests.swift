import Convert
import Formats
import Foundation
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// MindSpore primitives that zoo networks use (MobileNetV3's HSwish and HSigmoid, LeakyReLU's
/// Maximum, ViT's Tile, Muls, Div and class-token StridedSlice, PReLU, REFLECT padding, nearest
/// upsampling, decoders' Conv2DTranspose, YOLO's SiLU and Mish, Rsqrt, Square, LogSoftmax, Elu, Softplus, Floor): each in a MindSpore-made network (scripts/mindir_op_nets.py), imported, run on
/// both CPU backends and compared with the outputs MindSpore computed for the same inputs (float32
/// tolerance); then
/// written as ONNX, read back and run again, which must give the same bits.
@Suite struct MindIRImportedOpsTests {
    /// Network name -> the GraphIR ops it must import to.
    static let cases: [String: [String]] = [
        "hswish": ["HardSwish"], "hsigmoid": ["HardSigmoid"], "maximum": ["Max"], "minimum": ["Min"], "tile": ["Tile"],
        "muls": ["Mul"], "div": ["Div"], "prelu": ["PRelu"], "mirrorpad": ["Pad"],
        "resize_nearest": ["Resize"], "resize_nearest_align": ["Resize"], "stridedslice_masks": ["Slice", "Squeeze"],
        "floor": ["Floor"], "reciprocal": ["Reciprocal"], "softplus": ["Softplus"], "elu": ["Elu"], "logsoftmax": ["LogSoftmax"],
        "conv_transpose_same": ["ConvTranspose"], "conv_transpose_pad": ["ConvTranspose"],
        "conv_transpose_valid": ["ConvTranspose"], "rsqrt": ["Sqrt", "Reciprocal"], "square": ["Mul"], "silu": ["Sigmoid", "Mul"], "mish": ["Softplus", "Tanh", "Mul"],
    ]
    static var names: [String] { cases.keys.sorted() }
    /// Absolute tolerances wider than float32's 1e-6, where MindSpore itself is further from the
    /// exact value: its CPU LogSoftmax is off numpy's float64 computation by up to 3e-6.
    static let atol: [String: Double] = ["logsoftmax": 1e-5]

    static let exported: Result<URL, OracleError> = {
        do {
            let directory = try Project.temporaryDirectory()
            let script = Project.root.appendingPathComponent("scripts/mindir_op_nets.py").path
            let result = try runProcess(Project.python, [script, "export", directory.path] + names, environment: ["GLOG_v": "3"])
            guard result.status == 0 else { return .failure(.failed("mindir_op_nets.py export: \(result.stderr.suffix(2000))")) }
            return .success(directory)
        } catch {
            return .failure(.failed("\(error)"))
        }
    }()

    static func arrays(_ url: URL, prefix: String) throws -> [NDArray] {
        try NPZ.read(path: url.path).filter { $0.name.hasPrefix(prefix) }
            .sorted { Int($0.name.dropFirst(prefix.count)) ?? 0 < Int($1.name.dropFirst(prefix.count)) ?? 0 }.map(\.array)
    }

    @Test(arguments: names) func runsAsMindSporeDoes(name: String) throws {
        let directory = try Self.exported.get()
        let model = try ModelLoader.load(path: directory.appendingPathComponent("\(name).mindir").path)
        try model.validate()
        #expect(model.graph.nodes.map(\.op) == Self.cases[name], "\(model.graph.nodes.map(\.op))")
        let inputs = try Self.arrays(directory.appendingPathComponent("\(name).inputs.npz"), prefix: "x")
        let expected = try Self.arrays(directory.appendingPathComponent("\(name).outputs.npz"), prefix: "y")
        let initialized = Set(model.graph.initializers.map(\.name))
        let names = model.graph.inputs.filter { !initialized.contains($0.name) }.map(\.name)
        try #require(names.count == inputs.count)
        let given = Dictionary(uniqueKeysWithValues: zip(names, inputs))
        var reference: [NDArray] = []
        for backend in [Backend.reference, .fast] {
            let outputs = try Interpreter(model: model, backend: backend).run(tensors: given).map(\.value)
            if backend == .reference { reference = outputs }
            try #require(outputs.count == expected.count)
            for (actual, wanted) in zip(outputs, expected) {
                #expect(actual.shape == wanted.shape, "\(name) on \(backend): \(actual.shape) vs \(wanted.shape)")
                let a = try #require(actual.doubles()), e = try #require(wanted.doubles())
                // float32 tolerance (rtol 1e-5, atol 1e-6): MindSpore computes transcendental ops in
                // float32, the reference backend in double.
                let worst = zip(a, e).map { abs($0 - $1) - 1e-5 * abs($1) }.max() ?? 0
                #expect(worst <= Self.atol[name, default: 1e-6], "\(name) on \(backend): off MindSpore's outputs by up to \(worst) beyond rtol 1e-5")
                #expect(e.contains { $0 != 0 }, "\(name): MindSpore's output is all zeros")
            }
        }
        let back = try ConversionCheck.roundTrip(model, .onnx)
        let again = try Interpreter(model: back).run(tensors: given).map(\.value)
        #expect(again == reference, "\(name): the ONNX round trip changed the outputs")
    }

    /// The nets whose ops AIR has (GE's forms, as MindSpore's GE adapters write them), and the GE
    /// op types each must be written with.
    static let airTypes: [String: [String]] = [
        "hswish": ["HardSwish"], "hsigmoid": ["HardSigmoid"], "maximum": ["Maximum"], "minimum": ["Minimum"], "tile": ["Tile"],
        "prelu": ["PRelu"], "mirrorpad": ["MirrorPad"], "resize_nearest": ["ResizeNearestNeighborV2"],
        "resize_nearest_align": ["ResizeNearestNeighborV2"], "floor": ["Floor"], "reciprocal": ["Reciprocal"],
        "softplus": ["Softplus"], "elu": ["Elu"], "logsoftmax": ["LogSoftmaxV2"],
    ]

    /// Written as AIR (checked by protoc, which must decode the file and name the GE op), read
    /// back and run: the same bits as the MindIR import gives.
    @Test(arguments: airTypes.keys.sorted()) func writtenAsAIRAndReadBackGivesTheSameBits(name: String) throws {
        guard let protoc = which("protoc") else { throw OracleError.missing("protoc (apt protobuf-compiler)") }
        let directory = try Self.exported.get()
        let model = try ModelLoader.load(path: directory.appendingPathComponent("\(name).mindir").path)
        let inputs = try Self.arrays(directory.appendingPathComponent("\(name).inputs.npz"), prefix: "x")
        let initialized = Set(model.graph.initializers.map(\.name))
        let given = Dictionary(uniqueKeysWithValues: zip(model.graph.inputs.filter { !initialized.contains($0.name) }.map(\.name), inputs))
        let expected = try Interpreter(model: model).run(tensors: given).map(\.value)
        let bytes = try AIRCodec.encode(try AIRExporter.exportModel(model))
        let protos = Project.root.appendingPathComponent("Protos").path
        let decoded = try runProcess(protoc, ["--decode=ge.proto.ModelDef", "--proto_path=\(protos)", "\(protos)/ge_ir.proto"], stdin: Data(bytes))
        try #require(decoded.status == 0, "protoc: \(decoded.stderr)")
        for type in Self.airTypes[name] ?? [] { #expect(decoded.stdoutText.contains("type: \"\(type)\""), "\(name): no \(type) op") }
        let back = try AIRImporter.importModel(try AIRCodec.decode(ByteStorage(bytes: bytes, path: "\(name).air")))
        try back.validate()
        let again = try Interpreter(model: back).run(tensors: given).map(\.value)
        #expect(again == expected, "\(name): the AIR round trip changed the outputs")
    }

    /// What GE's forms cannot hold is refused, naming the node and the field: edge padding wider
    /// than 1, linear Resize, a slope that is not per channel.
    @Test func theAIRWriterRefusesWhatGEFormsCannotHold() throws {
        func refused(_ node: Node, _ initializers: [Tensor], _ field: String) -> Bool {
            let model = Model(
                graph: Graph(
                    name: "g", inputs: [Value(name: "x", dtype: .float32, shape: Shape([1, 4, 6, 6]))],
                    outputs: [Value(name: "y", dtype: .float32)], nodes: [node], initializers: initializers),
                opsetImports: ["": 17])
            do {
                _ = try AIRExporter.exportModel(model)
                return false
            } catch {
                return error.nodeName == node.name && error.field == field
            }
        }
        func ints(_ name: String, _ values: [Int64]) -> Tensor {
            Tensor(name: name, dtype: .int64, shape: [values.count], bytes: TensorBytes(bytes: values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }))
        }
        #expect(refused(
            Node(name: "pad", op: "Pad", inputs: ["x", "p"], outputs: ["y"], attributes: [.named("mode", .text("edge"))]),
            [ints("p", [0, 0, 2, 0, 0, 0, 0, 1])], "attribute.mode"))
        #expect(refused(
            Node(name: "up", op: "Resize", inputs: ["x", "", "", "s"], outputs: ["y"], attributes: [.named("mode", .text("linear"))]),
            [ints("s", [1, 4, 12, 12])], "attribute.mode"))
        let slope = Tensor(name: "w", dtype: .float32, shape: [1, 1, 6], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 24)))
        #expect(refused(Node(name: "act", op: "PRelu", inputs: ["x", "w"], outputs: ["y"]), [slope], "input[1]"))
    }

    /// A Conv2DTranspose whose `input_sizes` no output_padding reaches is refused, naming the
    /// node and the field.
    @Test func anUnreachableTransposedOutputSizeIsRefused() throws {
        let directory = try Self.exported.get()
        var proto = try MindIr_ModelProto(serializedBytes: Data(contentsOf: directory.appendingPathComponent("conv_transpose_same.mindir")))
        let conv = try #require(proto.graph.node.firstIndex { $0.opType.contains("Conv2DTranspose") })
        let sizesNode = try #require(proto.graph.node.firstIndex { $0.output.first == proto.graph.node[conv].input[2] })
        var value = try #require(proto.graph.node[sizesNode].attribute.first)
        try #require(value.values.count == 4)
        value.values[3].ints = [100]
        proto.graph.node[sizesNode].attribute[0] = value
        #expect {
            _ = try MindIRImporter.importModel(proto)
        } throws: { error in
            guard let error = error as? ConversionError else { return false }
            return error.field == "input_sizes" && error.nodeIndex != nil && error.op == "Conv2DTranspose"
                && error.message.contains("output size 100 is not reachable")
        }
    }

    /// The MindIR writer refuses what its primitives cannot hold, naming the node: a transposed
    /// convolution whose output size overflows (stride 2⁶² over 5 rows wraps to 3 rows when the
    /// arithmetic is not checked), a PRelu slope that is not per channel.
    @Test func theMindIRWriterRefusesWhatItsPrimitivesCannotHold() throws {
        func model(_ node: Node, weight: Tensor) -> Model {
            Model(
                graph: Graph(
                    name: "g", inputs: [Value(name: "x", dtype: .float32, shape: Shape([1, 2, 5, 5]))],
                    outputs: [Value(name: "y", dtype: .float32)], nodes: [node], initializers: [weight]),
                opsetImports: ["": 17])
        }
        let weight = Tensor(name: "w", dtype: .float32, shape: [2, 3, 3, 3], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 216)))
        let transposed = model(
            Node(name: "up", op: "ConvTranspose", inputs: ["x", "w"], outputs: ["y"], attributes: [.named("strides", .ints([1 << 62, 1]))]),
            weight: weight)
        #expect {
            _ = try MindIRExporter.exportModel(transposed)
        } throws: { error in
            (error as? ConversionError).map { $0.nodeName == "up" && $0.field == "attribute.pads" } ?? false
        }
        let slope = Tensor(name: "w", dtype: .float32, shape: [2, 3], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 24)))
        #expect {
            _ = try MindIRExporter.exportModel(model(Node(name: "act", op: "PRelu", inputs: ["x", "w"], outputs: ["y"]), weight: slope))
        } throws: { error in
            (error as? ConversionError).map { $0.nodeName == "act" && $0.field == "input[1]" && $0.code == .invalidShape } ?? false
        }
    }

    /// What has no ONNX form is refused naming the node, the primitive and the attribute.
    @Test func symmetricMirrorPaddingIsRefused() throws {
        let directory = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let builder = """
            import sys, numpy as np, mindspore as ms
            from mindspore import nn, Tensor
            ms.set_context(mode=ms.GRAPH_MODE, device_target="CPU")
            net = nn.Pad(((0, 0), (0, 0), (1, 1), (1, 1)), mode="SYMMETRIC")
            ms.export(net, Tensor(np.ones((1, 1, 3, 3), np.float32)), file_name=sys.argv[1], file_format="MINDIR")
            """
        let stem = directory.appendingPathComponent("symmetric").path
        let made = try runProcess(Project.python, ["-c", builder, stem], environment: ["GLOG_v": "3"])
        try #require(made.status == 0, "\(made.stderr.suffix(1500))")
        #expect {
            _ = try ModelLoader.load(path: stem + ".mindir")
        } throws: { error in
            let text = "\(error)"
            return text.contains("MirrorPad") && text.contains("mode") && text.contains("SYMMETRIC")
        }
    }
}

/// ONNX's variadic Max and Min reach the two-input targets (MindIR, AIR, .ms) as chains of
/// two-input nodes (one input: the node of it with itself), and compute what the source does.
@Suite struct VariadicRewriteTests {
    @Test(arguments: [ModelFormat.mindir, .air, .mslite]) func maxAndMinOfThreeOrOneInputsConvert(target: ModelFormat) throws {
        let nodes = [
            Node(name: "max3", op: "Max", inputs: ["a", "b", "c"], outputs: ["m"]),
            Node(name: "min1", op: "Min", inputs: ["m"], outputs: ["n"]),
            Node(name: "min3", op: "Min", inputs: ["n", "c", "b"], outputs: ["y"]),
        ]
        let model = Model(
            graph: Graph(
                name: "g", inputs: ["a", "b", "c"].map { Value(name: $0, dtype: .float32, shape: Shape([2, 3])) },
                outputs: [Value(name: "y", dtype: .float32, shape: Shape([2, 3]))], nodes: nodes),
            opsetImports: ["": 17])
        let inputs = try InputGenerator.random(for: model, seed: 3)
        let expected = try Interpreter(model: model).run(tensors: inputs).map(\.value)
        let (prepared, notes) = try Converter.prepare(model, for: target, options: ConversionOptions())
        #expect(notes.contains("3 Max/Min nodes of other than two inputs written with two-input nodes"), "\(notes)")
        #expect(prepared.graph.nodes.map(\.op) == ["Max", "Max", "Min", "Min", "Min"])
        #expect(prepared.graph.nodes.allSatisfy { $0.inputs.count == 2 })
        let back = try ConversionCheck.roundTrip(prepared, target)
        let actual = try Interpreter(model: back).run(tensors: inputs).map(\.value)
        #expect(actual == expected)
    }
}

/// ReLU6 (Clip 0..6) in a float16 model: its bounds are float16 after `--fp16`, and the MindIR,
/// AIR and Lite writers read them (they read float32 bounds only, and refused); the AIR and Lite
/// readers give the bounds the input's type back (from the types the file records, as it does for
/// an imported model: the test model records its intermediate's type).
@Suite struct HalfPrecisionClipTests {
    @Test(arguments: [ModelFormat.mindir, .air, .mslite]) func reluSixSurvivesHalfPrecision(target: ModelFormat) throws {
        func scalar(_ name: String, _ value: Float) -> Tensor {
            Tensor(name: name, dtype: .float32, shape: [], bytes: TensorBytes(bytes: withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }))
        }
        let model = Model(
            graph: Graph(
                name: "g", inputs: [Value(name: "x", dtype: .float32, shape: Shape([2, 5]))],
                outputs: [Value(name: "y", dtype: .float32, shape: Shape([2, 5]))],
                nodes: [
                    Node(name: "scale", op: "Mul", inputs: ["x", "k"], outputs: ["s"]),
                    Node(name: "relu6", op: "Clip", inputs: ["s", "lo", "hi"], outputs: ["y"]),
                ],
                valueInfo: [Value(name: "s", dtype: .float32, shape: Shape([2, 5]))],
                initializers: [scalar("k", 8), scalar("lo", 0), scalar("hi", 6)]),
            opsetImports: ["": 17])
        let inputs = try InputGenerator.random(for: model, seed: 5)
        let expected = try Interpreter(model: model).run(tensors: inputs).map(\.value)
        let (prepared, _) = try Converter.prepare(model, for: target, options: ConversionOptions(precision: .float16))
        #expect(prepared.graph.initializers.first { $0.name == "hi" }?.dtype == .float16)
        let back = try ConversionCheck.roundTrip(prepared, target)
        let actual = try Interpreter(model: back).run(tensors: inputs).map(\.value)
        let a = try #require(actual.first?.doubles()), e = try #require(expected.first?.doubles())
        #expect(a.count == e.count)
        #expect(zip(a, e).allSatisfy { abs($0 - $1) <= 1e-2 * max(1, abs($1)) }, "\(a) vs \(e)")
        #expect(e.contains(6) && e.contains(0), "the inputs reach both bounds")
    }
}
