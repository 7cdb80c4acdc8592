#!/usr/bin/env bash
# BenchmarkDotNet with the memory diagnoser on the formatting and serialisation paths
# (NvContract.Bench.Micro). Prints BenchmarkDotNet's GitHub-flavoured table.
set -euo pipefail
. "$(dirname "$0")/common.sh"
load=$(wait_quiet)
artifacts="$OUT/micro"
rm -rf "$artifacts"
(cd "$BENCH_DIR/NvContract.Bench.Micro" && "./bin/Release/net10.0/NvContract.Bench.Micro" --filter '*FormattingBenchmarks*' --job short --exporters github --artifacts "$artifacts" >"$OUT/micro.log" 2>&1)
echo "Load before: $load."
echo
# The report's first block names the machine; the table follows it.
sed -n '/^| Method/,$p' "$artifacts"/results/*-report-github.md
