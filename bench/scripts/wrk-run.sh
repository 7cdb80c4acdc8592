#!/usr/bin/env bash
# wrk-run.sh CONNECTIONS SECONDS URL [HEADER]: one bounded wrk run, with one extra request header
# if given; prints "requests rps p50_ms p99_ms errors".
# wrk refuses fewer connections than threads, so one connection runs on one thread.
set -euo pipefail
connections=$1 seconds=$2 url=$3 header=${4:-}
threads=$((connections < 2 ? connections : 2))
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency ${header:+-H "$header"} "$url" | awk -f "$(dirname "$0")/wrk-parse.awk"
