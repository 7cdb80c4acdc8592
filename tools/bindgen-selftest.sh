#!/usr/bin/env bash
# Checks that tools/NvContract.BindGen refuses what it cannot bind faithfully and binds what it can.
# Usage: tools/bindgen-selftest.sh   (builds the generator; needs gcc for <stddef.h>)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data=tools/NvContract.BindGen/testdata
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build tools/NvContract.BindGen -nologo -v quiet -c Release -o "$root/tools/NvContract.BindGen/bin/generate" >/dev/null
bindgen=(dotnet "$root/tools/NvContract.BindGen/bin/generate/NvContract.BindGen.dll")
gcc_include="$(gcc -print-file-name=include)"
failures=0

# run NAME HEADER EXPECT [extra args...]: EXPECT is "ok" or a message the failure must contain.
run() {
    local name="$1" header="$2" expect="$3"
    shift 3
    local out rc=0
    out="$("${bindgen[@]}" --target "$name" --input "$data/$header" --header native/header.txt \
        --output "$work/$name" --namespace SelfTest --methods-class Native --library '"selftest"' \
        --clang-arg -xc --clang-arg -Wall "$@" 2>&1)" || rc=$?
    if [ "$expect" = ok ]; then
        if [ "$rc" -ne 0 ]; then
            echo "FAIL $name: expected success, got: $out"
            failures=$((failures + 1))
            return
        fi
    elif [ "$rc" -eq 0 ] || [[ "$out" != *"$expect"* ]]; then
        echo "FAIL $name: expected a failure containing '$expect', got rc=$rc: $out"
        failures=$((failures + 1))
        return
    fi
    echo "ok   $name"
}

run good good.h ok --clang-arg -isystem --clang-arg "$gcc_include"
run packed packed.h "layout mismatch: packed_t.b is at byte 8 in C# but at bit 32 in C"
run warning warning.h "warning: unused variable 'unused'"
run missing-stddef missing-stddef.h "'stddef.h' file not found"

# The good header's output must compile-level make sense: spot-check what was emitted.
grep -q 'public fixed byte name\[16\];' "$work/good/good_info_t.g.cs" || { echo "FAIL good: fixed buffer"; failures=$((failures + 1)); }
grep -q 'public const long GOOD_MASK = 0x0000000000000010L;' "$work/good/Native.Macros.g.cs" || { echo "FAIL good: LL macro"; failures=$((failures + 1)); }
grep -q 'StructLayout(LayoutKind.Explicit)' "$work/good/good_value_t.g.cs" && [ "$(grep -c 'FieldOffset(0)' "$work/good/good_value_t.g.cs")" -eq 3 ] \
    || { echo "FAIL good: union layout"; cat "$work/good/good_value_t.g.cs"; failures=$((failures + 1)); }
grep -q 'public good_value_t value;' "$work/good/good_field_t.g.cs" || { echo "FAIL good: union field"; failures=$((failures + 1)); }
grep -q 'public const good_t GOOD_ALIAS = good_t.GOOD_B;' "$work/good/Native.Macros.g.cs" || { echo "FAIL good: enum alias macro"; failures=$((failures + 1)); }
grep -q 'good_handle_st\* handle, good_info_t\* info, \[NativeTypeName("const char \*")\] byte\* key, \[NativeTypeName("size_t")\] nuint length' "$work/good/Native.g.cs" \
    || { echo "FAIL good: function signature"; cat "$work/good/Native.g.cs"; failures=$((failures + 1)); }

if [ "$failures" -ne 0 ]; then
    echo "bindgen self-test: $failures failure(s)" >&2
    exit 1
fi
echo "bindgen self-test passed"
