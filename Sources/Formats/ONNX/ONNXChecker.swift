/// One rule a model breaks, located: the field path, and for node problems the node's index,
/// name and op type.
public struct ONNXCheckIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        case irVersion = "ir-version"
        case opsetImport = "opset-import"
        case duplicateName = "duplicate-name"
        case undefinedInput = "undefined-input"
        case undefinedOutput = "undefined-output"
        case emptyOpType = "empty-op-type"
        case unknownDomain = "unknown-domain"
        case attributeType = "attribute-type"
        case duplicateAttribute = "duplicate-attribute"
        case tensorSize = "tensor-size"
        case tensorType = "tensor-type"
        case externalData = "external-data"
        case function
    }

    public var rule: Rule
    public var path: FieldPath
    public var nodeIndex: Int?
    public var nodeName: String?
    public var opType: String?
    public var message: String

    public var description: String {
        var node = ""
        if let nodeIndex {
            node = " (node \(nodeIndex)"
            if let nodeName, !nodeName.isEmpty { node += " \"\(nodeName)\"" }
            if let opType { node += " \(opType)" }
            node += ")"
        }
        return "\(path)\(node): \(rule.rawValue): \(message)"
    }
}

/// The model checker, kept apart from decoding as the onnx checker is: decoding accepts anything
/// protobuf-valid whose sizes are sane; `validate` says whether it is a well-formed ONNX model.
///
/// Checks: IR version and opset imports present; names unique (graph inputs, initializers, node
/// outputs, each assigned once); every node input defined before use (graph inputs, initializers,
/// earlier outputs, outer scopes for subgraphs); graph outputs defined; attribute `type` matching
/// the field that holds the value; tensor element counts consistent with dims and data type.
/// External data is checked for a well-formed entry, not read.
public enum ONNXChecker {
    public static func validate(_ document: ONNXDocument) -> [ONNXCheckIssue] {
        var checker = Run(model: document.model)
        checker.run()
        return checker.issues
    }

    struct Run {
        let model: Onnx_ModelProto
        var issues: [ONNXCheckIssue] = []
        var domains: Set<String> = []
        var functions: Set<String> = []

        init(model: Onnx_ModelProto) { self.model = model }

        mutating func add(_ rule: ONNXCheckIssue.Rule, _ path: FieldPath, node: (Int, Onnx_NodeProto)? = nil, _ message: String) {
            issues.append(
                ONNXCheckIssue(
                    rule: rule, path: path, nodeIndex: node?.0, nodeName: node?.1.name, opType: node?.1.opType,
                    message: message))
        }

        mutating func run() {
            let root = FieldPath([.field("ModelProto")])
            if !model.hasIrVersion || model.irVersion < 1 {
                add(.irVersion, root.appending("ir_version"), "ir_version is missing")
            }
            if model.irVersion >= 3 && model.opsetImport.isEmpty {
                add(.opsetImport, root.appending("opset_import"), "IR \(model.irVersion) needs opset imports")
            }
            for (index, opset) in model.opsetImport.enumerated() {
                let domain = opset.domain == "ai.onnx" ? "" : opset.domain
                if domains.contains(domain) {
                    add(.opsetImport, root.appending("opset_import", index: index), "domain \"\(opset.domain)\" is imported twice")
                }
                domains.insert(domain)
                if opset.version < 1 {
                    add(.opsetImport, root.appending("opset_import", index: index), "version \(opset.version) is not positive")
                }
            }
            for function in model.functions { functions.insert(function.domain + "\u{0}" + function.name) }
            if model.hasGraph {
                checkGraph(model.graph, root.appending("graph"), outer: [])
            }
            for (index, function) in model.functions.enumerated() {
                checkFunction(function, root.appending("functions", index: index))
            }
        }

        mutating func checkGraph(_ graph: Onnx_GraphProto, _ path: FieldPath, outer: Set<String>) {
            var defined = Set<String>()
            for (index, input) in graph.input.enumerated() {
                if input.name.isEmpty { continue }
                if !defined.insert(input.name).inserted {
                    add(.duplicateName, path.appending("input", index: index), "graph input \"\(input.name)\" is declared twice")
                }
            }
            var initializers = Set<String>()
            for (index, tensor) in graph.initializer.enumerated() {
                let here = path.appending("initializer", index: index)
                if !initializers.insert(tensor.name).inserted {
                    add(.duplicateName, here, "initializer \"\(tensor.name)\" is declared twice")
                }
                checkTensor(tensor, here)
            }
            for (index, sparse) in graph.sparseInitializer.enumerated() {
                let here = path.appending("sparse_initializer", index: index)
                let name = sparse.values.name
                if !initializers.insert(name).inserted {
                    add(.duplicateName, here, "initializer \"\(name)\" is declared twice")
                }
                checkTensor(sparse.values, here.appending("values"))
                checkTensor(sparse.indices, here.appending("indices"))
            }
            defined.formUnion(initializers)
            for (index, node) in graph.node.enumerated() {
                checkNode(node, index, path.appending("node", index: index), defined: defined, outer: outer)
                for (slot, output) in node.output.enumerated() where !output.isEmpty {
                    if !defined.insert(output).inserted {
                        add(.duplicateName, path.appending("node", index: index).appending("output", index: slot),
                            node: (index, node), "\"\(output)\" is assigned more than once")
                    }
                }
            }
            for (index, output) in graph.output.enumerated() where !defined.contains(output.name) && !outer.contains(output.name) {
                add(.undefinedOutput, path.appending("output", index: index), "graph output \"\(output.name)\" is never produced")
            }
        }

        mutating func checkNode(
            _ node: Onnx_NodeProto, _ index: Int, _ path: FieldPath, defined: Set<String>, outer: Set<String>
        ) {
            if node.opType.isEmpty { add(.emptyOpType, path.appending("op_type"), node: (index, node), "op_type is empty") }
            let domain = node.domain == "ai.onnx" ? "" : node.domain
            if !domains.contains(domain) && !functions.contains(node.domain + "\u{0}" + node.opType) && model.irVersion >= 3 {
                add(.unknownDomain, path.appending("domain"), node: (index, node), "domain \"\(node.domain)\" is not imported")
            }
            for (slot, input) in node.input.enumerated() where !input.isEmpty {
                if !defined.contains(input) && !outer.contains(input) {
                    add(.undefinedInput, path.appending("input", index: slot), node: (index, node),
                        "\"\(input)\" is used before it is defined")
                }
            }
            var names = Set<String>()
            for (slot, attribute) in node.attribute.enumerated() {
                let here = path.appending("attribute", index: slot)
                if !names.insert(attribute.name).inserted {
                    add(.duplicateAttribute, here, node: (index, node), "attribute \"\(attribute.name)\" appears twice")
                }
                checkAttribute(attribute, here, node: (index, node), scope: defined.union(outer), inFunction: false)
            }
        }

        mutating func checkAttribute(
            _ attribute: Onnx_AttributeProto, _ path: FieldPath, node: (Int, Onnx_NodeProto)?, scope: Set<String>,
            inFunction: Bool
        ) {
            if !attribute.refAttrName.isEmpty {
                if !inFunction {
                    add(.attributeType, path.appending("ref_attr_name"), node: node, "a reference attribute outside a function")
                }
                return
            }
            let filled: [(Onnx_AttributeProto.AttributeType, Bool)] = [
                (.float, attribute.hasF), (.int, attribute.hasI), (.string, attribute.hasS), (.tensor, attribute.hasT),
                (.graph, attribute.hasG), (.sparseTensor, attribute.hasSparseTensor), (.typeProto, attribute.hasTp),
                (.floats, !attribute.floats.isEmpty), (.ints, !attribute.ints.isEmpty), (.strings, !attribute.strings.isEmpty),
                (.tensors, !attribute.tensors.isEmpty), (.graphs, !attribute.graphs.isEmpty),
                (.sparseTensors, !attribute.sparseTensors.isEmpty), (.typeProtos, !attribute.typeProtos.isEmpty),
            ]
            let present = filled.filter(\.1).map(\.0)
            if attribute.name.isEmpty { add(.attributeType, path.appending("name"), node: node, "attribute has no name") }
            if attribute.type == .undefined {
                if model.irVersion >= 2 { add(.attributeType, path.appending("type"), node: node, "attribute \"\(attribute.name)\" has no type") }
            } else if present.count > 1 || (present.first.map { $0 != attribute.type } ?? false) {
                add(.attributeType, path.appending("type"), node: node,
                    "type is \(attribute.type) but the value is in \(present.map { "\($0)" }.joined(separator: ", "))")
            } else if present.isEmpty && ![.floats, .ints, .strings, .tensors, .graphs, .sparseTensors, .typeProtos].contains(attribute.type) {
                add(.attributeType, path, node: node, "attribute \"\(attribute.name)\" of type \(attribute.type) holds no value")
            }
            if attribute.hasT { checkTensor(attribute.t, path.appending("t")) }
            for (i, tensor) in attribute.tensors.enumerated() { checkTensor(tensor, path.appending("tensors", index: i)) }
            if attribute.hasG { checkGraph(attribute.g, path.appending("g"), outer: scope) }
            for (i, graph) in attribute.graphs.enumerated() { checkGraph(graph, path.appending("graphs", index: i), outer: scope) }
        }

        mutating func checkFunction(_ function: Onnx_FunctionProto, _ path: FieldPath) {
            if function.name.isEmpty { add(.function, path.appending("name"), "function has no name") }
            var defined = Set(function.input)
            for (index, node) in function.node.enumerated() {
                let here = path.appending("node", index: index)
                for (slot, input) in node.input.enumerated() where !input.isEmpty && !defined.contains(input) {
                    add(.undefinedInput, here.appending("input", index: slot), node: (index, node),
                        "\"\(input)\" is used before it is defined")
                }
                for (slot, attribute) in node.attribute.enumerated() {
                    checkAttribute(attribute, here.appending("attribute", index: slot), node: (index, node), scope: defined, inFunction: true)
                }
                for output in node.output where !output.isEmpty { defined.insert(output) }
            }
            for (index, output) in function.output.enumerated() where !defined.contains(output) {
                add(.undefinedOutput, path.appending("output", index: index), "function output \"\(output)\" is never produced")
            }
        }

        mutating func checkTensor(_ tensor: Onnx_TensorProto, _ path: FieldPath) {
            guard let type = ONNXDataType(code: tensor.dataType), tensor.dataType != 0 else {
                add(.tensorType, path.appending("data_type"), "data_type \(tensor.dataType) is not a tensor element type")
                return
            }
            var elements = 1
            for dim in tensor.dims {
                guard dim >= 0 else {
                    add(.tensorSize, path.appending("dims"), "negative dimension \(dim)")
                    return
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
                guard !overflow else {
                    add(.tensorSize, path.appending("dims"), "the product of dims overflows")
                    return
                }
                elements = product
            }
            if tensor.dataLocation == .external {
                if tensor.hasRawData || ONNXCodec.hasTypedData(tensor) {
                    add(.externalData, path, "an external tensor also holds inline data")
                }
                do {
                    let entry = try ExternalEntry(tensor, path: path, file: nil)
                    if let length = entry.length, let expected = type.byteCount(elements: elements), length != expected {
                        add(.tensorSize, path.appending("external_data"), "length \(length) where dims need \(expected) bytes")
                    }
                } catch {
                    add(.externalData, error.fieldPath, error.message)
                }
                return
            }
            if tensor.hasRawData {
                if let expected = type.byteCount(elements: elements), expected != tensor.rawData.count {
                    add(.tensorSize, path.appending("raw_data"), "\(tensor.rawData.count) bytes where dims need \(expected)")
                }
                return
            }
            // Values per field: complex types take two; 4- and 2-bit types pack into one int32 per byte.
            let (field, count, perElement): (String, Int, Int)
            switch type.code {
            case 1: (field, count, perElement) = ("float_data", tensor.floatData.count, 1)
            case 14: (field, count, perElement) = ("float_data", tensor.floatData.count, 2)
            case 11: (field, count, perElement) = ("double_data", tensor.doubleData.count, 1)
            case 15: (field, count, perElement) = ("double_data", tensor.doubleData.count, 2)
            case 7: (field, count, perElement) = ("int64_data", tensor.int64Data.count, 1)
            case 12, 13: (field, count, perElement) = ("uint64_data", tensor.uint64Data.count, 1)
            case 8: (field, count, perElement) = ("string_data", tensor.stringData.count, 1)
            default: (field, count, perElement) = ("int32_data", tensor.int32Data.count, 1)
            }
            let expected: Int
            if let bits = type.bits, bits < 8, let bytes = type.byteCount(elements: elements) {
                expected = bytes  // one packed byte per int32 value
            } else {
                expected = elements * perElement
            }
            if count != expected && !(count == 0 && elements > 0 && tensor.hasSegment) {
                add(.tensorSize, path.appending(field), "\(count) values where dims \(tensor.dims) need \(expected)")
            }
        }
    }
}
