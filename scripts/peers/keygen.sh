#!/bin/sh
# Builds xsznix/keygen (the peer whose penalty model `--profile keygen` reproduces) offline into
# build/peers/keygen/, from:
#   - its source: KEYGEN_SRC (a git directory or URL; default: a local mirror if present, else GitHub);
#   - Debian's librust-getopts-dev and librust-unicode-width-dev, used as a cargo directory registry;
#   - a stand-in for the `rand` 0.3 crate (only `random`, `thread_rng` and `Rng::next_f64` are used),
#     a small xorshift generator seeded from the clock, written here.
# keygen uses one unstable library feature (linked_list_cursors), so the build sets RUSTC_BOOTSTRAP=1.
# Usage: scripts/peers/keygen.sh            -> build/peers/keygen/target/release/keygen
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/peers/keygen"
src_default=https://github.com/xsznix/keygen
[ -d /work/.mirror/xsznix+keygen/repo ] && src_default=/work/.mirror/xsznix+keygen/repo
src=${KEYGEN_SRC:-$src_default}

if ! [ -d /usr/share/cargo/registry/getopts-0.2.21 ] || ! [ -d /usr/share/cargo/registry/unicode-width-0.1.10 ]; then
    apt-get install -y librust-getopts-dev librust-unicode-width-dev
fi
command -v cargo >/dev/null || apt-get install -y cargo rustc

rm -rf "$out"; mkdir -p "$out/vendor"
if [ -d "$src" ] && git --git-dir="$src" rev-parse HEAD >/dev/null 2>&1; then
    git --git-dir="$src" archive --format=tar HEAD | tar -x -C "$out"      # a bare mirror
else
    git clone --depth 1 "$src" "$out/clone" && cp -r "$out/clone/." "$out" && rm -rf "$out/clone"
fi
[ -f "$out/src/penalty.rs" ] || { echo "keygen.sh: no keygen source in $out" >&2; exit 66; }

cp -r /usr/share/cargo/registry/getopts-0.2.21 /usr/share/cargo/registry/unicode-width-0.1.10 "$out/vendor/"

# The rand stand-in (version 0.3.99 satisfies keygen's "0.3").
mkdir -p "$out/vendor/rand-0.3.99/src"
cat > "$out/vendor/rand-0.3.99/Cargo.toml" <<'TOML'
[package]
name = "rand"
version = "0.3.99"
edition = "2018"
TOML
cat > "$out/vendor/rand-0.3.99/src/lib.rs" <<'RS'
//! Stand-in for rand 0.3: a per-thread xorshift64* generator seeded from the clock and the thread.
use std::cell::Cell;
thread_local!(static STATE: Cell<u64> = Cell::new({
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
    let a = &t as *const u64 as u64;
    (t ^ a.rotate_left(32)) | 1
}));
fn next() -> u64 { STATE.with(|s| { let mut x = s.get(); x ^= x >> 12; x ^= x << 25; x ^= x >> 27; s.set(x); x.wrapping_mul(0x2545F4914F6CDD1D) }) }
pub trait Rand { fn rand() -> Self; }
impl Rand for usize { fn rand() -> usize { next() as usize } }
impl Rand for f64 { fn rand() -> f64 { (next() >> 11) as f64 / (1u64 << 53) as f64 } }
pub fn random<T: Rand>() -> T { T::rand() }
pub struct ThreadRng;
pub fn thread_rng() -> ThreadRng { ThreadRng }
pub trait Rng { fn next_f64(&mut self) -> f64; }
impl Rng for ThreadRng { fn next_f64(&mut self) -> f64 { f64::rand() } }
RS
echo '{"package":"","files":{}}' > "$out/vendor/rand-0.3.99/.cargo-checksum.json"

mkdir -p "$out/.cargo"
cat > "$out/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "debian-and-standin"
[source.debian-and-standin]
directory = "$out/vendor"
TOML
rm -f "$out/Cargo.lock"
cd "$out" && RUSTC_BOOTSTRAP=1 cargo build --offline --release
echo "built $out/target/release/keygen"
