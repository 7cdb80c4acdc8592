#!/usr/bin/env bash
# /metrics on 8 GPUs of the fake NVML: scrape throughput and latency (plain, and gzip as
# Prometheus asks for it), NVML calls with and without scrapes, resident memory over 1,000,000
# scrapes, and how long an injected Xid takes to show in /v1.1/gpu/health and /metrics.
# Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap stop_daemon EXIT
events="$RUN_DIR.events"
counts="$RUN_DIR.count"
gpus=8

# Every daemon here reads its events from a file (no built-in Xid), so all GPUs start Healthy.
start_watched() {
  : >"$events"
  DAEMON_ENV=(FAKE_NVML_EVENTS_FILE="$events" "$@")
  start_daemon "$gpus"
}

echo "| GPUs | Scrape | Connections | Requests/s | p50 (ms) | p99 (ms) | Errors | Load before |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
load=$(wait_quiet)
start_watched
plain=$(curl -sf "$BASE/metrics" | wc -c)
compressed=$(curl -sf -H "Accept-Encoding: gzip" "$BASE/metrics" | wc -c)
"$BENCH_DIR/scripts/wrk-run.sh" 64 "$WARMUP" "$BASE/metrics" "Accept-Encoding: gzip" >/dev/null
for mode in plain gzip; do
  header=
  [ "$mode" = gzip ] && header="Accept-Encoding: gzip"
  for connections in 1 8 64; do
    read -r requests rps p50 p99 errors < <("$BENCH_DIR/scripts/wrk-run.sh" "$connections" "$DURATION" "$BASE/metrics" "$header")
    echo "| $gpus | $mode | $connections | $rps | $p50 | $p99 | $errors | $load |"
  done
done
stop_daemon
echo
echo "Body: $plain bytes, $compressed gzip-compressed."

# NVML calls of a daemon over the same time, idle and scraped: the difference is what scrapes cost.
echo
echo "| NVML calls, 8 GPUs, ${DURATION} s (default \`--status-max-age\` 250ms) | Scrapes | NVML calls | Calls per scrape |"
echo "| --- | ---: | ---: | ---: |"
start_watched FAKE_NVML_COUNT_FILE="$counts"
sleep "$DURATION"
stop_daemon
idle=$(cat "$counts")
echo "| idle | 0 | $idle | |"
start_watched FAKE_NVML_COUNT_FILE="$counts"
read -r requests rps p50 p99 errors < <("$BENCH_DIR/scripts/wrk-run.sh" 64 "$DURATION" "$BASE/metrics" "Accept-Encoding: gzip")
stop_daemon
scraped=$(cat "$counts")
echo "| scraped by wrk, 64 connections | $requests | $scraped | $(echo "scale=4; ($scraped - $idle) / $requests" | bc) |"

# Resident memory over many scrapes, 8 connections of NvContract.Bench.Load (plain bodies).
echo
echo "| VmRSS, 8 GPUs, metrics scraped (MiB) | After |"
echo "| --- | ---: |"
start_watched
echo "| start-up, no request | $(rss_mib "$DAEMON_PID") |"
total=0
for stage in 1000 99000 900000; do
  "$LOAD" "$BASE/metrics" -c 8 -n "$stage" >/dev/null
  total=$((total + stage))
  sleep 5
  echo "| $total scrapes | $(rss_mib "$DAEMON_PID") |"
done
echo
echo "Peak (VmHWM): $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' "/proc/$DAEMON_PID/status")."
stop_daemon

# An Xid appended to the fake's events file, then polled for with curl until it shows.
# until_shows URL PATTERN: milliseconds from now until URL's body matches PATTERN.
until_shows() {
  local start=$(date +%s%N)
  until curl -sf "$1" | grep -q "$2"; do :; done
  echo $((($(date +%s%N) - start) / 1000000))
}
echo
echo "| Xid 79 on GPU 2 until it shows, 10 times | Min (ms) | Median (ms) | Max (ms) |"
echo "| --- | ---: | ---: | ---: |"
start_watched
health=() metrics=()
for _ in $(seq 1 10); do
  echo "2 79 2" >>"$events"
  health+=("$(until_shows "$BASE/v1.1/gpu/health/json" '"Index":2,"UUID":"[^"]*","State":"NeedsReboot"')")
  until_shows "$BASE/v1.1/gpu/health/json" '"Index":2,"UUID":"[^"]*","State":"NeedsReboot"' >/dev/null
  echo "2 0 0" >>"$events"
  until_shows "$BASE/v1.1/gpu/health/json" '"Index":2,"UUID":"[^"]*","State":"Healthy"' >/dev/null
  echo "2 79 2" >>"$events"
  metrics+=("$(until_shows "$BASE/metrics" 'gpu_healthy{gpu="2",[^}]*state="NeedsReboot"')")
  echo "2 0 0" >>"$events"
  until_shows "$BASE/v1.1/gpu/health/json" '"Index":2,"UUID":"[^"]*","State":"Healthy"' >/dev/null
done
stop_daemon
summary() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {printf "%d | %d | %d", v[1], v[int((NR + 1) / 2)], v[NR]}'; }
echo "| \`/v1.1/gpu/health/json\` | $(summary "${health[@]}") |"
echo "| \`/metrics\` | $(summary "${metrics[@]}") |"
