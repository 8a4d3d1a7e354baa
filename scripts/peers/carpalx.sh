#!/bin/sh
# Sets up carpalx 0.12 (Martin Krzywinski's Perl optimizer; the peer whose effort model `--profile carpalx`
# reproduces) in build/peers/carpalx/: its script, its shipped configuration (etc/) and fonts, with Debian's Perl
# libraries. Source: CARPALX_SRC, a git directory or URL of a carpalx copy holding legacy/bin/carpalx and etc/
# (default: a local mirror if present, else https://github.com/mahalisyarifuddin/carpalx).
# Usage: scripts/peers/carpalx.sh    then    build/peers/carpalx/run.sh TEXT [reporteffort|optimize] [KEYBOARD]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/peers/carpalx"
src_default=https://github.com/mahalisyarifuddin/carpalx
[ -d /work/.mirror/mahalisyarifuddin+carpalx/repo ] && src_default=/work/.mirror/mahalisyarifuddin+carpalx/repo
src=${CARPALX_SRC:-$src_default}

perl -MConfig::General -MGD -MMath::VecStat -MSet::IntSpan -e1 2>/dev/null \
    || apt-get install -y libconfig-general-perl libgd-perl libmath-vecstat-perl libset-intspan-perl

rm -rf "$out"; mkdir -p "$out/tree"
if [ -d "$src" ] && git --git-dir="$src" rev-parse HEAD >/dev/null 2>&1; then
    git --git-dir="$src" archive --format=tar HEAD legacy/bin/carpalx etc fonts | tar -x -C "$out/tree"
else
    git clone --depth 1 "$src" "$out/clone" && (cd "$out/clone" && tar -c legacy/bin/carpalx etc fonts) | tar -x -C "$out/tree" && rm -rf "$out/clone"
fi
mkdir -p "$out/tree/bin"; mv "$out/tree/legacy/bin/carpalx" "$out/tree/bin/carpalx"; rm -rf "$out/tree/legacy"
sed -i '1s|.*|#!/usr/bin/perl|' "$out/tree/bin/carpalx"; chmod +x "$out/tree/bin/carpalx"

# run.sh TEXT [ACTION] [KEYBOARD] [ITERATIONS]: carpalx's shipped configuration, with the corpus, the action, the input
# keyboard (etc/keyboards/NAME.conf) and the annealing iterations overridden on its command line; no pictures.
cat > "$out/run.sh" <<'RUN'
#!/bin/sh
# run.sh TEXT [reporteffort|optimize] [KEYBOARD] [ITERATIONS]: carpalx with its shipped configuration, the corpus,
# actions, input keyboard (etc/keyboards/NAME.conf) and annealing iterations replaced. The text is copied to a
# scratch folder first: carpalx leaves TEXT.cache files beside its corpus and prefers them on the next run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
action=${2:-reporteffort}; keyboard=${3:-qwerty}; iterations=${4:-1000}
case "$action" in
    reporteffort) actions=loadkeyboard,loadtriads,reporteffort,quit ;;
    optimize) actions=loadkeyboard,loadtriads,optimize,reporteffort,quit ;;
    *) echo "run.sh: action is reporteffort or optimize" >&2; exit 64 ;;
esac
scratch=$(mktemp -d); trap 'rm -rf "$scratch" "$here/tree/etc/run-$$.conf"' EXIT
cp "$1" "$scratch/corpus.txt"
sed "s/^iterations = .*/iterations = $iterations/" "$here/tree/etc/carpalx.conf" > "$here/tree/etc/run-$$.conf"
cd "$here/tree/bin"
perl ./carpalx -conf "../etc/run-$$.conf" -corpus "$scratch/corpus.txt" -action "$actions" \
    -keyboard_input "keyboards/$keyboard.conf" -keyboard_output "$scratch/out.conf"
RUN
chmod +x "$out/run.sh"
echo "carpalx ready: $out/run.sh TEXT [reporteffort|optimize] [KEYBOARD] [ITERATIONS]"
