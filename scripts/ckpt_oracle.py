#!/usr/bin/env python3
"""MindSpore CKPT oracle.

Usage:
    .venv/bin/python scripts/ckpt_oracle.py FILE [--key HEX --mode AES-GCM|AES-CBC|SM4-CBC] [--crc]

Loads FILE with ``mindspore.load_checkpoint`` (CPU only) and prints exactly ONE
JSON document on stdout:

    {"tensors": [{"name", "dtype", "shape", "sha256", "bytes"}, ...]}

in the order MindSpore reports them (file order; a tag that re-appears
non-adjacently keeps its first position but the last value, as the loader's dict
does).  Per entry:

* dtype  -- ``str(param.dtype)`` of the loaded Parameter (``Float32``,
            ``BFloat16``, ``Int4``, ``Bool`` ...), or ``"str"`` for string entries.
* shape  -- list of ints as MindSpore reports it (``[]`` for 0-d scalars and for
            strings -- the loader returns a plain Python ``str``).
* sha256 / bytes -- of the raw little-endian C-order element bytes of the loaded
            tensor (``Tensor.get_bytes()``, no float conversion: bfloat16 stays
            2 bytes/elem, Int4 (qint4x2) stays the packed bytes, 1 byte per
            element); for strings the UTF-32LE encoding of the string (what the
            file stores; 4 bytes per code point, no terminator).

Exit status is non-zero (message on stderr) when loading fails, and with
--crc also when an unencrypted file lacks the 17-byte ``crc_num`` trailer
(MindSpore itself only logs a warning in that case).
All MindSpore log/print noise is kept off stdout (fd 1 is pointed at stderr
while MindSpore runs).
"""
import hashlib
import json
import os
import sys

# Quiet MindSpore's native logging before it is imported anywhere.
os.environ.setdefault("GLOG_v", "3")           # ERROR and above only
os.environ.setdefault("GLOG_logtostderr", "1")  # never to stdout / files
os.environ.setdefault("GLOG_stderrthreshold", "3")
os.environ.setdefault("MS_SUBMODULE_LOG_v", "{}")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

MODES = ("AES-GCM", "AES-CBC", "SM4-CBC")


def _import_mindspore():
    import mindspore  # noqa: F401  (heavy; ~2 s)
    try:
        mindspore.set_context(device_target="CPU")
    except Exception:  # pragma: no cover - older/newer API variants
        pass
    return mindspore


def entry_info(name, value):
    """Describe one value returned by mindspore.load_checkpoint."""
    if isinstance(value, str):
        raw = value.encode("utf-32-le")
        dtype = "str"
        shape = []
    else:
        raw = bytes(value.get_bytes())
        dtype = str(value.dtype)
        shape = [int(d) for d in value.shape]
    return {
        "name": name,
        "dtype": dtype,
        "shape": shape,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "bytes": len(raw),
    }


def describe_checkpoint(path, key=None, mode="AES-GCM", crc=False, ms=None):
    """Load ``path`` with MindSpore and return the oracle document (a dict).

    ``key`` is raw ``bytes`` (or None).  Raises on any load failure.
    """
    if ms is None:
        ms = _import_mindspore()
    kwargs = {}
    if key is not None:
        kwargs["dec_key"] = key
        kwargs["dec_mode"] = mode
    if crc:
        kwargs["crc_check"] = True
    params = ms.load_checkpoint(path, **kwargs)
    return {"tensors": [entry_info(n, v) for n, v in params.items()]}


def main(argv=None):
    import argparse

    ap = argparse.ArgumentParser(description="Load a MindSpore .ckpt and print its tensors as JSON.")
    ap.add_argument("file")
    ap.add_argument("--key", help="decryption key, hex")
    ap.add_argument("--mode", default="AES-GCM", choices=MODES)
    ap.add_argument("--crc", action="store_true",
                    help="load with crc_check=True; additionally (stricter than MindSpore, which only warns) "
                         "fail when an unencrypted file has no 'crc_num' trailer")
    args = ap.parse_args(argv)

    key = None
    if args.key is not None:
        try:
            key = bytes.fromhex(args.key)
        except ValueError:
            print("ckpt_oracle: --key is not valid hex", file=sys.stderr)
            return 2
    if not os.path.isfile(args.file):
        print(f"ckpt_oracle: no such file: {args.file}", file=sys.stderr)
        return 2

    if args.crc and key is None:
        with open(args.file, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 17))
            tail = f.read()
        if size < 17 or tail[:7] != b"crc_num":
            print("ckpt_oracle: --crc given but the file has no 'crc_num' trailer", file=sys.stderr)
            return 1

    # Route fd 1 to stderr while MindSpore is loaded/run, so stdout carries only JSON.
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        try:
            doc = describe_checkpoint(args.file, key=key, mode=args.mode, crc=args.crc)
        except BaseException as e:  # noqa: BLE001 - report anything MindSpore raises
            sys.stdout.flush()
            msg = str(e).strip().splitlines()
            print(f"ckpt_oracle: load failed: {type(e).__name__}: {msg[0] if msg else ''}", file=sys.stderr)
            if len(msg) > 1:
                print("\n".join(msg[1:6]), file=sys.stderr)
            return 1
        sys.stdout.flush()
    finally:
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)
    out = json.dumps(doc)  # ASCII-only (\u escapes): independent of the locale
    sys.stdout.write(out + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # MindSpore's native teardown can be slow or noisy; leave immediately.
    os._exit(rc)
