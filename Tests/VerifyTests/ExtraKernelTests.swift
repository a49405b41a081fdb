import GraphIR
import Testing
@testable import Verify

/// Hostile inputs for BitCast, CumProd, SwiGLU, the training optimizers and the ai.onnx.ml ops
/// (each must be refused with the right error code, never trap), plus small hand-checked values.
@Suite struct ExtraKernelTests {
    static func run(
        _ op: String, domain: String = "", _ inputs: [NDArray], _ attributes: [String: AttributeValue] = [:],
        outputs: Int = 1, backend: Backend = .reference, limits: InterpreterLimits = .default
    ) throws(InterpreterError) -> [NDArray] {
        var feed: [String: NDArray] = [:]
        for (i, input) in inputs.enumerated() { feed["i\(i)"] = input }
        let names = inputs.indices.map { "i\($0)" }
        let outs = (0..<outputs).map { "o\($0)" }
        let node = Node(
            op: op, domain: domain, inputs: names, outputs: outs,
            attributes: attributes.sorted { $0.key < $1.key }.map { Attribute(name: $0.key, value: $0.value) })
        let graph = Graph(
            name: "g", inputs: names.map { Value(name: $0) }, outputs: outs.map { Value(name: $0) }, nodes: [node])
        let model = Model(
            graph: graph, opsetImports: ["": 28, "ai.onnx.ml": 5, "ai.onnx.preview.training": 1])
        return try Interpreter(model: model, backend: backend, limits: limits).run(tensors: feed).map(\.value)
    }

    static func code(
        _ op: String, domain: String = "", _ inputs: [NDArray], _ attributes: [String: AttributeValue] = [:],
        outputs: Int = 1, limits: InterpreterLimits = .default
    ) -> InterpreterError.Code? {
        for backend in Backend.allCases {
            do {
                _ = try run(op, domain: domain, inputs, attributes, outputs: outputs, backend: backend, limits: limits)
            } catch {
                return error.code
            }
        }
        return nil
    }

    static func tensor(_ a: NDArray) -> AttributeValue { .tensor(a.tensor(name: "t")) }
    static func ints(_ v: [Int64]) -> AttributeValue { .ints(v) }

    // MARK: Default domain

    @Test func cumProdValuesAndBadAxis() throws {
        let x = NDArray([Float(1), 2, 3, 4], shape: [4])
        let axis = NDArray([Int64(0)], shape: [])
        #expect(try Self.run("CumProd", [x, axis])[0].doubles() == [1, 2, 6, 24])
        let rev = try Self.run("CumProd", [x, axis], ["exclusive": .int(1), "reverse": .int(1)])[0]
        #expect(rev.doubles() == [24, 12, 4, 1])
        #expect(Self.code("CumProd", [x, NDArray([Int64(1)], shape: [])]) == .invalidAttribute)
        #expect(Self.code("CumProd", [x, NDArray([Int64(0), 0], shape: [2])]) != nil)
        #expect(Self.code("CumProd", [NDArray([Float(2)], shape: []), axis]) == .invalidInput)
    }

    @Test func bitCastValuesAndWidths() throws {
        let x = NDArray([Float(1), -2], shape: [2])
        let y = try Self.run("BitCast", [x], ["to": .int(6)])[0]  // int32
        #expect(y.int64s() == [0x3F80_0000, Int64(Int32(bitPattern: 0xC000_0000))])
        #expect(Self.code("BitCast", [x], ["to": .int(7)]) == .invalidAttribute)  // int64: wider
        #expect(Self.code("BitCast", [x], ["to": .int(999)]) == .invalidAttribute)
        #expect(Self.code("BitCast", [x]) == .invalidAttribute)
        #expect(Self.code("BitCast", [x], ["to": .int(8)]) == .unsupported)  // string
        let bytes = NDArray(dtype: .uint8, shape: [2], storage: .uint8([1, 7]))
        #expect(Self.code("BitCast", [bytes], ["to": .int(9)]) == .invalidInput)  // 7 is no bool
    }

    @Test func swiGLURefusesMismatch() throws {
        let a = NDArray([Float(0), 1], shape: [2]), b = NDArray([Float(3), 2], shape: [2])
        let y = try Self.run("SwiGLU", [a, b])[0].doubles() ?? []
        #expect(y.count == 2 && y[0] == 0 && abs(y[1] - 2 / (1 + 1 / 2.718281828459045)) < 1e-6)
        #expect(Self.code("SwiGLU", [a, NDArray([Float(1)], shape: [1])]) == .invalidInput)
        #expect(Self.code("SwiGLU", [a, NDArray([Double(1), 2], shape: [2])]) == .invalidInput)
        #expect(Self.code("SwiGLU", [NDArray([Int64(1)], shape: [1]), NDArray([Int64(1)], shape: [1])]) == .unsupported)
    }

    // MARK: ai.onnx.preview.training

    @Test func optimizersCheckGroupsAndModes() throws {
        let d = "ai.onnx.preview.training"
        let r = NDArray([Float(0.1)], shape: []), t = NDArray([Int64(0)], shape: [])
        let x = NDArray([Float(1)], shape: [1]), g = NDArray([Float(2)], shape: [1]), v = NDArray([Float(0)], shape: [1])
        let attrs: [String: AttributeValue] = ["alpha": .float(0.9), "beta": .float(0.5), "norm_coefficient": .float(0), "mode": .string(Array("standard".utf8))]
        // First step: v = g, x = x - r * v.
        let out = try Self.run("Momentum", domain: d, [r, t, x, g, v], attrs, outputs: 2)
        #expect(abs((out[0].doubles()?[0] ?? 0) - 0.8) < 1e-6 && out[1].doubles() == [2])
        var bad = attrs
        bad["mode"] = .string(Array("sideways".utf8))
        #expect(Self.code("Momentum", domain: d, [r, t, x, g, v], bad, outputs: 2) == .invalidAttribute)
        #expect(Self.code("Momentum", domain: d, [r, t, x, g], attrs, outputs: 2) == .invalidInput)
        #expect(Self.code("Momentum", domain: d, [r, t, x, NDArray([Float(1), 2], shape: [2]), v], attrs, outputs: 2) == .invalidInput)
        #expect(Self.code("Adagrad", domain: d, [NDArray([Float(1), 2], shape: [2]), t, x, g, v], outputs: 2) == .invalidInput)
        #expect(Self.code("Adam", domain: d, [r, t, x, g, v], outputs: 3) == .invalidInput)
    }

    // MARK: ai.onnx.ml

    @Test func arrayFeatureExtractorChecksIndices() throws {
        let d = "ai.onnx.ml"
        let x = NDArray([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
        let y = try Self.run("ArrayFeatureExtractor", domain: d, [x, NDArray([Int64(2), 0], shape: [2])])[0]
        #expect(y.shape == [2, 2] && y.doubles() == [3, 1, 6, 4])
        #expect(Self.code("ArrayFeatureExtractor", domain: d, [x, NDArray([Int64(3)], shape: [1])]) == .invalidInput)
        #expect(Self.code("ArrayFeatureExtractor", domain: d, [x, NDArray([Int64(-1)], shape: [1])]) == .invalidInput)
        let small = InterpreterLimits(maxElements: 5)
        let tall = NDArray([Float(1), 2, 3], shape: [3, 1])
        #expect(Self.code("ArrayFeatureExtractor", domain: d, [tall, NDArray([Int64(0), 0], shape: [2])], limits: small) == .limitExceeded)
    }

    @Test func labelEncoderTablesAndDefaults() throws {
        let d = "ai.onnx.ml"
        let x = NDArray([Int64(1), 5, 2], shape: [3])
        let attrs: [String: AttributeValue] = ["keys_int64s": .ints([1, 2]), "values_floats": .floats([10, 20]), "default_float": .float(7)]
        #expect(try Self.run("LabelEncoder", domain: d, [x], attrs)[0].doubles() == [10, 7, 20])
        #expect(Self.code("LabelEncoder", domain: d, [x], ["keys_int64s": .ints([1, 2]), "values_floats": .floats([10])]) == .invalidAttribute)
        #expect(Self.code("LabelEncoder", domain: d, [x], ["values_floats": .floats([10])]) == .invalidAttribute)
        #expect(Self.code("LabelEncoder", domain: d, [x], ["keys_strings": .strings([Array("a".utf8)]), "values_int64s": .ints([1])]) == .invalidInput)
        let wrongDefault = Self.tensor(NDArray([Int64(1), 2], shape: [2]))
        #expect(Self.code("LabelEncoder", domain: d, [x], ["keys_int64s": .ints([1]), "values_tensor": Self.tensor(NDArray([Int64(3)], shape: [1])), "default_tensor": wrongDefault]) == .invalidAttribute)
    }

    /// A one-split tree: node 0 sends x[0] <= 0.5 to leaf 0 (weight 1), else leaf 1 (weight 2).
    static func tree(_ overrides: [String: AttributeValue] = [:]) -> [String: AttributeValue] {
        var a: [String: AttributeValue] = [
            "nodes_splits": tensor(NDArray([Float(0.5)], shape: [1])),
            "nodes_modes": tensor(NDArray(dtype: .uint8, shape: [1], storage: .uint8([0]))),
            "nodes_featureids": ints([0]), "nodes_truenodeids": ints([0]), "nodes_falsenodeids": ints([1]),
            "nodes_trueleafs": ints([1]), "nodes_falseleafs": ints([1]),
            "leaf_targetids": ints([0, 0]), "leaf_weights": tensor(NDArray([Float(1), 2], shape: [2])),
            "tree_roots": ints([0]), "n_targets": .int(1),
        ]
        for (k, v) in overrides { a[k] = v }
        return a
    }

    @Test func treeEnsembleRefusesBrokenTrees() throws {
        let d = "ai.onnx.ml"
        let x = NDArray([Float(0), 1], shape: [2, 1])
        #expect(try Self.run("TreeEnsemble", domain: d, [x], Self.tree())[0].doubles() == [1, 2])
        // A false branch to a node that does not exist, a leaf that does not exist, a root outside.
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["nodes_falseleafs": Self.ints([0])])) == .invalidAttribute)
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["nodes_falsenodeids": Self.ints([9])])) == .invalidAttribute)
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["tree_roots": Self.ints([-1])])) == .invalidAttribute)
        // The false branch loops back to the node itself: the row with x = 1 walks forever.
        let cycle = Self.tree(["nodes_falseleafs": Self.ints([0]), "nodes_falsenodeids": Self.ints([0])])
        #expect(Self.code("TreeEnsemble", domain: d, [x], cycle) == .invalidAttribute)
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["nodes_featureids": Self.ints([3])])) == .invalidAttribute)
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["leaf_targetids": Self.ints([0, 4])])) == .invalidAttribute)
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["aggregate_function": .int(9)])) == .invalidAttribute)
        let member = Self.tensor(NDArray(dtype: .uint8, shape: [1], storage: .uint8([6])))
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["nodes_modes": member])) == .invalidAttribute)
        #expect(Self.code("TreeEnsemble", domain: d, [x], Self.tree(["n_targets": .int(1 << 40)])) == .limitExceeded)
    }

    /// Probit is the standard normal quantile: 0 at 0.5 and 1.959963984540054 at 0.975.
    @Test func treeEnsembleProbit() throws {
        let weights = Self.tensor(NDArray([Float(0.5), 0.975], shape: [2]))
        let x = NDArray([Float(0), 1], shape: [2, 1])
        let y = try Self.run("TreeEnsemble", domain: "ai.onnx.ml", [x], Self.tree(["leaf_weights": weights, "post_transform": .int(4)]))[0]
        let v = y.doubles() ?? []
        #expect(v.count == 2 && abs(v[0]) < 1e-6 && abs(v[1] - 1.959963984540054) < 1e-5)
    }

    @Test func binarizerThresholds() throws {
        let y = try Self.run("Binarizer", domain: "ai.onnx.ml", [NDArray([Float(-1), 0.5, 2], shape: [3])], ["threshold": .float(0.5)])[0]
        #expect(y.doubles() == [0, 0, 1])
    }
}
