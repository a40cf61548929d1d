#!/usr/bin/env bash
# Installs what LfrAudit needs on a fresh Debian machine with the .NET 10 SDK, then restores packages.
# Idempotent: quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2
  exit 1
fi

# OpenCvSharp's native library links against GTK 3 (see ../shared/design/STACK.md); the public site is
# checked in a real headless Chromium; network cameras are decoded by ffmpeg, and tested against
# rtsp-server-perl on loopback; the central store is tested on a throwaway PostgreSQL server
# (scripts/postgres.sh); outbound events are tested against Debian's mosquitto on loopback; the dated test pass moves the clock with libfaketime (faketime); python3 reads gov.uk's
# bank-holiday file (scripts/refresh-bank-holidays.sh, tested).
# With --demo, only what the demo and the command line need (OpenCV's GTK); the rest is for the tests.
packages=(libgtk-3-0 chromium ffmpeg rtsp-server-perl postgresql mosquitto faketime python3)
if [ "${1:-}" = "--demo" ]; then packages=(libgtk-3-0); fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet restore LfrAudit.sln --verbosity quiet
