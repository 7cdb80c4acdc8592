#!/usr/bin/env bash
# Before and after, on the figures that have targets: the daemon built from the baseline commit
# (bench/baseline-ref, or BENCH_BASELINE) and the one built from this tree, measured the same way
# one after the other: wrk -c64 for 10 s (4 GPUs), exec to first answer, VmRSS after 1,000 and
# 100,000 requests. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap stop_daemon EXIT
repo=$(cd "$BENCH_DIR/.." && pwd)
ref=${BENCH_BASELINE:-$(grep -v '^#' "$BENCH_DIR/baseline-ref")}
baseline="$OUT/daemon-baseline"
if [ "$(cat "$baseline.ref" 2>/dev/null)" != "$ref" ]; then
  rm -rf "$OUT/baseline-src" "$baseline" && mkdir -p "$OUT/baseline-src"
  git -C "$repo" archive "$ref" | tar -x -C "$OUT/baseline-src"
  dotnet publish "$OUT/baseline-src/src/NvContract.Daemon" -c Release -r linux-x64 --self-contained \
    -p:PublishSingleFile=true -p:PublishReadyToRun=true -o "$baseline" -nologo -v quiet >&2
  echo "$ref" >"$baseline.ref"
fi

declare -A figure
for build in baseline current; do
  DAEMON="$OUT/daemon/nvidia-docker-plugin"
  [ "$build" = baseline ] && DAEMON="$baseline/nvidia-docker-plugin"
  figure[$build.load]=$(wait_quiet)
  start_daemon 4
  for endpoint in /v1.0/gpu/status/json /v1.0/gpu/info/json; do
    "$BENCH_DIR/scripts/wrk-run.sh" 64 "$WARMUP" "$BASE$endpoint" >/dev/null
    read -r _ rps _ p99 _ < <("$BENCH_DIR/scripts/wrk-run.sh" 64 "$DURATION" "$BASE$endpoint")
    figure[$build.$endpoint.rps]=$rps
    figure[$build.$endpoint.p99]=$p99
  done
  stop_daemon
  start_daemon 4
  send 1000
  sleep 5
  figure[$build.rss1k]=$(rss_mib "$DAEMON_PID")
  send 99000
  sleep 5
  figure[$build.rss100k]=$(rss_mib "$DAEMON_PID")
  stop_daemon
  rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR/plugins"
  line=$(FAKE_NVML_GPUS=4 "$STARTUP" 10 "$BASE/v1.0/gpu/info/json" "$DAEMON" --nvml-library "$FAKE_NVML" \
    -l "127.0.0.1:$PORT" -s "$RUN_DIR/plugins" -d "$RUN_DIR/volumes")
  figure[$build.startup]=$(echo "$line" | sed -E 's/.*median_ms=([0-9.]+).*/\1/')
done

# row NAME TARGET KEY COMPARISON LIMIT: one figure, baseline and current, and whether current meets the target.
row() {
  local verdict
  verdict=$(awk -v v="${figure[current.$3]}" -v l="$5" -v c="$4" 'BEGIN {print ((c == ">=" ? v >= l : v <= l) ? "met" : "missed")}')
  echo "| $1 | $2 | ${figure[baseline.$3]} | ${figure[current.$3]} | $verdict |"
}
echo "Baseline: \`$(git -C "$repo" rev-parse --short "$ref")\`; current: \`$(git -C "$repo" rev-parse --short HEAD)\`$(git -C "$repo" diff --quiet HEAD -- src || echo ' with uncommitted changes'). Load before: ${figure[baseline.load]} (baseline), ${figure[current.load]} (current)."
echo
echo "| Figure (4 GPUs, fake NVML) | Target | Before | After | |"
echo "| --- | --- | ---: | ---: | --- |"
row "\`/gpu/status/json\` requests/s, 64 connections" "≥ 42,000" "/v1.0/gpu/status/json.rps" ">=" 42000
row "\`/gpu/status/json\` p99 (ms), 64 connections" "≤ 5" "/v1.0/gpu/status/json.p99" "<=" 5
row "\`/gpu/info/json\` requests/s, 64 connections" "≥ 60,000" "/v1.0/gpu/info/json.rps" ">=" 60000
row "\`/gpu/info/json\` p99 (ms), 64 connections" "≤ 5" "/v1.0/gpu/info/json.p99" "<=" 5
row "Exec to first \`/gpu/info/json\` answer, median of 10 (ms)" "≤ 200" startup "<=" 200
row "VmRSS idle after 1,000 requests (MiB)" "≤ 40" rss1k "<=" 40
row "VmRSS after 100,000 requests (MiB)" "≤ 40, flat" rss100k "<=" 40
