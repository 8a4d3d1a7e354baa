#!/usr/bin/env bash
# `systemd-analyze verify` and `systemd-analyze security` (offline) on every unit in systemd/, against
# a binary installed in a temporary prefix (the units name /usr/local/bin). Usage: scripts/check_systemd.sh BINARY
set -euo pipefail
binary=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/units"
install -m 0755 "$binary" "$work/bin/keyforge"
"$work/bin/keyforge" --install "$work/bin" >/dev/null
status=0
for unit in systemd/*.service; do
    name=$(basename "$unit")
    sed "s#/usr/local/bin/#$work/bin/#g" "$unit" > "$work/units/$name"
    if ! out=$(systemd-analyze verify "$work/units/$name" 2>&1) || [ -n "$out" ]; then
        echo "systemd-check: verify $name:"; echo "$out"; status=1
    fi
    exposure=$(systemd-analyze security --offline=true --no-pager "$work/units/$name" 2>/dev/null \
        | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    if [ -z "$exposure" ] || ! awk -v e="$exposure" 'BEGIN { exit !(e < 3.0) }'; then
        echo "systemd-check: $name exposure ${exposure:-unknown} (must be below 3.0)"; status=1
    else
        echo "systemd-check: $name verifies; exposure $exposure"
    fi
done
exit $status
