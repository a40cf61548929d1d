#!/usr/bin/env bash
# Network cameras on this machine, for `lfr bench --live` and for trying `lfr serve`: one RTSP server
# (Debian's rtsp-server-perl) on 127.0.0.1 and N cameras pushing a clip into it in a loop, as an IP camera
# streams (the clip's own H.264, copied: pushing costs next to nothing, so the machine's cores are left to lfr).
#
#   bash scripts/loopback-cameras.sh start DIR [N=4] [CLIP]   # prints one rtsp:// address a line
#   bash scripts/loopback-cameras.sh stop DIR
#
# CLIP defaults to the 1080p street clip, videos/facenet-pytorch_video.mp4 in $LFR_DATASETS_DIR (or ../shared/datasets).
# rtsp-server-perl binds fixed RTP ports: one such server runs on a machine at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:-}; dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ]; then echo "usage: loopback-cameras.sh start|stop DIR [N] [CLIP]" >&2; exit 2; fi

stop() {
  if [ -f "$dir/pids" ]; then
    pids=$(cat "$dir/pids"); rm -f "$dir/pids"
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    # Gone, not just told: the server's fixed RTP ports are free for the next one only once it has exited.
    for pid in $pids; do
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    done
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_for_port() {
  for _ in $(seq 1 100); do
    if python3 -c "import socket,sys; s=socket.socket(); sys.exit(0 if s.connect_ex(('127.0.0.1',$1))==0 else 1)" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "loopback-cameras: nothing listens on 127.0.0.1:$1" >&2; return 1
}

case "$command" in
  start)
    n=${3:-4}
    datasets=${LFR_DATASETS_DIR:-../shared/datasets}
    clip=${4:-$datasets/videos/facenet-pytorch_video.mp4}
    if ! [[ "$n" =~ ^[1-9]$ ]]; then echo "loopback-cameras: N must be 1-9, not '$n'" >&2; exit 2; fi
    if [ ! -f "$clip" ]; then echo "loopback-cameras: $clip: no such clip" >&2; exit 2; fi
    for tool in rtsp-server-perl ffmpeg; do
      command -v "$tool" >/dev/null || { echo "loopback-cameras: $tool is not installed (bash scripts/setup.sh installs it)" >&2; exit 2; }
    done
    mkdir -p "$dir"; stop
    client=$(free_port); source=$(free_port)
    rtsp-server-perl -c "$client" -s "$source" --client_listen_address 127.0.0.1 --source_listen_address 127.0.0.1 > "$dir/server.log" 2>&1 &
    echo $! >> "$dir/pids"
    wait_for_port "$source"
    for i in $(seq 1 "$n"); do
      ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$clip" -an -c:v copy -f rtsp "rtsp://127.0.0.1:$source/cam$i" > "$dir/cam$i.log" 2>&1 &
      echo $! >> "$dir/pids"
    done
    # Each camera must have announced its stream before a client can pull it: wait until each one answers a probe
    # (under load that takes longer than any fixed pause), or say which did not.
    for i in $(seq 1 "$n"); do
      ready=0
      for _ in $(seq 1 40); do
        if timeout 5 ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "rtsp://127.0.0.1:$client/cam$i" >/dev/null 2>&1; then ready=1; break; fi
        sleep 0.5
      done
      if [ $ready -ne 1 ]; then echo "loopback-cameras: camera $i did not start streaming within 20 s (see $dir/cam$i.log and $dir/server.log)" >&2; stop; exit 1; fi
    done
    for i in $(seq 1 "$n"); do echo "rtsp://127.0.0.1:$client/cam$i"; done
    ;;
  stop) stop ;;
  *) echo "loopback-cameras: unknown command '$command' (start or stop)" >&2; exit 2 ;;
esac
