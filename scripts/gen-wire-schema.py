#!/usr/bin/env python3
"""Writes a Swift WireSchema table (message names, field numbers, names, kinds) from a .proto.

Usage: gen-wire-schema.py DESCRIPTOR_SET PROTO_FILE SWIFT_NAME OUTPUT.swift
The descriptor set comes from `protoc --descriptor_set_out`. The table lets the schema walker
check wire types, name fields in error paths and bound nesting without the generated decoder.
"""
import sys
from google.protobuf import descriptor_pb2

T = descriptor_pb2.FieldDescriptorProto
KIND = {
    T.TYPE_INT64: ".varint", T.TYPE_UINT64: ".varint", T.TYPE_INT32: ".varint", T.TYPE_UINT32: ".varint",
    T.TYPE_BOOL: ".varint", T.TYPE_ENUM: ".varint", T.TYPE_SINT32: ".varint", T.TYPE_SINT64: ".varint",
    T.TYPE_FIXED64: ".fixed64", T.TYPE_SFIXED64: ".fixed64", T.TYPE_DOUBLE: ".fixed64",
    T.TYPE_FIXED32: ".fixed32", T.TYPE_SFIXED32: ".fixed32", T.TYPE_FLOAT: ".fixed32",
    T.TYPE_STRING: ".string", T.TYPE_BYTES: ".bytes",
}

def main():
    descriptor_path, proto_name, swift_name, output = sys.argv[1:5]
    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(open(descriptor_path, "rb").read())
    f = next(x for x in fds.file if x.name == proto_name)
    package = f.package
    messages = []  # (full name, short display name, DescriptorProto)

    def collect(d, prefix, display_prefix):
        full = f"{prefix}.{d.name}"
        display = f"{display_prefix}{d.name}"
        messages.append((full, display, d))
        for n in d.nested_type:
            if n.options.map_entry:
                messages.append((f"{full}.{n.name}", f"{display}.{n.name}", n))
                continue
            collect(n, full, display + ".")

    for d in f.message_type:
        collect(d, "." + package if package else "", "")
    index = {full: i for i, (full, _, _) in enumerate(messages)}

    lines = [
        f"// Generated from Protos/{proto_name} by scripts/regenerate-protos; do not edit.",
        "",
        "extension WireSchema {",
        f"    /// Field facts of Protos/{proto_name}, for the schema walker.",
        f"    public static let {swift_name} = WireSchema(messages: [",
    ]
    for full, display, d in messages:
        fields = []
        for fd in sorted(d.field, key=lambda x: x.number):
            if fd.type == T.TYPE_MESSAGE:
                kind = f".message({index[fd.type_name]})"
            else:
                kind = KIND[fd.type]
            repeated = ", repeated: true" if fd.label == T.LABEL_REPEATED else ""
            fields.append(f'{fd.number}: .init("{fd.name}", {kind}{repeated})')
        body = ", ".join(fields) if fields else ":"
        lines.append(f'        .init(name: "{display}", fields: [{body}]),  // {index[full]}')
    lines += ["    ])", "}", ""]
    open(output, "w").write("\n".join(lines))

main()
