#!/usr/bin/env bash
# Builds what the measurements run: the daemon and nvidia-docker-cdi-generate as shipped (Release, Native AOT) into out/daemon, the baseline and the variants it is compared with, and the bench
# tools (the NVML one builds the fake library).
set -euo pipefail
. "$(dirname "$0")/common.sh"
repo=$(cd "$BENCH_DIR/.." && pwd)
if ! command -v wrk >/dev/null || ! command -v bc >/dev/null; then
  apt-get install -y -qq wrk bc >/dev/null
fi
publish_daemon "$repo" "$OUT/daemon"
# Next to the daemon, as the package installs it (the spec's hook names the daemon beside it).
dotnet publish "$repo/src/NvContract.CdiGenerate" -c Release -r linux-x64 -p:DebugType=none -o "$OUT/daemon" -nologo -v quiet >&2
for project in Load Nvml Startup Micro; do
  dotnet build "$BENCH_DIR/NvContract.Bench.$project" -c Release -nologo -v quiet
done
"$BENCH_DIR/scripts/baseline.sh" >/dev/null
"$BENCH_DIR/scripts/variants.sh" build
