import Foundation

/// ONNX model bytes built by hand from the wire rules and FORMATS.md §5 field numbers, independently
/// of the code under test.
public enum ONNXBytes {
    public static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] {
        ProtoBytes.varint(number << 3) + ProtoBytes.varint(value)
    }

    public static func string(_ number: UInt64, _ text: String) -> [UInt8] {
        ProtoBytes.lengthDelimited(number, Array(text.utf8))
    }

    /// TensorProto: dims, data_type, name, raw_data.
    public static func tensor(dims: [UInt64], type: UInt64 = 1, name: String = "w", raw: [UInt8]) -> [UInt8] {
        dims.flatMap { varintField(1, $0) } + varintField(2, type) + string(8, name) + ProtoBytes.lengthDelimited(9, raw)
    }

    /// ModelProto { ir_version 8, graph, opset_import {"" 17} }.
    public static func model(graph: [UInt8]) -> [UInt8] {
        varintField(1, 8) + ProtoBytes.lengthDelimited(7, graph)
            + ProtoBytes.lengthDelimited(8, string(1, "") + varintField(2, 17))
    }

    /// Writes `dir/model.onnx`: one float32[4] initializer whose data is external at `location`.
    public static func externalModel(location: String, in dir: URL) throws -> String {
        let tensor = varintField(1, 4) + varintField(2, 1) + string(8, "w")
            + ProtoBytes.lengthDelimited(13, string(1, "location") + string(2, location))
            + varintField(14, 1)
        let bytes = model(graph: ProtoBytes.lengthDelimited(5, tensor) + string(2, "g"))
        let path = dir.appendingPathComponent("model.onnx").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
