// Folds an inference BatchNormalization into the Conv that feeds it:
//   W'[o] = W[o] · s[o],  b'[o] = (b[o] − mean[o]) · s[o] + beta[o],  s = gamma / sqrt(var + eps),
// computed in Double and rounded once to float32. Only when the Conv's output feeds nothing but
// the BatchNormalization, every parameter is a float32 initializer, and the BN is in inference
// form (one output).

import Formats
import GraphIR

public enum BatchNormFolding {
    /// The model with foldable Conv + BatchNormalization pairs merged; returns how many were folded.
    public static func apply(_ model: Model) -> (Model, Int) {
        var out = model
        var folded = 0
        out.graph = fold(model.graph, &folded)
        return (out, folded)
    }

    static func floats(_ tensor: Tensor?) -> [Double]? {
        guard let tensor, tensor.dtype == .float32, let bytes = tensor.bytes, let count = tensor.elementCount,
            bytes.count == count * 4
        else { return nil }
        let raw = bytes.bytes
        return raw.withUnsafeBytes { buffer in
            (0..<count).map { Double(Float(bitPattern: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func tensor(_ name: String, _ values: [Double], _ shape: [Int]) -> Tensor {
        let floats = values.map { Float($0) }
        return Tensor(name: name, dtype: .float32, shape: shape, bytes: TensorBytes(bytes: floats.withUnsafeBytes { Array($0) }))
    }

    static func fold(_ graph: Graph, _ folded: inout Int) -> Graph {
        var g = graph
        var readers: [String: Int] = [:]
        for node in g.nodes { for name in node.inputs where !name.isEmpty { readers[name, default: 0] += 1 } }
        for output in g.outputs { readers[output.name, default: 0] += 1 }
        var initializers: [String: Int] = [:]
        for (i, t) in g.initializers.enumerated() { initializers[t.name] = i }
        var removed = Set<Int>()
        var candidates = Set<String>()
        for (bnIndex, bn) in g.nodes.enumerated() where bn.op == "BatchNormalization" && bn.outputs.filter({ !$0.isEmpty }).count == 1 && bn.inputs.count == 5 {
            guard let convIndex = g.nodes.firstIndex(where: { $0.op == "Conv" && $0.outputs.first == bn.inputs[0] }),
                !removed.contains(convIndex), readers[bn.inputs[0]] == 1,
                case .int(let training)? = bn.attribute(named: "training_mode") ?? .int(0), training == 0
            else { continue }
            let conv = g.nodes[convIndex]
            guard conv.inputs.count >= 2, let wIndex = initializers[conv.inputs[1]], readers[conv.inputs[1]] == 1 else { continue }
            let weight = g.initializers[wIndex]
            guard let w = floats(weight), let outChannels = weight.shape.first, outChannels > 0,
                let gamma = floats(initializers[bn.inputs[1]].map { g.initializers[$0] }),
                let beta = floats(initializers[bn.inputs[2]].map { g.initializers[$0] }),
                let mean = floats(initializers[bn.inputs[3]].map { g.initializers[$0] }),
                let variance = floats(initializers[bn.inputs[4]].map { g.initializers[$0] }),
                [gamma, beta, mean, variance].allSatisfy({ $0.count == outChannels })
            else { continue }
            var bias = [Double](repeating: 0, count: outChannels)
            if conv.inputs.count >= 3, !conv.inputs[2].isEmpty {
                guard let bIndex = initializers[conv.inputs[2]], readers[conv.inputs[2]] == 1, let b = floats(g.initializers[bIndex]), b.count == outChannels else { continue }
                bias = b
            }
            let epsilon: Double
            if case .float(let e)? = bn.attribute(named: "epsilon") { epsilon = Double(e) } else { epsilon = 1e-5 }
            let perChannel = w.count / outChannels
            var newW = w
            var newB = bias
            for o in 0..<outChannels {
                let s = gamma[o] / (variance[o] + epsilon).squareRoot()
                for k in 0..<perChannel { newW[o * perChannel + k] = w[o * perChannel + k] * s }
                newB[o] = (bias[o] - mean[o]) * s + beta[o]
            }
            g.initializers[wIndex] = tensor(weight.name, newW, weight.shape)
            var conv2 = conv
            let biasName: String
            if conv.inputs.count >= 3, !conv.inputs[2].isEmpty, let bIndex = initializers[conv.inputs[2]] {
                biasName = conv.inputs[2]
                g.initializers[bIndex] = tensor(biasName, newB, [outChannels])
            } else {
                biasName = PrecisionPass.unique("\(weight.name)_folded_bias", in: g)
                g.initializers.append(tensor(biasName, newB, [outChannels]))
                initializers[biasName] = g.initializers.count - 1
                while conv2.inputs.count < 3 { conv2.inputs.append("") }
                conv2.inputs[2] = biasName
            }
            conv2.outputs[0] = bn.outputs.first { !$0.isEmpty } ?? bn.outputs[0]
            g.nodes[convIndex] = conv2
            removed.insert(bnIndex)
            candidates.formUnion(bn.inputs[1...])
            folded += 1
        }
        g.nodes = g.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        // The folded BatchNormalizations' parameters are dropped where nothing else reads them.
        var stillRead = Set<String>()
        for node in g.nodes { stillRead.formUnion(node.inputs) }
        for node in g.nodes { for a in node.attributes { for sub in a.value.subgraphs { stillRead.formUnion(sub.nodes.flatMap(\.inputs)) } } }
        stillRead.formUnion(g.inputs.map(\.name))
        stillRead.formUnion(g.outputs.map(\.name))
        g.initializers.removeAll { tensor in candidates.contains(tensor.name) && !stillRead.contains(tensor.name) }
        return g
    }
}
