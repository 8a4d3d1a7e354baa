#!/usr/bin/env python3
"""Corpus ingest benchmark (not a unit test): throughput and peak memory of `keyforge corpus build`.

Usage: python3 scripts/bench_corpus.py [--size-mb 1024] [--binary .build/release/keyforge] [--keep]

Generates a text of the given size in a temporary folder by repeating the fetched English prose
(build/prose/en/*.txt; `make corpus` fetches it) with a line counter mixed in, so the input is real
prose at any size, then times `keyforge corpus build` on it and reads its CPU time and peak resident memory (ru_utime +
ru_stime and ru_maxrss of the child) from the kernel. Prints MB/s by wall and by CPU time, and peak RSS in MB.
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--binary", default=".build/release/keyforge")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sources = [os.path.join("build/prose/en", name) for name in ("austen.txt", "web.txt", "fortunes.txt")]
    missing = [path for path in sources if not os.path.exists(path)]
    if missing:
        print(f"missing {', '.join(missing)}: run `make corpus` first", file=sys.stderr)
        return 1
    prose = b"".join(open(path, "rb").read() for path in sources)
    target = args.size_mb * 1_000_000
    folder = tempfile.mkdtemp(prefix="keyforge-bench-")
    text = os.path.join(folder, "input.txt")
    written, copy = 0, 0
    with open(text, "wb") as out:
        while written < target:
            chunk = prose[: target - written] if written + len(prose) > target else prose
            out.write(chunk)
            written += len(chunk)
            line = f"\n{copy}\n".encode()
            out.write(line)
            written += len(line)
            copy += 1
    print(f"input: {written / 1e6:.0f} MB of prose ({copy} copies) in {text}", file=sys.stderr)
    start = time.monotonic()
    result = subprocess.run([args.binary, "corpus", "build", text, "--id", "bench/big_std", "--out", os.path.join(folder, "bundle")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if result.returncode != 0:
        print(f"corpus build failed with exit {result.returncode}", file=sys.stderr)
        return 1
    # CPU time as well as wall time: on a shared machine the wall figure measures the load, the CPU figure the code.
    print(f"corpus build: {written / 1e6:.0f} MB in {elapsed:.1f} s = {written / 1e6 / elapsed:.1f} MB/s wall, "
          f"{cpu:.1f} s CPU = {written / 1e6 / cpu:.1f} MB/s per core; peak RSS {peak_mb:.0f} MB; load average {os.getloadavg()[0]:.2f}")
    if not args.keep:
        os.unlink(text)
        subprocess.run(["rm", "-rf", folder])
    return 0


if __name__ == "__main__":
    sys.exit(main())
