#!/usr/bin/env bash
# Runs the package's postinst as dpkg would on upgrade and on a fresh install, against a scratch
# /var/lib, and checks that it never follows a link the service user could have planted: a link
# in place of the volumes folder must be refused, its target left with its owner and mode.
# Everything happens in a private mount namespace whose /var/lib, /etc/systemd/system and
# /run/systemd are empty tmpfs mounts, so the host's files, systemd and dpkg are never touched.
# Needs root and the user nvidia-docker (install the package first).
# Usage: tools/ci/maintainer-scripts-check.sh POSTINST     Prints PASS:/FAIL: lines and a count.
set -uo pipefail

postinst=$(realpath "$1")
if [ -z "${MAINTAINER_SCRIPTS_CHECK_NAMESPACE:-}" ]; then
  exec unshare --mount --propagation private env MAINTAINER_SCRIPTS_CHECK_NAMESPACE=1 "$0" "$postinst"
fi

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi; }
stat_is() { [ "$(stat -c '%U:%G %a' "$1" 2>/dev/null)" = "$2" ]; }
as_service_user() { setpriv --reuid=nvidia-docker --regid=nvidia-docker --clear-groups "$@"; }

getent passwd nvidia-docker >/dev/null || { echo "maintainer-scripts-check: no user nvidia-docker: install the package first" >&2; exit 2; }

state=/var/lib/nvidia-docker
scratch=$(mktemp -d)
daemon=
trap '[ -n "$daemon" ] && kill -KILL "$daemon" 2>/dev/null; umount "$scratch"; rmdir "$scratch"' EXIT
mount -t tmpfs -o mode=0755 nvc-check "$scratch"
# A copy: the installed script lives under /var/lib, which is about to be hidden.
install -m 0755 "$postinst" "$scratch/postinst"
postinst=$scratch/postinst
mount -t tmpfs -o mode=0755 nvc-check /var/lib
for folder in /etc/systemd/system /run/systemd; do
  [ -d "$folder" ] && mount -t tmpfs -o mode=0755 nvc-check "$folder"
done

# The layout of earlier packages: the whole folder the service user's, holding its socket.
old_layout() {
  rm -rf "$state"
  install -d -m 0755 -o nvidia-docker -g nvidia-docker "$state" "$state/volumes"
  as_service_user sh -c "echo kept > '$state/volumes/file'"
}

# postinst configure, as for an upgrade from 2.0.0 or, without a version, a first install.
configure() { "$postinst" configure "$@" 2>"$scratch/stderr"; }

echo "--- postinst on a fresh install"
rm -rf "$state"
check "postinst configure succeeds" configure
check "$state created root:root 0755" stat_is "$state" "root:root 755"
check "$state/volumes created nvidia-docker:nvidia-docker 0755" stat_is "$state/volumes" "nvidia-docker:nvidia-docker 755"

echo "--- postinst on an upgrade from the layout where the service user owned $state"
old_layout
# A socket the earlier daemon left behind, made by the service user as that daemon did.
socket_made=no
# setpriv itself, not the function, so that $! is the daemon (setpriv execs it).
setpriv --reuid=nvidia-docker --regid=nvidia-docker --clear-groups \
  /usr/bin/nvidia-docker-plugin --simulate empty -s "$state" -l "unix:$state/api.sock" -d "$state/volumes" >/dev/null 2>&1 &
daemon=$!
for _ in $(seq 100); do
  [ -S "$state/nvidia-docker.sock" ] && [ -S "$state/api.sock" ] && { socket_made=yes; break; }
  sleep 0.1
done
{ kill -KILL "$daemon"; wait "$daemon"; } 2>/dev/null
check "a killed daemon left its sockets in $state" test "$socket_made" = yes
check "the daemon is gone" bash -c "! kill -0 $daemon"
check "postinst configure 2.0.0 succeeds" configure 2.0.0
check "$state taken back: root:root 0755" stat_is "$state" "root:root 755"
check "$state/volumes stays nvidia-docker:nvidia-docker 0755" stat_is "$state/volumes" "nvidia-docker:nvidia-docker 755"
check "$state/volumes keeps its content" test "$(cat "$state/volumes/file")" = kept
check "the stale sockets are gone" test -z "$(find "$state" -type s)"

echo "--- postinst where the service user replaced $state/volumes with a link to a root folder"
target=$scratch/target
install -d -m 0755 -o root -g root "$target"
echo secret > "$target/file"
chmod 0600 "$target/file"
old_layout
rm -rf "$state/volumes"
as_service_user ln -s "$target" "$state/volumes"
check "the service user planted the link" test -L "$state/volumes"
check "postinst configure 2.0.0 refuses (fails)" bash -c '! "$0" configure 2.0.0 2>"$1"' "$postinst" "$scratch/stderr"
check "postinst says why" grep -q "$state/volumes is a symbolic link" "$scratch/stderr"
check "link target keeps root:root 0755" stat_is "$target" "root:root 755"
check "link target's file keeps root:root 0600" stat_is "$target/file" "root:root 600"
check "the link is left as it is" test "$(readlink "$state/volumes")" = "$target"
check "$state is taken back all the same: root:root 0755" stat_is "$state" "root:root 755"
check "the service user can no longer replace entries in $state" \
  bash -c '! setpriv --reuid=nvidia-docker --regid=nvidia-docker --clear-groups rm "$0"' "$state/volumes"

echo "--- postinst where $state/volumes is a file"
old_layout
rm -rf "$state/volumes"
as_service_user touch "$state/volumes"
check "postinst configure 2.0.0 refuses (fails)" bash -c '! "$0" configure 2.0.0 2>/dev/null' "$postinst"
check "the file keeps nvidia-docker:nvidia-docker" test "$(stat -c %U:%G "$state/volumes")" = nvidia-docker:nvidia-docker

echo
echo "maintainer-scripts-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
