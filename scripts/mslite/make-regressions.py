#!/usr/bin/env python3
"""Writes the small hostile .ms files in Tests/Fuzz/regressions/mslite.

A tiny valid model is built by `flatc --binary` (not by our writer) from JSON with Protos/mslite/model.fbs,
then each file breaks one structural rule. MSLiteFuzzTests.regressionFilesAreRejected replays them.
Run: scripts/mslite/make-regressions.py
"""
import json
import pathlib
import struct
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/Fuzz/regressions/mslite"

model = {
    "name": "tiny", "version": "MindSpore Lite 2.0.0", "inputIndex": [0], "outputIndex": [1],
    "nodes": [{"name": "relu", "primitive": {"value_type": "Activation", "value": {"activation_type": 1}},
               "inputIndex": [0], "outputIndex": [1]}],
    "allTensors": [{"name": "x", "dataType": 43, "dims": [1, 4], "format": 1},
                   {"name": "y", "dataType": 43, "dims": [1, 4], "format": 1, "data": [1, 2, 3, 4]}],
    "subGraph": [{"name": "main", "inputIndices": [0], "outputIndices": [1], "nodeIndices": [0], "tensorIndices": [0, 1]}],
}

with tempfile.TemporaryDirectory() as tmp:
    src = pathlib.Path(tmp) / "tiny.json"
    src.write_text(json.dumps(model))
    subprocess.run(["flatc", "--binary", "-o", tmp, str(ROOT / "Protos/mslite/model.fbs"), str(src)], check=True)
    base = bytearray((pathlib.Path(tmp) / "tiny.ms").read_bytes())

root = struct.unpack_from("<I", base, 0)[0]
vtable = root - struct.unpack_from("<i", base, root)[0]


def field_target(table, slot_id):
    vt = table - struct.unpack_from("<i", base, table)[0]
    off = struct.unpack_from("<H", base, vt + 4 + 2 * slot_id)[0]
    return table + off, table + off + struct.unpack_from("<I", base, table + off)[0]


def variant(name, edit):
    data = bytearray(base)
    edit(data)
    (OUT / name).write_bytes(bytes(data))


OUT.mkdir(parents=True, exist_ok=True)
variant("root-past-end.ms", lambda d: struct.pack_into("<I", d, 0, len(d) + 64))
variant("root-misaligned.ms", lambda d: struct.pack_into("<I", d, 0, root + 1))
variant("vtable-too-short.ms", lambda d: struct.pack_into("<H", d, vtable, 2))
variant("vtable-past-end.ms", lambda d: struct.pack_into("<i", d, root, -0x7FFF0000))
tensors_slot, tensors = field_target(root, 7)
variant("tensor-offset-zero.ms", lambda d: struct.pack_into("<I", d, tensors + 4, 0))
variant("tensor-count-huge.ms", lambda d: struct.pack_into("<I", d, tensors, 0x3FFFFFFF))
nodes_slot, nodes = field_target(root, 6)
node = nodes + 4 + struct.unpack_from("<I", base, nodes + 4)[0]
prim_slot, prim = field_target(node, 2)
variant("union-value-past-end.ms", lambda d: (d.__setitem__(slice(prim + 0, prim + 0), b""),
                                             struct.pack_into("<I", d, field_target(prim, 1)[0], 0xFFFFFF00)))
name_slot, name = field_target(root, 0)
variant("string-unterminated.ms", lambda d: struct.pack_into("<B", d, name + 4 + struct.unpack_from("<I", d, name)[0], 0x41))
variant("legacy-msl1.ms", lambda d: d.__setitem__(slice(4, 8), b"MSL1"))
variant("truncated-header.ms", lambda d: d.__delitem__(slice(6, None)))
print(f"wrote {len(list(OUT.glob('*.ms')))} files to {OUT}")
