#!/usr/bin/env bash
# Regenerates committed generated code. Usage: tools/generate.sh [all|nvml]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

generate_nvml() {
    # libclang from NuGet has no resource headers; <stddef.h> comes from gcc's own include dir.
    if ! command -v gcc >/dev/null 2>&1; then
        echo "generate.sh: gcc is needed for <stddef.h> (apt-get install -y gcc)" >&2
        exit 1
    fi
    GCC_INCLUDE="$(gcc -print-file-name=include)"
    export GCC_INCLUDE
    dotnet build tools/NvContract.BindGen -nologo -v quiet -c Release -o "$root/tools/NvContract.BindGen/bin/generate" >/dev/null
    dotnet "$root/tools/NvContract.BindGen/bin/generate/NvContract.BindGen.dll" @native/nvml.rsp
}

target="${1:-all}"
case "$target" in
    nvml) generate_nvml ;;
    all)
        generate_nvml
        ;;
    *)
        echo "usage: tools/generate.sh [all|nvml]" >&2
        exit 2
        ;;
esac
