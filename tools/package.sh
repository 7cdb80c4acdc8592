#!/usr/bin/env bash
# Builds nvidia-docker-plugin, the nvidia-docker command and nvidia-docker-cdi-generate as native
# linux-x64 executables (Native AOT: needs clang and zlib1g-dev) and the Debian package around them.
# Usage: tools/package.sh [OUTPUT_DIR]   (default: artifacts/ in the repository)
# Writes OUTPUT_DIR/nvidia-docker-plugin, OUTPUT_DIR/nvidia-docker, OUTPUT_DIR/nvidia-docker-cdi-generate
# and OUTPUT_DIR/nvidia-docker-plugin_<version>_amd64.deb.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/artifacts}")
project=$root/src/NvContract.Daemon
name=nvidia-docker-plugin

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=$(dotnet msbuild "$project" -nologo -getProperty:Version)
[ -n "$version" ] || { echo "package.sh: no <Version> in Directory.Build.props" >&2; exit 1; }

# publish PROJECT EXECUTABLE: one native executable into $work/publish/EXECUTABLE/.
publish() {
  local project=$1 executable=$2 folder=$work/publish/$2
  echo "Publishing $executable $version (Native AOT)"
  # PublishAot is set by the project; no debug files next to the executable.
  dotnet publish "$project" -nologo -c Release -r linux-x64 \
    -p:DebugType=none -p:StripSymbols=true -p:GenerateDocumentationFile=false -p:StaticWebAssetsEnabled=false \
    -o "$folder"
  # The executable ships stripped; its split-off debug symbols stay out of the package.
  rm -f "$folder/$executable.dbg"
  # One file: anything else next to the executable would be left behind by the package.
  local extra
  extra=$(find "$folder" -mindepth 1 ! -name "$executable")
  [ -z "$extra" ] || { echo "package.sh: publish of $executable left more than one file:" >&2; echo "$extra" >&2; exit 1; }
}
publish "$project" "$name"
publish "$root/src/NvContract.Command" nvidia-docker
publish "$root/src/NvContract.CdiGenerate" nvidia-docker-cdi-generate

stage=$work/deb
install -D -m 0755 "$work/publish/$name/$name" "$stage/usr/bin/$name"
install -D -m 0755 "$work/publish/nvidia-docker/nvidia-docker" "$stage/usr/bin/nvidia-docker"
# Next to the daemon: the spec it writes names the daemon's path for its hook.
install -D -m 0755 "$work/publish/nvidia-docker-cdi-generate/nvidia-docker-cdi-generate" "$stage/usr/bin/nvidia-docker-cdi-generate"
install -D -m 0644 "$root/packaging/systemd/nvidia-docker.service" "$stage/lib/systemd/system/nvidia-docker.service"
install -D -m 0644 "$root/packaging/systemd/nvidia-docker-modprobe.service" "$stage/lib/systemd/system/nvidia-docker-modprobe.service"
install -D -m 0644 "$root/packaging/default/nvidia-docker" "$stage/etc/default/nvidia-docker"
install -D -m 0644 "$root/docs/operations.md" "$stage/usr/share/doc/$name/operations.md"
install -D -m 0644 "$root/docs/security.md" "$stage/usr/share/doc/$name/security.md"
install -D -m 0644 "$root/docs/nvidia-docker.md" "$stage/usr/share/doc/$name/nvidia-docker.md"
install -d -m 0755 "$stage/DEBIAN"
install -m 0644 "$root/packaging/deb/conffiles" "$stage/DEBIAN/conffiles"
install -m 0755 "$root/packaging/deb/postinst" "$root/packaging/deb/prerm" "$root/packaging/deb/postrm" "$stage/DEBIAN/"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" "$root/packaging/deb/control" > "$stage/DEBIAN/control"

mkdir -p "$out"
deb=$out/${name}_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
install -m 0755 "$work/publish/$name/$name" "$out/$name"
install -m 0755 "$work/publish/nvidia-docker/nvidia-docker" "$out/nvidia-docker"
install -m 0755 "$work/publish/nvidia-docker-cdi-generate/nvidia-docker-cdi-generate" "$out/nvidia-docker-cdi-generate"
echo "Package: $deb"
echo "Executables: $out/$name $out/nvidia-docker $out/nvidia-docker-cdi-generate"
