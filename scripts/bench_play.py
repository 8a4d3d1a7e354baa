#!/usr/bin/env python3
"""`make bench-play`: how fast the playground answers a swap with exact metrics.

Starts `keyforge play` on a free port and sends POST /api/swap over one keep-alive connection for
random pairs of corne's alpha keys on colemak-dh with the default corpus (text/en_std), each answer a
whole exact report; prints the latency percentiles over --swaps swaps (after one warm-up request that
loads the corpus and builds the scorers). The target is a p99 of at most 20 ms.
"""
import argparse
import http.client
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from play_server import PlayServer  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "keyforge"))
    parser.add_argument("--swaps", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    log = os.path.join(tempfile.gettempdir(), "keyforge-bench-play.log")
    with PlayServer(args.binary, log) as server:
        host, port = server.base[len("http://"):].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)

        def post(path, body):
            connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status} {data[:200]!r}")
            return json.loads(data)

        connection.request("GET", "/api/layouts?keyboard=corne")
        layouts = {item["name"]: item["layout"] for item in json.loads(connection.getresponse().read())["layouts"]}
        layout = layouts["colemak-dh"]
        boards = {board["name"]: board for board in json.loads((connection.request("GET", "/api/boards"), connection.getresponse().read())[1])["boards"]}
        analyzed = post("/api/analyze", {"keyboard": "corne", "corpus": "text/en_std", "layout": layout})
        alpha = [key["index"] for key in analyzed["keys"] if key["symbol"] and len(key["symbol"]) == 1]
        print(f"bench-play: {args.swaps} swaps on corne ({boards['corne']['keys']} keys), colemak-dh start, text/en_std, "
              "each answered with the exact report over one keep-alive connection")
        p99 = {}
        for label, extra in (("report", {}), ("report + SVG", {"heat": "usage"})):
            random.seed(args.seed)
            times = []
            for _ in range(args.swaps):
                a, b = random.sample(alpha, 2)
                began = time.perf_counter()
                answer = post("/api/swap", dict({"keyboard": "corne", "corpus": "text/en_std", "layout": layout, "swap": [a, b]}, **extra))
                times.append((time.perf_counter() - began) * 1000)
                layout = answer["layout"]
            times.sort()
            pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
            p99[label] = pick(0.99)
            print(f"  {label:13} p50 {pick(0.50):.2f} ms  p90 {pick(0.90):.2f} ms  p99 {pick(0.99):.2f} ms  max {times[-1]:.2f} ms"
                  "  (target: p99 <= 20 ms)")
        return 0 if p99["report"] <= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
