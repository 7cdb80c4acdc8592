#!/usr/bin/env bash
# Docker volume plugin requests over the unix socket, measured by NvContract.Bench.Load (wrk
# cannot reach a unix socket): /VolumeDriver.Get and /VolumeDriver.Path of an existing volume.
# Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap stop_daemon EXIT

load=$(wait_quiet)
start_daemon 4 --driver-root "$OUT/driver-root"
if [ ! -S "$PLUGIN_SOCKET" ]; then
  echo "_This build serves no plugin socket; nothing measured._"
  exit 0
fi
version=$(driver_version)
ensure_driver_root "$version"
volume="{\"Name\":\"nvidia_driver_$version\"}"
plugin /VolumeDriver.Create "$volume" >/dev/null

echo "| Endpoint | Connections | Requests/s | p50 (ms) | p99 (ms) | Errors | Load before |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for endpoint in /VolumeDriver.Get /VolumeDriver.Path; do
  for connections in 1 8 64; do
    line=$("$LOAD" "http://localhost$endpoint" --unix "$PLUGIN_SOCKET" -X POST -H "$PLUGIN_ACCEPT" --body "$volume" \
      -c "$connections" -d "$DURATION" --warmup "$WARMUP")
    eval "${line// /;}"
    # shellcheck disable=SC2154 # set by the eval
    echo "| \`$endpoint\` | $connections | $rps | $p50_ms | $p99_ms | $errors | $load |"
  done
done
