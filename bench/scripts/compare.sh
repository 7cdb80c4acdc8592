#!/usr/bin/env bash
# Before and after, on the figures that have targets: the daemon built from the baseline commit
# (bench/baseline-ref, or BENCH_BASELINE) and the one built from this tree, each measured by
# targets.sh, one after the other. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
repo=$(cd "$BENCH_DIR/.." && pwd)
ref=$("$BENCH_DIR/scripts/baseline.sh")
baseline="$OUT/daemon-baseline"

load_before=$(wait_quiet)
read -r -a before < <("$BENCH_DIR/scripts/targets.sh" "$baseline/nvidia-docker-plugin")
load_after=$(wait_quiet)
read -r -a after < <("$BENCH_DIR/scripts/targets.sh" "$DAEMON")

# row NAME TARGET INDEX COMPARISON LIMIT: one figure before and after, and whether after meets the target.
row() {
  local verdict
  verdict=$(awk -v v="${after[$3]}" -v l="$5" -v c="$4" 'BEGIN {print ((c == ">=" ? v >= l : v <= l) ? "met" : "**missed**")}')
  echo "| $1 | $2 | ${before[$3]} | ${after[$3]} | $verdict |"
}
echo "Before: the daemon at \`$(git -C "$repo" rev-parse --short "$ref")\`; after: this tree (\`$(git -C "$repo" rev-parse --short HEAD)\`$(git -C "$repo" diff --quiet HEAD -- "$repo/src" || echo ', with uncommitted changes')). Load before: $load_before (before), $load_after (after)."
echo
echo "| Figure (4 GPUs, fake NVML, wrk -t2 -c64 -d${DURATION}s) | Target | Before | After | |"
echo "| --- | --- | ---: | ---: | --- |"
row "\`/gpu/status/json\` requests/s" "≥ 42,000" 0 ">=" 42000
row "\`/gpu/status/json\` p99 (ms)" "≤ 5" 1 "<=" 5
row "\`/gpu/info/json\` requests/s" "≥ 60,000" 2 ">=" 60000
row "\`/gpu/info/json\` p99 (ms)" "≤ 5" 3 "<=" 5
row "Exec to first \`/gpu/info/json\` answer, median of 10 (ms)" "≤ 200" 4 "<=" 200
row "VmRSS idle after 1,000 requests (MiB)" "≤ 40" 5 "<=" 40
row "VmRSS after 100,000 requests (MiB)" "≤ 40, flat" 6 "<=" 40
