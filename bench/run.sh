#!/usr/bin/env bash
# Measures everything and writes the figures into bench/README.md.
#   bench/run.sh                 all parts
#   bench/run.sh http memory     only these parts (machine is always refreshed)
# Parts: compare http memory nvml plugin volumes soak variants micro metrics cdi tls. Each series waits for a 1-minute
# load average under 1.0 (see wait_quiet in scripts/common.sh) and records the load it started with.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/common.sh
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(compare http memory nvml plugin volumes soak variants micro metrics cdi tls)

[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || scripts/build.sh
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
scripts/machine.sh >"$RESULTS/machine.md"
for part in "${parts[@]}"; do
  case $part in
    micro) script=micro.sh ;;
    nvml) script=nvml-calls.sh ;;
    http) script=http.sh ;;
    plugin) script=plugin.sh ;;
    volumes) script=volumes.sh ;;
    soak) script=soak.sh ;;
    memory) script=startup-memory.sh ;;
    compare) script=compare.sh ;;
    variants) script=variants.sh ;;
    metrics) script=metrics.sh ;;
    cdi) script=cdi.sh ;;
    tls) script=tls.sh ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
  echo "== $part" >&2
  # Fragments are written whole or not at all, so a failed part keeps its old figures.
  scripts/$script >"$RESULTS/$part.tmp"
  mv "$RESULTS/$part.tmp" "$RESULTS/$part.md"
  # Into the README at once, so a run cut short keeps what it measured.
  scripts/write-readme.sh
done
