#!/usr/bin/env bash
# Runs every test suite. Integration tests use the real models and images in ../shared (or wherever
# LFR_MODELS_DIR and LFR_DATASETS_DIR point). Pass extra `dotnet test` arguments through, e.g.
#   bash scripts/test.sh --filter "Category!=Slow"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${LFR_MODELS_DIR:-}" ] && [ -d ../shared/models ]; then export LFR_MODELS_DIR="$(cd ../shared/models && pwd)"; fi
if [ -z "${LFR_DATASETS_DIR:-}" ] && [ -d ../shared/datasets ]; then export LFR_DATASETS_DIR="$(cd ../shared/datasets && pwd)"; fi

log=$(mktemp)
status=0
dotnet test LfrAudit.sln -c Release --no-restore --verbosity quiet -nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test projects: "tests: N passed, N failed, N skipped".
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
