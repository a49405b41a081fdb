// The fast backend's graph rewrites, applied once when an interpreter is made: an inference
// BatchNormalization after a Conv is folded into the Conv's weights (as `--optimize` does); a
// Relu that alone reads a Conv's output runs in the Conv's last pass over its result, and so,
// where `clip` is asked for, does a Clip with constant float32 bounds (ReLU6); and, where
// `residual` is asked for, an Add that alone reads a Conv's output (a residual connection), with
// the Relu that alone reads the sum, runs there too. The reference backend never sees these
// rewrites; the agreement tests compare the two.

import Convert
import GraphIR

enum FastFusion {
    /// The domain of the fused ops (internal to the fast backend).
    static let domain = "com.mshub.fast"

    static func apply(_ model: Model, residual: Bool = false, clip: Bool = false) -> Model {
        var out = model
        // An initializer that is also a graph input may be replaced at run time: fold nothing then.
        let inputNames = Set(model.graph.inputs.map(\.name))
        if !model.graph.initializers.contains(where: { inputNames.contains($0.name) }) {
            out = BatchNormFolding.apply(out).0
        }
        var graph = out.graph
        var readers: [String: Int] = [:]
        for node in graph.nodes {
            for name in node.inputs where !name.isEmpty { readers[name, default: 0] += 1 }
            for attribute in node.attributes {
                for sub in attribute.value.subgraphs { for name in Interpreter.namesRead(sub) { readers[name, default: 0] += 2 } }
            }
        }
        for output in graph.outputs { readers[output.name, default: 0] += 2 }
        var producer: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() { for name in node.outputs where !name.isEmpty { producer[name] = index } }
        var removed = Set<Int>()
        var fused = 0
        // The node that reads a value, for values read by exactly one node.
        var reader: [String: Int] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for name in Set(node.inputs) where !name.isEmpty && readers[name] == 1 { reader[name] = index }
        }
        // Conv → Add (→ Relu): the fused node takes the Add's place, where both addends exist.
        for (index, node) in graph.nodes.enumerated()
        where residual && node.op == "Add" && node.domain.isEmpty && node.inputs.count == 2 && node.outputs.count == 1 {
            for side in 0..<2 {
                let source = node.inputs[side], addend = node.inputs[1 - side]
                guard !source.isEmpty, !addend.isEmpty, source != addend, readers[source] == 1,
                    let convIndex = producer[source], convIndex < index, !removed.contains(convIndex)
                else { continue }
                var conv = graph.nodes[convIndex]
                guard conv.op == "Conv", conv.domain.isEmpty, conv.outputs.count == 1, conv.inputs.count >= 2, conv.inputs.count <= 3
                else { continue }
                conv.op = "FusedConv"
                conv.domain = domain
                conv.inputs = Array(conv.inputs.prefix(3)) + Array(repeating: "", count: 3 - min(3, conv.inputs.count)) + [addend]
                conv.outputs = node.outputs
                var activation = ""
                if let reluIndex = reader[node.outputs[0]], !removed.contains(reluIndex) {
                    let relu = graph.nodes[reluIndex]
                    if relu.op == "Relu" && relu.domain.isEmpty && relu.inputs.count == 1 && relu.outputs.count == 1 {
                        activation = "Relu"
                        conv.outputs = relu.outputs
                        removed.insert(reluIndex)
                    }
                }
                conv.attributes.append(Attribute(name: "activation", value: .string(Array(activation.utf8))))
                graph.nodes[index] = conv
                removed.insert(convIndex)
                fused += 1
                break
            }
        }
        for (index, node) in graph.nodes.enumerated()
        where node.op == "Relu" && node.domain.isEmpty && node.inputs.count == 1 && node.outputs.count == 1 && !removed.contains(index) {
            let source = node.inputs[0]
            guard readers[source] == 1, let convIndex = producer[source], convIndex < index, !removed.contains(convIndex) else { continue }
            var conv = graph.nodes[convIndex]
            guard conv.op == "Conv", conv.domain.isEmpty, conv.outputs.count == 1 else { continue }
            conv.op = "FusedConv"
            conv.domain = domain
            conv.attributes.append(Attribute(name: "activation", value: .string(Array("Relu".utf8))))
            conv.outputs = node.outputs
            graph.nodes[convIndex] = conv
            removed.insert(index)
            fused += 1
        }
        // Conv → Clip with constant float32 bounds (ReLU6 and the like): the bounds become attributes.
        let opset = model.opsetImports[""] ?? model.opsetImports["ai.onnx"] ?? Interpreter.defaultOpset("")
        for (index, node) in graph.nodes.enumerated()
        where clip && node.op == "Clip" && node.domain.isEmpty && !node.inputs.isEmpty && node.outputs.count == 1 && !removed.contains(index) {
            let source = node.inputs[0]
            guard readers[source] == 1, let convIndex = producer[source], convIndex < index, !removed.contains(convIndex),
                let (low, high) = clipBounds(node, opset: opset, graph: graph, inputNames: inputNames)
            else { continue }
            var conv = graph.nodes[convIndex]
            guard conv.op == "Conv", conv.domain.isEmpty, conv.outputs.count == 1 else { continue }
            conv.op = "FusedConv"
            conv.domain = domain
            conv.attributes += [
                Attribute(name: "activation", value: .string(Array("Clip".utf8))),
                Attribute(name: "clip_min", value: .float(low)), Attribute(name: "clip_max", value: .float(high)),
            ]
            conv.outputs = node.outputs
            graph.nodes[convIndex] = conv
            removed.insert(index)
            fused += 1
        }
        guard fused > 0 || out.graph.nodes.count != model.graph.nodes.count else { return model }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        out.graph = graph
        if fused > 0 {
            out.opsetImports[domain] = model.opsetImports[""] ?? model.opsetImports["ai.onnx"] ?? Interpreter.defaultOpset("")
        }
        return out
    }

    /// A FusedConv run as the ops it fused, one after another on `registry`'s kernels (each of
    /// which falls back to the reference kernel for what it does not handle): Conv, then the Add
    /// of the residual (input 3) when there is one, then the activation. How the fast and cuda
    /// FusedConv kernels run where their fused path does not apply.
    static func unfused(_ call: KernelCall, activation: FastConv.Activation, registry: KernelRegistry) throws(InterpreterError) -> [RuntimeValue] {
        func kernel(_ op: String) throws(InterpreterError) -> Kernel {
            guard let kernel = registry.kernel(op, domain: "") else { throw call.error(.unsupportedOp, "no kernel for \(op)") }
            return kernel
        }
        let conv = call.rewritten(op: "Conv", dropping: FastConv.Activation.attributes, inputs: Array(call.inputs.prefix(3)))
        let plain = Set(conv.node.attributes.map(\.name))
        var value = try kernel("Conv")(conv)[0]
        if call.has(3), let addend = call.raw(3) {
            value = try kernel("Add")(conv.rewritten(op: "Add", dropping: plain, inputs: [value, addend]))[0]
        }
        switch activation {
        case .none: return [value]
        case .relu: return try kernel("Relu")(conv.rewritten(op: "Relu", dropping: plain, inputs: [value]))
        case .clip(let low, let high):
            // Fused Clips come from opset 11 or later, where Clip reads its bounds as inputs.
            let bounds: [RuntimeValue?] = [.tensor(NDArray([low], shape: [])), .tensor(NDArray([high], shape: []))]
            return try kernel("Clip")(conv.rewritten(op: "Clip", dropping: plain, inputs: [value] + bounds))
        }
    }

    /// A Clip's bounds when they are one-element float32 initializers that no graph input
    /// overrides (an absent bound is ±inf), from opset 11; nil otherwise. A float32 bound makes
    /// the Clip, and so the Conv before it, float32. (Before opset 11 the bounds are attributes
    /// and say nothing of the type: such a Clip is left to its kernel.)
    static func clipBounds(_ node: Node, opset: Int, graph: Graph, inputNames: Set<String>) -> (Float, Float)? {
        guard opset >= 11 else { return nil }
        guard node.inputs.count <= 3, node.attributes.isEmpty else { return nil }
        var bounds: [Float] = [-.infinity, .infinity]
        var any = false
        for index in 1..<node.inputs.count where !node.inputs[index].isEmpty {
            let name = node.inputs[index]
            guard !inputNames.contains(name), let tensor = graph.initializers.first(where: { $0.name == name }),
                tensor.dtype == .float32, let array = try? NDArray(tensor), array.count == 1, let value = array.floats?.first
            else { return nil }
            bounds[index - 1] = value
            any = true
        }
        // Without a float32 bound the Clip's type is unknown here; leave it to the Clip kernel.
        return any ? (bounds[0], bounds[1]) : nil
    }
}
