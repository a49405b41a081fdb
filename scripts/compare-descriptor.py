#!/usr/bin/env python3
"""Compares our .proto with the descriptor compiled into a Python module (for MindIR: the
`mindspore.train.mind_ir_pb2` module MindSpore ships). Usage:
    compare-descriptor.py OURS.proto PYTHON_MODULE
Prints {"messages": n, "fields": n, "enums": n, "differences": [...]}: every message, field
(number, name, label, type, type name, packed option) and enum value must be the same both ways.
Exit 1 on a difference.
"""
import importlib
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("GLOG_v", "3")
from google.protobuf import descriptor_pb2  # noqa: E402


def facts(file):
    messages, enums = {}, {}

    def enum(e, prefix):
        enums[f"{prefix}.{e.name}"] = {v.number: v.name for v in e.value}

    def walk(d, prefix):
        name = f"{prefix}.{d.name}"
        messages[name] = {f.number: (f.name, f.label, f.type, f.type_name,
                                     f.options.packed if f.options.HasField("packed") else None) for f in d.field}
        for e in d.enum_type:
            enum(e, name)
        for n in d.nested_type:
            walk(n, name)
    for d in file.message_type:
        walk(d, file.package)
    for e in file.enum_type:
        enum(e, file.package)
    return messages, enums


def main():
    proto, module = sys.argv[1:3]
    theirs = descriptor_pb2.FileDescriptorProto()
    importlib.import_module(module).DESCRIPTOR.CopyToProto(theirs)
    with tempfile.NamedTemporaryFile(suffix=".pb") as tmp:
        subprocess.run(["protoc", f"--proto_path={os.path.dirname(os.path.abspath(proto))}",
                        f"--descriptor_set_out={tmp.name}", os.path.basename(proto)], check=True)
        fds = descriptor_pb2.FileDescriptorSet()
        fds.ParseFromString(open(tmp.name, "rb").read())
    ours = fds.file[-1]
    (tm, te), (om, oe) = facts(theirs), facts(ours)
    diffs = []
    if theirs.syntax != ours.syntax or theirs.package != ours.package:
        diffs.append(f"syntax/package: theirs {theirs.syntax}/{theirs.package}, ours {ours.syntax}/{ours.package}")
    for kind, a, b in (("message", tm, om), ("enum", te, oe)):
        for name in sorted(set(a) | set(b)):
            if name not in b:
                diffs.append(f"{kind} {name}: missing in ours")
            elif name not in a:
                diffs.append(f"{kind} {name}: only in ours")
            else:
                for n in sorted(set(a[name]) | set(b[name])):
                    if a[name].get(n) != b[name].get(n):
                        diffs.append(f"{kind} {name} #{n}: theirs {a[name].get(n)}, ours {b[name].get(n)}")
    print(json.dumps({"messages": len(tm), "fields": sum(len(v) for v in tm.values()),
                      "enums": len(te), "differences": diffs}))
    return 1 if diffs else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
