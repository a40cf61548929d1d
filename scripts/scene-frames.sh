#!/usr/bin/env bash
# Frames to set a simulated programme's footage beside the real footage it stands for, per location:
#   real.png       the middle frame of the location's recorded scene (from the datasets)
#   plate.png      the scene as the crowd walks in front of it (its passers removed)
#   simulated.png  a frame of the first deployment's first camera there, a third of the way in
# plus one frame of a real ytf-dev clip. They show dataset images (LFW faces, the scene clips), whose terms allow
# testing and evaluation but not redistribution, so they are written to a folder outside the repository's history
# (docs/scene-frames/ is git-ignored), never committed.
#
# Usage: scripts/scene-frames.sh SIMULATION_OUT [DATASETS_DIR] [SCENARIO]
set -euo pipefail
sim=${1:?give the folder lfr simulate wrote (--out)}
datasets=${2:-${LFR_DATASETS_DIR:-../shared/datasets}}
scenario=${3:-scenarios/exampletown-winter.yaml}
out=docs/scene-frames
mkdir -p "$out"
# location key and scene path, from the scenario's "locations:" block (one location per line, as the sample writes them)
grep -E '^\s+[a-z0-9-]+:\s+\{name:' "$scenario" | sed -E 's/^\s+([a-z0-9-]+):.*scene: ([^,}]+).*/\1 \2/' | while read -r key scene; do
  mkdir -p "$out/$key"
  frames=$(ffprobe </dev/null -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$datasets/$scene")
  ffmpeg -nostdin -loglevel error -y -i "$datasets/$scene" -vf "select=eq(n\,$((frames / 2))),scale=640:-2" -frames:v 1 "$out/$key/real.png"
  if [ -f "$sim/scenes/$key-1280x720.png" ]; then
    ffmpeg -nostdin -loglevel error -y -i "$sim/scenes/$key-1280x720.png" -vf scale=640:-2 "$out/$key/plate.png"
  fi
  clip=$(ls "$sim"/deployments/*/"$key"-cam1.avi 2>/dev/null | head -1 || true)
  if [ -n "$clip" ]; then
    ffmpeg -nostdin -loglevel error -y -ss 15 -i "$clip" -vf scale=640:-2 -frames:v 1 "$out/$key/simulated.png"
  fi
  echo "$out/$key: real.png (${scene}), plate.png, simulated.png"
done
first=$(ls "$datasets"/ytf-dev/clips/*.mp4 | head -1)
ffmpeg -nostdin -loglevel error -y -ss 1 -i "$first" -vf scale=640:-2 -frames:v 1 "$out/ytf-real-clip.png"
echo "$out/ytf-real-clip.png: $(basename "$first") (real footage of a known person)"
