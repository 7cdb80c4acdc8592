#!/usr/bin/env bash
# Runs the tests marked [Trait("Category","Docker")] against a private Docker engine, which it
# starts (tools/ci/start-dockerd.sh) and always stops again. Exit status: dotnet test's.
# Usage: tools/ci/test-docker.sh [extra dotnet test arguments]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# Short path: containerd's sockets live under the exec root and unix socket paths are limited.
engine=$(mktemp -d /tmp/nvc-docker.XXXXXX)
trap '"$here/stop-dockerd.sh" "$engine"; rm -rf "$engine"' EXIT

host=$("$here/start-dockerd.sh" "$engine" | sed -n 's/^NVCONTRACT_DOCKER_HOST=//p')
NVCONTRACT_DOCKER_HOST=$host dotnet test "$repo/tests/NvContract.Plugin.Tests" --filter "Category=Docker" "$@"
