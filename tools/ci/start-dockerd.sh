#!/usr/bin/env bash
# Starts a private Docker engine for the plugin's end-to-end tests: all its state (socket, data
# root, exec root, pid file, log) lives in the folder given as argument; no iptables, no bridge,
# vfs storage, so it needs nothing from the host's network or overlay setup. Imports a tiny
# busybox image as local/busybox:1 (no registry needed). Prints the engine address as
#   NVCONTRACT_DOCKER_HOST=unix://<folder>/docker.sock
# Usage: tools/ci/start-dockerd.sh FOLDER   (stop with tools/ci/stop-dockerd.sh FOLDER)
set -euo pipefail

dir=${1:?usage: start-dockerd.sh FOLDER}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if ! command -v dockerd >/dev/null 2>&1 || ! [ -x /bin/busybox ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io busybox-static >/dev/null
fi

docker_cli=$(command -v docker)
host="unix://$dir/docker.sock"
mkdir -p "$dir/data" "$dir/exec"
nohup /usr/sbin/dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
    --host="$host" --data-root="$dir/data" --exec-root="$dir/exec" --pidfile="$dir/docker.pid" \
    >"$dir/dockerd.log" 2>&1 </dev/null &
echo $! >"$dir/dockerd.pid"

for _ in $(seq 1 300); do
    if "$docker_cli" -H "$host" info >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$(cat "$dir/dockerd.pid")" 2>/dev/null; then
        echo "dockerd exited; log follows:" >&2
        tail -n 30 "$dir/dockerd.log" >&2
        exit 1
    fi
    sleep 0.2
done
if ! "$docker_cli" -H "$host" info >/dev/null 2>&1; then
    echo "dockerd did not answer within 60 s; log follows:" >&2
    tail -n 30 "$dir/dockerd.log" >&2
    exit 1
fi

if ! "$docker_cli" -H "$host" image inspect local/busybox:1 >/dev/null 2>&1; then
    rootfs="$dir/busybox-rootfs"
    mkdir -p "$rootfs/bin"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in sh ls cat echo readlink; do
        ln -sf busybox "$rootfs/bin/$applet"
    done
    tar -C "$rootfs" -c . | "$docker_cli" -H "$host" import - local/busybox:1 >/dev/null
fi

echo "NVCONTRACT_DOCKER_HOST=$host"
