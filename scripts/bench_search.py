#!/usr/bin/env python3
"""Search hit rate against time (not a unit test; `make bench-search`).

For each board and each time budget, runs `keyforge search --time T --seed S --threads 1` for SEEDS
seeds (default corpus and rubric, start qwerty, `--method` as given: tempering, the default, or rounds),
then counts the seeds whose score equals the best score any run on that board found (all budgets
pooled). Prints one table per board: budget, hit rate, best, median and worst score; then, seed by seed,
whether the longest budget ever ended worse than a shorter one. `--steps-per-second R` turns each budget
T into T x R steps (for rounds, with the rounds of a time budget: 4 M steps,
SearchParameters.defaultRoundSteps), so the table is the same on a busy machine. `--rounds-only` (with
`--steps-per-second`) runs each seed once, at the longest budget, with `--trace-rounds`, and counts a
shorter budget's hit from the trace: with tempering a line per new best, so the count is exact; with
rounds the rounds finished within it, a lower bound of what separate runs give (a run cut short inside a
round also keeps that round's best so far).
Runs JOBS searches at a time (each on one thread); the load average before and after is printed,
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


ROUND_STEPS = 4_000_000  # SearchParameters.defaultRoundSteps: the round length of a time budget


def search(binary, board, seconds, seed, rate, trace=False, method="rounds"):
    # With --steps-per-second the budget is a step count (the same rounds as --time at that rate), so the
    # result does not depend on how busy the machine is.
    budget = ["--time", str(seconds)] if rate is None else ["--steps", str(int(seconds * rate))]
    if rate is not None and method == "rounds":
        budget += ["--round-steps", str(ROUND_STEPS)]
    run = subprocess.run([binary, "search", "--keyboard", board, *budget, "--seed", str(seed), "--threads", "1", "--json",
                          "--method", method,
                          *(["--trace-rounds"] if trace else [])], capture_output=True, text=True, check=True)
    report = json.loads(run.stdout)
    # "round REPLICA ROUND START STEPS SCORE BEST": the replica's steps and best after each finished round.
    rounds = [(int(f[4]), float(f[6])) for f in (line.split() for line in run.stderr.splitlines()) if f and f[0] == "round"]
    return report["score"], report["layout"], report.get("search", {}).get("steps"), rounds


def from_rounds(result, seconds, rate):
    """A shorter budget's result read from the longest run's rounds: the best of those finished within it."""
    _, layout, _, rounds = result
    cap = int(seconds * rate)
    done = [(steps, best) for steps, best in rounds if steps <= cap]
    return (min(best for _, best in done) if done else float("inf")), layout, cap, rounds


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
    parser.add_argument("--method", default="tempering", choices=["rounds", "tempering"], help="keyforge search --method")
    parser.add_argument("--rounds-only", action="store_true",
                        help="one run per seed at the longest budget; shorter budgets from its trace (finished rounds, a lower bound; or new bests with tempering, exact)")
    args = parser.parse_args()
    if args.rounds_only and not args.steps_per_second:
        parser.error("--rounds-only needs --steps-per-second")
    times = [float(t) for t in args.times.split(",")]
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    if args.steps_per_second:
        rounds = f", rounds of {ROUND_STEPS / 1e6:g} M steps" if args.method == "rounds" else ""
        print(f"budgets as steps: {args.steps_per_second / 1e6:g} M steps per second of budget{rounds}")
    if args.rounds_only:
        print("shorter budgets read from the longest run's finished rounds (a lower bound of separate runs)")
    print(f"method {args.method}")
    print(f"load average before: {' '.join(open('/proc/loadavg').read().split()[:3])}, jobs {args.jobs}, cores {os.cpu_count()}")
    ok = True
    for board in args.boards.split(","):
        longest = max(times)
        tasks = [(t, s) for t in ([longest] if args.rounds_only else times) for s in seeds]
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = dict(zip(tasks, pool.map(lambda task: search(args.binary, board, task[0], task[1], args.steps_per_second,
                                                                   args.rounds_only, args.method), tasks)))
        if args.rounds_only:
            for t in times:
                for s in seeds:
                    if t != longest:
                        results[(t, s)] = from_rounds(results[(longest, s)], t, args.steps_per_second)
        best = min(score for score, _, _, _ in results.values())
        print(f"\n{board}: best score of all {len(results)} runs {best:.3f}")
        print(f"{'time s':>7} {'hit rate':>9} {'best':>13} {'median':>13} {'worst':>13} {'M steps':>8}")
        for t in times:
            scores = sorted(results[(t, s)][0] for s in seeds)
            hits = sum(1 for score in scores if score == best)
            steps = [results[(t, s)][2] for s in seeds if results[(t, s)][2] is not None]
            mean_steps = f"{sum(steps) / len(steps) / 1e6:8.1f}" if steps else f"{'-':>8}"
            print(f"{t:7g} {hits:>4}/{len(seeds):<4} {scores[0]:13.3f} {scores[len(scores) // 2]:13.3f} {scores[-1]:13.3f} {mean_steps}")
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
