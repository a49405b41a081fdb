import Foundation

/// Finding the `TensorProto`s of a MindIR model: by wire path (to put zero-copy `raw_data` back
/// after decoding) and by visiting every one (external data, summaries, writing).
///
/// Tensors sit in graph parameters (the weights), map parameters, graph inputs/outputs (type
/// descriptions, no data), and in attributes: of nodes (constants' `value`, the `shape` abstract),
/// of graphs, of primitives and of quantization parameters; attributes nest through `values`,
/// `seq_info`, `functor`, and hold graphs (`g`, `graphs`) that nest again.
public enum MindIRTensorPaths {
    /// Where a visited tensor sits.
    public enum Role: Sendable, Equatable {
        /// `GraphProto.parameter`: a weight.
        case parameter
        /// A tensor of `GraphProto.map_parameter`.
        case mapParameter
        /// `ValueInfoProto.tensor`: a type/shape description of an input or output.
        case valueInfo
        /// Inside an attribute (constants, abstracts, primitive attributes).
        case attribute
    }

    // MARK: By wire path (field numbers from FORMATS.md §2.1)

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in model: inout MindIr_ModelProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        switch step.field {
        case 7 where step.index == 0: return setRawData(data, at: rest, in: &model.graph)
        case 8 where model.functions.indices.contains(step.index):
            return setRawData(data, at: rest, in: &model.functions[step.index])
        case 12 where model.primitives.indices.contains(step.index):
            guard let next = rest.first, next.field == 3, model.primitives[step.index].attribute.indices.contains(next.index)
            else { return false }
            return setRawData(data, at: rest.dropFirst(), in: &model.primitives[step.index].attribute[next.index])
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in graph: inout MindIr_GraphProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        let i = step.index
        switch step.field {
        case 1 where graph.node.indices.contains(i): return setRawData(data, at: rest, in: &graph.node[i])
        case 3 where graph.parameter.indices.contains(i): return setRawData(data, at: rest, in: &graph.parameter[i])
        case 5 where graph.input.indices.contains(i): return setRawData(data, at: rest, in: &graph.input[i])
        case 6 where graph.output.indices.contains(i): return setRawData(data, at: rest, in: &graph.output[i])
        case 8 where graph.attribute.indices.contains(i): return setRawData(data, at: rest, in: &graph.attribute[i])
        case 10 where graph.mapParameter.indices.contains(i):
            guard let next = rest.first, next.index == 0 else { return false }
            let inner = rest.dropFirst()
            switch next.field {
            case 2: return setRawData(data, at: inner, in: &graph.mapParameter[i].defaultValue)
            case 3: return setRawData(data, at: inner, in: &graph.mapParameter[i].keyTensor)
            case 4: return setRawData(data, at: inner, in: &graph.mapParameter[i].valueTensor)
            case 5: return setRawData(data, at: inner, in: &graph.mapParameter[i].statusTensor)
            default: return false
            }
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in node: inout MindIr_NodeProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        let i = step.index
        switch step.field {
        case 5 where node.attribute.indices.contains(i): return setRawData(data, at: rest, in: &node.attribute[i])
        case 8 where node.nodeAttr.indices.contains(i): return setRawData(data, at: rest, in: &node.nodeAttr[i])
        case 9 where node.primalAttr.indices.contains(i): return setRawData(data, at: rest, in: &node.primalAttr[i])
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in info: inout MindIr_ValueInfoProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        switch step.field {
        case 2 where info.tensor.indices.contains(step.index): return setRawData(data, at: rest, in: &info.tensor[step.index])
        case 5 where step.index == 0: return setRawData(data, at: rest, in: &info.attrInfo)
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in attribute: inout MindIr_AttributeProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        let i = step.index
        switch step.field {
        case 6 where i == 0: return setRawData(data, at: rest, in: &attribute.t)
        case 7 where i == 0: return setRawData(data, at: rest, in: &attribute.g)
        case 12 where attribute.tensors.indices.contains(i): return setRawData(data, at: rest, in: &attribute.tensors[i])
        case 13 where attribute.graphs.indices.contains(i): return setRawData(data, at: rest, in: &attribute.graphs[i])
        case 17 where attribute.values.indices.contains(i): return setRawData(data, at: rest, in: &attribute.values[i])
        case 18 where i == 0:
            guard let next = rest.first, next.field == 2, next.index == 0 else { return false }
            return setRawData(data, at: rest.dropFirst(), in: &attribute.seqInfo.tupleElemItem)
        case 19 where i == 0:
            guard let next = rest.first, next.field == 3, attribute.functor.values.indices.contains(next.index) else {
                return false
            }
            return setRawData(data, at: rest.dropFirst(), in: &attribute.functor.values[next.index])
        default: return false
        }
    }

    static func setRawData(_ data: Data, at path: ArraySlice<WireStep>, in tensor: inout MindIr_TensorProto) -> Bool {
        guard let step = path.first else { return false }
        let rest = path.dropFirst()
        switch step.field {
        case 9 where rest.isEmpty:
            tensor.rawData = data
            return true
        case 17 where tensor.quantParams.indices.contains(step.index):
            guard let next = rest.first, next.field == 2,
                tensor.quantParams[step.index].attribute.indices.contains(next.index)
            else { return false }
            return setRawData(data, at: rest.dropFirst(), in: &tensor.quantParams[step.index].attribute[next.index])
        default: return false
        }
    }

    // MARK: Visiting

    /// Calls `visit` for every tensor of the model with its field path and role, container by
    /// container in field order. `visit` may change the tensor.
    public static func forEachTensor<E: Error>(
        in model: inout MindIr_ModelProto, _ visit: (inout MindIr_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        let root = FieldPath([.field("ModelProto")])
        if model.hasGraph { try forEachTensor(in: &model.graph, root.appending("graph"), depth: 0, visit) }
        for index in model.functions.indices {
            try forEachTensor(in: &model.functions[index], root.appending("functions", index: index), depth: 0, visit)
        }
        for index in model.primitives.indices {
            let path = root.appending("primitives", index: index)
            for a in model.primitives[index].attribute.indices {
                try forEachTensor(
                    in: &model.primitives[index].attribute[a], path.appending("attribute", index: a), depth: 0, visit)
            }
        }
    }

    /// Read-only variant of `forEachTensor(in:_:)`.
    public static func forEachTensor(
        of model: MindIr_ModelProto, _ visit: (MindIr_TensorProto, FieldPath, Role) throws(FormatError) -> Void
    ) throws(FormatError) {
        var copy = model  // copy-on-write: nothing is copied unless a visitor changes something
        try forEachTensor(in: &copy) { (tensor: inout MindIr_TensorProto, path, role) throws(FormatError) in
            try visit(tensor, path, role)
        }
    }

    /// Nesting is bounded by the decoder's depth limit already; this guard keeps a model built in
    /// memory from recursing without end.
    static let maxDepth = 256

    static func forEachTensor<E: Error>(
        in graph: inout MindIr_GraphProto, _ path: FieldPath, depth: Int,
        _ visit: (inout MindIr_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        guard depth < maxDepth else { return }
        for i in graph.parameter.indices {
            let here = path.appending("parameter", index: i)
            try visit(&graph.parameter[i], here, .parameter)
            try forEachTensor(inQuantOf: &graph.parameter[i], here, depth: depth, visit)
        }
        for i in graph.mapParameter.indices {
            let here = path.appending("map_parameter", index: i)
            try visit(&graph.mapParameter[i].keyTensor, here.appending("key_tensor"), .mapParameter)
            try visit(&graph.mapParameter[i].valueTensor, here.appending("value_tensor"), .mapParameter)
            try visit(&graph.mapParameter[i].statusTensor, here.appending("status_tensor"), .mapParameter)
            if graph.mapParameter[i].hasDefaultValue {
                try forEachTensor(in: &graph.mapParameter[i].defaultValue, here.appending("default_value"), depth: depth + 1, visit)
            }
        }
        for i in graph.input.indices {
            try forEachTensor(in: &graph.input[i], path.appending("input", index: i), depth: depth, visit)
        }
        for i in graph.output.indices {
            try forEachTensor(in: &graph.output[i], path.appending("output", index: i), depth: depth, visit)
        }
        for i in graph.attribute.indices {
            try forEachTensor(in: &graph.attribute[i], path.appending("attribute", index: i), depth: depth + 1, visit)
        }
        for n in graph.node.indices {
            let here = path.appending("node", index: n)
            for i in graph.node[n].attribute.indices {
                try forEachTensor(in: &graph.node[n].attribute[i], here.appending("attribute", index: i), depth: depth + 1, visit)
            }
            for i in graph.node[n].nodeAttr.indices {
                try forEachTensor(in: &graph.node[n].nodeAttr[i], here.appending("node_attr", index: i), depth: depth + 1, visit)
            }
            for i in graph.node[n].primalAttr.indices {
                try forEachTensor(
                    in: &graph.node[n].primalAttr[i], here.appending("primal_attr", index: i), depth: depth + 1, visit)
            }
        }
    }

    static func forEachTensor<E: Error>(
        in info: inout MindIr_ValueInfoProto, _ path: FieldPath, depth: Int,
        _ visit: (inout MindIr_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        for i in info.tensor.indices { try visit(&info.tensor[i], path.appending("tensor", index: i), .valueInfo) }
        if info.hasAttrInfo { try forEachTensor(in: &info.attrInfo, path.appending("attr_info"), depth: depth + 1, visit) }
    }

    static func forEachTensor<E: Error>(
        inQuantOf tensor: inout MindIr_TensorProto, _ path: FieldPath, depth: Int,
        _ visit: (inout MindIr_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        for q in tensor.quantParams.indices {
            for a in tensor.quantParams[q].attribute.indices {
                let here = path.appending("quant_params", index: q).appending("attribute", index: a)
                try forEachTensor(in: &tensor.quantParams[q].attribute[a], here, depth: depth + 1, visit)
            }
        }
    }

    static func forEachTensor<E: Error>(
        in attribute: inout MindIr_AttributeProto, _ path: FieldPath, depth: Int,
        _ visit: (inout MindIr_TensorProto, FieldPath, Role) throws(E) -> Void
    ) throws(E) {
        guard depth < maxDepth else { return }
        if attribute.hasT {
            try visit(&attribute.t, path.appending("t"), .attribute)
            try forEachTensor(inQuantOf: &attribute.t, path.appending("t"), depth: depth, visit)
        }
        for i in attribute.tensors.indices {
            let here = path.appending("tensors", index: i)
            try visit(&attribute.tensors[i], here, .attribute)
            try forEachTensor(inQuantOf: &attribute.tensors[i], here, depth: depth, visit)
        }
        if attribute.hasG { try forEachTensor(in: &attribute.g, path.appending("g"), depth: depth + 1, visit) }
        for i in attribute.graphs.indices {
            try forEachTensor(in: &attribute.graphs[i], path.appending("graphs", index: i), depth: depth + 1, visit)
        }
        for i in attribute.values.indices {
            try forEachTensor(in: &attribute.values[i], path.appending("values", index: i), depth: depth + 1, visit)
        }
        if attribute.hasSeqInfo, attribute.seqInfo.hasTupleElemItem {
            try forEachTensor(
                in: &attribute.seqInfo.tupleElemItem, path.appending("seq_info").appending("tuple_elem_item"),
                depth: depth + 1, visit)
        }
        if attribute.hasFunctor {
            for i in attribute.functor.values.indices {
                try forEachTensor(
                    in: &attribute.functor.values[i], path.appending("functor").appending("values", index: i),
                    depth: depth + 1, visit)
            }
        }
    }
}
