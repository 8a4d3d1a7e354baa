#!/usr/bin/env python3
"""Search hit rate against time (not a unit test; `make bench-search`).

For each board and each time budget, runs `keyforge search --time T --seed S --threads 1` for SEEDS
seeds (default corpus and rubric, start qwerty), then counts the seeds whose score equals the best score
any run on that board found (all budgets pooled). Prints one table per board: budget, hit rate, best,
median and worst score; then, seed by seed, whether the longest budget ever ended worse than a shorter
one. `--steps-per-second R` turns each budget T into T x R steps with the same 4 M-step rounds as a time
budget, so the table is the same on a busy machine. Runs JOBS searches at a time (each on one thread); the load average before and after is printed,
since a loaded machine makes a time budget fewer steps.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/keyforge")


def search(binary, board, seconds, seed, rate):
    # With --steps-per-second the budget is a step count (the same rounds as --time at that rate), so the
    # result does not depend on how busy the machine is.
    budget = ["--time", str(seconds)] if rate is None else ["--steps", str(int(seconds * rate)), "--round-steps", "4000000"]
    out = subprocess.run([binary, "search", "--keyboard", board, *budget, "--seed", str(seed),
                          "--threads", "1", "--json"], capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    return report["score"], report["layout"], report.get("search", {}).get("steps")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", default="ortho_30,corne")
    parser.add_argument("--times", default="1,5,20,40", help="time budgets in seconds, comma-separated")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="searches at a time (each one thread)")
    parser.add_argument("--binary", default=BIN)
    parser.add_argument("--steps-per-second", type=float, default=None,
                        help="replace each time budget T by T x RATE steps (deterministic; for a busy machine)")
    args = parser.parse_args()
    times = [float(t) for t in args.times.split(",")]
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    if args.steps_per_second:
        print(f"budgets as steps: {args.steps_per_second / 1e6:g} M steps per second of budget, rounds of 4 M steps")
    print(f"load average before: {' '.join(open('/proc/loadavg').read().split()[:3])}, jobs {args.jobs}, cores {os.cpu_count()}")
    ok = True
    for board in args.boards.split(","):
        tasks = [(t, s) for t in times for s in seeds]
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = dict(zip(tasks, pool.map(lambda task: search(args.binary, board, task[0], task[1], args.steps_per_second), tasks)))
        best = min(score for score, _, _ in results.values())
        print(f"\n{board}: best score of all {len(results)} runs {best:.3f}")
        print(f"{'time s':>7} {'hit rate':>9} {'best':>13} {'median':>13} {'worst':>13} {'M steps':>8}")
        for t in times:
            scores = sorted(results[(t, s)][0] for s in seeds)
            hits = sum(1 for score in scores if score == best)
            steps = [results[(t, s)][2] for s in seeds if results[(t, s)][2] is not None]
            mean_steps = f"{sum(steps) / len(steps) / 1e6:8.1f}" if steps else f"{'-':>8}"
            print(f"{t:7g} {hits:>4}/{len(seeds):<4} {scores[0]:13.3f} {scores[len(scores) // 2]:13.3f} {scores[-1]:13.3f} {mean_steps}")
        longest = max(times)
        worse = [(s, t) for s in seeds for t in times if t < longest and results[(longest, s)][0] > results[(t, s)][0]]
        if worse:
            ok = False
            print(f"  {longest:g} s ended worse than a shorter budget for (seed, time): {worse}")
        else:
            print(f"  {longest:g} s never ended worse than a shorter budget, seed by seed")
    print(f"\nload average after: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
