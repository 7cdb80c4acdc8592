#!/usr/bin/env bash
# Fails when committed generated code differs from what tools/generate.sh produces now.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The generators need gcc (for <stddef.h>); install it on a bare machine. Idempotent.
if ! command -v gcc >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc >/dev/null
    else
        sudo apt-get update -qq
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc >/dev/null
    fi
fi

# The generator must refuse bad input (layout it cannot reproduce, clang warnings) before its
# output is trusted.
tools/bindgen-selftest.sh

tools/generate.sh all

stale=0
if ! git diff --exit-code --stat -- '*/Generated' '*/Generated/*'; then
    stale=1
fi
untracked="$(git ls-files --others --exclude-standard -- '*/Generated' '*/Generated/*')"
if [ -n "$untracked" ]; then
    echo "untracked generated files:"
    echo "$untracked"
    stale=1
fi

if [ "$stale" -ne 0 ]; then
    echo "generated code is stale: run tools/generate.sh and commit" >&2
    exit 1
fi
echo "generated code is up to date"
