#!/bin/sh
# Compares `keyforge analyze --profile carpalx` with carpalx 0.12's own `reporteffort` figures (3 decimals) on a
# text (default: the test fixtures), for carpalx's reference layouts. Needs scripts/peers/carpalx.sh run first and
# a keyforge binary (KEYFORGE, default the release build). Exit 1 if any printed figure differs.
# Usage: scripts/peers/compare-carpalx.sh [TEXT...]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
run=$root/build/peers/carpalx/run.sh
keyforge=${KEYFORGE:-$root/.build/release/keyforge}
layouts=${LAYOUTS:-"qwerty dvorak colemak qgmlwy qgmlwb workman norman arensito klausler asset"}
[ -x "$run" ] || { echo "compare-carpalx: carpalx not set up (run scripts/peers/carpalx.sh)" >&2; exit 69; }
[ -x "$keyforge" ] || { echo "compare-carpalx: $keyforge not built (swift build -c release --product keyforge)" >&2; exit 69; }
[ $# -gt 0 ] || set -- "$root"/Tests/Fixtures/peers/*.txt
status=0
for text in "$@"; do
    for layout in $layouts; do
        peer=$("$run" "$text" reporteffort "$layout" 2>/dev/null | awk '$1 ~ /^(b|p|s|all)$/ && !seen[$1]++ {printf "%s=%s ", $1, $2}')
        ours=$("$keyforge" analyze --profile carpalx --keyboard carpalx --corpus "$text" --layout "$layout" --json | python3 -c '
import json, sys
m = json.load(sys.stdin)["metrics"]; p = m["parts"]
print("b=%.3f p=%.3f s=%.3f all=%.3f " % (p["base"], p["penalty"], p["path"], m["effort"]), end="")')
        if [ "$peer" = "$ours" ]; then flag=ok; else flag=DIFFERS; status=1; fi
        echo "$text $layout: carpalx $peer | keyforge $ours $flag"
    done
done
exit $status
