#!/usr/bin/env bash
# targets.sh DAEMON: the figures that have targets, for one daemon build (4 GPUs, default flags):
# wrk -c64 on /gpu/status/json and /gpu/info/json (after a warm-up), VmRSS after 1,000 and
# 100,000 requests, exec to first answer (median of 10). Prints one line:
#   status_rps status_p99_ms info_rps info_p99_ms startup_ms rss_1k_mib rss_100k_mib
set -euo pipefail
. "$(dirname "$0")/common.sh"
DAEMON=$1
trap stop_daemon EXIT

start_daemon 4
figures=()
for endpoint in /v1.0/gpu/status/json /v1.0/gpu/info/json; do
  "$BENCH_DIR/scripts/wrk-run.sh" 64 "$WARMUP" "$BASE$endpoint" >/dev/null
  read -r _ rps _ p99 _ < <("$BENCH_DIR/scripts/wrk-run.sh" 64 "$DURATION" "$BASE$endpoint")
  figures+=("$rps" "$p99")
done
stop_daemon

rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR/plugins"
daemon_flags
line=$(FAKE_NVML_GPUS=4 "$STARTUP" 10 "$BASE/v1.0/gpu/info/json" "$DAEMON" "${DAEMON_FLAGS[@]}")
figures+=("$(echo "$line" | sed -E 's/.*median_ms=([0-9.]+).*/\1/')")

start_daemon 4
send 1000
sleep 5
figures+=("$(rss_mib "$DAEMON_PID")")
send 99000
sleep 5
figures+=("$(rss_mib "$DAEMON_PID")")
echo "${figures[*]}"
