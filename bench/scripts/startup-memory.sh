#!/usr/bin/env bash
# Exec to first /gpu/info/json answer (NvContract.Bench.Startup, polling every millisecond),
# then resident memory (VmRSS) of one daemon idle after 1,000 requests and after 100,000 and
# 1,000,000 requests. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap stop_daemon EXIT
runs=${BENCH_STARTUP_RUNS:-20}

echo "| Start-up, 4 GPUs on the fake NVML | Runs | Min (ms) | Median (ms) | Max (ms) | Load before |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
dev_root="$OUT/dev-root"
mkdir -p "$dev_root/dev" && touch "$dev_root/dev/nvidia-uvm"
load=$(wait_quiet)
for variant in default dev-root; do
  rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR/plugins" "$RUN_DIR/volumes"
  daemon_flags
  flags=("${DAEMON_FLAGS[@]}")
  label="\`--dev-root /\`: /dev/nvidia-uvm missing, nvidia-modprobe looked for"
  if [ "$variant" = dev-root ]; then
    flags+=(--dev-root "$dev_root")
    label="\`--dev-root\` with dev/nvidia-uvm present"
  fi
  line=$(FAKE_NVML_GPUS=4 "$STARTUP" "$runs" "$BASE/v1.0/gpu/info/json" "$DAEMON" "${flags[@]}")
  eval "${line// /;}"
  # shellcheck disable=SC2154 # runs, min_ms, median_ms, max_ms come from the eval
  echo "| $label | $runs | $min_ms | $median_ms | $max_ms | $load |"
done
echo
thousands() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
start_daemon 4
echo "Resident memory of one daemon, in the same series (4 GPUs, default flags; requests spread over the four REST endpoints, 8 connections; read 5 s after each stage):"
echo
echo "| After | VmRSS (MiB) |"
echo "| --- | ---: |"
echo "| start-up, no request | $(rss_mib "$DAEMON_PID") |"
total=0
for stage in 1000 99000 900000; do
  send "$stage"
  total=$((total + stage))
  sleep 5
  echo "| $(thousands "$total") requests | $(rss_mib "$DAEMON_PID") |"
done
echo
echo "Peak (VmHWM): $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' "/proc/$DAEMON_PID/status")."
stop_daemon
