#!/usr/bin/env bash
# Runs the binary inside the rootfs with chroot (as root, or in a user namespace otherwise): proof that
# the folder is complete and holds no shell. Usage: scripts/check_rootfs.sh ROOTFS
set -euo pipefail
root=$1
chroot=$(command -v chroot || echo /usr/sbin/chroot)
if [ "$(id -u)" = 0 ]; then run=("$chroot" "$root"); else run=("$(command -v unshare)" --user --map-root-user "$chroot" "$root"); fi
fail() { echo "rootfs-check: $*" >&2; exit 1; }
[ ! -e "$root/bin/sh" ] && [ ! -e "$root/usr/bin/sh" ] || fail "the rootfs holds a shell"
version=$(env -i HOME=/home "${run[@]}" /keyforge --version) || fail "/keyforge --version failed"
[[ "$version" == keyforge\ * ]] || fail "unexpected version line: $version"
echo "rootfs-check: $version"
direct=$(env -i HOME=/home "${run[@]}" /keyforge hive --help)
via_link=$(env -i HOME=/home "${run[@]}" /hive --help)
[ "$direct" = "$via_link" ] || fail "/hive --help differs from /keyforge hive --help"
echo "rootfs-check: /hive --help = /keyforge hive --help"
report=$(env -i HOME=/home "${run[@]}" /keyforge analyze --keyboard corne --layout colemak-dh --json) || fail "analyze failed"
outside=$(env -i HOME=/tmp "$root/keyforge" analyze --keyboard corne --layout colemak-dh --json)
[ "$report" = "$outside" ] || fail "the analysis inside the rootfs differs from the one outside"
echo "rootfs-check: analyze inside the rootfs gives the same report as outside ($(echo "$report" | wc -c) bytes)"
