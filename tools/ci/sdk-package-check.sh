#!/usr/bin/env bash
# Packs the client SDK and checks the .nupkg: the README, the XML docs, the client assembly and
# nothing of the server. Usage: tools/ci/sdk-package-check.sh
set -uo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then echo "PASS: $what"; passed=$((passed + 1)); else echo "FAIL: $what"; failed=$((failed + 1)); fi; }

command -v unzip >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip >/dev/null; }

version=$(dotnet msbuild src/NvContract.Client -nologo -getProperty:Version)
if dotnet pack src/NvContract.Client -nologo -c Release -o "$work" >"$work/pack.log" 2>&1; then
  echo "PASS: dotnet pack src/NvContract.Client"
  passed=$((passed + 1))
else
  cat "$work/pack.log"
  echo "FAIL: dotnet pack src/NvContract.Client"
  echo "sdk-package-check: $passed passed, 1 failed"
  exit 1
fi

nupkg=$work/NvContract.Client.$version.nupkg
check "NvContract.Client.$version.nupkg exists" test -s "$nupkg"
unzip -Z1 "$nupkg" > "$work/files"
unzip -p "$nupkg" NvContract.Client.nuspec > "$work/nuspec"
check "README.md at the package root" grep -qx README.md "$work/files"
check "nuspec names the README" grep -q '<readme>README.md</readme>' "$work/nuspec"
check "README is the SDK guide" bash -c "unzip -p '$nupkg' README.md | grep -q 'ApiException'"
check "lib/net10.0/NvContract.Client.dll" grep -qx lib/net10.0/NvContract.Client.dll "$work/files"
check "lib/net10.0/NvContract.Client.xml (XML docs)" grep -qx lib/net10.0/NvContract.Client.xml "$work/files"
check "XML docs cover the hand-written API" bash -c "unzip -p '$nupkg' lib/net10.0/NvContract.Client.xml | grep -q 'M:NvContract.Client.NvContractClient.CreateForUnixSocket'"
check "XML docs cover the generated API" bash -c "unzip -p '$nupkg' lib/net10.0/NvContract.Client.xml | grep -q 'M:NvContract.Client.INvContractApi.GetGpuInfoJson'"
check "no other assembly in the package" test "$(grep -c '\.dll$' "$work/files")" -eq 1
check "no server dependency (Daemon, Api, Core, ASP.NET Core, NSwag)" \
  bash -c "! grep -Eiq 'id=\"(NvContract\.(Daemon|Api|Core)|Microsoft\.AspNetCore|NSwag)' '$work/nuspec'"
check "depends on Refit" grep -q 'id="Refit"' "$work/nuspec"

echo
echo "sdk-package-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
