#!/usr/bin/env bash
# The CDI spec: a whole one-shot process, nvidia-docker-cdi-generate and the daemon's
# `--cdi-generate` (hyperfine; CPU and peak RSS from GNU time), whether identical input gives
# identical bytes and both give the same, the daemon's regeneration (NvContract.Bench.Micro's
# CdiBenchmarks) and how long a driver upgrade takes to reach the spec on disk. The host: 4 GPUs
# on the fake NVML (8 for the micro benchmark), the driver root of driver-root.sh, stand-in device
# nodes. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
work="$OUT/cdi"
trap 'stop_daemon' EXIT
upgrades=${BENCH_CDI_UPGRADES:-10}
runs=${BENCH_CDI_RUNS:-100}

start_daemon 4
version=$(driver_version)
stop_daemon
ensure_driver_root "$version"
root="$OUT/driver-root"
rm -rf "$work" && mkdir -p "$work/dev/dev" "$work/out"
for node in nvidia0 nvidia1 nvidia2 nvidia3 nvidia4 nvidia5 nvidia6 nvidia7 nvidiactl nvidia-uvm nvidia-uvm-tools; do
  : >"$work/dev/dev/$node"
done

export FAKE_NVML_SCENARIO=default FAKE_NVML_GPUS=4
# The generator next to the daemon, as the package installs them: its spec's hook names the daemon.
generator=${BENCH_CDI_GENERATOR:-$(dirname "$DAEMON")/nvidia-docker-cdi-generate}
host_flags=(--nvml-library "$FAKE_NVML" --driver-root "$root" --dev-root "$work/dev")
generate=("$generator" "${host_flags[@]}")
daemon_generate=("$DAEMON" "${host_flags[@]}" --cdi-generate)
"${generate[@]}" "$work/out/spec.json" 2>/dev/null
spec_bytes=$(stat -c %s "$work/out/spec.json")
mounts=$(grep -c '"containerPath"' "$work/out/spec.json")
devices=$(grep -c '"name"' "$work/out/spec.json")
cdi_version=$(sed -nE 's/.*"cdiVersion": "([^"]+)".*/\1/p' "$work/out/spec.json")

# oneshot NAME COMMAND...: the whole process writing $work/out/spec.json, $runs times under
# hyperfine (-N: no shell between hyperfine and the process measured) and 20 times under GNU
# time; sets ONESHOT to "median mean min max user system rss_median".
oneshot() {
  local name=$1 rss=() figures
  shift
  hyperfine -N --warmup 10 --runs "$runs" --export-json "$work/$name.json" "$* $work/out/spec.json" >"$work/$name.log" 2>&1
  figures=$(python3 - "$work/$name.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = [x * 1000 for x in r["times"]]
print(f'{statistics.median(t):.1f} {statistics.mean(t):.1f} {min(t):.1f} {max(t):.1f} {r["user"] * 1000:.1f} {r["system"] * 1000:.1f}')
PY
  )
  for _ in $(seq 1 20); do
    rss+=("$(/usr/bin/time -f %M "$@" "$work/out/spec.json" 2>&1 >/dev/null | tail -n1)")
  done
  ONESHOT="$figures $(printf '%s\n' "${rss[@]}" | sort -n | awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)] / 1024}')"
}

load=$(wait_quiet)
oneshot generator "${generate[@]}"
read -r median mean min max user system rss_median <<<"$ONESHOT"
oneshot daemon "${daemon_generate[@]}"
read -r d_median d_mean d_min d_max d_user d_system d_rss_median <<<"$ONESHOT"
load_after=$(cut -d' ' -f1 /proc/loadavg)

for i in $(seq 1 20); do
  "${generate[@]}" - 2>/dev/null >"$work/out/stdout-$i.json"
done
distinct=$(sha256sum "$work"/out/stdout-*.json | cut -d' ' -f1 | sort -u | wc -l)
same_as_flag=no
"${daemon_generate[@]}" - 2>/dev/null | cmp -s - "$work/out/stdout-1.json" && same_as_flag=yes

# The daemon's own file: the same bytes as the one-shot.
start_daemon 4 --driver-root "$root" --dev-root "$work/dev" --cdi-dir "$work/spec-dir"
for _ in $(seq 1 500); do [ -f "$work/spec-dir/nvidia-docker-plugin.nvidia.com-gpu.json" ] && break; sleep 0.01; done
same_as_daemon=no
cmp -s "$work/spec-dir/nvidia-docker-plugin.nvidia.com-gpu.json" "$work/out/stdout-1.json" && same_as_daemon=yes
stop_daemon

# Upgrades, as an installer makes them: the libraries replaced under a new version (renamed; their
# SONAMEs stay), ldconfig run; timed from ldconfig's exit to a spec on disk whose host paths name
# the new files and none of the old. The daemon checks the host every second: at most one interval.
upgrade_root="$work/upgrade-root"
cp -al "$root" "$upgrade_root"
start_daemon 4 --driver-root "$upgrade_root" --dev-root "$work/dev" --cdi-dir "$work/upgrade-dir"
spec="$work/upgrade-dir/nvidia-docker-plugin.nvidia.com-gpu.json"
for _ in $(seq 1 500); do [ -f "$spec" ] && break; sleep 0.01; done
old=$version
latencies=()
for i in $(seq 1 "$upgrades"); do
  new="$version.$i"
  sleep 0.$((RANDOM % 10))
  find "$upgrade_root/usr/lib" -type f -name "*.so.$old" | while read -r file; do mv "$file" "${file%.so.$old}.so.$new"; done
  ldconfig -r "$upgrade_root"
  start=$(date +%s%N)
  deadline=$((start + 30000000000))
  until grep -q "\"hostPath\": \"[^\"]*\.so\.$new\"" "$spec" && ! grep -q "\"hostPath\": \"[^\"]*\.so\.$old\"" "$spec"; do
    [ "$(date +%s%N)" -lt "$deadline" ] || { echo "upgrade $i not in the spec after 30 s" >&2; exit 1; }
    sleep 0.005
  done
  latencies+=("$((($(date +%s%N) - start) / 1000000))")
  old=$new
done
stop_daemon
read -r up_median up_max < <(printf '%s\n' "${latencies[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)], v[NR]}')

micro="$OUT/cdi-micro"
rm -rf "$micro"
(cd "$BENCH_DIR/NvContract.Bench.Micro" && BENCH_CDI_DRIVER_ROOT="$root" BENCH_CDI_DEV_ROOT="$work/dev" \
  "./bin/Release/net10.0/NvContract.Bench.Micro" --filter '*CdiBenchmarks*' --job short --inProcess --exporters github --artifacts "$micro" >"$OUT/cdi-micro.log" 2>&1)
table=$(sed -n '/^| Method/,$p' "$micro"/results/*-report-github.md)
regen8=$(echo "$table" | awk -F'|' '/Generate\+ToJson/ && !/First/ && $3 ~ /8/ {gsub(/ /, "", $4); print $4}')
# BenchmarkDotNet's unit follows the figure (ns, μs, ms).
regen8_ms=$(echo "$regen8" | sed -E 's/,//g; s/ns$/ \/ 1000000/; s/μs$/ \/ 1000/; s/ms$//' | bc -l)

met() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t) ? "met" : "missed"}'; }
echo "Load before: $load, after the one-shot runs: $load_after. The spec: cdiVersion $cdi_version, $devices devices, $mounts mounts, $spec_bytes bytes, from $(find "$root" -name '*.so.*' -type f | wc -l) driver libraries."
echo
echo "| Figure (4 GPUs, fake NVML) | Target | nvidia-ctk 1.13–1.16 | This package | |"
echo "| --- | --- | --- | ---: | --- |"
echo "| One-shot \`nvidia-docker-cdi-generate\` process, median wall (ms, $runs runs) | ≤ 10 | 14–18 | $median | $(met "$median" 10) |"
echo "| … mean, min–max (ms) | | 10–24 | $mean, $min–$max | |"
echo "| … CPU, user + system (ms) | | ~15 | $user + $system | |"
echo "| … peak RSS, median of 20 (MiB) | | 10–12 | $rss_median | |"
echo "| One-shot \`nvidia-docker-plugin --cdi-generate\` process, median wall (ms, $runs runs) | | | $d_median | |"
echo "| … mean, min–max (ms) | | | $d_mean, $d_min–$d_max | |"
echo "| … CPU, user + system (ms) | | | $d_user + $d_system | |"
echo "| … peak RSS, median of 20 (MiB) | | | $d_rss_median | |"
echo "| Distinct outputs over 20 runs | 1 | 1.13: one per run (mount order) | $distinct | $([ "$distinct" = 1 ] && echo met || echo missed) |"
echo "| \`--cdi-generate\` prints the generator's bytes | | | $same_as_flag | |"
echo "| Daemon's file equals the one-shot's | | | $same_as_daemon | |"
echo "| Regeneration in the daemon, 8 GPUs (CdiBenchmarks, mean) | ≤ 2 ms | | $regen8 | $(met "$regen8_ms" 2) |"
echo "| Driver upgrade (ldconfig done) to spec on disk, median / max of $upgrades (ms) | ≤ 2000 | | $up_median / $up_max | $(met "$up_max" 2000) |"
echo
echo "$table"
