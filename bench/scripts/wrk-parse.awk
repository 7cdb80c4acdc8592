# Turns `wrk --latency` output into one line: requests rps p50_ms p99_ms errors.
# Errors: socket errors (connect, read, write, timeout) plus non-2xx/3xx answers.
function ms(v) {
  if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
  if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
  if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
  return v + 0
}
/requests in/ { requests = $1 }
/^Requests\/sec:/ { rps = $2 }
$1 == "50%" { p50 = ms($2) }
$1 == "99%" { p99 = ms($2) }
/Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
/Non-2xx or 3xx responses:/ { errors += $5 }
END { printf "%d %.0f %.3f %.3f %d\n", requests, rps, p50, p99, errors }
