import Foundation
import Formats
import TestSupport

/// Small `.ms` documents made in-process from a seed: a tiny NHWC CNN head with the ops real models use.
enum MSLiteSamples {
    static func floats(_ count: Int, _ rng: inout SeededGenerator) -> ByteView {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 4)
        for _ in 0..<count {
            let value = Float(Int.random(in: -1000...1000, using: &rng)) / 997
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return ByteView(bytes: bytes)
    }

    static func int32s(_ values: [Int32]) -> ByteView {
        ByteView(bytes: values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } })
    }

    /// input[1,8,8,3] -> Conv2DFusion(3x3, SAME, ReLU) -> AddFusion(bias) -> Activation(sigmoid)
    /// -> MaxPoolFusion(2x2) -> Reshape([1,-1]) -> FullConnection -> Softmax
    static func cnn(seed: UInt64 = 1) throws -> MSLiteDocument {
        var rng = SeededGenerator(seed: seed)
        var doc = MSLiteDocument(name: "tiny_cnn")
        doc.fmkType = 2
        func tensor(_ name: String, _ dims: [Int32], format: Int32 = 1, data: ByteView? = nil, dataType: Int32 = 43) -> UInt32 {
            var t = MSLiteTensor(name: name, dataType: dataType, dims: dims, format: format, nodeType: data == nil ? 0 : 2)
            if let data { t.data = data }
            doc.tensors.append(t)
            return UInt32(doc.tensors.count - 1)
        }
        let input = tensor("input", [1, 8, 8, 3])
        let weight = tensor("conv.weight", [4, 3, 3, 3], format: 7, data: floats(4 * 27, &rng))
        let convBias = tensor("conv.bias", [4], data: floats(4, &rng))
        let conv = tensor("conv", [1, 8, 8, 4])
        let bias = tensor("bias", [4], data: floats(4, &rng))
        doc.tensors[Int(bias)].quantParams = [MSLiteQuantParam(), { var q = MSLiteQuantParam(); q.scale = 0.5; q.zeroPoint = -3; q.numBits = 4; q.narrowRange = false; return q }()]
        let added = tensor("added", [1, 8, 8, 4])
        let act = tensor("act", [1, 8, 8, 4])
        let pooled = tensor("pooled", [1, 4, 4, 4])
        let shape = tensor("shape", [2], format: 0, data: int32s([1, -1]), dataType: 34)
        let flat = tensor("flat", [1, 64], format: 0)
        let fcWeight = tensor("fc.weight", [10, 64], format: 0, data: floats(640, &rng))
        let fcBias = tensor("fc.bias", [10], format: 0, data: floats(10, &rng))
        let logits = tensor("logits", [1, 10], format: 0)
        let probs = tensor("probs", [1, 10], format: 0)
        doc.tensors[Int(probs)].externalData = [MSLiteExternalData(checkSum: "abc", location: "w.bin", offset: 64, length: 40)]
        doc.tensors[Int(fcWeight)].quantClusters = [0.25, -1.5]

        func node(_ name: String, _ op: String, _ fields: [String: FlatValue], _ inputs: [UInt32], _ outputs: [UInt32]) throws {
            doc.nodes.append(MSLiteNode(name: name, primitive: try MSLitePrimitive(op, fields), inputIndex: inputs, outputIndex: outputs))
        }
        try node(
            "conv", "Conv2DFusion",
            [
                "format": .int(1, .int32), "kernel_size": .int64s([3, 3]), "stride": .int64s([1, 1]), "dilation": .int64s([1, 1]),
                "pad_mode": .int(1, .int8), "pad_list": .int64s([1, 1, 1, 1]), "group": .int(1), "in_channel": .int(3),
                "out_channel": .int(4), "activation_type": .int(1, .int8),
            ], [input, weight, convBias], [conv])
        try node("add", "AddFusion", ["activation_type": .int(0, .int8)], [conv, bias], [added])
        try node("sigmoid", "Activation", ["activation_type": .int(2, .int8), "alpha": .float(0.2)], [added], [act])
        try node(
            "pool", "MaxPoolFusion",
            ["kernel_size": .int64s([2, 2]), "strides": .int64s([2, 2]), "pad_mode": .int(2, .int8), "format": .int(1, .int32)],
            [act], [pooled])
        try node("reshape", "Reshape", [:], [pooled, shape], [flat])
        try node("fc", "FullConnection", ["has_bias": .bool(true), "axis": .int(1)], [flat, fcWeight, fcBias], [logits])
        try node("softmax", "Softmax", ["axis": .int64s([-1])], [logits], [probs])
        doc.nodes[6].quantType = 4
        doc.nodes[6].deviceType = 1
        doc.inputIndex = [input]
        doc.outputIndex = [probs]
        doc.subGraphs = [
            MSLiteSubGraph(
                name: "main", inputIndices: [input], outputIndices: [probs], nodeIndices: Array(0..<UInt32(doc.nodes.count)),
                tensorIndices: Array(0..<UInt32(doc.tensors.count)))
        ]
        return doc
    }

    /// `cnn` plus a node whose op is a union member newer than our schema (kept as a raw table).
    static func withFutureOp() throws -> MSLiteDocument {
        var doc = try cnn(seed: 2)
        doc.nodes.append(
            MSLiteNode(
                name: "future", primitive: MSLitePrimitive(type: 250, value: .raw(FlatRawTable(slots: [0: [7], 2: [1, 0, 0, 0, 0, 0, 0, 0]]))),
                inputIndex: [12], outputIndex: [12]))
        doc.subGraphs[0].nodeIndices.append(UInt32(doc.nodes.count - 1))
        return doc
    }
}
