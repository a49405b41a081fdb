// Generated from Protos/ge_ir.proto by scripts/regenerate-protos; do not edit.

extension WireSchema {
    /// Field facts of Protos/ge_ir.proto, for the schema walker.
    public static let air = WireSchema(messages: [
        .init(name: "AttrDef", fields: [1: .init("list", .message(1)), 2: .init("s", .bytes), 3: .init("i", .varint), 4: .init("f", .fixed32), 5: .init("b", .varint), 7: .init("bt", .bytes), 10: .init("func", .message(6)), 11: .init("td", .message(9)), 12: .init("t", .message(11)), 13: .init("g", .message(14)), 14: .init("list_list_int", .message(2)), 15: .init("dt", .varint), 16: .init("list_list_float", .message(4))]),  // 0
        .init(name: "AttrDef.ListValue", fields: [2: .init("s", .bytes, repeated: true), 3: .init("i", .varint, repeated: true), 4: .init("f", .fixed32, repeated: true), 5: .init("b", .varint, repeated: true), 7: .init("bt", .bytes, repeated: true), 8: .init("td", .message(9), repeated: true), 9: .init("t", .message(11), repeated: true), 10: .init("g", .message(14), repeated: true), 11: .init("na", .message(6), repeated: true), 12: .init("dt", .varint, repeated: true), 20: .init("val_type", .varint)]),  // 1
        .init(name: "AttrDef.ListListInt", fields: [1: .init("list_list_i", .message(3), repeated: true)]),  // 2
        .init(name: "AttrDef.ListListInt.ListInt", fields: [1: .init("list_i", .varint, repeated: true)]),  // 3
        .init(name: "AttrDef.ListListFloat", fields: [1: .init("list_list_f", .message(5), repeated: true)]),  // 4
        .init(name: "AttrDef.ListListFloat.ListFloat", fields: [1: .init("list_f", .fixed32, repeated: true)]),  // 5
        .init(name: "NamedAttrs", fields: [1: .init("name", .string), 2: .init("attr", .message(7), repeated: true)]),  // 6
        .init(name: "NamedAttrs.AttrEntry", fields: [1: .init("key", .string), 2: .init("value", .message(0))]),  // 7
        .init(name: "ShapeDef", fields: [1: .init("dim", .varint, repeated: true)]),  // 8
        .init(name: "TensorDescriptor", fields: [1: .init("name", .string), 2: .init("dtype", .varint), 3: .init("shape", .message(8)), 4: .init("layout", .string), 5: .init("attr", .message(10), repeated: true), 9: .init("has_out_attr", .varint), 10: .init("size", .varint), 11: .init("weight_size", .varint), 12: .init("reuse_input", .varint), 13: .init("output_tensor", .varint), 14: .init("device_type", .string), 15: .init("input_tensor", .varint), 16: .init("real_dim_cnt", .varint), 17: .init("reuse_input_index", .varint), 18: .init("data_offset", .varint), 19: .init("cmps_size", .varint), 20: .init("cmps_tab", .string), 21: .init("cmps_tab_offset", .varint)]),  // 9
        .init(name: "TensorDescriptor.AttrEntry", fields: [1: .init("key", .string), 2: .init("value", .message(0))]),  // 10
        .init(name: "TensorDef", fields: [1: .init("desc", .message(9)), 2: .init("data", .bytes)]),  // 11
        .init(name: "OpDef", fields: [1: .init("name", .string), 2: .init("type", .string), 5: .init("input", .string, repeated: true), 10: .init("attr", .message(13), repeated: true), 20: .init("has_out_attr", .varint), 21: .init("id", .varint), 22: .init("stream_id", .varint), 23: .init("input_name", .string, repeated: true), 24: .init("src_name", .string, repeated: true), 25: .init("src_index", .varint, repeated: true), 26: .init("dst_name", .string, repeated: true), 27: .init("dst_index", .varint, repeated: true), 28: .init("input_i", .varint, repeated: true), 29: .init("output_i", .varint, repeated: true), 30: .init("workspace", .varint, repeated: true), 31: .init("workspace_bytes", .varint, repeated: true), 32: .init("is_input_const", .varint, repeated: true), 33: .init("input_desc", .message(9), repeated: true), 34: .init("output_desc", .message(9), repeated: true), 35: .init("subgraph_name", .string, repeated: true)]),  // 12
        .init(name: "OpDef.AttrEntry", fields: [1: .init("key", .string), 2: .init("value", .message(0))]),  // 13
        .init(name: "GraphDef", fields: [1: .init("name", .string), 4: .init("input", .string, repeated: true), 5: .init("output", .string, repeated: true), 6: .init("op", .message(12), repeated: true), 11: .init("attr", .message(15), repeated: true)]),  // 14
        .init(name: "GraphDef.AttrEntry", fields: [1: .init("key", .string), 2: .init("value", .message(0))]),  // 15
        .init(name: "ModelDef", fields: [1: .init("name", .string), 2: .init("version", .varint), 3: .init("custom_version", .string), 7: .init("graph", .message(14), repeated: true), 11: .init("attr", .message(17), repeated: true)]),  // 16
        .init(name: "ModelDef.AttrEntry", fields: [1: .init("key", .string), 2: .init("value", .message(0))]),  // 17
    ])
}
