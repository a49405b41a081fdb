#!/usr/bin/env python3
"""Writes the onnx backend node test cases, with their data, into OUTDIR.

For each case of onnx.backend.test.case.node (as shipped in the installed wheel):
  OUTDIR/<case>/model.onnx
  OUTDIR/<case>/test_data_set_<i>/input_<j>.pb and output_<j>.pb
Tensors are TensorProto, sequences SequenceProto, optionals OptionalProto (onnx-data.proto).
OUTDIR/cases.json maps each case to its rtol/atol. Prints one JSON line with the counts.
Usage: make-onnx-node-tests.py OUTDIR
"""
import json
import os
import shutil
import sys
import warnings

import numpy as np
import onnx
from onnx import numpy_helper
from onnx.backend.test.case import node as node_cases


def encode(value, type_proto, name):
    if isinstance(value, onnx.TensorProto):
        return value.SerializeToString()
    if type_proto.HasField("sequence_type"):
        return numpy_helper.from_list(value, name).SerializeToString()
    if type_proto.HasField("optional_type"):
        return numpy_helper.from_optional(value, name).SerializeToString()
    if type_proto.HasField("map_type"):
        return numpy_helper.from_dict(value, name).SerializeToString()
    return numpy_helper.from_array(np.asarray(value), name).SerializeToString()


def main() -> None:
    out = sys.argv[1]
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = node_cases.collect_testcases(None)
    tolerances = {}
    written = 0
    for case in cases:
        folder = os.path.join(out, case.name)
        os.makedirs(folder)
        with open(os.path.join(folder, "model.onnx"), "wb") as f:
            f.write(case.model.SerializeToString())
        graph = case.model.graph
        for i, (inputs, outputs) in enumerate(case.data_sets or []):
            data = os.path.join(folder, f"test_data_set_{i}")
            os.makedirs(data)
            for j, value in enumerate(inputs):
                with open(os.path.join(data, f"input_{j}.pb"), "wb") as f:
                    f.write(encode(value, graph.input[j].type, graph.input[j].name))
            for j, value in enumerate(outputs):
                with open(os.path.join(data, f"output_{j}.pb"), "wb") as f:
                    f.write(encode(value, graph.output[j].type, graph.output[j].name))
        tolerances[case.name] = {"rtol": case.rtol, "atol": case.atol}
        written += 1
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(tolerances, f, sort_keys=True, indent=0)
    print(json.dumps({"cases": written, "onnx": onnx.__version__}))


main()
