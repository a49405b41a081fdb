import Foundation

/// Finding tensors inside a model: by wire path (to put zero-copy payloads back after decoding)
/// and by visiting every one (for external data, inspection and checking).
///
/// Tensors live in graph initializers, sparse initializers, node attributes (`t`, `tensors`,
/// `sparse_tensor(s)`, and inside subgraphs `g`/`graphs`), function attribute defaults, and the
/// graphs of training info.
public enum ONNXTensorPaths {
    /// Where a visited tensor sits.
    public enum Role: Sendable, Equatable {
        case initializer
        case sparseInitializer
        case attribute
    }

    // MARK: By wire path

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in model: inout Onnx_ModelProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        switch step.field {
        case 7 where step.index == 0: return setRawData(data, at: rest, in: &model.graph)
        case 20 where model.trainingInfo.indices.contains(step.index):
            return setRawData(data, at: rest, in: &model.trainingInfo[step.index])
        case 25 where model.functions.indices.contains(step.index):
            return setRawData(data, at: rest, in: &model.functions[step.index])
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in info: inout Onnx_TrainingInfoProto) -> Bool {
        guard let step = path.first, step.index == 0 else { return false }
        switch step.field {
        case 1: return setRawData(data, at: path.dropFirst(), in: &info.initialization)
        case 2: return setRawData(data, at: path.dropFirst(), in: &info.algorithm)
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in function: inout Onnx_FunctionProto) -> Bool {
        guard let step = path.first else { return false }
        switch step.field {
        case 7 where function.node.indices.contains(step.index):
            return setRawData(data, at: path.dropFirst(), in: &function.node[step.index])
        case 11 where function.attributeProto.indices.contains(step.index):
            return setRawData(data, at: path.dropFirst(), in: &function.attributeProto[step.index])
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in graph: inout Onnx_GraphProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        switch step.field {
        case 1 where graph.node.indices.contains(step.index): return setRawData(data, at: rest, in: &graph.node[step.index])
        case 5 where graph.initializer.indices.contains(step.index):
            return setRawData(data, at: rest, in: &graph.initializer[step.index])
        case 15 where graph.sparseInitializer.indices.contains(step.index):
            return setRawData(data, at: rest, in: &graph.sparseInitializer[step.index])
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in node: inout Onnx_NodeProto) -> Bool {
        guard let step = path.first, step.field == 5, node.attribute.indices.contains(step.index) else { return false }
        return setRawData(data, at: path.dropFirst(), in: &node.attribute[step.index])
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in attribute: inout Onnx_AttributeProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        switch step.field {
        case 5 where step.index == 0: return setRawData(data, at: rest, in: &attribute.t)
        case 6 where step.index == 0: return setRawData(data, at: rest, in: &attribute.g)
        case 10 where attribute.tensors.indices.contains(step.index):
            return setRawData(data, at: rest, in: &attribute.tensors[step.index])
        case 11 where attribute.graphs.indices.contains(step.index):
            return setRawData(data, at: rest, in: &attribute.graphs[step.index])
        case 22 where step.index == 0: return setRawData(data, at: rest, in: &attribute.sparseTensor)
        case 23 where attribute.sparseTensors.indices.contains(step.index):
            return setRawData(data, at: rest, in: &attribute.sparseTensors[step.index])
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in sparse: inout Onnx_SparseTensorProto) -> Bool {
        guard let step = path.first, step.index == 0 else { return false }
        switch step.field {
        case 1: return setRawData(data, at: path.dropFirst(), in: &sparse.values)
        case 2: return setRawData(data, at: path.dropFirst(), in: &sparse.indices)
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in tensor: inout Onnx_TensorProto) -> Bool {
        guard path.count == 1, let step = path.first, step.field == 9 else { return false }
        tensor.rawData = data
        return true
    }

    // MARK: Visiting

    /// Calls `visit` for every tensor of the model with its field path and role, in file order
    /// per container. `visit` may change the tensor.
    public static func forEachTensor<E: Error>(
        in model: inout Onnx_ModelProto,
        _ visit: (inout Onnx_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        let root = FieldPath([.field("ModelProto")])
        if model.hasGraph { try forEachTensor(in: &model.graph, root.appending("graph"), visit) }
        for index in model.trainingInfo.indices {
            let path = root.appending("training_info", index: index)
            if model.trainingInfo[index].hasInitialization {
                try forEachTensor(in: &model.trainingInfo[index].initialization, path.appending("initialization"), visit)
            }
            if model.trainingInfo[index].hasAlgorithm {
                try forEachTensor(in: &model.trainingInfo[index].algorithm, path.appending("algorithm"), visit)
            }
        }
        for index in model.functions.indices {
            let path = root.appending("functions", index: index)
            for n in model.functions[index].node.indices {
                try forEachTensor(in: &model.functions[index].node[n], path.appending("node", index: n), visit)
            }
            for a in model.functions[index].attributeProto.indices {
                try forEachTensor(
                    in: &model.functions[index].attributeProto[a], path.appending("attribute_proto", index: a), visit)
            }
        }
    }

    /// Read-only variant of `forEachTensor(in:_:)`. (Not generic over the error: a generic
    /// typed-throws closure wrapped in another one crashes the Swift 6.3 optimizer.)
    public static func forEachTensor(
        of model: Onnx_ModelProto, _ visit: (Onnx_TensorProto, FieldPath, Role) throws(FormatError) -> Void
    ) throws(FormatError) {
        var copy = model  // copy-on-write: nothing is copied unless a visitor changes something
        try forEachTensor(in: &copy) { (tensor: inout Onnx_TensorProto, path, role) throws(FormatError) in
            try visit(tensor, path, role)
        }
    }

    static func forEachTensor<E: Error>(
        in graph: inout Onnx_GraphProto, _ path: FieldPath,
        _ visit: (inout Onnx_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        for index in graph.initializer.indices {
            try visit(&graph.initializer[index], path.appending("initializer", index: index), .initializer)
        }
        for index in graph.sparseInitializer.indices {
            let here = path.appending("sparse_initializer", index: index)
            try forEachTensor(in: &graph.sparseInitializer[index], here, .sparseInitializer, visit)
        }
        for index in graph.node.indices {
            try forEachTensor(in: &graph.node[index], path.appending("node", index: index), visit)
        }
    }

    static func forEachTensor<E: Error>(
        in node: inout Onnx_NodeProto, _ path: FieldPath,
        _ visit: (inout Onnx_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        for index in node.attribute.indices {
            try forEachTensor(in: &node.attribute[index], path.appending("attribute", index: index), visit)
        }
    }

    static func forEachTensor<E: Error>(
        in attribute: inout Onnx_AttributeProto, _ path: FieldPath,
        _ visit: (inout Onnx_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        if attribute.hasT { try visit(&attribute.t, path.appending("t"), .attribute) }
        for index in attribute.tensors.indices {
            try visit(&attribute.tensors[index], path.appending("tensors", index: index), .attribute)
        }
        if attribute.hasSparseTensor {
            try forEachTensor(in: &attribute.sparseTensor, path.appending("sparse_tensor"), .attribute, visit)
        }
        for index in attribute.sparseTensors.indices {
            try forEachTensor(
                in: &attribute.sparseTensors[index], path.appending("sparse_tensors", index: index), .attribute, visit)
        }
        if attribute.hasG { try forEachTensor(in: &attribute.g, path.appending("g"), visit) }
        for index in attribute.graphs.indices {
            try forEachTensor(in: &attribute.graphs[index], path.appending("graphs", index: index), visit)
        }
    }

    static func forEachTensor<E: Error>(
        in sparse: inout Onnx_SparseTensorProto, _ path: FieldPath, _ role: Role,
        _ visit: (inout Onnx_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        if sparse.hasValues { try visit(&sparse.values, path.appending("values"), role) }
        if sparse.hasIndices { try visit(&sparse.indices, path.appending("indices"), role) }
    }
}
