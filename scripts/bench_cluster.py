#!/usr/bin/env python3
"""Best score against time with one agent and with two, on the local cluster (`scripts/cluster.sh`);
restarts (units, each an independent seeded search) per second and the agents' idle share between units.
Part (b), the hive under many simulated agents, is scripts/bench_hive.py.

For each agent count: start the cluster, submit a job (corne, default corpus, UNITS units of SECONDS
seconds), poll its status every half second, record when each best appeared, stop the cluster. Then
prints best-so-far at fixed times for both runs, the time to finish, and from the agents' logs the
dispatch overhead per lease (before and after the search) and the share of agent time spent searching.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("KEYFORGE_BIN", os.path.join(ROOT, ".build/release/keyforge"))
LOGS = os.path.join(ROOT, "build/cluster/logs")


def run(agents, units, seconds, seed):
    env = dict(os.environ, AGENTS=str(agents), KEYFORGE_BIN=BIN)
    subprocess.run(["bash", "scripts/cluster.sh", "stop"], cwd=ROOT, env=env, capture_output=True)
    subprocess.run(["rm", "-rf", LOGS], cwd=ROOT)
    subprocess.run(["bash", "scripts/cluster.sh", "start"], cwd=ROOT, env=env, check=True, capture_output=True)
    try:
        secret = open(os.path.join(ROOT, "build/cluster/secret")).read().strip()
        env.update(HIVE_SECRET=secret, KEYFORGE_HIVE_URL="http://127.0.0.1:3100")
        config = os.path.join(ROOT, "build/cluster/bench-job.json")
        with open(config, "w") as f:
            json.dump({"keyboard": "corne", "budget": {"units": units, "seconds_per_unit": seconds}, "search": {"seed": seed}}, f)
        time.sleep(1.5)  # agents register and calibrate
        out = subprocess.run([BIN, "job", "submit", config], env=env, check=True, capture_output=True, text=True).stdout
        job = out.split()[-1] if "submitted" in out else out.split()[1]
        start = time.time()
        history = []
        while True:
            status = json.load(urllib.request.urlopen(f"http://127.0.0.1:3100/jobs/{job}"))
            best = status.get("best") or {}
            if best and (not history or history[-1][1] != best["score"]):
                history.append((time.time() - start, best["score"]))
            if status["status"] == "done":
                return history, time.time() - start, agent_stats(agents)
            if time.time() - start > units * seconds * 3 + 60:
                sys.exit(f"job {job} did not finish")
            time.sleep(0.5)
    finally:
        subprocess.run(["bash", "scripts/cluster.sh", "stop"], cwd=ROOT, env=env, capture_output=True)


def agent_stats(agents):
    before, after, shares, searched = [], [], [], []
    for agent in range(1, agents + 1):
        for line in open(os.path.join(LOGS, f"agent{agent}.log")):
            m = re.search(r"steps in ([\d.]+) s; overhead (\d+) ms before .* and (\d+) ms after .*searching ([\d.]+) %", line)
            if m:
                searched.append(float(m.group(1)))
                before.append(int(m.group(2)))
                after.append(int(m.group(3)))
                shares.append(float(m.group(4)))
    return before, after, shares, searched


def best_at(history, t):
    scores = [score for at, score in history if at <= t]
    return f"{scores[-1]:.3f}" if scores else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    results = {}
    for agents in (1, 2):
        results[agents] = run(agents, args.units, args.seconds, seed=900 + agents)
    print(f"job: corne, text/en_std, {args.units} units of {args.seconds:g} s; agents with 1 search thread each")
    marks = [1, 2, 5, 10, 20, 30, 40, 60]
    print(f"{'t (s)':>6} " + " ".join(f"{'best, ' + str(a) + ' agent' + ('s' if a > 1 else ''):>18}" for a in (1, 2)))
    for t in marks:
        if t > max(results[1][1], results[2][1]) + 1:
            break
        print(f"{t:>6} " + " ".join(f"{best_at(results[a][0], t):>18}" for a in (1, 2)))
    for agents in (1, 2):
        history, took, (before, after, shares, searched) = results[agents]
        # Idle between units: the time from a lease to its search and from the search's end to the
        # submitted result, over that plus the search time (registration and calibration left out).
        overhead = (sum(before) + sum(after)) / 1000
        idle = overhead / max(overhead + sum(searched), 1e-9) * 100
        print(f"{agents} agent(s): done in {took:.1f} s, final best {history[-1][1]:.3f}; "
              f"{len(searched) / took:.3f} restarts (units) per second; per lease: "
              f"{sum(before) / max(len(before), 1):.0f} ms before the search (sync, plan), "
              f"{sum(after) / max(len(after), 1):.0f} ms after (submit); idle between units {idle:.2f} % "
              f"(target <= 1 %); searching {max(shares or [0]):.1f} % of agent time since start")


if __name__ == "__main__":
    main()
