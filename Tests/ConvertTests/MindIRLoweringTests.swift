import Convert
import Foundation
import Formats
import GraphIR
import SwiftProtobuf
import Testing
import TestSupport

/// MindSpore as the oracle for the MindIR lowering: what we import from MindSpore's files and
/// export again must load in `mindspore.load` and give, under `nn.GraphCell`, the same output bits.
enum MindIROracle {
    static var script: String { Project.root.appendingPathComponent("scripts/mindir_op_nets.py").path }

    /// The per-primitive networks of scripts/mindir_op_nets.py, exported once per test run.
    static let opNets: Result<URL, OracleFailure> = {
        do {
            let directory = try Project.temporaryDirectory()
            let result = try runProcess(Project.python, [script, "export", directory.path], environment: ["GLOG_v": "3"])
            guard result.status == 0 else {
                return .failure(OracleFailure(description: "mindir_op_nets.py export failed: \(result.stderr.suffix(2000))"))
            }
            return .success(directory)
        } catch {
            return .failure(OracleFailure(description: "\(error)"))
        }
    }()

    struct OracleFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func opNet(_ name: String) throws -> URL {
        try opNets.get().appendingPathComponent("\(name).mindir")
    }

    static func load(_ url: URL) throws -> MindIr_ModelProto {
        try MindIr_ModelProto(serializedBytes: Data(contentsOf: url))
    }

    struct Case: Encodable {
        var name: String
        var candidate: String
        var inputs: String
        var expected: String?
        var reference: String?
    }

    struct Report: Decodable {
        var name: String
        var identical: Bool?
        var outputs: Int?
        var nonzero: Int?
        var max_abs: Double?
        var max_ulp: Int?
        var error: String?
    }

    /// Runs every candidate under MindSpore in one process (scripts/mindir_op_nets.py check).
    static func check(_ cases: [Case], in directory: URL) throws -> [String: Report] {
        let list = directory.appendingPathComponent("cases-\(UUID().uuidString).json")
        try JSONEncoder().encode(cases).write(to: list)
        let result = try runProcess(Project.python, [script, "check", list.path], environment: ["GLOG_v": "3"])
        guard result.status == 0 else { throw OracleError.failed("mindir_op_nets.py check: \(result.stderr.suffix(2000))") }
        var reports: [String: Report] = [:]
        for line in result.stdoutText.split(separator: "\n") where line.hasPrefix("{") {
            let report = try JSONDecoder().decode(Report.self, from: Data(line.utf8))
            reports[report.name] = report
        }
        return reports
    }
}

/// One small network per primitive of the mapping list, each MindIR -> GraphIR -> MindIR.
@Suite struct MindIRLoweringOpTests {
    /// Network name -> the GraphIR ops its primitive must lower to.
    static let cases: [String: [String]] = [
        "conv_pad": ["Conv"], "conv_same_stride2": ["Conv"], "conv_valid_dilation2": ["Conv"],
        "conv_group2_pad_asym": ["Conv"], "conv_bias": ["Conv", "BiasAdd"], "batchnorm": ["BatchNormalization"],
        "relu": ["Relu"], "relu6": ["Clip"], "sigmoid": ["Sigmoid"], "tanh": ["Tanh"], "gelu": ["Gelu"],
        "fastgelu": ["FastGelu"], "softmax": ["Softmax"], "softmax_axis0": ["Softmax"],
        "layernorm": ["LayerNormalization"], "maxpool_valid": ["MaxPool"], "maxpool_same": ["MaxPool"],
        "avgpool_valid": ["AveragePool"], "avgpool_same": ["AveragePool"], "adaptive_avgpool": ["GlobalAveragePool"],
        "reducemean": ["ReduceMean"], "reducemean_nokeep": ["ReduceMean"], "matmul": ["Gemm"], "matmul_tb": ["Gemm"],
        "batchmatmul": ["MatMul"], "batchmatmul_tb": ["Transpose", "MatMul"], "dense": ["Gemm"],
        "dense_nobias": ["Gemm"], "add": ["Add"], "sub": ["Sub"], "mul": ["Mul"], "realdiv": ["Div"], "pow": ["Pow"],
        "sqrt": ["Sqrt"], "erf": ["Erf"], "exp": ["Exp"], "log": ["Log"], "neg": ["Neg"], "abs": ["Abs"], "reshape": ["Reshape"], "transpose": ["Transpose"], "flatten": ["Flatten"],
        "concat": ["Concat"], "split": ["Split", "Mul", "Add"], "split_outputs": ["Split", "Sub", "Relu"], "squeeze": ["Squeeze"], "expanddims": ["Unsqueeze"],
        "cast": ["Cast", "Cast"], "gather": ["Gather", "Add"], "stridedslice": ["Slice"], "onehot": ["OneHot", "Add"],
        "dropout": ["Identity", "Add"], "hswish": ["HardSwish"], "hsigmoid": ["HardSigmoid"], "maximum": ["Max"],
        "minimum": ["Min"], "tile": ["Tile"], "floor": ["Floor"], "reciprocal": ["Reciprocal"], "softplus": ["Softplus"],
        "elu": ["Elu"], "logsoftmax": ["LogSoftmax"], "conv_transpose_same": ["ConvTranspose"],
        "conv_transpose_pad": ["ConvTranspose"], "conv_transpose_valid": ["ConvTranspose"], "mirrorpad": ["Pad"],
        "resize_nearest": ["Resize"], "resize_nearest_align": ["Resize"], "prelu": ["PRelu"],
    ]

    static var names: [String] { cases.keys.sorted() }

    @Test(arguments: names) func importsToTheContractedOps(name: String) throws {
        let model = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet(name)))
        try model.validate()
        #expect(model.graph.nodes.map(\.op) == Self.cases[name], "\(model.graph.nodes.map(\.op))")
        #expect(model.producerName == "MindSpore")
        let usesGelu = model.graph.nodes.contains { $0.op == "Gelu" }
        #expect(model.opsetImports[""] == (usesGelu ? 20 : 17))
        let custom = model.graph.nodes.contains { $0.domain == "com.mindspore" }
        #expect((model.opsetImports["com.mindspore"] == 1) == custom)
    }

    /// Every network back through our exporter runs in MindSpore with the original's output bits.
    @Test func mindSporeRunsEveryExportWithIdenticalOutputs() throws {
        let directory = try MindIROracle.opNets.get()
        let ours = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: ours) }
        var cases: [MindIROracle.Case] = []
        for name in Self.names {
            let model = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet(name)))
            let exported = ours.appendingPathComponent("\(name).mindir")
            try Data(MindIRExporter.encodeModel(model)).write(to: exported)
            cases.append(
                MindIROracle.Case(
                    name: name, candidate: exported.path, inputs: directory.appendingPathComponent("\(name).inputs.npz").path,
                    expected: directory.appendingPathComponent("\(name).outputs.npz").path))
        }
        let reports = try MindIROracle.check(cases, in: ours)
        for name in Self.names {
            let report = try #require(reports[name], "no report for \(name)")
            #expect(report.error == nil, "\(name): \(report.error ?? "")")
            #expect(report.identical == true, "\(name): max_abs \(report.max_abs ?? -1), max_ulp \(report.max_ulp ?? -1)")
            #expect((report.nonzero ?? 0) > 0, "\(name): the output is all zeros")
        }
    }

    @Test func anUnsupportedPrimitiveNamesTheNodeAndPrimitive() throws {
        let proto = try MindIROracle.load(MindIROracle.opNet("unsupported_sin"))
        let error = try #require(throws: ConversionError.self) { try MindIRImporter.importModel(proto) }
        #expect(error.code == .unsupportedOp)
        #expect(error.op == "Sin")
        let sinNode = proto.graph.node.firstIndex { $0.opType.hasPrefix("REF::Sin") }
        #expect(error.nodeIndex == sinNode)
        #expect(error.nodeName == proto.graph.node[sinNode ?? 0].name)
    }

    /// BatchNorm's saved statistics have no GraphIR output: reading one is refused at the TupleGetItem.
    @Test func readingBatchNormStatisticsIsRefused() throws {
        var proto = try MindIROracle.load(MindIROracle.opNet("batchnorm"))
        let getItem = try #require(proto.graph.node.firstIndex { $0.opType.contains("TupleGetItem") })
        var index = MindIr_NodeProto()
        index.name = "index_one"
        index.output = ["index_one"]
        index.opType = "Constant"
        var value = MindIr_AttributeProto()
        value.name = "value"
        value.i = 1
        value.type = .int64
        index.attribute = [value]
        proto.graph.node[getItem].input[1] = "index_one"
        proto.graph.node.insert(index, at: 0)
        let error = try #require(throws: ConversionError.self) { try MindIRImporter.importModel(proto) }
        #expect(error.code == .unsupportedOp)
        #expect(error.op == "TupleGetItem")
        #expect(error.nodeIndex == getItem + 1)
    }

    /// A graph with three outputs (a MakeTuple returned) keeps three GraphIR outputs.
    @Test func tupleOutputsBecomeSeveralGraphOutputs() throws {
        let model = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet("split_outputs")))
        #expect(model.graph.outputs.count == 3)
        #expect(model.graph.outputs.map(\.shape) == [[2, 3, 2], [2, 3, 2], [2, 3, 2]])
    }

    /// MindIR `functions`: a call of a function graph is inlined. The relu net's body is moved
    /// into a function the main graph calls (through a monad argument as MindSpore passes them);
    /// the lowering must give the same GraphIR ops and MindSpore the same outputs for our export.
    @Test func aFunctionCallIsInlined() throws {
        let original = try MindIROracle.load(MindIROracle.opNet("relu"))
        var proto = original
        var function = MindIr_GraphProto()
        function.name = "relu_body"
        var argument = original.graph.input[0]
        argument.name = "relu_body:x"
        var monad = MindIr_ValueInfoProto()
        monad.name = "relu_body:u"
        monad.denotation = "UMonadType"
        function.input = [argument, monad]
        function.node = original.graph.node.map { node in
            var node = node
            node.input = node.input.map { $0 == original.graph.input[0].name ? "relu_body:x" : $0 }
            return node
        }
        function.output = original.graph.output
        proto.functions = [function]
        var u = MindIr_NodeProto()
        u.name = "ValueNode_u"
        u.output = ["ValueNode_u"]
        u.opType = "Constant"
        var value = MindIr_AttributeProto()
        value.name = "value"
        value.type = .umonad
        u.attribute = [value]
        var call = MindIr_NodeProto()
        call.name = "\(original.graph.name):call:1"
        call.output = [call.name]
        call.input = [original.graph.input[0].name, "ValueNode_u"]
        call.opType = "REF::relu_body"
        proto.graph.node = [u, call]
        var output = original.graph.output[0]
        output.name = call.name
        proto.graph.output = [output]

        let model = try MindIRImporter.importModel(proto)
        try model.validate()
        #expect(model.graph.nodes.map(\.op) == ["Relu"])
        #expect(model.graph.nodes[0].name.hasPrefix("\(call.name)/"))

        let directory = try MindIROracle.opNets.get()
        let ours = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: ours) }
        let exported = ours.appendingPathComponent("inlined.mindir")
        try Data(MindIRExporter.encodeModel(model)).write(to: exported)
        let reports = try MindIROracle.check(
            [
                MindIROracle.Case(
                    name: "inlined", candidate: exported.path, inputs: directory.appendingPathComponent("relu.inputs.npz").path,
                    expected: directory.appendingPathComponent("relu.outputs.npz").path)
            ], in: ours)
        #expect(reports["inlined"]?.identical == true, "\(String(describing: reports["inlined"]))")

        // A function that calls itself is refused at the depth limit, not followed forever.
        var recursive = proto
        recursive.functions[0].node = [u, call]
        recursive.functions[0].node[1].input = ["relu_body:x", "ValueNode_u"]
        recursive.functions[0].output[0].name = call.name
        let error = try #require(throws: ConversionError.self) { try MindIRImporter.importModel(recursive) }
        #expect(error.code == .invalidModel)
        #expect(error.field == "op_type")
    }

    /// A MatMul of a rank-3 A by a matrix is flattened through a Reshape that can infer one axis:
    /// with two of A's leading axes unknown it has no MindIR form, and the error names the node
    /// and A's shape; with one unknown the export goes through.
    @Test func aMatMulByAMatrixNeedsAllButOneOfAsAxes() throws {
        func model(_ dimensions: [GraphIR.Dimension]) -> Model {
            let w = Tensor(name: "w", dtype: .float32, shape: [4, 5], bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: 80)))
            let graph = Graph(
                name: "g", inputs: [Value(name: "x", dtype: .float32, shape: Shape(dimensions))],
                outputs: [Value(name: "y", dtype: .float32)],
                nodes: [Node(name: "mm", op: "MatMul", inputs: ["x", "w"], outputs: ["y"])], initializers: [w])
            return Model(graph: graph, opsetImports: ["": 17])
        }
        let error = try #require(throws: ConversionError.self) { try MindIRExporter.exportModel(model([.unknown, .unknown, .fixed(4)])) }
        #expect(error.code == .invalidShape)
        #expect(error.nodeName == "mm" && error.message.contains("all but one axis"), "\(error)")
        let written = try MindIRExporter.exportModel(model([.unknown, .fixed(3), .fixed(4)]))
        let primitives = written.primitives.map(\.opType)
        #expect(primitives.contains("MatMul") && !primitives.contains("BatchMatMul"), "\(primitives)")
        #expect(primitives.filter { $0 == "Reshape" }.count == 2)
    }

    @Test func anUnmappedGraphIROpIsAnExportError() throws {
        var model = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet("relu")))
        model.graph.nodes[0].op = "Sin"
        let error = try #require(throws: ConversionError.self) { try MindIRExporter.exportModel(model) }
        #expect(error.code == .unsupportedOp)
        #expect(error.nodeIndex == 0)
        #expect(error.op == "Sin")
        #expect(error.nodeName == model.graph.nodes[0].name)
    }

    /// scripts/mindir_op_nets.py builds this net with MindSpore pad (top 0, bottom 1, left 2,
    /// right 3), group 2; ONNX writes pads as (top, left, bottom, right).
    @Test func convolutionAttributesFollowONNXOrder() throws {
        let model = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet("conv_group2_pad_asym")))
        let conv = try #require(model.graph.nodes.first)
        #expect(conv.attribute(named: "pads") == .ints([0, 2, 1, 3]))
        #expect(conv.attribute(named: "group") == .int(2))
        #expect(conv.attribute(named: "kernel_shape") == .ints([3, 3]))
        let same = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet("conv_same_stride2")))
        #expect(same.graph.nodes.first?.attribute(named: "auto_pad") == .text("SAME_UPPER"))
        #expect(same.graph.nodes.first?.attribute(named: "strides") == .ints([2, 2]))
        let dilated = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet("conv_valid_dilation2")))
        #expect(dilated.graph.nodes.first?.attribute(named: "dilations") == .ints([2, 2]))
        #expect(dilated.graph.nodes.first?.attribute(named: "auto_pad") == .text("VALID"))
    }

    @Test func constantOperandsBecomeNamedInt64Initializers() throws {
        let model = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet("reshape")))
        let node = try #require(model.graph.nodes.first)
        #expect(node.inputs.count == 2)
        #expect(node.inputs[1] == "\(node.name)/shape")
        let shape = try #require(model.graph.initializer(named: node.inputs[1]))
        #expect(shape.dtype == .int64)
        #expect(shape.shape == [3])
        // Compared with numpy's reading of the same bytes, not with our own decoder.
        let script = "import sys, numpy as np; print(np.frombuffer(bytes.fromhex(sys.argv[1]), dtype='<i8').tolist())"
        let hex = try #require(shape.bytes).bytes.map { String(format: "%02x", $0) }.joined()
        let result = try runProcess(Project.python, ["-c", script, hex])
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "[2, 14, 14]")
    }

    @Test func exportHeaderIsWhatTheLoaderChecks() throws {
        let model = try MindIRImporter.importModel(MindIROracle.load(MindIROracle.opNet("conv_bias")))
        let proto = try MindIRExporter.exportModel(model)
        #expect(proto.irVersion == "0.1.1")
        #expect(proto.producerName == "MindSpore")
        #expect(proto.modelVersion == "2.10.0")
        #expect(proto.littleEndian)
        #expect(proto.mindIrVersion == 3)
        // Every REF:: names a primitive; every input names something defined earlier.
        var defined = Set(proto.graph.input.map(\.name) + proto.graph.parameter.map(\.name))
        let primitives = Set(proto.primitives.map(\.name))
        for node in proto.graph.node {
            if node.opType != "Constant" { #expect(primitives.contains(String(node.opType.dropFirst(5))), "\(node.opType)") }
            for input in node.input { #expect(defined.contains(input), "\(node.name) reads undefined \(input)") }
            defined.insert(node.output[0])
        }
        #expect(defined.contains(proto.graph.output[0].name))
    }
}

/// The MindSpore-exported fixtures (scripts/mindir_nets.py): LeNet, residual blocks, a transformer
/// encoder block; lowered to GraphIR and back, run by MindSpore on the fixture inputs.
@Suite struct MindIRLoweringFixtureTests {
    static let fixtures = ["lenet", "resblock", "transformer"]

    @Test(arguments: fixtures) func lowersToValidGraphIR(name: String) throws {
        let proto = try MindIROracle.load(URL(fileURLWithPath: Project.testdata("models/\(name).mindir")))
        let model = try MindIRImporter.importModel(proto)
        try model.validate()
        #expect(model.graph.inputs.count == 1)
        #expect(model.graph.outputs.count == 1)
        // Every weight MindSpore wrote is an initializer with its bytes.
        for parameter in proto.graph.parameter {
            let short = String(parameter.name.split(separator: ":", maxSplits: 1).last ?? "")
            let tensor = try #require(model.graph.initializer(named: short), "\(short)")
            #expect(tensor.bytes.map { Data($0) } == parameter.rawData)
        }
        let ops = Set(model.graph.nodes.map(\.op))
        switch name {
        case "lenet": #expect(ops == ["Conv", "BiasAdd", "Relu", "MaxPool", "Flatten", "Gemm"])
        case "resblock":
            #expect(ops.isSuperset(of: ["Conv", "BatchNormalization", "Clip", "Relu", "Add", "ReduceMean", "Gemm", "Sigmoid"]))
        default:
            #expect(ops.isSuperset(of: ["LayerNormalization", "Softmax", "Gelu", "MatMul", "Transpose", "Reshape", "Gemm"]))
        }
    }

    @Test func mindSporeRunsOurExportsWithTheFixtureOutputs() throws {
        let ours = try Project.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: ours) }
        var cases: [MindIROracle.Case] = []
        for name in Self.fixtures {
            let model = try MindIRImporter.importModel(
                MindIROracle.load(URL(fileURLWithPath: Project.testdata("models/\(name).mindir"))))
            let exported = ours.appendingPathComponent("\(name).mindir")
            try Data(MindIRExporter.encodeModel(model)).write(to: exported)
            // And once more: what we wrote imports to the same GraphIR ops.
            let again = try MindIRImporter.importModel(MindIROracle.load(exported))
            #expect(again.graph.nodes.map(\.op) == model.graph.nodes.map(\.op))
            cases.append(
                MindIROracle.Case(
                    name: name, candidate: exported.path, inputs: Project.testdata("models/\(name).inputs.npz"),
                    expected: Project.testdata("models/\(name).outputs.npz")))
        }
        let reports = try MindIROracle.check(cases, in: ours)
        for name in Self.fixtures {
            let report = try #require(reports[name], "no report for \(name)")
            #expect(report.error == nil, "\(name): \(report.error ?? "")")
            #expect(report.identical == true, "\(name): max_abs \(report.max_abs ?? -1), max_ulp \(report.max_ulp ?? -1)")
            #expect((report.nonzero ?? 0) > 0)
        }
    }
}
