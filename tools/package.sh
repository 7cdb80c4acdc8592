#!/usr/bin/env bash
# Builds nvidia-docker-plugin as one native linux-x64 executable (Native AOT: needs clang and
# zlib1g-dev) and the Debian package around it. Usage: tools/package.sh [OUTPUT_DIR]   (default: artifacts/ in the repository)
# Writes OUTPUT_DIR/nvidia-docker-plugin and OUTPUT_DIR/nvidia-docker-plugin_<version>_amd64.deb.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/artifacts}")
project=$root/src/NvContract.Daemon
name=nvidia-docker-plugin

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$(dotnet msbuild "$project" -nologo -getProperty:Version)
[ -n "$version" ] || { echo "package.sh: no <Version> in Directory.Build.props" >&2; exit 1; }

echo "Publishing $name $version (Native AOT)"
# PublishAot is set by the project; no debug files next to the executable.
dotnet publish "$project" -nologo -c Release -r linux-x64 \
  -p:DebugType=none -p:StripSymbols=true -p:GenerateDocumentationFile=false -p:StaticWebAssetsEnabled=false \
  -o "$work/publish"
# The executable ships stripped; its split-off debug symbols stay out of the package.
rm -f "$work/publish/$name.dbg"
# One file: anything else next to the executable would be left behind by the package.
extra=$(find "$work/publish" -mindepth 1 ! -name "$name")
[ -z "$extra" ] || { echo "package.sh: publish left more than one file:" >&2; echo "$extra" >&2; exit 1; }

stage=$work/deb
install -D -m 0755 "$work/publish/$name" "$stage/usr/bin/$name"
install -D -m 0644 "$root/packaging/systemd/nvidia-docker.service" "$stage/lib/systemd/system/nvidia-docker.service"
install -D -m 0644 "$root/packaging/systemd/nvidia-docker-modprobe.service" "$stage/lib/systemd/system/nvidia-docker-modprobe.service"
install -D -m 0644 "$root/packaging/default/nvidia-docker" "$stage/etc/default/nvidia-docker"
install -D -m 0644 "$root/docs/operations.md" "$stage/usr/share/doc/$name/operations.md"
install -D -m 0644 "$root/docs/security.md" "$stage/usr/share/doc/$name/security.md"
install -d -m 0755 "$stage/DEBIAN"
install -m 0644 "$root/packaging/deb/conffiles" "$stage/DEBIAN/conffiles"
install -m 0755 "$root/packaging/deb/postinst" "$root/packaging/deb/prerm" "$root/packaging/deb/postrm" "$stage/DEBIAN/"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" "$root/packaging/deb/control" > "$stage/DEBIAN/control"

mkdir -p "$out"
deb=$out/${name}_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
install -m 0755 "$work/publish/$name" "$out/$name"
echo "Package: $deb"
echo "Executable: $out/$name"
