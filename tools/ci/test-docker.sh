#!/usr/bin/env bash
# Runs the tests marked [Trait("Category","Docker")] (the plugin's and the nvidia-docker command's) against a private Docker engine, which it
# starts (tools/ci/start-dockerd.sh) and always stops again. Exit status: a failing dotnet test's, else 0.
# Usage: tools/ci/test-docker.sh [extra dotnet test arguments]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# Short path: containerd's sockets live under the exec root and unix socket paths are limited.
engine=$(mktemp -d /tmp/nvc-docker.XXXXXX)
trap '"$here/stop-dockerd.sh" "$engine"; rm -rf "$engine"' EXIT

host=$("$here/start-dockerd.sh" "$engine" | sed -n 's/^NVCONTRACT_DOCKER_HOST=//p')
status=0
for project in NvContract.Plugin.Tests NvContract.Command.Tests; do
  NVCONTRACT_DOCKER_HOST=$host dotnet test "$repo/tests/$project" --filter "Category=Docker" "$@" || status=$?
done
exit "$status"
