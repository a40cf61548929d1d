#!/usr/bin/env bash
# The main job: a small deployment on the embedded defaults (see README).
# Models come from $LFR_MODELS_DIR (else ./models, fetched from upstream and checked by SHA-256);
# demo images from $LFR_DATASETS_DIR (else ./demo-data, fetched the same way).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --demo # only what the demo needs
dotnet build src/LfrAudit.Cli -c Release --no-restore --verbosity quiet -nologo
lfr="dotnet src/LfrAudit.Cli/bin/Release/net10.0/linux-x64/lfr.dll"
if [ -z "${LFR_MODELS_DIR:-}" ]; then
  $lfr models fetch
fi
exec $lfr demo "$@"
