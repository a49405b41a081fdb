import Foundation
import TestSupport

/// AIR (`ge.proto.ModelDef`) bytes built by hand from the wire rules and FORMATS.md §3.2 field
/// numbers, independently of the code under test. Fields go in number order and map entries in
/// key order, as `protoc --deterministic_output` writes them. Every builder also reports where
/// things landed so corruption tests can name exact offsets.
enum AIRTestBytes {
    static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] {
        ProtoBytes.varint(number << 3) + ProtoBytes.varint(value)
    }

    static func string(_ number: UInt64, _ text: String) -> [UInt8] {
        ProtoBytes.lengthDelimited(number, Array(text.utf8))
    }

    static func message(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
        ProtoBytes.lengthDelimited(number, payload)
    }

    /// A map<string, AttrDef> entry under field `number`.
    static func attr(_ number: UInt64, _ key: String, _ value: [UInt8]) -> [UInt8] {
        message(number, string(1, key) + message(2, value))
    }

    /// TensorDescriptor { dtype, shape { packed dims }, layout }.
    static func descriptor(dtype: UInt64, dims: [Int64], layout: String = "ND") -> [UInt8] {
        let packed = dims.flatMap { ProtoBytes.varint(UInt64(bitPattern: $0)) }
        return varintField(2, dtype) + message(3, dims.isEmpty ? [] : message(1, packed)) + string(4, layout)
    }

    /// TensorDef { desc, data }.
    static func tensor(dtype: UInt64, dims: [Int64], data: [UInt8]) -> [UInt8] {
        message(1, descriptor(dtype: dtype, dims: dims)) + (data.isEmpty ? [] : message(2, data))
    }

    /// The weights of `sample()`: 4 × 64 float32 values from a seed.
    static let weights: [UInt8] = seededBytes(4 * 64 * 4, seed: 7)

    /// A four-op model: Data x [1,4] → MatMulV2 with Const w [4,64] (transpose_x2) → NetOutput.
    static func sample(
        weights: [UInt8] = weights, weightDims: [Int64] = [4, 64], weightType: UInt64 = 1,
        matmulInputs: [String] = ["x:0", "w:0"], graph: Bool = true
    ) -> [UInt8] {
        let data = string(1, "x") + string(2, "Data") + attr(10, "index", varintField(3, 0))
            + message(34, descriptor(dtype: 1, dims: [1, 4]))
        let const = string(1, "w") + string(2, "Const")
            + attr(10, "value", message(12, tensor(dtype: weightType, dims: weightDims, data: weights)))
            + message(34, descriptor(dtype: 1, dims: [4, 64]))
        let matmul = string(1, "mm") + string(2, "MatMulV2") + matmulInputs.flatMap { string(5, $0) }
            + attr(10, "transpose_x1", varintField(5, 0)) + attr(10, "transpose_x2", varintField(5, 1))
            + message(34, descriptor(dtype: 1, dims: [1, 64]))
        let output = string(1, "out") + string(2, "NetOutput") + string(5, "mm:0")
            + message(33, descriptor(dtype: 1, dims: [1, 64]))
        let graphBody = string(1, "g") + string(4, "x:0") + string(5, "mm:0")
            + [data, const, matmul, output].flatMap { message(6, $0) }
            + attr(11, "graph_note", string(2, "kept"))
        return string(1, "sample") + varintField(2, 1) + string(3, "v1")
            + (graph ? message(7, graphBody) : []) + attr(11, "origin", string(2, "mshub-test"))
    }

    /// Top-level fields found with the wire rules by hand: number, key offset, offset of the
    /// length (or value), payload start and end.
    static func fields(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil)
        -> [(number: Int, key: Int, lengthAt: Int, value: Int, end: Int)]
    {
        var fields: [(Int, Int, Int, Int, Int)] = []
        var at = start
        let stop = end ?? bytes.count
        func varint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        while at < stop {
            let key = at
            let tag = varint()
            let lengthAt = at
            if tag & 7 == 2 {
                let length = Int(varint())
                fields.append((Int(tag >> 3), key, lengthAt, at, at + length))
                at += length
            } else {
                _ = varint()
                fields.append((Int(tag >> 3), key, lengthAt, lengthAt, at))
            }
        }
        return fields
    }

    /// The fields of the payload of field `path[0]` (first occurrence, or `index`), then of its
    /// child `path[1]`, and so on.
    static func descend(_ bytes: [UInt8], _ path: [(number: Int, index: Int)])
        -> (number: Int, key: Int, lengthAt: Int, value: Int, end: Int)?
    {
        var range = 0..<bytes.count
        var found: (number: Int, key: Int, lengthAt: Int, value: Int, end: Int)?
        for step in path {
            let matching = fields(bytes, from: range.lowerBound, to: range.upperBound).filter { $0.number == step.number }
            guard matching.indices.contains(step.index) else { return nil }
            found = matching[step.index]
            range = matching[step.index].value..<matching[step.index].end
        }
        return found
    }
}
