#!/usr/bin/env bash
# The cuda backend's acceptance run (issue 9), for a lent NVIDIA machine: it has the CUDA driver,
# PyTorch and onnxruntime, but no Swift, so it runs the static binaries that scripts/gpu-pack.sh
# built here and left in .gpu-carry/ (carry that folder). Run from anywhere:
#
#   bash scripts/gpu-check.sh            # logs in $OUT when set (the device tool's), else /tmp/mshub-gpu/out
#
# Steps (each logged; a summary at the end; exit 1 when an acceptance check fails):
#   0. unpack the binaries and node tests; find NVRTC and cuBLAS (loader path, CUDA toolkit, or
#      the NVIDIA wheels beside PyTorch) and export MSHUB_NVRTC / MSHUB_CUBLAS; print the device;
#   1. the onnx node tests on cuda beside the reference: every case the reference passes must
#      pass on cuda (`mshub verify node-tests --backend cuda --baseline reference`);
#   2. the fixture models (testdata/models, testdata/mslite): `mshub verify numerics --backends
#      cpu,cuda` at float32 tolerance (seeded inputs);
#   3. `mshub check testdata/hub`: every available backend (cuda among them) against the reference;
#   4. `bench infer --backend cuda --model all` against onnxruntime's CUDA execution provider, or,
#      where this onnxruntime has none (the plain `onnxruntime` package), against PyTorch eager on
#      the GPU (scripts/bench_infer_torch.py), or where PyTorch sees no GPU either, against
#      onnxruntime's CPU provider on every core; the summary says which.
# MSHUB_GPU_STEPS (default "0 1 2 3 4") picks steps; MSHUB_BENCH_REPS (default 20) the timed runs;
# MSHUB_GPU_STEP_LIMIT (default 240) the seconds any one command may take (timeout(1));
# MSHUB_BENCH_BATCHES (default "1 32") the batch sizes step 4 times (latency, then throughput);
# MSHUB_GPU_BACKEND (default cuda) the backend under test: `fast` runs the same steps on the CPU,
# which is how this script itself is tested on machines without a GPU (with MSHUB_GPU_BIN=.build/debug
# and PYTHON=.venv/bin/python).
set -uo pipefail
cd "$(dirname "$0")/.."

CARRY="${MSHUB_GPU_CARRY:-.gpu-carry}"
WORK=/tmp/mshub-gpu
LOGS="${OUT:-$WORK/out}"
STEPS="${MSHUB_GPU_STEPS:-0 1 2 3 4}"
REPS="${MSHUB_BENCH_REPS:-20}"
PY="$(command -v "${PYTHON:-python3}" || echo "${PYTHON:-python3}")"
BACKEND="${MSHUB_GPU_BACKEND:-cuda}"
# Each command's wall-clock limit, so that one hung step cannot spend a whole device lease.
LIMIT="timeout ${MSHUB_GPU_STEP_LIMIT:-240}"
mkdir -p "$WORK" "$LOGS"
summary=()
failed=0
note() { summary+=("[${SECONDS}s] $*"); echo "== [${SECONDS}s] $*"; }

# --- 0. binaries, libraries, device -------------------------------------------------------------
BIN="${MSHUB_GPU_BIN:-$WORK}"   # a folder with mshub and bench already unpacked (a local test run)
for tool in mshub bench; do
  if [ ! -x "$BIN/$tool" ]; then
    xz -dc "$CARRY/$tool.xz" > "$WORK/$tool" || { echo "gpu-check: $CARRY/$tool.xz missing: run scripts/gpu-pack.sh where Swift is, and carry $CARRY" >&2; exit 2; }
    chmod +x "$WORK/$tool"
  fi
done
if ldd "$BIN/mshub" | grep -q "not found"; then
  export LD_LIBRARY_PATH="$PWD/$CARRY/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
MSHUB="$BIN/mshub"
BENCH="$BIN/bench"

# The newest library matching $1 (e.g. 'libnvrtc.so.1[0-9]') among the loader's cache, the CUDA
# toolkit and the nvidia-* wheels of this machine's Python; nothing when none is found.
find_library() {
  local pattern="$1" roots=() site
  for site in $("$PY" -c 'import site; print(" ".join(site.getsitepackages()))' 2>/dev/null); do
    [ -d "$site/nvidia" ] && roots+=("$site/nvidia")
  done
  for root in /usr/local/cuda /usr/local/cuda-* /usr/lib/x86_64-linux-gnu /opt; do [ -d "$root" ] && roots+=("$root"); done
  { ldconfig -p 2>/dev/null | awk '{ print $NF }'; find "${roots[@]}" -maxdepth 5 -name 'lib*.so*' 2>/dev/null; } \
    | grep -E "/${pattern}(\.[0-9]+)*$" | grep -v -e builtins -e '\.alt\.' \
    | awk -F/ '{ print $NF "\t" $0 }' | sort -V | tail -1 | cut -f2
}
if [ -z "${MSHUB_NVRTC:-}" ]; then
  lib="$(find_library 'libnvrtc\.so\.1[0-9]')"
  [ -n "$lib" ] && export MSHUB_NVRTC="$lib"
fi
if [ -z "${MSHUB_CUBLAS:-}" ]; then
  lib="$(find_library 'libcublas\.so\.1[0-9]')"
  if [ -n "$lib" ]; then
    export MSHUB_CUBLAS="$lib"
    # libcublasLt sits beside libcublas; let the loader find it there.
    export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
if [[ " $STEPS " == *" 0 "* ]]; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee "$LOGS/device.txt"
  echo "MSHUB_NVRTC=${MSHUB_NVRTC:-} MSHUB_CUBLAS=${MSHUB_CUBLAS:-}" | tee -a "$LOGS/device.txt"
  note "device: $(head -1 "$LOGS/device.txt"); MSHUB_NVRTC=${MSHUB_NVRTC:-unset}; MSHUB_CUBLAS=${MSHUB_CUBLAS:-unset}"
  if [ ! -d /tmp/nodetests ]; then
    if [ -f "$CARRY/nodetests.tar.xz" ]; then
      tar -C /tmp -xJf "$CARRY/nodetests.tar.xz"
    else
      "$PY" scripts/make-onnx-node-tests.py /tmp/nodetests > /dev/null
    fi
  fi
fi

# --- 1. onnx node tests ----------------------------------------------------------------------------
if [[ " $STEPS " == *" 1 "* ]]; then
  $LIMIT "$MSHUB" verify node-tests /tmp/nodetests --backend "$BACKEND" --baseline reference --status-out "$LOGS/node-tests-$BACKEND-status.txt" \
    > "$LOGS/node-tests.txt" 2>&1
  status=$?
  head -60 "$LOGS/node-tests.txt"
  grep -q '^cuda:' "$LOGS/node-tests.txt" && note "backend: $(grep -m1 '^cuda:' "$LOGS/node-tests.txt")"
  note "node tests: $(grep -m1 "^onnx node tests on $BACKEND" "$LOGS/node-tests.txt" || head -c 300 "$LOGS/node-tests.txt") | $(grep -m1 '^baseline' "$LOGS/node-tests.txt" || echo '-') | $(grep -m1 '^passing on' "$LOGS/node-tests.txt" || echo '-') | $(grep -m1 '^passing cases that ran on the GPU' "$LOGS/node-tests.txt" || echo '-') (exit $status)"
  [ "$status" -eq 0 ] || failed=1
fi

# --- 2. fixture models -----------------------------------------------------------------------------
if [[ " $STEPS " == *" 2 "* ]]; then
  ok=0; bad=0
  : > "$LOGS/fixtures.txt"
  for model in testdata/models/*.onnx testdata/models/*.mindir testdata/mslite/*.ms testdata/mslite/*.onnx; do
    key=()
    case "$model" in *_enc.mindir) key=(--key 000102030405060708090a0b0c0d0e0f) ;; esac
    $LIMIT "$MSHUB" verify numerics "$model" --backends "cpu,$BACKEND" "${key[@]}" >> "$LOGS/fixtures.txt" 2>&1
    status=$?
    if [ "$status" -eq 0 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); echo "FAILED ($status): $model" | tee -a "$LOGS/fixtures.txt"; fi
  done
  note "fixture models, cpu vs $BACKEND at float32 tolerance: $ok within, $bad not"
  [ "$bad" -eq 0 ] || failed=1
fi

# --- 3. mshub check ----------------------------------------------------------------------------------
if [[ " $STEPS " == *" 3 "* ]]; then
  $LIMIT "$MSHUB" check testdata/hub > "$LOGS/check.txt" 2>&1
  status=$?
  tail -4 "$LOGS/check.txt"
  note "mshub check: $(grep -m1 '^backends:' "$LOGS/check.txt" | cut -c1-120) | $(tail -1 "$LOGS/check.txt") (exit $status)"
  [ "$status" -eq 0 ] || failed=1
fi

# --- 4. bench infer --------------------------------------------------------------------------------
if [[ " $STEPS " == *" 4 "* ]]; then
  # The peer: onnxruntime's CUDA provider where this onnxruntime has one, else PyTorch on the GPU,
  # else onnxruntime on the CPU. Asked once, by the first batch size's run.
  provider=$([ "$BACKEND" = cuda ] && echo cuda || echo cpu)
  peer="onnxruntime $provider provider"
  if [ "$provider" = cuda ] && ! "$PY" -c 'import onnxruntime as o, sys; sys.exit(0 if "CUDAExecutionProvider" in o.get_available_providers() else 1)' 2>/dev/null; then
    if "$PY" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
      peer="PyTorch eager on CUDA (this onnxruntime has no CUDA provider)"
      provider=torch
    else
      peer="onnxruntime CPU provider, $(nproc) threads (this onnxruntime has no CUDA provider, and PyTorch sees no GPU)"
      provider=cpu
    fi
  fi
  : > "$LOGS/bench-infer.jsonl"; : > "$LOGS/bench-infer.err"
  for batch in ${MSHUB_BENCH_BATCHES:-1 32}; do
    $LIMIT "$BENCH" infer --backend "$BACKEND" --peer-provider "$provider" --threads "$(nproc)" --python "$PY" --reps "$REPS" --skip-reference \
      --model all --batch "$batch" --dir "$WORK" >> "$LOGS/bench-infer.jsonl" 2>> "$LOGS/bench-infer.err"
    status=$?
    [ "$status" -eq 0 ] || failed=1
    ratios=$(grep "\"mshub $BACKEND\"" "$LOGS/bench-infer.jsonl" | { if [ "$batch" = 1 ]; then grep -vE '"model":"[^"]*_b[0-9]+"'; else grep -E "\"model\":\"[^\"]*_b$batch\""; fi; } \
      | sed -E 's/.*"model":"([^"]*)".*"median_s":([0-9.e+-]+).*"max_abs_error_vs_onnxruntime":([0-9.e+-]+).*"ratio_over_onnxruntime":([0-9.e+-]+).*/\1: \2 s, \4x the peer, max abs err \3/' \
      | paste -sd ';' -)
    note "bench infer --backend $BACKEND --batch $batch vs $peer: ${ratios:-no result} (exit $status)"
  done
  cat "$LOGS/bench-infer.jsonl"; tail -3 "$LOGS/bench-infer.err"
fi

echo
echo "=== gpu-check summary (logs in $LOGS)"
printf '%s\n' "${summary[@]}" | tee "$LOGS/summary.txt"
exit "$failed"
