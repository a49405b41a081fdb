import Formats

@testable import GraphIR

/// A float32 tensor of `shape` with the right number of zero bytes (or `byteCount` bytes).
func floatTensor(_ name: String, _ shape: [Int], byteCount: Int? = nil) -> Tensor {
    let count = byteCount ?? 4 * shape.reduce(1, *)
    return Tensor(name: name, dtype: .float32, shape: shape, bytes: TensorBytes(bytes: [UInt8](repeating: 0, count: count)))
}

func input(_ name: String, _ shape: Shape? = [2, 2]) -> Value {
    Value(name: name, dtype: .float32, shape: shape)
}

/// `x, w -> Add -> t -> Relu -> y`, all valid.
func smallGraph() -> Graph {
    Graph(
        name: "main",
        inputs: [input("x")],
        outputs: [input("y")],
        nodes: [
            Node(name: "add", op: "Add", inputs: ["x", "w"], outputs: ["t"]),
            Node(name: "relu", op: "Relu", inputs: ["t"], outputs: ["y"]),
        ],
        valueInfo: [input("t")],
        initializers: [floatTensor("w", [2, 2])])
}

/// A subgraph with no inputs that returns `outer` through an Identity.
func branch(_ name: String, reading outer: String, output: String) -> Graph {
    Graph(
        name: name,
        outputs: [Value(name: output)],
        nodes: [Node(name: "\(name)_id", op: "Identity", inputs: [outer], outputs: [output])])
}

/// The codes and node indexes of a graph's errors, for compact expectations.
func summary(_ errors: [GraphError]) -> [String] {
    errors.map { error in
        "\(error.code.rawValue)@\(error.nodeIndex.map(String.init) ?? "-")"
    }
}
