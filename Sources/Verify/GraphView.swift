import Formats

/// The `"graph"` member of `mshub inspect`: a format-neutral summary of a model's main graph.
public struct GraphView: Sendable, Equatable {
    public struct Port: Sendable, Equatable {
        public var name: String
        /// Element type name (`float32` …), or a container description (`sequence<float32>`).
        public var dtype: String?
        /// Dimensions: a number, a symbolic name, or nil for unknown; nil shape = rank unknown.
        public var shape: [Dim]?
    }

    public enum Dim: Sendable, Equatable {
        case fixed(Int)
        case symbolic(String)
        case unknown
    }

    public var inputs: [Port]
    public var outputs: [Port]
    /// (domain, version) in file order; `""` is the default domain.
    public var opsets: [(String, Int)]
    /// Op type → count, most frequent first.
    public var opHistogram: [(String, Int)]
    public var nodeCount: Int
    /// Nodes inside subgraphs (If/Loop/Scan bodies) and functions, not in `nodeCount`.
    public var nestedNodeCount: Int
    public var initializerCount: Int
    public var initializerBytes: Int
    /// Format-specific header facts, e.g. `ir_version`, `producer`.
    public var facts: [(String, JSONValue)]

    public static func == (lhs: GraphView, rhs: GraphView) -> Bool {
        lhs.json == rhs.json
    }

    public var json: JSONValue {
        func port(_ p: Port) -> JSONValue {
            .object([
                ("name", .string(p.name)),
                ("dtype", p.dtype.map(JSONValue.string) ?? .null),
                ("shape", p.shape.map { dims in
                    .array(dims.map { d -> JSONValue in
                        switch d {
                        case .fixed(let n): return .int(n)
                        case .symbolic(let s): return .string(s)
                        case .unknown: return .null
                        }
                    })
                } ?? .null),
            ])
        }
        return .object(
            facts + [
                ("inputs", .array(inputs.map(port))),
                ("outputs", .array(outputs.map(port))),
                ("opsets", .array(opsets.map { .object([("domain", .string($0.0)), ("version", .int($0.1))]) })),
                ("node_count", .int(nodeCount)),
                ("nested_node_count", .int(nestedNodeCount)),
                ("ops", .object(opHistogram.map { ($0.0, .int($0.1)) })),
                ("initializer_count", .int(initializerCount)),
                ("initializer_bytes", .int(initializerBytes)),
            ])
    }

    /// Text lines for the human-readable report.
    public var textLines: [String] {
        func describe(_ p: Port) -> String {
            let dims = p.shape.map { shape in
                "[" + shape.map { d -> String in
                    switch d {
                    case .fixed(let n): return String(n)
                    case .symbolic(let s): return s
                    case .unknown: return "?"
                    }
                }.joined(separator: ", ") + "]"
            } ?? "[?]"
            return "  \(p.name)  \(p.dtype ?? "?")  \(dims)"
        }
        var lines: [String] = []
        for (key, value) in facts { lines.append("\((key + ":").padded(11))\(value.rendered())") }
        if !opsets.isEmpty { lines.append("opsets:    " + opsets.map { "\($0.0.isEmpty ? "ai.onnx" : $0.0) \($0.1)" }.joined(separator: ", ")) }
        lines.append("inputs:    \(inputs.count)")
        lines += inputs.map(describe)
        lines.append("outputs:   \(outputs.count)")
        lines += outputs.map(describe)
        var nodes = "nodes:     \(nodeCount)"
        if nestedNodeCount > 0 { nodes += " (+\(nestedNodeCount) in subgraphs and functions)" }
        lines.append(nodes)
        lines.append("ops:       " + opHistogram.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        lines.append("initializers: \(initializerCount), \(initializerBytes) bytes")
        return lines
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
