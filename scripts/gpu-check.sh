#!/usr/bin/env bash
# One prepared step for a machine with an NVIDIA GPU: builds the GPU build (ONNX Runtime's CUDA package,
# -p:LfrGpu=true), runs the model tests in it (CudaDeviceTests compares CUDA embeddings of real faces with the CPU's),
# `lfr bench --device cuda`, and four looped 1080p RTSP cameras searched at once with --device cuda
# (`lfr bench --live`), and writes one JSON with every step's outcome and both benchmarks' figures. Within ten minutes.
#
#   bash scripts/gpu-check.sh [OUT=gpu-check.json]
#
# Where there is no GPU it fails at once in one line (exit 1). Exit 1 also when any step fails (the JSON says which).
# Never run here: these machines have no GPU.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-gpu-check.json}")

# A GPU is a "GPU n: ..." line of `nvidia-smi -L`: with no driver it fails; with none to list it says so, or nothing.
gpu_line='(^|'$'\n'')GPU [0-9]+:'
if ! command -v nvidia-smi >/dev/null 2>&1 || ! gpus=$(nvidia-smi -L 2>/dev/null) || ! [[ $gpus =~ $gpu_line ]]; then
  echo "gpu-check: no NVIDIA GPU on this machine (nvidia-smi lists none): nothing to check" >&2
  exit 1
fi
if [ -z "${LFR_MODELS_DIR:-}" ] && [ -d ../shared/models ]; then export LFR_MODELS_DIR="$(cd ../shared/models && pwd)"; fi
if [ -z "${LFR_DATASETS_DIR:-}" ] && [ -d ../shared/datasets ]; then export LFR_DATASETS_DIR="$(cd ../shared/datasets && pwd)"; fi

work=$(mktemp -d -t lfr-gpu-check-XXXXXX)
cameras="$work/cameras"
# The logs stay for reading (the JSON names their folder); the GPU build's gigabytes do not.
trap 'bash scripts/loopback-cameras.sh stop "$cameras" >/dev/null 2>&1 || true; rm -rf "$work/gpu"' EXIT
deadline=$(( $(date +%s) + 600 ))
steps="$work/steps.tsv"
: > "$steps"

# Runs one step within what is left of the ten minutes; its outcome is a line of steps.tsv.
step() {
  local name=$1; shift
  local left=$(( deadline - $(date +%s) ))
  local started=$(date +%s) status=0
  if [ "$left" -le 0 ]; then echo -e "$name\t124\t0" >> "$steps"; echo "gpu-check: $name: out of time" >&2; return 0; fi
  echo "gpu-check: $name" >&2
  timeout --kill-after=10 "$left" "$@" > "$work/$name.log" 2>&1 || status=$?
  echo -e "$name\t$status\t$(( $(date +%s) - started ))" >> "$steps"
  [ "$status" -eq 0 ] || echo "gpu-check: $name failed (exit $status); see $work/$name.log" >&2
}

# No build servers: nothing of the build stays running (or holds the build folder) once the script ends.
step build dotnet build LfrAudit.sln -c Release -p:LfrGpu=true --artifacts-path "$work/gpu" --disable-build-servers -nologo -v q
lfr=$(find "$work/gpu/bin/LfrAudit.Cli" -name lfr.dll 2>/dev/null | head -1 || true)
step model-tests dotnet test tests/LfrAudit.Vision.Tests -c Release -p:LfrGpu=true --artifacts-path "$work/gpu" --no-build --disable-build-servers \
  --filter "Category!=Slow" -nologo --logger "console;verbosity=minimal"
step bench dotnet "$lfr" bench --device cuda --iterations 30 --out "$work/bench.json"
mapfile -t addresses < <(bash scripts/loopback-cameras.sh start "$cameras" 4 || true)
live=(); for a in "${addresses[@]}"; do live+=(--live "$a"); done
step bench-live dotnet "$lfr" bench --device cuda "${live[@]}" --seconds 60 --detect-every 3 --decode-size 1280 --out "$work/bench-live.json"

python3 - "$steps" "$work" "$out" "$gpus" <<'PY'
import json, os, sys
steps_file, work, out, gpus = sys.argv[1:5]
steps = [dict(zip(("step", "exit", "seconds"), (l.split("\t")[0], int(l.split("\t")[1]), int(l.split("\t")[2]))))
         for l in open(steps_file).read().splitlines() if l]
def read(name):
    path = os.path.join(work, name)
    return json.load(open(path)) if os.path.exists(path) else None
result = {"gpus": [l for l in gpus.splitlines() if l.startswith("GPU ")], "steps": steps, "passed": all(s["exit"] == 0 for s in steps) and len(steps) == 4,
          "bench": read("bench.json"), "bench_live": read("bench-live.json"), "logs": work}
json.dump(result, open(out, "w"), indent=2)
print(f"gpu-check: {'passed' if result['passed'] else 'FAILED'}; written to {out}")
sys.exit(0 if result["passed"] else 1)
PY
