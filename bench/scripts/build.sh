#!/usr/bin/env bash
# Builds what the measurements run: the daemon as shipped (Release, single file, ReadyToRun,
# self-contained) into out/daemon, and the bench tools (the NVML one builds the fake library).
set -euo pipefail
. "$(dirname "$0")/common.sh"
repo=$(cd "$BENCH_DIR/.." && pwd)
if ! command -v wrk >/dev/null || ! command -v bc >/dev/null; then
  apt-get install -y -qq wrk bc >/dev/null
fi
dotnet publish "$repo/src/NvContract.Daemon" -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:PublishReadyToRun=true -o "$OUT/daemon" -nologo -v quiet
for project in Load Nvml Startup Micro; do
  dotnet build "$BENCH_DIR/NvContract.Bench.$project" -c Release -nologo -v quiet
done
