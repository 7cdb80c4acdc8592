#!/usr/bin/env bash
# Stops the engine started by tools/ci/start-dockerd.sh FOLDER (by its pid; its containerd
# exits with it) and removes its data, keeping FOLDER/dockerd.log.
# Usage: tools/ci/stop-dockerd.sh FOLDER
set -euo pipefail

dir=${1:?usage: stop-dockerd.sh FOLDER}
pidfile="$dir/dockerd.pid"
if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "dockerd $pid still running after 20 s; sending SIGKILL" >&2
            kill -9 "$pid" || true
        fi
    fi
    rm -f "$pidfile"
fi

rm -rf "$dir/data" "$dir/exec" "$dir/busybox-rootfs" "$dir/docker.sock" "$dir/docker.pid"
