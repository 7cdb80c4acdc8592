#!/usr/bin/env bash
# Soak: SOAK_REQUESTS (default 1,000,000) mixed requests, REST and plugin at once, while a loop
# creates and removes the driver volume on the same plugin socket. Every REST and plugin answer
# must be a 2xx (plugin errors travel as {"Err":...} in a 200, as Docker expects); the Create/
# Remove loop counts any answer that is not a 200 or carries an Err. VmRSS is sampled every
# second. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
samples=$(mktemp)
trap 'kill "${churn_pid:-}" "${rss_pid:-}" 2>/dev/null || true; stop_daemon; rm -f "$samples" "$samples.churn"' EXIT
total=${SOAK_REQUESTS:-1000000}
# Three parts REST to one part plugin; each part split evenly over its endpoints.
rest_each=$((total * 3 / 4 / ${#REST_ENDPOINTS[@]}))
plugin_endpoints=(/VolumeDriver.Get /VolumeDriver.Path /VolumeDriver.List /Plugin.Activate)
plugin_each=$((total / 4 / ${#plugin_endpoints[@]}))

load=$(wait_quiet)
start_daemon 4
version=$(driver_version)
stop_daemon
ensure_driver_root "$version"
start_daemon 4 --driver-root "$OUT/driver-root"
volume="{\"Name\":\"nvidia_driver_$version\"}"
rss_start=$(rss_mib "$DAEMON_PID")

# RSS once a second, for the whole run.
(while kill -0 "$DAEMON_PID" 2>/dev/null; do rss_mib "$DAEMON_PID"; echo; sleep 1; done) >"$samples" &
rss_pid=$!

# Create and Remove, one after the other, until stopped; one line per failed answer.
(
  while :; do
    for op in Create Remove; do
      answer=$(curl -s -w ' %{http_code}' --unix-socket "$PLUGIN_SOCKET" -H "$PLUGIN_ACCEPT" -H "Content-Type:" \
        -X POST --data "$volume" "http://localhost/VolumeDriver.$op" || echo " curl-failed")
      case $answer in
        '{"Err":null}'*' 200' | '{"Err":""}'*' 200') echo ok ;;
        *) echo "failed $op: $answer" ;;
      esac
    done
  done
) >"$samples.churn" &
churn_pid=$!

started=$(date +%s.%N)
loads=()
for endpoint in "${REST_ENDPOINTS[@]}"; do
  "$LOAD" "$BASE$endpoint" -c 8 -n "$rest_each" >"$RUN_DIR/rest-${endpoint//\//_}.txt" &
  loads+=($!)
done
for endpoint in "${plugin_endpoints[@]}"; do
  body=$volume
  [ "$endpoint" = /VolumeDriver.List ] || [ "$endpoint" = /Plugin.Activate ] && body='{}'
  "$LOAD" "http://localhost$endpoint" --unix "$PLUGIN_SOCKET" -X POST -H "$PLUGIN_ACCEPT" --body "$body" -c 2 -n "$plugin_each" \
    >"$RUN_DIR/plugin-${endpoint//\//_}.txt" &
  loads+=($!)
done
# The load generators exit 1 when any answer was not a 2xx; their counts say how many.
for pid in "${loads[@]}"; do wait "$pid" || true; done
seconds=$(echo "$(date +%s.%N) - $started" | bc -l)
kill "$churn_pid" "$rss_pid" 2>/dev/null || true
wait "$churn_pid" "$rss_pid" 2>/dev/null || true
rss_end=$(rss_mib "$DAEMON_PID")

# Each load generator prints one line of name=value pairs; add them up.
sum_field() { cat "$RUN_DIR"/rest-*.txt "$RUN_DIR"/plugin-*.txt | sed -E "s/.*$1=([0-9.]+).*/\1/"; }
requests=$(sum_field requests | paste -sd+ | bc)
errors=$(sum_field errors | paste -sd+ | bc)
worst_p99=$(sum_field p99_ms | sort -g | tail -1)
churn_ok=$(grep -c '^ok$' "$samples.churn" || true)
churn_failed=$(grep -vc '^ok$' "$samples.churn" || true)
server_errors=$(grep -cE ' 5[0-9][0-9]$|curl-failed' "$samples.churn" || true)
rss_peak=$(sort -g "$samples" | tail -1)
read -r rss_q1 rss_q2 rss_q3 < <(awk 'NF {v[++n] = $1} END {print v[int(n / 4) + 1], v[int(n / 2) + 1], v[int(3 * n / 4) + 1]}' "$samples")

echo "$requests requests in $(printf '%.0f' "$seconds") s (REST ${REST_ENDPOINTS[*]} at 8 connections each; plugin ${plugin_endpoints[*]} at 2 each), with $churn_ok Create/Remove answers alongside; load before: $load."
echo
echo "| Requests | Non-2xx answers | Worst p99 of a series (ms) | Create/Remove answers | failed (5xx) | VmRSS start / 25% / 50% / 75% / end (MiB) | Peak (MiB) |"
echo "| ---: | ---: | ---: | ---: | ---: | --- | ---: |"
echo "| $requests | $errors | $worst_p99 | $churn_ok | $churn_failed ($server_errors) | $rss_start / $rss_q1 / $rss_q2 / $rss_q3 / $rss_end | $rss_peak |"
if [ "$churn_failed" -gt 0 ]; then
  echo
  echo "First failed Create/Remove answers:"
  echo
  grep -v '^ok$' "$samples.churn" | head -5 | sed 's/^/    /'
fi
