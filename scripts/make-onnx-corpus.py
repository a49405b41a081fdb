#!/usr/bin/env python3
"""Builds the ONNX test corpus from the installed PyPI `onnx` package into OUTDIR.

- node/<case>/model.onnx: every node test case of onnx's backend suite, generated from the case
  scripts the wheel ships (onnx.backend.test.case.node), as the upstream test tools would;
- <kind>/<case>/model.onnx for the model tests the wheel carries as files (pytorch-converted,
  pytorch-operator, simple, light).
Prints one JSON line with the counts. Usage: make-onnx-corpus.py OUTDIR
"""
import json
import os
import shutil
import sys
import warnings

import onnx
from onnx.backend.test.case import node as node_cases


def main() -> None:
    out = sys.argv[1]
    if os.path.exists(out):
        shutil.rmtree(out)
    counts = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = node_cases.collect_testcases(None)
    for case in cases:
        folder = os.path.join(out, "node", case.name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "model.onnx"), "wb") as f:
            f.write(case.model.SerializeToString())
    counts["node"] = len(cases)
    data = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")
    for kind in sorted(os.listdir(data)):
        source = os.path.join(data, kind)
        found = 0
        for root, _, files in os.walk(source):
            for name in files:
                if not name.endswith(".onnx"):
                    continue
                rel = os.path.relpath(os.path.join(root, name), source)
                target = os.path.join(out, kind, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(os.path.join(root, name), target)
                found += 1
        if found:
            counts[kind] = found
    counts["onnx"] = onnx.__version__
    print(json.dumps(counts))


main()
