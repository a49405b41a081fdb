#!/usr/bin/env python3
"""Checks our schema against the protobuf decoder Netron ships (an independent reading of the
same format). Usage: compare-netron-proto.py NETRON_PROTO_JS OURS.proto PACKAGE

Reads every `case N:` of every `static decode` in Netron's generated JavaScript and finds the
field it fills (name, scalar reader or message type, repeated or map). Prints JSON
{"messages": n, "fields": n, "mismatches": [...], "extra": [...]}: a mismatch is a Netron field
that ours lacks or declares differently; `extra` lists fields only ours has. Exit 1 on a mismatch.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

T = descriptor_pb2.FieldDescriptorProto
SCALARS = {
    "string": {T.TYPE_STRING}, "bytes": {T.TYPE_BYTES}, "int64": {T.TYPE_INT64}, "uint64": {T.TYPE_UINT64},
    "int32": {T.TYPE_INT32, T.TYPE_ENUM}, "uint32": {T.TYPE_UINT32}, "bool": {T.TYPE_BOOL},
    "float": {T.TYPE_FLOAT}, "floats": {T.TYPE_FLOAT}, "double": {T.TYPE_DOUBLE}, "doubles": {T.TYPE_DOUBLE},
    "enum": {T.TYPE_ENUM}, "sint64": {T.TYPE_SINT64}, "fixed64": {T.TYPE_FIXED64},
}
CLASS = re.compile(r"^([\w.]+) = class \w+ \{", re.M)
PATTERNS = [  # (regex on the statement after `case N:`, kind)
    (re.compile(r"reader\.entry\(message\.(\w+),"), "map"),
    (re.compile(r"message\.(\w+)\.push\(([\w.]+)\.decode\("), "repeated-message"),
    (re.compile(r"message\.(\w+) = ([\w.]+)\.decode\("), "message"),
    (re.compile(r"message\.(\w+)\.push\(reader\.(\w+)\("), "repeated-scalar"),
    (re.compile(r"message\.(\w+) = reader\.array\(message\.\w+, \(\) => reader\.(\w+)\("), "repeated-scalar"),
    (re.compile(r"message\.(\w+) = reader\.(floats|doubles)\("), "repeated-scalar"),
    (re.compile(r"message\.(\w+) = reader\.(\w+)\("), "scalar"),
]


def netron_fields(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    starts = list(CLASS.finditer(text))
    for i, m in enumerate(starts):
        body = text[m.end(): starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        decode = body.split("static decode(", 1)[-1].split("static decodeText(", 1)[0]
        fields = {}
        for case in re.finditer(r"case (\d+):\s*\n\s*(.+)", decode):
            number, stmt = int(case.group(1)), case.group(2)
            for rx, kind in PATTERNS:
                hit = rx.search(stmt)
                if hit:
                    fields[number] = (hit.group(1), kind, hit.group(2) if hit.lastindex >= 2 else None)
                    break
            else:
                fields[number] = (None, "unparsed", stmt.strip())
        out[m.group(1)] = fields
    return out


def our_fields(proto):
    with tempfile.NamedTemporaryFile(suffix=".pb") as tmp:
        subprocess.run(["protoc", f"--proto_path={os.path.dirname(os.path.abspath(proto))}",
                        f"--descriptor_set_out={tmp.name}", os.path.basename(proto)], check=True)
        fds = descriptor_pb2.FileDescriptorSet()
        fds.ParseFromString(open(tmp.name, "rb").read())
    f = fds.file[-1]
    out, maps = {}, set()

    def walk(d, prefix):
        name = f"{prefix}.{d.name}" if prefix else d.name
        out[name] = {x.number: x for x in d.field}
        for n in d.nested_type:
            if n.options.map_entry:
                maps.add("." + name + "." + n.name)
            walk(n, name)
    for d in f.message_type:
        walk(d, f.package)
    return out, maps


def main():
    js, proto, package = sys.argv[1:4]
    theirs = {k: v for k, v in netron_fields(js).items() if k.startswith(package + ".")}
    ours, maps = our_fields(proto)
    mismatches, extra, count = [], [], 0
    for message, fields in sorted(theirs.items()):
        mine = ours.get(message)
        if mine is None:
            mismatches.append(f"{message}: message missing")
            continue
        for number, (name, kind, what) in sorted(fields.items()):
            count += 1
            fd = mine.get(number)
            where = f"{message}.{number}"
            if kind == "unparsed":
                mismatches.append(f"{where}: could not read Netron's statement {what!r}")
            elif fd is None:
                mismatches.append(f"{where} ({name}): missing")
            elif fd.name != name:
                mismatches.append(f"{where}: named {fd.name}, Netron says {name}")
            elif kind == "map":
                if fd.type_name not in maps:
                    mismatches.append(f"{where} ({name}): Netron reads a map")
            elif kind in ("message", "repeated-message"):
                if fd.type != T.TYPE_MESSAGE or fd.type_name != "." + what:
                    mismatches.append(f"{where} ({name}): Netron reads message {what}, ours {fd.type_name or fd.type}")
                elif (fd.label == T.LABEL_REPEATED) != (kind == "repeated-message"):
                    mismatches.append(f"{where} ({name}): repeated differs")
            else:
                if fd.type not in SCALARS.get(what, set()):
                    mismatches.append(f"{where} ({name}): Netron reads {what}, ours type {fd.type}")
                elif (fd.label == T.LABEL_REPEATED) != (kind == "repeated-scalar"):
                    mismatches.append(f"{where} ({name}): repeated differs")
        for number, fd in sorted(mine.items()):
            if number not in fields:
                extra.append(f"{message}.{fd.name}")
    for message in sorted(set(ours) - set(theirs)):
        if "." + message not in maps:
            extra.append(message)
    print(json.dumps({"messages": len(theirs), "fields": count, "mismatches": mismatches, "extra": extra}))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
