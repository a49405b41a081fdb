#!/usr/bin/env python3
"""Checks that every message, enum and field of an older schema exists in ours with the same
number, label and type. Usage: compare-proto.py OLD.proto OURS.proto
Prints {"messages": n, "fields": n, "enums": n, "missing": [...]}; exit 1 when something is missing.
"""
import json
import os
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2


def load(path):
    with tempfile.NamedTemporaryFile(suffix=".pb") as out:
        subprocess.run(["protoc", f"--proto_path={os.path.dirname(os.path.abspath(path))}",
                        f"--descriptor_set_out={out.name}", os.path.basename(path)], check=True)
        fds = descriptor_pb2.FileDescriptorSet()
        fds.ParseFromString(open(out.name, "rb").read())
    file = fds.file[-1]
    messages, enums = {}, {}

    def walk(d, prefix):
        name = f"{prefix}.{d.name}"
        messages[name] = {f.number: (f.name, f.label, f.type, f.type_name) for f in d.field}
        for e in d.enum_type:
            enums[f"{name}.{e.name}"] = {v.number: v.name for v in e.value}
        for n in d.nested_type:
            walk(n, name)

    for d in file.message_type:
        walk(d, "." + file.package)
    for e in file.enum_type:
        enums[f".{file.package}.{e.name}"] = {v.number: v.name for v in e.value}
    return messages, enums


old_messages, old_enums = load(sys.argv[1])
new_messages, new_enums = load(sys.argv[2])
missing = []
fields = 0
for name, old_fields in old_messages.items():
    if name not in new_messages:
        missing.append(f"message {name}")
        continue
    for number, spec in old_fields.items():
        fields += 1
        if new_messages[name].get(number) != spec:
            missing.append(f"{name} field {number} {spec} != {new_messages[name].get(number)}")
for name, values in old_enums.items():
    for number, value in values.items():
        ours = new_enums.get(name, {})
        # IR_VERSION names the newest version of each release, so it moves up; the older schema's
        # newest version keeps its dated name in ours.
        if value == "IR_VERSION" and number in ours and any(v == "IR_VERSION" and n >= number for n, v in ours.items()):
            continue
        if ours.get(number) != value:
            missing.append(f"enum {name} {number}={value}")
print(json.dumps({"messages": len(old_messages), "fields": fields, "enums": len(old_enums), "missing": missing}))
sys.exit(1 if missing else 0)
