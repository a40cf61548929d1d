#!/usr/bin/env bash
# Prints the day the dated test pass runs on for this commit: the real clock plus an offset of up to three years
# taken from the commit's hash (or, outside a git checkout, from the sources' own hash), as 'YYYY-MM-DD HH:MM:SS'
# in UTC. The same commit on the same day always gets the same date; each commit gets another.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=$(git rev-parse HEAD 2>/dev/null || true)
if [ -z "$seed" ]; then
  seed=$(find src tests scripts -type f \( -name '*.cs' -o -name '*.sh' -o -name '*.csproj' \) -not -path '*/obj/*' -not -path '*/bin/*' \
         | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-40)
fi
span=$(( 3 * 365 * 24 * 60 ))                   # minutes in three years
offset=$(( 16#${seed:0:12} % span ))
midnight=$(date -u -d "$(date -u +%Y-%m-%d) 00:00:00 UTC" +%s)
date -u -d "@$(( midnight + offset * 60 ))" '+%Y-%m-%d %H:%M:%S'
