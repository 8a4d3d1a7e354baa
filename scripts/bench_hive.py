#!/usr/bin/env python3
"""The hive under many simulated agents (not a unit test; part (b) of `make bench-cluster`).

Starts a throwaway cluster without agents (`scripts/cluster.sh`, its own folder and ports), submits one
corne job with many units, then runs AGENTS light simulated agents in one asyncio loop. Each registers,
sends a node heartbeat every HEARTBEAT seconds, leases a unit, renews its lease every lease_seconds / 3,
posts a result every RESULT_EVERY seconds and a final one after UNIT seconds (verified results: the hive
re-scores them; the layouts are qwerty with two letters swapped, scored beforehand by `keyforge analyze`),
then leases again. Agents start spread over the first SPREAD seconds (a heartbeat period unless told:
then they finish their units nearly together, a wave of final results and leases every UNIT seconds; with
SPREAD = UNIT they are out of step). Each run starts from a fresh database. Prints per route: requests per
second, p50 / p99 latency, errors; leases per second; and the load: the hive's, PostgreSQL's and the
simulator's CPU (processes of this cluster only, from /proc), PostgreSQL transactions per second and rows
written.
"""
import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# KEYFORGE_BIN picks another build (named `keyforge`), e.g. a copy of main's to measure before a change;
# scripts/cluster.sh reads the same variable.
BIN = os.environ.get("KEYFORGE_BIN", os.path.join(ROOT, ".build/release/keyforge"))
DIR = os.path.join(ROOT, "build/hive-bench")
PORTS = dict(VALKEY_PORT="6419", PG_PORT="5519", ASSETS_PORT="3121", HIVE_PORT="3120")
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError):
            pass
    return total


def descendants(root):
    """`root` and every process below it (PostgreSQL's backends are children of the postmaster)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError):
                pass
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def psql(sql):
    pg_bin = sorted(os.listdir("/usr/lib/postgresql"))[-1]
    command = [f"/usr/lib/postgresql/{pg_bin}/bin/psql", "-h", "127.0.0.1", "-p", PORTS["PG_PORT"], "-U", "postgres",
               "-d", "keyforge", "-Atc", sql]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--"] + command
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def pg_counters():
    row = psql("SELECT xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted, blks_read "
               "FROM pg_stat_database WHERE datname = 'keyforge'")
    return [int(x) for x in row.split("|")]


def scored_layouts(count):
    """qwerty on corne with two letters swapped, `count` of them, each with its exact score."""
    def analyze(layout):
        out = subprocess.run([BIN, "analyze", "--keyboard", "corne", "--layout", layout, "--json"],
                             capture_output=True, text=True, check=True).stdout
        report = json.loads(out)
        return report["layout"], report["score"]
    base, _ = analyze("qwerty")
    tokens = base.split(" ")
    letters = [i for i, t in enumerate(tokens) if len(t) == 1 and t.isalpha()]
    rng = random.Random(5)
    layouts = []
    for _ in range(count):
        a, b = rng.sample(letters, 2)
        swapped = list(tokens)
        swapped[a], swapped[b] = swapped[b], swapped[a]
        layouts.append(analyze(" ".join(swapped)))
    return layouts


class Stats:
    def __init__(self):
        self.latencies = {}
        self.errors = {}
        self.statuses = {}
        self.leases = 0
        self.empty = 0

    def add(self, route, seconds, status):
        self.latencies.setdefault(route, []).append(seconds)
        if status >= 400 or status == 0:
            self.errors[route] = self.errors.get(route, 0) + 1
            self.statuses[status] = self.statuses.get(status, 0) + 1


class Connection:
    """One keep-alive HTTP/1.1 connection to the hive (an agent's own)."""

    def __init__(self, port, secret):
        self.port, self.secret = port, secret
        self.reader = self.writer = None

    async def request(self, method, path, body):
        data = json.dumps(body).encode()
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.secret}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode()
        for attempt in (0, 1):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                self.writer.write(head + data)
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionError("closed")
                status = int(status_line.split()[1])
                length, close = 0, False
                while True:
                    line = await self.reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    if name.lower() == "connection" and "close" in value.lower():
                        close = True
                payload = await self.reader.readexactly(length) if length else b""
                if close:
                    self.writer.close()
                    self.writer = None
                return status, payload
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                if self.writer is not None:
                    self.writer.close()
                self.writer = None
                if attempt:
                    return 0, b""
        return 0, b""


async def agent(index, args, secret, layouts, stats, stop_at):
    node = f"sim-{index:04d}"
    conn = Connection(int(PORTS["HIVE_PORT"]), secret)
    rng = random.Random(index)
    loop = asyncio.get_running_loop()

    async def call(route, method, path, body):
        began = loop.time()
        status, payload = await conn.request(method, path, body)
        if loop.time() < stop_at:
            stats.add(route, loop.time() - began, status)
        return status, payload

    await asyncio.sleep(rng.uniform(0, args.spread))
    await call("register", "POST", "/nodes/register", {"node_id": node, "cpu_signature": "simulated", "cores": 1})
    next_beat = loop.time()
    while loop.time() < stop_at:
        if loop.time() >= next_beat:
            await call("node heartbeat", "POST", "/nodes/heartbeat", {"node_id": node, "steps_per_second": 1.0e6})
            next_beat += args.heartbeat
        status, payload = await call("lease", "POST", "/jobs/lease", {"node_id": node})
        if status != 200:
            if status == 204 and loop.time() < stop_at:
                stats.empty += 1
            await asyncio.sleep(5)
            continue
        if loop.time() < stop_at:
            stats.leases += 1
        grant = json.loads(payload)
        job, unit, token = grant["job_id"], grant["unit"], grant["lease_token"]
        renew_every = max(1.0, grant["lease_seconds"] / 3)
        began = loop.time()
        next_result, next_renew = began + args.result_every, began + renew_every
        while loop.time() < stop_at:
            now = loop.time()
            final = now - began >= args.unit
            if final or now >= next_result:
                layout, score = layouts[rng.randrange(len(layouts))]
                await call("result", "POST", "/results", {"job_id": job, "unit": unit, "lease_token": token, "node_id": node,
                                                         "nonce": f"{node}-{unit}-{int(now * 1000)}", "layout": layout,
                                                         "score": score, "final": final})
                next_result += args.result_every
                if final:
                    break
            if now >= next_renew:
                await call("lease renewal", "POST", f"/jobs/{job}/heartbeat", {"unit": unit, "lease_token": token})
                next_renew += renew_every
            if now >= next_beat:
                await call("node heartbeat", "POST", "/nodes/heartbeat", {"node_id": node, "steps_per_second": 1.0e6, "job_id": job})
                next_beat += args.heartbeat
            await asyncio.sleep(max(0.05, min(next_result, next_renew, next_beat, began + args.unit) - loop.time()))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round((len(values) - 1) * p)))]


async def simulate(args, secret, layouts, stats):
    loop = asyncio.get_running_loop()
    stop_at = loop.time() + args.spread + args.seconds
    tasks = [asyncio.create_task(agent(i, args, secret, layouts, stats, stop_at)) for i in range(args.agents)]
    await asyncio.gather(*tasks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60, help="measured seconds, after the agents have started")
    parser.add_argument("--unit", type=float, default=60, help="seconds a simulated agent holds a unit")
    parser.add_argument("--result-every", type=float, default=15, help="seconds between a unit's results")
    parser.add_argument("--heartbeat", type=float, default=10, help="seconds between node heartbeats")
    parser.add_argument("--spread", type=float, help="seconds over which the agents start, not measured (default: "
                        "one heartbeat period; --unit's length puts agents out of step, as agents started at "
                        "different times are, where a short spread has them finish their units together)")
    parser.add_argument("--workers", type=int, help="the hive's --workers (its threads and database connections; "
                        "default: the hive's own)")
    args = parser.parse_args()
    if args.spread is None:
        args.spread = args.heartbeat
    env = dict(os.environ, AGENTS="0", CLUSTER_DIR=DIR, **PORTS)
    if args.workers:
        env["HIVE_ARGS"] = f"{env.get('HIVE_ARGS', '')} --workers {args.workers}".strip()
    subprocess.run(["bash", "scripts/cluster.sh", "stop"], cwd=ROOT, env=env, capture_output=True)
    # A fresh database each run: cluster.sh keeps its PostgreSQL folder, and the job (the same config is the
    # same job) would carry the last run's results, finished units and abandoned leases, which all expire
    # together a lease's length into the run.
    shutil.rmtree(DIR, ignore_errors=True)
    subprocess.run(["bash", "scripts/cluster.sh", "start"], cwd=ROOT, env=env, check=True, capture_output=True)
    try:
        secret = open(os.path.join(DIR, "secret")).read().strip()
        layouts = scored_layouts(12)
        config = os.path.join(DIR, "job.json")
        with open(config, "w") as f:
            json.dump({"keyboard": "corne", "budget": {"units": 100000, "seconds_per_unit": args.unit}, "search": {"seed": 7}}, f)
        env.update(HIVE_SECRET=secret, KEYFORGE_HIVE_URL=f"http://127.0.0.1:{PORTS['HIVE_PORT']}")
        subprocess.run([BIN, "job", "submit", config], env=env, check=True, capture_output=True, text=True)
        hive_pid = int(open(os.path.join(DIR, "pids/hive")).read())
        postmaster = int(open(os.path.join(DIR, "pg/data/postmaster.pid")).readline())
        stats = Stats()
        load_before = os.getloadavg()
        # Warm-up (agents start over one heartbeat period), then the measured window.
        pg0, cpu0 = None, None

        async def run():
            nonlocal pg0, cpu0
            sim = asyncio.create_task(simulate(args, secret, layouts, stats))
            await asyncio.sleep(args.spread)
            stats.__init__()
            pg0 = pg_counters()
            cpu0 = (cpu_seconds([hive_pid]), cpu_seconds(descendants(postmaster)), time.time(), sum(os.times()[:2]))
            await sim
        asyncio.run(run())
        pg1 = pg_counters()
        wall = time.time() - cpu0[2]
        hive_cpu = (cpu_seconds([hive_pid]) - cpu0[0]) / wall
        pg_cpu = (cpu_seconds(descendants(postmaster)) - cpu0[1]) / wall
        sim_cpu = (sum(os.times()[:2]) - cpu0[3]) / wall
        workers = f"hive --workers {args.workers}" if args.workers else "the hive's default workers"
        print(f"{args.agents} simulated agents ({workers}), {wall:.0f} s measured; units of {args.unit:g} s, a result every "
              f"{args.result_every:g} s, node heartbeats every {args.heartbeat:g} s, agents started over {args.spread:g} s")
        print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
              f"(the simulator, hive and PostgreSQL share them)")
        print(f"{'route':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for route, values in sorted(stats.latencies.items()):
            print(f"{route:<16} {len(values) / wall:8.1f} {percentile(values, 0.5) * 1000:8.1f} "
                  f"{percentile(values, 0.99) * 1000:8.1f} {stats.errors.get(route, 0):7d}")
        print(f"leases granted {stats.leases / wall:.1f}/s; no work {stats.empty}; error statuses "
              + (", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(stats.statuses.items())) or "none"))
        print(f"hive CPU {hive_cpu:.2f} cores; PostgreSQL CPU {pg_cpu:.2f} cores, "
              f"{(pg1[0] - pg0[0]) / wall:.0f} transactions/s, {(pg1[1] - pg0[1]) / wall:.0f} rows written/s, "
              f"{pg1[2] - pg0[2]} blocks read from disk; the simulator {sim_cpu:.2f} cores (one Python thread: near 1, it is the limit)")
    finally:
        subprocess.run(["bash", "scripts/cluster.sh", "stop"], cwd=ROOT, env=env, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
