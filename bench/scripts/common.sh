# Shared by the bench scripts (sourced): paths, the daemon's life, the quiet-machine wait.
# Every process started here is stopped by its pid; every load run is bounded in time or count.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$BENCH_DIR/out"
RESULTS="$OUT/results"
DAEMON=${BENCH_DAEMON:-$OUT/daemon/nvidia-docker-plugin}
FAKE_NVML="$BENCH_DIR/NvContract.Bench.Nvml/bin/Release/net10.0/fake-nvml/libnvidia-ml.so.1"
LOAD="$BENCH_DIR/NvContract.Bench.Load/bin/Release/net10.0/NvContract.Bench.Load"
STARTUP="$BENCH_DIR/NvContract.Bench.Startup/bin/Release/net10.0/NvContract.Bench.Startup"
# Below the ephemeral range (32768+), so no client socket of a load run can hold it.
PORT=${BENCH_PORT:-23476}
BASE="http://127.0.0.1:$PORT"
# Seconds per measured load run (10 for the published figures; less only to try the scripts).
DURATION=${BENCH_DURATION:-10}
# Seconds of unrecorded load before a daemon's series (managed builds: so tiered JIT has settled).
WARMUP=${BENCH_WARMUP:-3}
RUN_DIR="$OUT/run"
PLUGIN_SOCKET="$RUN_DIR/plugins/nvidia-docker.sock"
# Docker's plugin requests accept this media type, and send no Content-Type.
PLUGIN_ACCEPT="Accept: application/vnd.docker.plugins.v1.2+json"
DAEMON_PID=
DAEMON_ENV=()
# curl options for reaching $BASE (the TLS bench sets https:// and its certificates).
CURL_OPTS=()

# publish_daemon SOURCE_ROOT OUTPUT [MSBUILD PROPERTIES...]: the shipped build of a source tree:
# Native AOT where the project says so, else (older trees) self-contained single-file ReadyToRun.
publish_daemon() {
  local source=$1 output=$2 form=()
  shift 2
  if ! grep -q '<PublishAot>true</PublishAot>' "$source/src/NvContract.Daemon/NvContract.Daemon.csproj"; then
    form=(--self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=true)
  fi
  dotnet publish "$source/src/NvContract.Daemon" -c Release -r linux-x64 "${form[@]}" -p:DebugType=none \
    "$@" -o "$output" -nologo -v quiet >&2
}

# daemon_flags: sets DAEMON_FLAGS to the flags every bench daemon runs with, so that each way of
# starting one (start_daemon, NvContract.Bench.Startup) measures the same daemon: the fake NVML,
# $PORT, the plugin socket in $RUN_DIR and the volumes folder (-d) VOLUMES_DIR, by default
# inside $RUN_DIR.
daemon_flags() {
  DAEMON_FLAGS=(--nvml-library "$FAKE_NVML" -l "127.0.0.1:$PORT" -s "$RUN_DIR/plugins" -d "${VOLUMES_DIR:-$RUN_DIR/volumes}")
}

# start_daemon GPUS [daemon flags...]: the published daemon on the fake NVML, answering on $BASE,
# with the flags of daemon_flags and then these. Extra environment for the daemon comes from
# DAEMON_ENV (an array of NAME=value).
start_daemon() {
  local gpus=$1
  shift
  rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR/plugins"
  daemon_flags
  env FAKE_NVML_SCENARIO=default FAKE_NVML_GPUS="$gpus" "${DAEMON_ENV[@]}" \
    "$DAEMON" "${DAEMON_FLAGS[@]}" "$@" \
    2>"$RUN_DIR/daemon.log" &
  DAEMON_PID=$!
  # /openapi.yaml makes no NVML call, so waiting costs none.
  for _ in $(seq 1 1000); do
    curl -sf "${CURL_OPTS[@]}" -o /dev/null "$BASE/openapi.yaml" && return 0
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.01
  done
  echo "daemon did not start:" >&2
  cat "$RUN_DIR/daemon.log" >&2
  return 1
}

stop_daemon() {
  [ -n "$DAEMON_PID" ] || return 0
  kill -TERM "$DAEMON_PID" 2>/dev/null || true
  wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=
}

# plugin PATH BODY: one plugin request over the socket, as Docker sends it; prints the answer.
plugin() { curl -sf --unix-socket "$PLUGIN_SOCKET" -H "$PLUGIN_ACCEPT" -H "Content-Type:" -X POST --data "$2" "http://localhost$1"; }

# driver_version: the running daemon's driver version (the fake library's).
driver_version() { curl -sf "$BASE/v1.0/gpu/info/json" | sed -E 's/.*"Driver":"([^"]+)".*/\1/'; }

# ensure_driver_root VERSION: the driver root of driver-root.sh in $OUT/driver-root, made once per version.
ensure_driver_root() {
  [ "$(cat "$OUT/driver-root.version" 2>/dev/null)" = "$1" ] && return 0
  "$BENCH_DIR/scripts/driver-root.sh" "$OUT/driver-root" "$1"
  echo "$1" >"$OUT/driver-root.version"
}

REST_ENDPOINTS=(/v1.0/gpu/status/json /v1.0/gpu/info/json /v1.0/gpu/status /v1.0/docker/cli)

# send TOTAL: TOTAL requests to the running daemon, a quarter to each REST endpoint, 8 connections.
send() {
  for endpoint in "${REST_ENDPOINTS[@]}"; do
    "$LOAD" "$BASE$endpoint" -c 8 -n $(($1 / 4)) >/dev/null
  done
}

# rss_mib PID: VmRSS in MiB, one decimal.
rss_mib() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

load1() { cut -d' ' -f1 /proc/loadavg; }

# wait_quiet: waits for a 1-minute load average below 1.0, at most BENCH_MAX_WAIT seconds
# (default 1800) and never past BENCH_WAIT_UNTIL (a time `date -d` reads), and prints the load
# it starts with. BENCH_NO_WAIT=1 skips the wait (trying scripts).
wait_quiet() {
  local deadline=$(($(date +%s) + ${BENCH_MAX_WAIT:-1800}))
  if [ -n "${BENCH_WAIT_UNTIL:-}" ] && [ "$(date -d "$BENCH_WAIT_UNTIL" +%s)" -lt "$deadline" ]; then
    deadline=$(date -d "$BENCH_WAIT_UNTIL" +%s)
  fi
  while [ "${BENCH_NO_WAIT:-0}" != 1 ] && awk -v l="$(load1)" 'BEGIN {exit !(l >= 1.0)}' && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 5
  done
  load1
}
