#!/bin/sh
# Compares `keyforge analyze --profile keygen` with xsznix/keygen's own `run-ref` figures on a text (default: the
# test fixtures). Needs keygen built by scripts/peers/keygen.sh and a keyforge binary (KEYFORGE, default the
# release build). Exit 1 if any layout's scaled penalty differs by more than 1e-6 relative.
# Usage: scripts/peers/compare-keygen.sh [TEXT...]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
keygen=${KEYGEN:-$root/build/peers/keygen/target/release/keygen}
keyforge=${KEYFORGE:-$root/.build/release/keyforge}
[ -x "$keygen" ] || { echo "compare-keygen: $keygen not built (run scripts/peers/keygen.sh)" >&2; exit 69; }
[ -x "$keyforge" ] || { echo "compare-keygen: $keyforge not built (swift build -c release --product keyforge)" >&2; exit 69; }
[ $# -gt 0 ] || set -- "$root"/Tests/Fixtures/peers/*.txt
status=0
for text in "$@"; do
    "$keygen" run-ref "$text" | tr -d '\000' > /tmp/compare-keygen.$$ || true
    python3 - "$keyforge" "$text" /tmp/compare-keygen.$$ <<'PY' || status=1
import json, re, subprocess, sys
keyforge, text, peer = sys.argv[1:4]
lines = open(peer, encoding="utf-8", errors="replace").read().splitlines()
worst, bad = 0.0, 0
for i, line in enumerate(lines):
    m = re.match(r"Reference: (\w+)", line)
    if not m: continue
    name = m.group(1).lower()
    total_line = next(l for l in lines[i:] if l.startswith("total: "))
    t = re.match(r"total: (\S+); scaled: (\S+)", total_line)
    total, scaled = float(t.group(1)), float(t.group(2))
    out = subprocess.run([keyforge, "analyze", "--profile", "keygen", "--keyboard", "keygen", "--layout", name,
                          "--corpus", text, "--json"], capture_output=True, text=True, check=True).stdout
    ours = json.loads(out)["metrics"]
    rel = abs(ours["scaled_penalty"] - scaled) / abs(scaled)
    worst = max(worst, rel)
    flag = "ok" if rel <= 1e-6 else "DIFFERS"
    if rel > 1e-6: bad += 1
    print(f"{text}: {name:9s} keygen {scaled:.12f} (total {total})  keyforge {ours['scaled_penalty']:.12f} (total {ours['total_penalty']})  {flag}")
print(f"{text}: worst relative difference {worst:.3g}")
sys.exit(1 if bad else 0)
PY
done
rm -f /tmp/compare-keygen.$$
exit $status
