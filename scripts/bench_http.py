#!/usr/bin/env python3
"""wrk against our epoll HTTP server and against nginx (one worker) serving the same bytes, in one run.

Prints requests/s and p99 latency for a small route (13 bytes) and a 64 KiB route on both servers,
and the ratios. Target (issue 6): at least half of nginx's throughput, p99 at most twice nginx's.
Needs wrk and nginx-light (`make bench-deps`) and a release build (`make build`).
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMALL = b"hello, world\n"
LARGE = bytes(ord("a") + (i % 26) for i in range(65536))  # the bytes `keyforge debug serve-http` serves at /64k


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listens on port {port} after {timeout} s")


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url],
                         check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99_ms = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Socket errors:.*", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        sys.exit(f"{url}: {non2xx.group(1)} non-2xx responses")
    return rps, p99_ms, errors.group(0) if errors else ""


def start_nginx(work, root, port):
    """nginx with one worker serving `root` on `port`, its config and logs in `work`."""
    with open(os.path.join(work, "nginx.conf"), "w") as f:
        f.write(f"""worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    default_type application/octet-stream;
    client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
    server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
""")
    return subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", f"{work}/nginx.conf", "-e", f"{work}/error.log"])


def nginx_version():
    return subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-v"], capture_output=True, text=True).stderr.strip()


def compare(route_name, urls, seconds):
    """Runs wrk on each (name, url) and prints requests/s, p99 and the keyforge/nginx ratios."""
    results = {}
    for name, url in urls:
        wrk(url, 1)  # warm-up: caches filled, connections and pages faulted in, for both servers alike
        rps, p99, errors = wrk(url, seconds)
        results[name] = (rps, p99)
        print(f"{route_name:8} {name:9} {rps:12.0f} {p99:8.2f} {errors}")
    (n_rps, n_p99), (k_rps, k_p99) = results["nginx"], results["keyforge"]
    print(f"{route_name:8} {'ratio':9} {k_rps / n_rps:12.2f} {k_p99 / n_p99:8.2f}   (target: throughput >= 0.50, p99 <= 2.00)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=30, help="duration of each wrk run (default 30)")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/keyforge"))
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/nginx"):
            sys.exit(f"{tool} is missing: run `make bench-deps`")

    work = tempfile.mkdtemp(prefix="keyforge-bench-http-")
    os.chmod(work, 0o755)  # nginx workers run as an unprivileged user and must read the files
    os.makedirs(os.path.join(work, "www"))
    with open(os.path.join(work, "www", "small"), "wb") as f:
        f.write(SMALL)
    with open(os.path.join(work, "www", "64k"), "wb") as f:
        f.write(LARGE)
    nginx_port, ours_port = free_port(), free_port()
    nginx = start_nginx(work, os.path.join(work, "www"), nginx_port)
    ours = subprocess.Popen([args.binary, "debug", "serve-http", "--port", str(ours_port)], stdout=subprocess.DEVNULL)
    try:
        wait_for(nginx_port)
        wait_for(ours_port)
        print(f"wrk -t2 -c64 -d{args.seconds}s --latency; {nginx_version()} with 1 worker")
        print(f"{'route':8} {'server':9} {'requests/s':>12} {'p99 ms':>8}")
        for route in ("small", "64k"):
            compare(route, [("nginx", f"http://127.0.0.1:{nginx_port}/{route}"),
                            ("keyforge", f"http://127.0.0.1:{ours_port}/{route}")], args.seconds)
    finally:
        for process in (ours, nginx):
            process.send_signal(signal.SIGTERM)
        ours.wait(timeout=15)
        nginx.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)
    print(f"keyforge exited {ours.returncode} after SIGTERM")


if __name__ == "__main__":
    main()
