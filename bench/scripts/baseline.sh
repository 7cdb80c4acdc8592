#!/usr/bin/env bash
# Publishes the daemon of the baseline commit (bench/baseline-ref, or BENCH_BASELINE) into
# out/daemon-baseline, unless it is there already; prints the commit.
set -euo pipefail
. "$(dirname "$0")/common.sh"
repo=$(cd "$BENCH_DIR/.." && pwd)
ref=${BENCH_BASELINE:-$(grep -v '^#' "$BENCH_DIR/baseline-ref")}
baseline="$OUT/daemon-baseline"
if [ "$(cat "$baseline.ref" 2>/dev/null)" != "$ref" ]; then
  rm -rf "$OUT/baseline-src" "$baseline" && mkdir -p "$OUT/baseline-src"
  git -C "$repo" archive "$ref" | tar -x -C "$OUT/baseline-src"
  publish_daemon "$OUT/baseline-src" "$baseline"
  echo "$ref" >"$baseline.ref"
fi
echo "$ref"
