#!/usr/bin/env bash
# Runs every test suite. Integration tests use the real models and images in ../shared (or wherever
# LFR_MODELS_DIR and LFR_DATASETS_DIR point). Pass extra `dotnet test` arguments through, e.g.
#   bash scripts/test.sh --filter "Category!=Slow"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${LFR_MODELS_DIR:-}" ] && [ -d ../shared/models ]; then export LFR_MODELS_DIR="$(cd ../shared/models && pwd)"; fi
if [ -z "${LFR_DATASETS_DIR:-}" ] && [ -d ../shared/datasets ]; then export LFR_DATASETS_DIR="$(cd ../shared/datasets && pwd)"; fi

# One throwaway PostgreSQL server on 127.0.0.1 for the whole run (tests of the central store make a database
# each; those that stop a server or read its files start their own). Stopped however the run ends.
if [ -z "${LFR_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d -t lfr-test-pg-XXXXXX)
  chmod 755 "$pgdir" # the server may run as the 'postgres' user
  trap 'bash scripts/postgres.sh stop "$pgdir/data" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
  LFR_TEST_POSTGRES=$(bash scripts/postgres.sh start "$pgdir/data" "" $$)
  export LFR_TEST_POSTGRES
fi

log=$(mktemp)
status=0
dotnet test LfrAudit.sln -c Release --no-restore --verbosity quiet -nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" || status=$?
# A caller's --filter narrows the later passes too; the other arguments pass through unchanged.
user_filter=""
rest=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--filter" ] && [ $# -gt 1 ]; then user_filter="$2"; shift 2; else rest+=("$1"); shift; fi
done
narrowed() { if [ -n "$user_filter" ]; then echo "($user_filter)&$1"; else echo "$1"; fi; }

# The GPU build (-p:LfrGpu=true: ONNX Runtime's CUDA package) is compiled too, apart from the CPU build, and its
# model tests run on the CPU provider (these machines have no GPU); --device cuda there must fail in one line
# naming what is missing (CudaDeviceTests). Only the quick model tests: the slow accuracy runs measure the same
# CPU provider the first pass already measured (they cost about four minutes of CI twice over).
if [ $status -eq 0 ]; then
  gpu=$(mktemp -d -t lfr-gpu-build-XXXXXX)
  dotnet test tests/LfrAudit.Vision.Tests -c Release -p:LfrGpu=true --artifacts-path "$gpu" --verbosity quiet -nologo --logger "console;verbosity=minimal" \
    --filter "$(narrowed 'Category!=Slow')" ${rest[@]+"${rest[@]}"} 2>&1 | tee -a "$log" || status=$?
  rm -rf "$gpu"
fi

# The dated pass: the test classes that read or drive a clock (Category=Dates) once more, with the machine's clock moved
# by libfaketime to a day derived from the commit (somewhere in the next three years), so every commit tries another
# day and a date bug shows up without flaky runs. LFR_TEST_DATE='YYYY-MM-DD HH:MM:SS' (UTC) picks the day, to rerun
# one; LFR_TEST_DATE=off skips the pass.
if [ $status -eq 0 ] && [ "${LFR_TEST_DATE:-}" != "off" ]; then
  dated=${LFR_TEST_DATE:-$(bash scripts/test-date.sh)}
  filter=$(narrowed "Category=Dates")
  echo "dated pass: $filter with the clock at $dated UTC (rerun it: LFR_TEST_DATE='$dated' bash scripts/test.sh)"
  started=$(date +%s)
  faketime "$dated UTC" dotnet test LfrAudit.sln -c Release --no-build --verbosity quiet -nologo --logger "console;verbosity=minimal" \
    --filter "$filter" ${rest[@]+"${rest[@]}"} 2>&1 | tee -a "$log" || status=$?
  echo "dated pass: $(( $(date +%s) - started )) s"
fi

# One closing line over all test projects and passes: "tests: N passed, N failed, N skipped".
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:")  f += $(i+1);
         if ($i == "Passed:")  p += $(i+1);
         if ($i == "Skipped:") s += $(i+1);
       }
     }
     END { gsub(",", "", p); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
