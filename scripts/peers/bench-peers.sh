#!/bin/sh
# Side by side on one text (default: keygen's corpus/books.short.txt, ASCII, 3 MB): each peer's own optimizer
# against `keyforge search --profile` on the peer's objective, one thread each.
#   keygen:  one annealing run of `keygen run TEXT` (15 000 iterations from its start layout): its best `scaled`;
#   carpalx: `optimize` for 1 000 iterations from qwerty: the effort it ends on;
#   keyforge: search --profile keygen (from keygen's start layout) and --profile carpalx (from qwerty) for SECONDS
#   (default 60), reporting when its best first reached the peer's figure and the best at the end.
# Needs scripts/peers/keygen.sh and scripts/peers/carpalx.sh run first, and the release keyforge.
# Usage: scripts/peers/bench-peers.sh [TEXT] [SECONDS]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
keygen=$root/build/peers/keygen/target/release/keygen
carpalx=$root/build/peers/carpalx/run.sh
keyforge=${KEYFORGE:-$root/.build/release/keyforge}
text=${1:-}
seconds=${2:-60}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if [ -z "$text" ]; then
    src=/work/.mirror/xsznix+keygen/repo
    if [ -d "$src" ]; then git --git-dir="$src" show HEAD:corpus/books.short.txt > "$work/books.short.txt"
    else curl -fsSL https://raw.githubusercontent.com/xsznix/keygen/master/corpus/books.short.txt -o "$work/books.short.txt"; fi
    text=$work/books.short.txt
fi
echo "text: $text ($(wc -c < "$text") bytes); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$keygen" "$carpalx" "$keyforge" "$text" "$seconds" <<'PY'
import json, re, subprocess, sys, time
keygen, carpalx, keyforge, text, seconds = sys.argv[1:6]

def keygen_one_anneal():
    t0 = time.monotonic(); p = subprocess.Popen([keygen, "run", text], stdout=subprocess.PIPE)
    for raw in p.stdout:
        m = re.search(rb"scaled: (\S+)", raw)
        if m:
            p.kill(); p.wait(); return float(m.group(1)), time.monotonic() - t0

def carpalx_1000():
    t0 = time.monotonic()
    out = subprocess.run([carpalx, text, "optimize", "qwerty", "1000"], capture_output=True, text=True).stdout
    alls = re.findall(r"^all\s+(\S+)", out, re.M)
    return float(alls[-1]), time.monotonic() - t0

def ours(profile, start, target):
    out = subprocess.run([keyforge, "search", "--profile", profile, "--keyboard", profile, "--corpus", text, "--layout", start,
                          "--time", seconds, "--json"], capture_output=True, text=True, check=True).stdout
    doc = json.loads(out); s = doc["search"]
    figure = doc["metrics"]["scaled_penalty" if profile == "keygen" else "effort"]
    reached = next(((t, c) for t, c, v in s["improvements"] if v <= target), None)
    return figure, reached, s

kg, kg_t = keygen_one_anneal()
print(f"keygen   one anneal (15000 iterations): best scaled {kg:.6f} in {kg_t:.1f} s")
f, reached, s = ours("keygen", "initial", kg)
print(f"keyforge --profile keygen: reached {kg:.6f} after (wall, cpu) {reached} s; "
      f"best in {s['seconds']:.1f} s ({s['cpu_seconds']:.1f} s cpu): {f:.6f} ({s['evaluations']} evaluations, {s['anneals']} anneals)")
cx, cx_t = carpalx_1000()
print(f"carpalx  optimize 1000 iterations: effort {cx:.3f} in {cx_t:.1f} s")
f, reached, s = ours("carpalx", "qwerty", cx)
print(f"keyforge --profile carpalx: reached {cx:.3f} after (wall, cpu) {reached} s; "
      f"best in {s['seconds']:.1f} s ({s['cpu_seconds']:.1f} s cpu): {f:.4f} ({s['evaluations']} evaluations, {s['anneals']} anneals)")
PY
