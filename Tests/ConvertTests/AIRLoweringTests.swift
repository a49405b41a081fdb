import Convert
import Foundation
import Formats
import GraphIR
import Testing
import TestSupport

/// GraphIR → AIR → GraphIR on hand-built models that cover every row of the AIR op table, the
/// protoc oracle on what we write, and located errors for what has no mapping.
///
/// Equality is exact except for what the lowering documents: initializer order (Const ops are
/// written at first use, attribute-borne constants are recreated at their node) and attribute
/// order within a node, so both sides are compared with initializers sorted by name and
/// attributes sorted by name.
@Suite struct AIRLoweringTests {
    // MARK: Building models

    static func floats(_ name: String, _ shape: [Int], seed: UInt64) -> Tensor {
        let count = shape.reduce(1, *)
        var generator = SeededGenerator(seed: seed)
        var bytes: [UInt8] = []
        for _ in 0..<count {
            let value = Float(Int(generator.next() % 2001) - 1000) / 1000
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Tensor(name: name, dtype: .float32, shape: shape, bytes: TensorBytes(bytes: bytes))
    }

    static func scalar(_ name: String, _ value: Float) -> Tensor {
        Tensor(name: name, dtype: .float32, shape: [], bytes: TensorBytes(bytes: withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }))
    }

    static func int64s(_ name: String, _ values: [Int64], scalar: Bool = false) -> Tensor {
        var bytes: [UInt8] = []
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        return Tensor(name: name, dtype: .int64, shape: scalar ? [] : [values.count], bytes: TensorBytes(bytes: bytes))
    }

    static func node(_ name: String, _ op: String, domain: String = "", _ inputs: [String], _ outputs: [String], _ attributes: [Attribute] = []) -> Node {
        Node(name: name, op: op, domain: domain, inputs: inputs, outputs: outputs, attributes: attributes)
    }

    /// A CNN: Conv (explicit pads, SAME with groups and dilation), BiasAdd, BatchNormalization,
    /// Relu, Clip(0, 6), MaxPool and AveragePool in both padding forms, GlobalAveragePool,
    /// Sigmoid, Tanh, Flatten, Gemm, ReduceMean.
    static func cnn() -> Model {
        let nodes: [Node] = [
            node("conv1", "Conv", ["x", "conv1.w"], ["c1"], [
                .named("kernel_shape", .ints([3, 3])), .named("strides", .ints([1, 1])), .named("dilations", .ints([1, 1])),
                .named("group", .int(1)), .named("pads", .ints([1, 1, 1, 1])),
            ]),
            node("bias1", "BiasAdd", domain: "com.mindspore", ["c1", "conv1.b"], ["b1"], [.named("data_format", .text("NCHW"))]),
            node("bn1", "BatchNormalization", ["b1", "bn.scale", "bn.bias", "bn.mean", "bn.var"], ["n1"], [
                .named("epsilon", .float(1e-5)), .named("momentum", .float(0.9)),
            ]),
            node("relu1", "Relu", ["n1"], ["r1"]),
            node("conv2", "Conv", ["r1", "conv2.w"], ["c2"], [
                .named("kernel_shape", .ints([3, 3])), .named("strides", .ints([2, 2])), .named("dilations", .ints([2, 2])),
                .named("group", .int(2)), .named("auto_pad", .text("SAME_UPPER")),
            ]),
            node("relu6", "Clip", ["c2", "relu6/min", "relu6/max"], ["r6"]),
            node("pool1", "MaxPool", ["r6"], ["p1"], [
                .named("kernel_shape", .ints([2, 2])), .named("strides", .ints([2, 2])), .named("pads", .ints([0, 0, 0, 0])),
            ]),
            node("pool2", "AveragePool", ["r1"], ["p2"], [
                .named("kernel_shape", .ints([2, 2])), .named("strides", .ints([1, 1])), .named("auto_pad", .text("VALID")),
                .named("count_include_pad", .int(0)),
            ]),
            node("pool3", "AveragePool", ["p1"], ["p3"], [
                .named("kernel_shape", .ints([2, 2])), .named("strides", .ints([1, 1])), .named("pads", .ints([0, 0, 1, 1])),
                .named("count_include_pad", .int(0)),
            ]),
            node("pool4", "MaxPool", ["r6"], ["p4"], [
                .named("kernel_shape", .ints([3, 3])), .named("strides", .ints([1, 1])), .named("auto_pad", .text("SAME_UPPER")),
            ]),
            node("gap", "GlobalAveragePool", ["p2"], ["g"]),
            node("sig", "Sigmoid", ["g"], ["s"]),
            node("tanh", "Tanh", ["s"], ["t"]),
            node("flat", "Flatten", ["t"], ["f"], [.named("axis", .int(1))]),
            node("fc", "Gemm", ["f", "fc.w", "fc.b"], ["y"], [.named("transA", .int(0)), .named("transB", .int(1))]),
            node("rm", "ReduceMean", ["p3"], ["rm"], [.named("axes", .ints([2, 3])), .named("keepdims", .int(0))]),
        ]
        let graph = Graph(
            name: "cnn", inputs: [Value(name: "x", dtype: .float32, shape: [1, 3, 8, 8])],
            outputs: [
                Value(name: "y", dtype: .float32, shape: [1, 5]), Value(name: "rm", dtype: .float32, shape: [1, 4]),
                Value(name: "p4", dtype: .float32, shape: Shape([.unknown, 4, 2, 2])),
            ],
            nodes: nodes,
            initializers: [
                floats("conv1.w", [4, 3, 3, 3], seed: 1), floats("conv1.b", [4], seed: 2), floats("bn.scale", [4], seed: 3),
                floats("bn.bias", [4], seed: 4), floats("bn.mean", [4], seed: 5), floats("bn.var", [4], seed: 6),
                floats("conv2.w", [4, 2, 3, 3], seed: 7), scalar("relu6/min", 0), scalar("relu6/max", 6),
                floats("fc.w", [5, 4], seed: 8), floats("fc.b", [5], seed: 9),
            ])
        return Model(
            graph: graph, producerName: "mshub-test", producerVersion: "1",
            opsetImports: ["": 17, "com.mindspore": 1])
    }

    /// A transformer-ish graph: LayerNormalization, MatMul, Transpose, Softmax, Gelu, FastGelu,
    /// elementwise ops, Reshape, Concat, Split (two outputs), Squeeze, Unsqueeze, Cast, Gather,
    /// Slice, OneHot, Identity.
    static func transformer() -> Model {
        let nodes: [Node] = [
            node("ln", "LayerNormalization", ["x", "ln.g", "ln.b"], ["h"], [.named("axis", .int(-1)), .named("epsilon", .float(1e-5))]),
            node("q", "MatMul", ["h", "wq"], ["q"]),
            node("tr", "Transpose", ["q"], ["qt"], [.named("perm", .ints([0, 2, 1]))]),
            node("att", "MatMul", ["q", "qt"], ["a"]),
            node("sm", "Softmax", ["a"], ["p"], [.named("axis", .int(-1))]),
            node("gelu", "Gelu", ["p"], ["gl"], [.named("approximate", .text("tanh"))]),
            node("fg", "FastGelu", domain: "com.mindspore", ["gl"], ["fg"]),
            node("add", "Add", ["fg", "p"], ["s1"]),
            node("sub", "Sub", ["s1", "p"], ["s2"]),
            node("mul", "Mul", ["s2", "s2"], ["s3"]),
            node("div", "Div", ["s3", "p"], ["s4"]),
            node("pow", "Pow", ["s4", "two"], ["s5"]),
            node("sqrt", "Sqrt", ["s5"], ["s6"]),
            node("erf", "Erf", ["s6"], ["u1"]),
            node("exp", "Exp", ["u1"], ["u2"]),
            node("abs", "Abs", ["u2"], ["u3"]),
            node("log", "Log", ["u3"], ["u4"]),
            node("neg", "Neg", ["u4"], ["u5"]),
            node("rs", "Reshape", ["u5", "rs/shape"], ["r"]),
            node("cat", "Concat", ["r", "r"], ["cc"], [.named("axis", .int(0))]),
            node("split", "Split", ["cc", "split/split"], ["sp0", "sp1"], [.named("axis", .int(1))]),
            node("sq", "Squeeze", ["sp0", "sq/axes"], ["sq"]),
            node("usq", "Unsqueeze", ["sq", "usq/axes"], ["us"]),
            node("cast", "Cast", ["us"], ["cf"], [.named("to", .int(10))]),
            node("gather", "Gather", ["emb", "ids"], ["ge"], [.named("axis", .int(0))]),
            node("slice", "Slice", ["ge", "slice/starts", "slice/ends", "slice/axes", "slice/steps"], ["sl"]),
            node("oh", "OneHot", ["ids", "oh/depth", "oh/values"], ["oh"], [.named("axis", .int(-1))]),
            node("id", "Identity", ["sl"], ["idv"]),
        ]
        let graph = Graph(
            name: "encoder",
            inputs: [Value(name: "x", dtype: .float32, shape: [2, 4, 8]), Value(name: "ids", dtype: .int64, shape: [2, 3])],
            outputs: [
                Value(name: "cf", dtype: .float16, shape: [1, 16]), Value(name: "idv", dtype: .float32, shape: [2, 2, 4]),
                Value(name: "oh", dtype: .float32, shape: [2, 3, 5]), Value(name: "sp1", dtype: .float32, shape: [16, 3]),
            ],
            nodes: nodes,
            initializers: [
                floats("ln.g", [8], seed: 11), floats("ln.b", [8], seed: 12), floats("wq", [8, 8], seed: 13), scalar("two", 2),
                int64s("rs/shape", [8, 4]), int64s("split/split", [1, 3]), int64s("sq/axes", [1]), int64s("usq/axes", [0]),
                floats("emb", [10, 4], seed: 14), int64s("slice/starts", [0, 1]), int64s("slice/ends", [2, 3]),
                int64s("slice/axes", [0, 1]), int64s("slice/steps", [1, 1]), int64s("oh/depth", [5], scalar: true),
                Tensor(name: "oh/values", dtype: .float32, shape: [2], bytes: TensorBytes(bytes: [0, 0, 0, 0, 0, 0, 0x80, 0x3F])),
            ])
        return Model(
            graph: graph, producerName: "mshub-test", producerVersion: "1",
            opsetImports: ["": 20, "com.mindspore": 1])
    }

    /// The rows added for zoo networks (PRelu, HardSigmoid, Elu, Softplus, LogSoftmax, the three
    /// Pad forms, nearest Resize, Tile, Floor, Reciprocal) in one chain: a seed for the fuzz below.
    static func zooOps() -> Model {
        let x = Value(name: "x", dtype: .float32, shape: Shape([1, 4, 6, 6]))
        let pads = int64s("pads", [0, 0, 1, 1, 0, 0, 1, 1])
        let nodes = [
            node("pr", "PRelu", ["x", "slope"], ["a"]),
            node("hs", "HardSigmoid", ["a"], ["b"]),
            node("elu", "Elu", ["b"], ["c"], [.named("alpha", .float(0.5))]),
            node("sp", "Softplus", ["c"], ["d"]),
            node("lsm", "LogSoftmax", ["d"], ["e"], [.named("axis", .int(1))]),
            node("mirror", "Pad", ["e", "pads"], ["f"], [.named("mode", .text("reflect"))]),
            node("fill", "Pad", ["f", "pads", "half"], ["g"], [.named("mode", .text("constant"))]),
            node("zero", "Pad", ["g", "pads"], ["h"], [.named("mode", .text("constant"))]),
            node("up", "Resize", ["h", "", "", "sizes"], ["i"], [
                .named("mode", .text("nearest")), .named("coordinate_transformation_mode", .text("asymmetric")),
                .named("nearest_mode", .text("floor")),
            ]),
            node("tile", "Tile", ["i", "reps"], ["j"]),
            node("floor", "Floor", ["j"], ["k"]),
            node("recip", "Reciprocal", ["k"], ["y"]),
        ]
        let graph = Graph(
            name: "zoo", inputs: [x], outputs: [Value(name: "y", dtype: .float32)], nodes: nodes,
            valueInfo: [Value(name: "h", dtype: .float32, shape: Shape([1, 4, 12, 12]))],
            initializers: [floats("slope", [4, 1, 1], seed: 31), pads, scalar("half", 0.5), int64s("sizes", [1, 4, 24, 24]), int64s("reps", [1, 1, 1, 2])])
        return Model(graph: graph, producerName: "mshub-test", producerVersion: "1", opsetImports: ["": 17])
    }

    /// The model with initializers and attributes in name order, the documented freedom.
    static func normalized(_ model: Model) -> Model {
        var copy = model
        copy.graph.initializers.sort { $0.name < $1.name }
        for index in copy.graph.nodes.indices {
            copy.graph.nodes[index].attributes.sort { $0.name < $1.name }
        }
        return copy
    }

    static func roundTrip(_ model: Model) throws -> (Model, [UInt8]) {
        let air = try AIRExporter.exportModel(model)
        let bytes = try AIRCodec.encode(air)
        let document = try AIRCodec.decode(ByteStorage(bytes: bytes, path: "lowered.air"))
        return (try AIRImporter.importModel(document), bytes)
    }

    // MARK: Round trips

    @Test(arguments: ["cnn", "transformer"])
    func graphIRToAIRAndBackIsTheSameModel(_ which: String) throws {
        let model = which == "cnn" ? Self.cnn() : Self.transformer()
        try model.validate()
        let (back, _) = try Self.roundTrip(model)
        try back.validate()
        let expected = Self.normalized(model)
        let actual = Self.normalized(back)
        #expect(actual.graph.inputs == expected.graph.inputs)
        #expect(actual.graph.outputs == expected.graph.outputs)
        #expect(actual.graph.initializers.map(\.name) == expected.graph.initializers.map(\.name))
        for (a, e) in zip(actual.graph.initializers, expected.graph.initializers) { #expect(a == e, "\(e.name)") }
        #expect(actual.graph.nodes.count == expected.graph.nodes.count)
        for (a, e) in zip(actual.graph.nodes, expected.graph.nodes) { #expect(a == e, "\(e.name)") }
        #expect(actual == expected)
    }

    @Test func everyTableRowIsCovered() throws {
        let used = Set((Self.cnn().graph.nodes + Self.transformer().graph.nodes).map { "\($0.domain)|\($0.op)" })
        let table: Set<String> = [
            "|Conv", "com.mindspore|BiasAdd", "|BatchNormalization", "|Relu", "|Clip", "|Sigmoid", "|Tanh", "|Gelu",
            "com.mindspore|FastGelu", "|Softmax", "|LayerNormalization", "|MaxPool", "|AveragePool", "|GlobalAveragePool",
            "|ReduceMean", "|Gemm", "|MatMul", "|Add", "|Sub", "|Mul", "|Div", "|Pow", "|Sqrt", "|Erf", "|Exp", "|Log", "|Neg", "|Abs", "|Reshape", "|Transpose",
            "|Flatten", "|Concat", "|Split", "|Squeeze", "|Unsqueeze", "|Cast", "|Gather", "|Slice", "|OneHot", "|Identity",
        ]
        #expect(table.subtracting(used).isEmpty, "\(table.subtracting(used))")
        // Every one of them exports (the table has a row for it).
        for model in [Self.cnn(), Self.transformer()] { _ = try AIRExporter.exportModel(model) }
    }

    @Test func writtenOpsUseGraphEngineNames() throws {
        let air = try AIRExporter.exportModel(Self.cnn())
        let types = Dictionary(air.graph[0].op.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(types["x"] == "Data")
        #expect(types["conv1.w"] == "Const")
        #expect(types["conv1"] == "Conv2D")
        #expect(types["bn1"] == "BatchNorm")
        #expect(types["relu6"] == "Relu6")
        #expect(types["pool1"] == "MaxPoolV3")
        #expect(types["pool4"] == "MaxPool")
        #expect(types["pool2"] == "AvgPool")
        #expect(types["pool3"] == "AvgPoolV2")
        #expect(types["fc"] == "MatMulV2")
        #expect(types["rm"] == "ReduceMeanD")
        #expect(air.graph[0].op.last?.type == "NetOutput")
        // Conv2D pads are [top, bottom, left, right]; ONNX's [1, 1, 1, 1] is symmetric, so check pool3's.
        let pool3 = try #require(air.graph[0].op.first { $0.name == "pool3" })
        guard case .list(let pads)? = pool3.attr["pads"]?.value else {
            Issue.record("pool3 has no pads")
            return
        }
        #expect(pads.i == [0, 1, 0, 1])  // ONNX [t0, l0, b1, r1] → GE [t0, b1, l0, r1]
        // BatchNorm has GE's five outputs, only the first named.
        let bn = try #require(air.graph[0].op.first { $0.name == "bn1" })
        #expect(bn.outputDesc.map(\.name) == ["n1", "", "", "", ""])
    }

    @Test func importedWeightsAreViewsOfTheFile() throws {
        let bytes = try AIRCodec.encode(try AIRExporter.exportModel(Self.cnn()))
        let storage = ByteStorage(bytes: bytes, path: "cnn.air")
        let model = try AIRImporter.importModel(try AIRCodec.decode(storage))
        // conv1.w is 432 bytes, above the codec's zero-copy threshold.
        let weight = try #require(model.graph.initializer(named: "conv1.w")?.bytes)
        #expect(weight.chunks.count == 1)
        #expect(weight.chunks.first?.storage === storage)
        #expect(weight.bytes == Self.floats("conv1.w", [4, 3, 3, 3], seed: 1).bytes?.bytes)
    }

    @Test func mutatedLoweredFilesNeverTrapTheImporter() throws {
        // Bounded (a quarter of MSHUB_FUZZ_ITERATIONS, default 4000): whatever decodes must import or give a ConversionError.
        let iterations = (Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 4000) / 4
        var rng = SeededGenerator(seed: 20261122)
        let seeds = [
            try AIRCodec.encode(try AIRExporter.exportModel(Self.cnn())),
            try AIRCodec.encode(try AIRExporter.exportModel(Self.transformer())),
            try AIRCodec.encode(try AIRExporter.exportModel(Self.zooOps())),
        ]
        var imported = 0
        for _ in 0..<iterations {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                case 1: bytes[at] = bytes[Int.random(in: 0..<bytes.count, using: &rng)]
                default: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            guard let document = try? AIRCodec.decode(ByteStorage(bytes: bytes)) else { continue }
            do {
                _ = try AIRImporter.importModel(document)
                imported += 1
            } catch {
                #expect(error.message.isEmpty == false)
            }
        }
        #expect(imported > 0)
    }

    // MARK: Oracle

    @Test func protocDecodesEveryNodeAttributeAndWeightWeMeant() throws {
        guard let protoc = which("protoc") else { throw OracleError.missing("protoc (apt protobuf-compiler)") }
        let protos = Project.root.appendingPathComponent("Protos").path
        for model in [Self.cnn(), Self.transformer()] {
            let bytes = try AIRCodec.encode(try AIRExporter.exportModel(model))
            let result = try runProcess(
                protoc, ["--decode=ge.proto.ModelDef", "--proto_path=\(protos)", "\(protos)/ge_ir.proto"], stdin: Data(bytes))
            guard result.status == 0 else { throw OracleError.failed(result.stderr) }
            let text = result.stdoutText
            let names = Self.quotedValues(of: "name", in: text)
            let types = Self.quotedValues(of: "type", in: text)
            let keys = Set(Self.quotedValues(of: "key", in: text))
            for node in model.graph.nodes {
                #expect(names.contains(node.name), "no op \(node.name)")
            }
            for input in model.graph.inputs { #expect(names.contains(input.name)) }
            #expect(types.filter { $0 == "Data" }.count == model.graph.inputs.count)
            #expect(types.filter { $0 == "NetOutput" }.count == 1)
            for key in ["index", "value"] { #expect(keys.contains(key)) }
            // Attribute keys the GE op prototypes name, for the ops this model has.
            let expectedKeys: [String: [String]] = [
                "Conv": ["strides", "pads", "dilations", "groups", "data_format"], "BatchNormalization": ["epsilon", "is_training"],
                "Softmax": ["axes"], "LayerNormalization": ["begin_norm_axis", "begin_params_axis", "epsilon"],
                "ReduceMean": ["axes", "keep_dims"], "Gemm": ["transpose_x1", "transpose_x2"], "MatMul": ["adj_x1", "adj_x2"],
                "Concat": ["N"], "Split": ["num_split"], "Squeeze": ["axis"], "Unsqueeze": ["axes"], "Cast": ["dst_type"],
                "Transpose": ["perm"], "Flatten": ["axis"], "OneHot": ["axis"], "MaxPool": ["ksize", "strides"],
            ]
            for node in model.graph.nodes {
                for key in expectedKeys[node.op] ?? [] { #expect(keys.contains(key), "\(node.op) lacks \(key)") }
            }
            // Weights: every initializer that GE takes as a tensor shows up byte for byte.
            let data = Self.dataStrings(in: text)
            let folded: Set<String> = ["relu6/min", "relu6/max", "sq/axes", "usq/axes", "oh/depth", "oh/values"]
            for tensor in model.graph.initializers where !folded.contains(tensor.name) {
                let bytes = try #require(tensor.bytes).bytes
                #expect(data.contains(bytes), "weight \(tensor.name) not in protoc's output")
            }
        }
    }

    /// Values of `field: "..."` lines in protoc's text output (names here are plain ASCII).
    static func quotedValues(of field: String, in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\(field): \""), trimmed.hasSuffix("\"") else { return nil }
            return String(trimmed.dropFirst(field.count + 3).dropLast())
        }
    }

    /// Byte strings of `data: "..."` lines, unescaped by the C rules protoc uses.
    static func dataStrings(in text: String) -> [[UInt8]] {
        var results: [[UInt8]] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("data: \""), trimmed.hasSuffix("\"") else { continue }
            let body = Array(trimmed.utf8.dropFirst(7).dropLast())
            var out: [UInt8] = []
            var i = 0
            while i < body.count {
                guard body[i] == UInt8(ascii: "\\"), i + 1 < body.count else {
                    out.append(body[i])
                    i += 1
                    continue
                }
                let next = body[i + 1]
                if (48...55).contains(next) {
                    var value = 0
                    var digits = 0
                    while digits < 3, i + 1 + digits < body.count, (48...55).contains(body[i + 1 + digits]) {
                        value = value * 8 + Int(body[i + 1 + digits] - 48)
                        digits += 1
                    }
                    out.append(UInt8(value & 0xFF))
                    i += 1 + digits
                } else {
                    let simple: [UInt8: UInt8] = [110: 10, 114: 13, 116: 9, 34: 34, 39: 39, 92: 92]
                    out.append(simple[next] ?? next)
                    i += 2
                }
            }
            results.append(out)
        }
        return results
    }

    @Test func protocEncodedGraphEngineTextImports() throws {
        // A GE-shaped graph written as text and encoded by protoc (no descriptor names, so values
        // are named `<op>:<index>`); asymmetric GE pads [top, bottom, left, right] = [1, 2, 3, 4].
        guard let protoc = which("protoc") else { throw OracleError.missing("protoc (apt protobuf-compiler)") }
        let protos = Project.root.appendingPathComponent("Protos").path
        let filter = String(repeating: "\\000\\000\\200\\077", count: 2 * 1 * 3 * 3)  // 18 × 1.0f
        let text = """
            name: "ge" graph { name: "main"
              op { name: "img" type: "Data" attr { key: "index" value { i: 0 } }
                   output_desc { dtype: DT_FLOAT shape { dim: [1, 1, 5, 5] } layout: "NCHW" } }
              op { name: "k" type: "Const" attr { key: "value" value { t {
                     desc { dtype: DT_FLOAT shape { dim: [2, 1, 3, 3] } layout: "NCHW" } data: "\(filter)" } } }
                   output_desc { dtype: DT_FLOAT shape { dim: [2, 1, 3, 3] } } }
              op { name: "conv" type: "Conv2D" input: "img:0" input: "k:0"
                   attr { key: "data_format" value { s: "NCHW" } }
                   attr { key: "dilations" value { list { i: [1, 1, 1, 1] } } }
                   attr { key: "groups" value { i: 1 } }
                   attr { key: "pads" value { list { i: [1, 2, 3, 4] } } }
                   attr { key: "strides" value { list { i: [1, 1, 2, 2] } } } }
              op { name: "act" type: "Relu" input: "conv:0" input: "img:-1" }
              op { name: "out" type: "NetOutput" input: "act:0"
                   input_desc { dtype: DT_FLOAT shape { dim: [1, 2, 4, 5] } } }
            }
            """
        let encoded = try runProcess(
            protoc, ["--encode=ge.proto.ModelDef", "--deterministic_output", "--proto_path=\(protos)", "\(protos)/ge_ir.proto"],
            stdin: Data(text.utf8))
        guard encoded.status == 0 else { throw OracleError.failed(encoded.stderr) }
        let model = try AIRImporter.importModel(try AIRCodec.decode(ByteStorage(bytes: [UInt8](encoded.stdout))))
        try model.validate()
        #expect(model.graph.inputs == [Value(name: "img", dtype: .float32, shape: [1, 1, 5, 5])])
        #expect(model.graph.initializers.map(\.name) == ["k"])
        #expect(model.graph.initializers.first?.shape == [2, 1, 3, 3])
        #expect(model.graph.nodes.map(\.op) == ["Conv", "Relu"])
        let conv = model.graph.nodes[0]
        #expect(conv.inputs == ["img", "k"])
        #expect(conv.attribute(named: "kernel_shape") == .ints([3, 3]))
        #expect(conv.attribute(named: "strides") == .ints([2, 2]))
        #expect(conv.attribute(named: "pads") == .ints([1, 3, 2, 4]))
        #expect(conv.attribute(named: "group") == .int(1))
        #expect(model.graph.nodes[1].inputs == ["conv:0"])  // the control edge is not a data input
        #expect(model.graph.outputs == [Value(name: "act:0", dtype: .float32, shape: [1, 2, 4, 5])])
        #expect(model.opsetImports == ["": 17])
    }

    // MARK: Errors

    @Test func unmappedOpIsALocatedError() throws {
        var model = Self.cnn()
        model.graph.nodes.insert(Self.node("sin", "Sin", ["x"], ["e"]), at: 3)
        let error = try #require(throws: ConversionError.self) { try AIRExporter.exportModel(model) }
        #expect(error.code == .unsupportedOp)
        #expect(error.nodeIndex == 3)
        #expect(error.nodeName == "sin")
        #expect(error.op == "Sin")
    }

    @Test func unmappedAttributeIsRefused() throws {
        var model = Self.cnn()
        model.graph.nodes[0].attributes.append(.named("mystery", .int(1)))
        let error = try #require(throws: ConversionError.self) { try AIRExporter.exportModel(model) }
        #expect(error.code == .unsupportedAttribute)
        #expect(error.field == "attribute.mystery")
        #expect(error.nodeIndex == 0)
    }

    @Test func exactGeluAndClipWithOtherBoundsHaveNoAIRForm() throws {
        var model = Self.transformer()
        model.graph.nodes[5].attributes = [.named("approximate", .text("none"))]
        let gelu = try #require(throws: ConversionError.self) { try AIRExporter.exportModel(model) }
        #expect(gelu.nodeName == "gelu")
        var cnn = Self.cnn()
        cnn.graph.initializers[8] = Self.scalar("relu6/max", 5)
        let clip = try #require(throws: ConversionError.self) { try AIRExporter.exportModel(cnn) }
        #expect(clip.nodeName == "relu6")
        #expect(clip.code == .unsupportedOp)
    }

    static func geModel(_ ops: [Ge_Proto_OpDef]) throws -> AIRDocument {
        var graph = Ge_Proto_GraphDef()
        graph.name = "g"
        graph.op = ops
        var model = Ge_Proto_ModelDef()
        model.graph = [graph]
        return try AIRCodec.decode(ByteStorage(bytes: try AIRCodec.encode(model)))
    }

    static func op(_ name: String, _ type: String, _ inputs: [String] = [], shape: [Int64]? = nil, outputs: Int = 1) -> Ge_Proto_OpDef {
        var op = Ge_Proto_OpDef()
        op.name = name
        op.type = type
        op.input = inputs
        for _ in 0..<outputs {
            var desc = Ge_Proto_TensorDescriptor()
            desc.dtype = .dtFloat
            if let shape {
                var s = Ge_Proto_ShapeDef()
                s.dim = shape
                desc.shape = s
            }
            op.outputDesc.append(desc)
        }
        return op
    }

    /// The zoo rows' GE forms, corrupted: a MirrorPad mode ONNX has no Pad for, a
    /// ResizeNearestNeighborV2 size of three values, a PRelu weight that is not a Const. Each is
    /// refused naming the op and the field.
    @Test func corruptZooRowsAreLocatedErrors() throws {
        func refused(_ edit: (inout Ge_Proto_ModelDef) throws -> Void, _ type: String, _ field: String) throws -> Bool {
            var air = try AIRExporter.exportModel(Self.zooOps())
            try edit(&air)
            let document = try AIRCodec.decode(ByteStorage(bytes: try AIRCodec.encode(air), path: "zoo.air"))
            do {
                _ = try AIRImporter.importModel(document)
                return false
            } catch {
                return error.field == field && error.op == type && error.nodeIndex != nil
            }
        }
        func index(_ air: Ge_Proto_ModelDef, _ type: String) throws -> Int { try #require(air.graph[0].op.firstIndex { $0.type == type }) }
        #expect(try refused({ air in
            var mode = Ge_Proto_AttrDef()
            mode.s = Data("WRAP".utf8)
            air.graph[0].op[try index(air, "MirrorPad")].attr["mode"] = mode
        }, "MirrorPad", "attr.mode"))
        #expect(try refused({ air in
            let resize = try index(air, "ResizeNearestNeighborV2")
            let size = try #require(AIRInputReference(air.graph[0].op[resize].input[1]))
            let const = try #require(air.graph[0].op.firstIndex { $0.name == size.op })
            guard case .t(var tensor)? = air.graph[0].op[const].attr["value"]?.value else { throw OracleError.failed("no size tensor") }
            tensor.data = Data([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])
            tensor.desc.shape.dim = [3]
            var value = Ge_Proto_AttrDef()
            value.t = tensor
            air.graph[0].op[const].attr["value"] = value
        }, "ResizeNearestNeighborV2", "input[1]"))
        #expect(try refused({ air in
            let prelu = try index(air, "PRelu")
            air.graph[0].op[prelu].input[1] = "x:0"
        }, "PRelu", "input[1]"))
    }

    @Test func unknownGEOpIsALocatedError() throws {
        let document = try Self.geModel([Self.op("x", "Data", shape: [2]), Self.op("weird", "Foo", ["x:0"]), Self.op("out", "NetOutput", ["weird:0"])])
        let error = try #require(throws: ConversionError.self) { try AIRImporter.importModel(document) }
        #expect(error.code == .unsupportedOp)
        #expect(error.nodeIndex == 1)
        #expect(error.op == "Foo")
        #expect(error.nodeName == "weird")
    }

    @Test func batchNormStatisticsOutputsAreRefused() throws {
        var bn = Self.op("bn", "BatchNorm", ["x:0", "x:0", "x:0", "x:0", "x:0"], outputs: 5)
        bn.attr["is_training"] = { var a = Ge_Proto_AttrDef(); a.b = false; return a }()
        let document = try Self.geModel([Self.op("x", "Data", shape: [4]), bn, Self.op("out", "NetOutput", ["bn:0", "bn:1"])])
        let error = try #require(throws: ConversionError.self) { try AIRImporter.importModel(document) }
        #expect(error.code == .unsupportedOp)
        #expect(error.field == "output[1]")
        #expect(error.nodeName == "bn")
    }

    @Test func adjointBatchMatMulBecomesAnExplicitTranspose() throws {
        var mm = Self.op("mm", "BatchMatMulV2", ["a:0", "b:0"])
        mm.attr["adj_x2"] = { var a = Ge_Proto_AttrDef(); a.b = true; return a }()
        let document = try Self.geModel([
            Self.op("a", "Data", shape: [2, 3, 4]), Self.op("b", "Data", shape: [2, 5, 4]), mm, Self.op("out", "NetOutput", ["mm:0"]),
        ])
        let model = try AIRImporter.importModel(document)
        #expect(model.graph.nodes.map(\.op) == ["Transpose", "MatMul"])
        #expect(model.graph.nodes[0].attribute(named: "perm") == .ints([0, 2, 1]))
        #expect(model.graph.nodes[0].inputs == ["b"])
        #expect(model.graph.nodes[1].inputs == ["a", model.graph.nodes[0].outputs[0]])
    }
}
