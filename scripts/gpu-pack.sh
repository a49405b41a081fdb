#!/usr/bin/env bash
# Prepares, on a build machine with Swift, what scripts/gpu-check.sh needs on a lent NVIDIA
# machine (which has CUDA, PyTorch and onnxruntime but no Swift toolchain):
#   .gpu-carry/mshub.xz, .gpu-carry/bench.xz  statically linked release builds, stripped, xz-compressed
#   .gpu-carry/lib/                          the non-glibc shared libraries they need (OpenSSL, zlib),
#                                            used there only where the machine lacks them
#   .gpu-carry/nodetests.tar.xz              the onnx backend node tests (scripts/make-onnx-node-tests.py)
# .gpu-carry/ is ignored by git; name it in the device tool's `carry` list, then run
# `bash scripts/gpu-check.sh` there. Environment: MSHUB_STATIC_BUILD (scratch folder, default
# .build-static), MSHUB_ONNX_NODE_TESTS (an already generated node-test folder to pack).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH="${MSHUB_STATIC_BUILD:-.build-static}"
CARRY=.gpu-carry
if [ ! -d "$SCRATCH/checkouts" ] && [ -d .build/checkouts ]; then
  # Reuse the dependencies already fetched for the debug build.
  mkdir -p "$SCRATCH"
  cp -a .build/checkouts .build/repositories .build/workspace-state.json "$SCRATCH/"
fi
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product mshub
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product bench

rm -rf "$CARRY"
mkdir -p "$CARRY/lib"
for tool in mshub bench; do
  strip -o "$CARRY/$tool" "$SCRATCH/release/$tool"
  # Shared libraries other than glibc's own, so the binaries run where those are missing.
  ldd "$CARRY/$tool" | awk '/=> \// { print $3 }' | while read -r lib; do
    case "$(basename "$lib")" in
      libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|ld-linux*|libutil.so*) ;;
      *) cp -Ln "$lib" "$CARRY/lib/" ;;
    esac
  done
  xz -T0 -6 -f "$CARRY/$tool"
done

NODE="${MSHUB_ONNX_NODE_TESTS:-}"
if [ -z "$NODE" ]; then
  NODE="$(mktemp -d)/nodetests"
  .venv/bin/python scripts/make-onnx-node-tests.py "$NODE" >&2
fi
tar -C "$(dirname "$NODE")" -cJf "$CARRY/nodetests.tar.xz" --transform "s|^$(basename "$NODE")|nodetests|" "$(basename "$NODE")"

du -ch "$CARRY"/* "$CARRY"/lib/* | sed 's/^/gpu-pack: /' >&2
echo "gpu-pack: carry $CARRY (device tool: carry [\"$CARRY\"]) and run: bash scripts/gpu-check.sh" >&2
