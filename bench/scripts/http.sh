#!/usr/bin/env bash
# REST API throughput and latency with wrk over loopback, 4 and 8 GPUs on the fake NVML,
# default flags (--status-max-age 250ms). Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap stop_daemon EXIT

echo "| GPUs | Endpoint | Connections | Requests/s | p50 (ms) | p99 (ms) | Errors | Load before |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for gpus in 4 8; do
  load=$(wait_quiet)
  start_daemon "$gpus"
  for endpoint in "${REST_ENDPOINTS[@]}"; do
    "$BENCH_DIR/scripts/wrk-run.sh" 64 "$WARMUP" "$BASE$endpoint" >/dev/null
  done
  for endpoint in "${REST_ENDPOINTS[@]}"; do
    for connections in 1 8 64; do
      read -r requests rps p50 p99 errors < <("$BENCH_DIR/scripts/wrk-run.sh" "$connections" "$DURATION" "$BASE$endpoint")
      echo "| $gpus | \`$endpoint\` | $connections | $rps | $p50 | $p99 | $errors | $load |"
    done
  done
  stop_daemon
done
