import Formats

extension GraphView {
    /// The graph view of an ONNX model. External data is located and its path checked (so an
    /// escaping `location` is an error here too), but not read.
    public init(onnx document: ONNXDocument) throws(FormatError) {
        let model = document.model
        let graph = model.graph
        inputs = graph.input.map(Self.port)
        outputs = graph.output.map(Self.port)
        opsets = model.opsetImport.map { ($0.domain, Int($0.version)) }
        var counts: [String: Int] = [:]
        for node in graph.node {
            let op = node.domain.isEmpty || node.domain == "ai.onnx" ? node.opType : "\(node.domain).\(node.opType)"
            counts[op, default: 0] += 1
        }
        opHistogram = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
        nodeCount = graph.node.count
        var nested = model.functions.reduce(0) { $0 + $1.node.count }
        for node in graph.node { nested += Self.nestedNodes(node) }
        nestedNodeCount = nested
        initializerCount = graph.initializer.count + graph.sparseInitializer.count
        var bytes = 0
        let root = FieldPath([.field("ModelProto"), .field("graph")])
        for (index, tensor) in graph.initializer.enumerated() {
            bytes += try Self.byteCount(tensor, document, root.appending("initializer", index: index))
        }
        for (index, sparse) in graph.sparseInitializer.enumerated() {
            let here = root.appending("sparse_initializer", index: index)
            bytes += try Self.byteCount(sparse.values, document, here.appending("values"))
            bytes += try Self.byteCount(sparse.indices, document, here.appending("indices"))
        }
        initializerBytes = bytes
        facts = [
            ("ir_version", .int(Int(model.irVersion))),
            ("producer", .string(model.producerName + (model.producerVersion.isEmpty ? "" : " " + model.producerVersion))),
            ("graph_name", .string(graph.name)),
        ]
    }

    static func nestedNodes(_ node: Onnx_NodeProto) -> Int {
        var total = 0
        for attribute in node.attribute {
            for graph in (attribute.hasG ? [attribute.g] : []) + attribute.graphs {
                total += graph.node.count
                for inner in graph.node { total += nestedNodes(inner) }
            }
        }
        return total
    }

    static func byteCount(_ tensor: Onnx_TensorProto, _ document: ONNXDocument, _ path: FieldPath) throws(FormatError) -> Int {
        if tensor.dataLocation == .external || tensor.hasRawData {
            return try document.payload(of: tensor, at: path).count
        }
        if tensor.dataType == 8 { return tensor.stringData.reduce(0) { $0 + $1.count } }
        var elements = 1
        for dim in tensor.dims { elements = elements.multipliedReportingOverflow(by: Int(max(0, dim))).partialValue }
        return ONNXDataType(code: tensor.dataType)?.byteCount(elements: elements) ?? 0
    }

    static func port(_ info: Onnx_ValueInfoProto) -> Port {
        let (dtype, shape) = describe(info.type)
        return Port(name: info.name, dtype: dtype, shape: shape)
    }

    static func describe(_ type: Onnx_TypeProto) -> (String?, [Dim]?) {
        func element(_ code: Int32) -> String { ONNXDataType(code: code)?.name ?? "type\(code)" }
        func dims(_ shape: Onnx_TensorShapeProto) -> [Dim] {
            shape.dim.map { d in
                switch d.value {
                case .dimValue(let n): return .fixed(Int(n))
                case .dimParam(let s): return .symbolic(s)
                case nil: return .unknown
                }
            }
        }
        switch type.value {
        case .tensorType(let t): return (element(t.elemType), t.hasShape ? dims(t.shape) : nil)
        case .sparseTensorType(let t): return ("sparse<\(element(t.elemType))>", t.hasShape ? dims(t.shape) : nil)
        case .sequenceType(let s): return ("sequence<\(describe(s.elemType).0 ?? "?")>", nil)
        case .optionalType(let o): return ("optional<\(describe(o.elemType).0 ?? "?")>", nil)
        case .mapType(let m): return ("map<\(element(m.keyType)), \(describe(m.valueType).0 ?? "?")>", nil)
        case .opaqueType(let o): return ("opaque<\(o.domain).\(o.name)>", nil)
        case nil: return (nil, nil)
        }
    }
}
