#!/usr/bin/env python3
"""wrk against the assets server's /data/<a 64 KiB corpus segment> and nginx serving the same file.

Starts a throwaway valkey-server, hydrates data/system into it with `keyforge assetmgr hydrate`,
starts `keyforge assets`, and nginx (one worker) on a copy of the same stored bytes; then
`wrk -t2 -c64 -d<seconds>s --latency` against both. Needs `make bench-deps` and a release build.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_http import ROOT, compare, free_port, nginx_version, start_nginx, wait_for  # noqa: E402
from bench_valkey import server_binary  # noqa: E402

SEGMENT = "corpora/text/de_std/3grams.mpk.zst"  # 63 616 bytes: stored as it is, so nginx serves the same bytes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/keyforge"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="keyforge-bench-assets-")
    os.chmod(work, 0o755)
    www = os.path.join(work, "www", "data")
    os.makedirs(os.path.dirname(os.path.join(www, SEGMENT)))
    shutil.copy(os.path.join(ROOT, "data/system", SEGMENT), os.path.join(www, SEGMENT))
    valkey_port, assets_port, nginx_port = free_port(), free_port(), free_port()
    valkey = subprocess.Popen([server_binary(), "--port", str(valkey_port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", work], stdout=subprocess.DEVNULL)
    processes = [valkey]
    try:
        wait_for(valkey_port)
        url = f"redis://127.0.0.1:{valkey_port}/0"
        subprocess.run([args.binary, "assetmgr", "hydrate", "--data", os.path.join(ROOT, "data/system"), "--valkey-url", url],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(subprocess.Popen([args.binary, "assets", "--port", str(assets_port), "--valkey-url", url, "--no-access-log"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        processes.append(start_nginx(work, os.path.join(work, "www"), nginx_port))
        wait_for(assets_port)
        wait_for(nginx_port)
        print(f"wrk -t2 -c64 -d{args.seconds}s --latency on /data/{SEGMENT} (63 616 bytes); {nginx_version()} with 1 worker")
        print(f"{'route':8} {'server':9} {'requests/s':>12} {'p99 ms':>8}")
        compare("segment", [("nginx", f"http://127.0.0.1:{nginx_port}/data/{SEGMENT}"),
                            ("keyforge", f"http://127.0.0.1:{assets_port}/data/{SEGMENT}")], args.seconds)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
