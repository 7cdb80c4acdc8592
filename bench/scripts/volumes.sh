#!/usr/bin/env bash
# Driver volume builds through the plugin socket (/VolumeDriver.Create, then Remove), from a
# driver root of real ELF files (driver-root.sh): hard links (volumes on the driver root's
# filesystem) and the copy fallback (volumes on a tmpfs, so link() fails with EXDEV). Then the
# cost of a Create of a volume that exists. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap 'stop_daemon; rm -rf "$tmpfs_volumes"' EXIT
builds=${BENCH_VOLUME_BUILDS:-5}
root="$OUT/driver-root"
tmpfs_volumes=/dev/shm/nvcontract-bench-volumes

start_daemon 4
version=$(driver_version)
stop_daemon
ensure_driver_root "$version"
echo "Driver root: $(find "$root" -type f | wc -l) files ($(find "$root" -type f -name '*.so.*' | wc -l) libraries), $(du -sm "$root" | cut -f1) MiB, ld.so.cache by \`ldconfig -r\`; volumes dir on $(df --output=fstype "$OUT" | tail -1) (links) or tmpfs (copies)."
echo
echo "| Placement | Builds | First (ms) | Median (ms) | Min (ms) | Files in the volume | Second Create p50 (ms) | p99 (ms) | Load before |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
body="{\"Name\":\"nvidia_driver_$version\"}"
load=$(wait_quiet)
for placement in "hard links" "copies"; do
  VOLUMES_DIR="$RUN_DIR/volumes"
  if [ "$placement" = copies ]; then
    rm -rf "$tmpfs_volumes"
    VOLUMES_DIR=$tmpfs_volumes
  fi
  start_daemon 4 --driver-root "$root"
  if [ ! -S "$PLUGIN_SOCKET" ]; then
    echo "_This build serves no plugin socket; nothing measured._"
    exit 0
  fi
  # The page cache is left as it is (dropping it is machine-wide); the first build, the one most
  # likely to read from disk, is reported apart.
  times=()
  for _ in $(seq 1 "$builds"); do
    seconds=$(curl -sf -o /dev/null -w '%{time_total}' --unix-socket "$PLUGIN_SOCKET" -H "$PLUGIN_ACCEPT" -H "Content-Type:" \
      -X POST --data "$body" http://localhost/VolumeDriver.Create)
    files=$(find "$VOLUMES_DIR" -type f | wc -l)
    times+=("$(echo "$seconds * 1000" | bc -l)")
    plugin /VolumeDriver.Remove "$body" >/dev/null
  done
  plugin /VolumeDriver.Create "$body" >/dev/null
  line=$("$LOAD" http://localhost/VolumeDriver.Create --unix "$PLUGIN_SOCKET" -X POST -H "$PLUGIN_ACCEPT" --body "$body" -c 1 -n 2000)
  eval "${line// /;}"
  if [ "$placement" = copies ] && ! grep -q "copying them instead" "$RUN_DIR/daemon.log"; then
    echo "the copy fallback did not happen" >&2
    exit 1
  fi
  stop_daemon
  first=${times[0]}
  read -r median min < <(printf '%s\n' "${times[@]}" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)], v[1]}')
  # shellcheck disable=SC2154 # p50_ms, p99_ms come from the eval
  printf "| %s | %d | %.1f | %.1f | %.1f | %d | %s | %s | %s |\n" "$placement" "$builds" "$first" "$median" "$min" "$files" "$p50_ms" "$p99_ms" "$load"
done
