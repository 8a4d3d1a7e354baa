#!/usr/bin/env bash
# Builds a distroless-style root folder: the keyforge binary, its role symlinks, the shared libraries
# it loads (as ldd resolves them, at the same paths) and the dynamic loader. No shell, no package
# manager, nothing else. Usage: scripts/make_rootfs.sh BINARY OUT
set -euo pipefail
binary=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
install -m 0755 "$binary" "$out/keyforge"
"$out/keyforge" --install "$out" >/dev/null
# Every library ldd names (path after "=>", or the loader's absolute path), copied with its directory.
ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' | sort -u | while read -r lib; do
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
done
# An empty /tmp and a workspace folder: KeyForge writes nothing else.
mkdir -p "$out/tmp" "$out/home"
chmod 1777 "$out/tmp"
echo "rootfs: $out holds $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)"
