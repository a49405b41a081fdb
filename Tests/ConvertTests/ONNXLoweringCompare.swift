import Foundation
import Formats

/// Compares two ONNX models field by field, independently of the lowering under test: ops,
/// attributes (values, subgraphs, tensors), initializer bytes (read through
/// `ONNXDocument.payload`, so typed-field and raw_data storage compare by content), value types,
/// opsets, metadata and functions. `ir_version` is not compared (the exporter derives it), and an
/// unset string equals an empty one (GraphIR keeps text, not protobuf presence).
struct ONNXStructure {
    let left: ONNXDocument
    let right: ONNXDocument

    /// The first difference, as `where: what`, or nil.
    func difference() -> String? {
        let a = left.model
        let b = right.model
        if a.opsetImport.map({ "\($0.domain):\($0.version)" }) != b.opsetImport.map({ "\($0.domain):\($0.version)" }) {
            return "opset_import differs"
        }
        if a.metadataProps.map({ [$0.key, $0.value] }) != b.metadataProps.map({ [$0.key, $0.value] }) {
            return "metadata_props differ"
        }
        if a.producerName != b.producerName || a.producerVersion != b.producerVersion || a.domain != b.domain
            || a.docString != b.docString || a.modelVersion != b.modelVersion
        {
            return "model header differs"
        }
        if let diff = graph(a.graph, b.graph, "graph") { return diff }
        guard a.functions.count == b.functions.count else { return "function count differs" }
        for (index, (f, g)) in zip(a.functions, b.functions).enumerated() {
            let here = "functions[\(index)]"
            if f.name != g.name || f.domain != g.domain || f.overload != g.overload || f.input != g.input
                || f.output != g.output || f.attribute != g.attribute || f.docString != g.docString
            {
                return "\(here): signature differs"
            }
            if let diff = nodes(f.node, g.node, here) { return diff }
            if let diff = attributes(f.attributeProto, g.attributeProto, "\(here).attribute_proto") { return diff }
        }
        return nil
    }

    func graph(_ a: Onnx_GraphProto, _ b: Onnx_GraphProto, _ here: String) -> String? {
        if a.name != b.name || a.docString != b.docString { return "\(here): name or doc_string differs" }
        for (label, x, y) in [("input", a.input, b.input), ("output", a.output, b.output), ("value_info", a.valueInfo, b.valueInfo)] {
            guard x.count == y.count else { return "\(here).\(label): count differs" }
            for (index, (p, q)) in zip(x, y).enumerated() {
                if p.name != q.name || p.docString != q.docString || !sameType(p, q) {
                    return "\(here).\(label)[\(index)] '\(p.name)': differs"
                }
            }
        }
        guard a.initializer.count == b.initializer.count else { return "\(here).initializer: count differs" }
        for (index, (p, q)) in zip(a.initializer, b.initializer).enumerated() {
            if let diff = tensor(p, q, "\(here).initializer[\(index)]") { return diff }
        }
        guard a.sparseInitializer.count == b.sparseInitializer.count else {
            return "\(here).sparse_initializer: count differs"
        }
        for (index, (p, q)) in zip(a.sparseInitializer, b.sparseInitializer).enumerated() {
            if let diff = sparse(p, q, "\(here).sparse_initializer[\(index)]") { return diff }
        }
        return nodes(a.node, b.node, here)
    }

    func nodes(_ a: [Onnx_NodeProto], _ b: [Onnx_NodeProto], _ here: String) -> String? {
        guard a.count == b.count else { return "\(here): node count \(a.count) vs \(b.count)" }
        for (index, (p, q)) in zip(a, b).enumerated() {
            let at = "\(here).node[\(index)] (\(p.opType))"
            if p.opType != q.opType || p.domain != q.domain || p.name != q.name || p.input != q.input
                || p.output != q.output || p.docString != q.docString
            {
                return "\(at): op, name or wiring differs"
            }
            if let diff = attributes(p.attribute, q.attribute, at) { return diff }
        }
        return nil
    }

    func attributes(_ a: [Onnx_AttributeProto], _ b: [Onnx_AttributeProto], _ here: String) -> String? {
        guard a.count == b.count else { return "\(here): attribute count differs" }
        for (p, q) in zip(a, b) {
            let at = "\(here).attribute '\(p.name)'"
            if p.name != q.name || p.type != q.type || p.refAttrName != q.refAttrName || p.docString != q.docString
                || p.f.bitPattern != q.f.bitPattern || p.i != q.i || p.s != q.s || p.ints != q.ints
                || p.floats.map(\.bitPattern) != q.floats.map(\.bitPattern) || p.strings != q.strings
                || p.tp != q.tp || p.typeProtos != q.typeProtos
            {
                return "\(at): value differs"
            }
            if p.hasT != q.hasT { return "\(at): t present on one side" }
            if p.hasT, let diff = tensor(p.t, q.t, "\(at).t") { return diff }
            if p.hasG != q.hasG { return "\(at): g present on one side" }
            if p.hasG, let diff = graph(p.g, q.g, "\(at).g") { return diff }
            if p.hasSparseTensor, let diff = sparse(p.sparseTensor, q.sparseTensor, "\(at).sparse_tensor") { return diff }
            guard p.tensors.count == q.tensors.count, p.graphs.count == q.graphs.count,
                p.sparseTensors.count == q.sparseTensors.count
            else { return "\(at): list length differs" }
            for (index, (x, y)) in zip(p.tensors, q.tensors).enumerated() {
                if let diff = tensor(x, y, "\(at).tensors[\(index)]") { return diff }
            }
            for (index, (x, y)) in zip(p.graphs, q.graphs).enumerated() {
                if let diff = graph(x, y, "\(at).graphs[\(index)]") { return diff }
            }
            for (index, (x, y)) in zip(p.sparseTensors, q.sparseTensors).enumerated() {
                if let diff = sparse(x, y, "\(at).sparse_tensors[\(index)]") { return diff }
            }
        }
        return nil
    }

    func tensor(_ a: Onnx_TensorProto, _ b: Onnx_TensorProto, _ here: String) -> String? {
        if a.name != b.name || a.dims != b.dims || a.dataType != b.dataType || a.docString != b.docString {
            return "\(here) '\(a.name)': name, dims or type differs"
        }
        if a.dataType == 8 { return a.stringData == b.stringData ? nil : "\(here) '\(a.name)': strings differ" }
        do {
            let x = try left.payload(of: a)
            let y = try right.payload(of: b)
            return x.bytes == y.bytes ? nil : "\(here) '\(a.name)': bytes differ"
        } catch {
            return "\(here) '\(a.name)': payload unreadable: \(error)"
        }
    }

    func sparse(_ a: Onnx_SparseTensorProto, _ b: Onnx_SparseTensorProto, _ here: String) -> String? {
        if a.dims != b.dims { return "\(here): dims differ" }
        return tensor(a.values, b.values, "\(here).values") ?? tensor(a.indices, b.indices, "\(here).indices")
    }

    /// Types compare as protos, except that "no type" and an empty `tensor_type` both mean
    /// nothing is known.
    func sameType(_ a: Onnx_ValueInfoProto, _ b: Onnx_ValueInfoProto) -> Bool {
        func known(_ value: Onnx_ValueInfoProto) -> Onnx_TypeProto? {
            guard value.hasType else { return nil }
            if case .tensorType(let tensor)? = value.type.value, tensor.elemType == 0, !tensor.hasShape,
                value.type.denotation.isEmpty
            {
                return nil
            }
            return value.type
        }
        return known(a) == known(b)
    }
}
