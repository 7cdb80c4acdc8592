#!/usr/bin/env bash
# driver-root.sh DIR VERSION: a driver root for volume builds, made of real ELF files built with
# gcc: the libraries of the daemon's list (64-bit, and 32-bit for the ones a 550-series driver
# ships in both), SONAMEs as the installer sets them, the GL libraries linked to glcore, the
# new-TLS libnvidia-tls, five binaries, and an ld.so.cache made by `ldconfig -r`. Each file is
# padded to about the size of its counterpart in a 550-series driver, so copying costs what it would.
set -euo pipefail
root=$1 version=$2
lib64=/usr/lib/x86_64-linux-gnu lib32=/usr/lib/i386-linux-gnu
rm -rf "$root" && mkdir -p "$root/etc" "$root/usr/bin" "$root$lib64" "$root$lib32" "$root/.build"
build="$root/.build"

# name soname size_in_KiB [needed]; soname "v" means lib<name>.so.<version>.
libraries=(
  "nvidia-ml 1 2048" "cuda 1 28672" "nvidia-ptxjitcompiler 1 26624" "nvidia-opencl 1 26624"
  "nvidia-compiler v 512" "nvidia-fatbinaryloader v 512"
  "vdpau_nvidia 1 640" "nvidia-encode 1 256" "nvcuvid 1 10240" "nvidia-fbc 1 160" "nvidia-ifr 1 160"
  "GL 1 704 glcore" "GLX 0 96" "OpenGL 0 224" "GLESv1_CM 1 64 glcore" "GLESv2 2 96 glcore" "EGL 1 80 glcore"
  "GLdispatch 0 640" "GLX_nvidia 0 1216" "EGL_nvidia 0 1344" "GLESv2_nvidia 2 96" "GLESv1_CM_nvidia 1 64"
  "nvidia-eglcore v 30720" "nvidia-egl-wayland 1 48" "nvidia-glcore v 32768" "nvidia-tls v 24" "nvidia-glsi v 640"
)
# The 32-bit set of a 550-series driver.
libraries32=(nvidia-ml cuda nvidia-ptxjitcompiler nvidia-opencl vdpau_nvidia nvidia-encode nvcuvid nvidia-fbc
  GL GLX OpenGL GLESv1_CM GLESv2 EGL GLdispatch GLX_nvidia EGL_nvidia GLESv2_nvidia GLESv1_CM_nvidia
  nvidia-eglcore nvidia-glcore nvidia-tls nvidia-glsi)

# library DIR NAME SONAME KIB NEEDED BITS
library() {
  local dir=$1 name=$2 soname=$3 kib=$4 needed=$5 bits=$6
  local file="lib$name.so.$version" src="$build/$bits-$name.c"
  [ "$soname" = v ] && soname="lib$name.so.$version" || soname="lib$name.so.$soname"
  {
    # The padding is initialised data, so the file really has its size on disk.
    echo "__attribute__((used)) static const char padding[$((kib * 1024))] = {1};"
    echo "int nv_$bits$(echo "$name" | tr -c 'a-zA-Z0-9\n' _)(void) { return padding[0]; }"
    # libnvidia-tls: the new-TLS ABI tag (2.3.99) that the volume keeps.
    [ "$name" = nvidia-tls ] && printf '%s\n' '__asm__(".section .note.ABI-tag,\"a\",@note\n.p2align 2\n.long 4\n.long 16\n.long 1\n.asciz \"GNU\"\n.long 0,2,3,99\n.text\n");'
  } >"$src"
  local flags=(-shared -fPIC -o "$root$dir/$file" "$src" "-Wl,-soname,$soname")
  [ "$bits" = 32 ] && flags+=(-m32 -nostdlib)
  [ -n "$needed" ] && flags+=(-Wl,--no-as-needed "$root$dir/libnvidia-glcore.so.$version")
  gcc "${flags[@]}"
}

for bits in 64 32; do
  dir=$lib64
  [ "$bits" = 32 ] && dir=$lib32
  # glcore first: the GL libraries link against it.
  for entry in "nvidia-glcore v 32768" "${libraries[@]}"; do
    read -r name soname kib needed <<<"$entry"
    if [ "$bits" = 32 ] && ! printf '%s\n' "${libraries32[@]}" | grep -qx "$name"; then
      continue
    fi
    [ "$bits" = 32 ] && kib=$((kib * 7 / 8))
    [ -e "$root$dir/lib$name.so.$version" ] || library "$dir" "$name" "$soname" "$kib" "${needed:-}" "$bits"
  done
done

for binary in nvidia-cuda-mps-control nvidia-cuda-mps-server nvidia-debugdump nvidia-persistenced nvidia-smi; do
  echo 'int main(void) { return 0; }' >"$build/$binary.c"
  gcc -o "$root/usr/bin/$binary" "$build/$binary.c"
done
rm -rf "$build"

printf '%s\n' "$lib64" "$lib32" >"$root/etc/ld.so.conf"
# -r: the cache and the SONAME links are made inside the root, as on a host whose / is $root.
ldconfig -r "$root"
