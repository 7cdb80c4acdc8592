#!/usr/bin/env bash
# The REST API over mutual TLS (--tlsverify; P-256 certificates made here with openssl) beside
# plain HTTP, measured by NvContract.Bench.Load with the client SDK's TLS handler (wrk cannot
# present a client certificate): keep-alive connections, where one handshake serves the whole
# run, and a new connection per request (Connection: close), where every request pays a TCP
# and a TLS handshake. Prints a markdown section.
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap stop_daemon EXIT

certs="$OUT/tls-certs"
rm -rf "$certs" && mkdir -p "$certs/client"
(
  cd "$certs"
  key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }
  key ca-key.pem
  openssl req -new -x509 -days 2 -key ca-key.pem -subj "/CN=bench CA" -out ca.pem 2>/dev/null
  key server-key.pem
  openssl req -new -key server-key.pem -subj /CN=localhost -out server.csr 2>/dev/null
  printf 'subjectAltName = DNS:localhost,IP:127.0.0.1\nextendedKeyUsage = serverAuth\n' >server.ext
  openssl x509 -req -days 2 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile server.ext -out server-cert.pem 2>/dev/null
  key client/key.pem
  openssl req -new -key client/key.pem -subj /CN=bench -out client.csr 2>/dev/null
  printf 'extendedKeyUsage = clientAuth\n' >client.ext
  openssl x509 -req -days 2 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile client.ext -out client/cert.pem 2>/dev/null
  cp ca.pem client/ca.pem
)

echo "| Endpoint | Transport | Connection use | Connections | Requests/s | p50 (ms) | p99 (ms) | Errors | Load before |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for transport in http tls; do
  load=$(wait_quiet)
  if [ "$transport" = tls ]; then
    BASE="https://127.0.0.1:$PORT"
    CURL_OPTS=(--cacert "$certs/ca.pem" --cert "$certs/client/cert.pem" --key "$certs/client/key.pem")
    start_daemon 4 --tlsverify --tlscacert "$certs/ca.pem" --tlscert "$certs/server-cert.pem" --tlskey "$certs/server-key.pem"
    name="mutual TLS"
    tls=(--cert-path "$certs/client")
  else
    BASE="http://127.0.0.1:$PORT"
    CURL_OPTS=()
    start_daemon 4
    name="HTTP"
    tls=()
  fi
  for endpoint in /health /v1.0/gpu/status/json; do
    for use in keep-alive new; do
      close=()
      [ "$use" = new ] && close=(-H "Connection: close")
      for connections in 1 8; do
        line=$("$LOAD" "$BASE$endpoint" "${tls[@]}" "${close[@]}" -c "$connections" -d "$DURATION" --warmup "$WARMUP")
        eval "${line// /;}"
        # shellcheck disable=SC2154 # set by the eval
        echo "| \`$endpoint\` | $name | $([ "$use" = new ] && echo "new per request" || echo keep-alive) | $connections | $rps | $p50_ms | $p99_ms | $errors | $load |"
      done
    done
  done
  stop_daemon
done
