#!/usr/bin/env bash
# What was tried and not kept: this tree's daemon published with other settings, each measured
# by targets.sh next to the build as shipped. Prints a markdown section.
# `variants.sh build` only publishes them (build.sh does, so measuring waits on no build).
set -euo pipefail
. "$(dirname "$0")/common.sh"
repo=$(cd "$BENCH_DIR/.." && pwd)
# name|publish properties
variants=(
  "as shipped|"
  "workstation GC, not concurrent|-p:ServerGarbageCollection=false -p:ConcurrentGarbageCollection=false"
  "native code optimised for speed|-p:OptimizationPreference=Speed"
  "managed: single-file ReadyToRun, as shipped before|-p:PublishAot=false --self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=true"
)
# Each variant is published from its own copy of this tree (tracked and new files), so no build
# state is shared with the shipped build or between variants.
copy_tree() {
  rm -rf "$1" && mkdir -p "$1"
  git -C "$repo" ls-files -co --exclude-standard | grep -v '^bench/' | tar -C "$repo" -cf - -T - | tar -C "$1" -xf -
}
# variant_output PROPERTIES: where a variant is published.
variant_output() { echo "$OUT/variant-$(echo "$1" | md5sum | cut -c1-8)"; }

if [ "${1:-}" = build ]; then
  for variant in "${variants[@]}"; do
    properties=${variant#*|}
    [ -n "$properties" ] || continue
    out=$(variant_output "$properties")
    copy_tree "$out-src"
    # shellcheck disable=SC2086 # the properties are separate words
    publish_daemon "$out-src" "$out" $properties
  done
  exit 0
fi

load=$(wait_quiet)
echo "Load before: $load."
echo
echo "| Build | \`/gpu/status/json\` req/s | p99 (ms) | \`/gpu/info/json\` req/s | p99 (ms) | Start-up (ms) | VmRSS 1k (MiB) | VmRSS 100k (MiB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for variant in "${variants[@]}"; do
  name=${variant%%|*} properties=${variant#*|}
  daemon=$DAEMON
  [ -n "$properties" ] && daemon="$(variant_output "$properties")/nvidia-docker-plugin"
  read -r -a f < <("$BENCH_DIR/scripts/targets.sh" "$daemon")
  echo "| $name | ${f[0]} | ${f[1]} | ${f[2]} | ${f[3]} | ${f[4]} | ${f[5]} | ${f[6]} |"
done
