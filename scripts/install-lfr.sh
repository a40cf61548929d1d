#!/usr/bin/env bash
# Puts 'lfr' on the PATH in one step: a link to scripts/lfr in ~/.local/bin (or the folder given), building the
# command line if it is not built yet. Run again after a 'git pull' to rebuild: bash scripts/install-lfr.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$HOME/.local/bin}"
bash "$repo/scripts/setup.sh" --demo
dotnet build "$repo/src/LfrAudit.Cli" -c Release --verbosity quiet -nologo
mkdir -p "$bin"
ln -sf "$repo/scripts/lfr" "$bin/lfr"
echo "installed: $bin/lfr -> $repo/scripts/lfr"
case ":$PATH:" in
  *":$bin:"*) echo "try: lfr --help" ;;
  *) echo "add it to your PATH: export PATH=\"$bin:\$PATH\" (then: lfr --help)" ;;
esac
