#!/usr/bin/env bash
# NVML calls: counted in process by the fake library (NvContract.Bench.Nvml), then in the
# daemon under wrk at 64 connections on /gpu/status/json, with --status-max-age 0 (every
# request reads the driver) and the default 250ms (requests share a sample). The daemon's count
# comes from FAKE_NVML_COUNT_FILE, written at its last nvmlShutdown. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap stop_daemon EXIT

echo "In process (\`NvContract.Bench.Nvml\`, default scenario of the fake library):"
echo
in_process=$("$BENCH_DIR/NvContract.Bench.Nvml/bin/Release/net10.0/NvContract.Bench.Nvml" 4 8)
echo "$in_process"
echo
# NVML calls of one status sweep of 4 GPUs (the table's first row); dividing the daemon's calls
# by it gives the sweeps made.
sweep=$(awk -F'|' 'NR == 3 {print $5 + 0}' <<<"$in_process")

count_file="$OUT/nvml-count"
DAEMON_ENV=("FAKE_NVML_COUNT_FILE=$count_file")
rm -f "$count_file"
start_daemon 4 && stop_daemon
baseline=$(cat "$count_file")

echo "In the daemon, 4 GPUs, wrk -c64 on \`/v1.0/gpu/status/json\` (${WARMUP} s warm-up + ${DURATION} s; start-up and shutdown calls, $baseline, subtracted):"
echo
echo "| \`--status-max-age\` | Requests/s | p99 (ms) | Requests | NVML calls | Calls per request | Sweeps per second | Load before |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
load=$(wait_quiet)
for age in 0 250ms; do
  rm -f "$count_file"
  start_daemon 4 --status-max-age "$age"
  read -r warm_requests _ < <("$BENCH_DIR/scripts/wrk-run.sh" 64 "$WARMUP" "$BASE/v1.0/gpu/status/json")
  read -r requests rps _ p99 errors < <("$BENCH_DIR/scripts/wrk-run.sh" 64 "$DURATION" "$BASE/v1.0/gpu/status/json")
  stop_daemon
  calls=$(($(cat "$count_file") - baseline))
  awk -v age="$age" -v rps="$rps" -v p99="$p99" -v r="$((warm_requests + requests))" -v c="$calls" -v s="$sweep" -v t="$((WARMUP + DURATION))" -v l="$load" -v e="$errors" \
    'BEGIN { printf "| %s | %s | %s | %d | %d | %.4f | %.1f | %s |\n", age, rps, p99, r, c, c / r, c / s / t, l; if (e > 0) print "errors: " e > "/dev/stderr" }'
done
