"""Batch speed and memory on the seed scenario (default settings: every parameter drawn from
its evidence, default strategies and deadline).

One command: `python bench/bench_batch.py [RUNS] [--jobs 1,2] [--repeat K] [--no-memory]`
(default 1,000,000 runs, one and two workers, one repeat). It times the whole `parley batch`
command in a fresh process (start-up, Parquet writing and the summary included), samples the
memory of the whole process tree, repeats at a fifth of the runs to show memory does not grow
with them, and measures the plain one-negotiation-at-a-time loop in this process as the
baseline, printing the ratios. With `--repeat K` every figure is the median of K runs,
interleaved (baseline, then each worker count, K times), so a neighbour's load shifts all of
them alike.

Besides wall-clock runs per second it prints runs per CPU-second of the command (user plus
system time of its whole process tree). On a shared machine the wall clock counts the time
the command waited for a core; the CPU figure does not, and is what a quiet core would give.

Issue 10's target: `parley batch brussels_2026 -n 200000 --jobs 1` at 20,000 runs/s or more
(`python bench/bench_batch.py 200000 --jobs 1 --repeat 3 --no-memory`). The seed scenario
plays its talks about talks first (issue 16); `--scenario brussels_2026_settlement` times the
settlement table alone, as the seed scenario was before. For a staged scenario the baseline
loop plays one `StagedNegotiation` per seed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.negotiation import randomness as rnd  # noqa: E402
from sim.negotiation.engine import Negotiation  # noqa: E402
from sim.negotiation.game import compile_game  # noqa: E402
from sim.scenario.library import resolve_scenario  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402

SCENARIO = "brussels_2026"
TARGET = 20_000
"""Runs per second the whole command must reach on one core (issue 10)."""


def one_at_a_time(runs: int = 400) -> float:
    """Runs per second of a loop that plays one `Negotiation` per seed, as a single game does
    (for staged talks, one `StagedNegotiation` per seed)."""
    scenario = load_scenario(resolve_scenario(SCENARIO))
    seeds = rnd.batch_seeds(0, 0, runs)
    if scenario.staged:
        from sim.negotiation.stages import StagedNegotiation, StagedPlan

        plan = StagedPlan(scenario)
        StagedNegotiation(plan, int(seeds[0]), record=False).run()
        start = time.perf_counter()
        for seed in seeds:
            StagedNegotiation(plan, int(seed), record=False).run()
        return runs / (time.perf_counter() - start)
    game = compile_game(scenario)
    Negotiation(game, int(seeds[0]), record=False).run()
    start = time.perf_counter()
    for seed in seeds:
        Negotiation(game, int(seed), record=False).run()
    return runs / (time.perf_counter() - start)


def _children_cpu() -> float:
    """CPU seconds (user + system) of every child process this one has waited for."""
    usage = os.times()
    return usage.children_user + usage.children_system


def batch_command(runs: int, jobs: int, folder: Path) -> tuple[float, float, float]:
    """(runs per second of the whole command, runs per CPU-second of its process tree, peak
    MiB of that tree)."""
    shutil.rmtree(folder, ignore_errors=True)
    argv = [sys.executable, "-m", "parley", "batch", SCENARIO, "-n", str(runs), "--seed", "0",
            "--jobs", str(jobs), "--out", str(folder)]
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = psutil.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"parley batch failed with exit code {proc.returncode}")
    shutil.rmtree(folder, ignore_errors=True)
    return runs / seconds, runs / cpu if cpu > 0 else float("nan"), peak / 2**20


def main(argv: list[str]) -> int:
    global SCENARIO
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--jobs", default="1,2", help="worker counts to time, e.g. 1 or 1,2")
    parser.add_argument("--repeat", type=int, default=1, help="report medians of this many")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the memory check at a fifth of the runs")
    parser.add_argument("--scenario", default="brussels_2026",
                        help="the scenario to time (default: the seed scenario)")
    args = parser.parse_args(argv)
    SCENARIO = args.scenario
    runs, repeat = args.runs, max(args.repeat, 1)
    worker_counts = [int(j) for j in args.jobs.split(",")]
    print(f"seed scenario {SCENARIO}: default settings, {runs:,} runs per batch, "
          f"{'median of ' + str(repeat) if repeat > 1 else 'one run'} each; "
          f"load average {os.getloadavg()[0]:.2f} on {psutil.cpu_count()} cores")
    baselines: list[float] = []
    rates: dict[int, list[float]] = {j: [] for j in worker_counts}
    cpu_rates: dict[int, list[float]] = {j: [] for j in worker_counts}
    peaks: dict[int, list[float]] = {j: [] for j in worker_counts}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            baselines.append(one_at_a_time())
            for jobs in worker_counts:
                rate, cpu_rate, peak = batch_command(runs, jobs, Path(tmp) / f"jobs{jobs}")
                rates[jobs].append(rate)
                cpu_rates[jobs].append(cpu_rate)
                peaks[jobs].append(peak)
        baseline = statistics.median(baselines)
        print(f"baseline, one negotiation at a time: {baseline:10,.0f} runs/s"
              + (f"  (runs: {', '.join(f'{b:,.0f}' for b in baselines)})" if repeat > 1 else ""))
        for jobs in worker_counts:
            rate, cpu_rate = statistics.median(rates[jobs]), statistics.median(cpu_rates[jobs])
            print(f"parley batch --jobs {jobs}:            {rate:10,.0f} runs/s "
                  f"({rate / jobs:,.0f} per core, {rate / baseline:.0f}x the baseline), "
                  f"{cpu_rate:,.0f} runs per CPU-second, "
                  f"peak memory {max(peaks[jobs]):,.0f} MiB")
            if repeat > 1:
                print("    runs/s of each: " + ", ".join(f"{r:,.0f}" for r in rates[jobs]))
        if 1 in worker_counts:
            rate = statistics.median(rates[1])
            verdict = "met" if rate >= TARGET else "NOT met"
            print(f"target, whole command on one core at {TARGET:,} runs/s or more: {verdict} "
                  f"({rate:,.0f} runs/s wall clock, {statistics.median(cpu_rates[1]):,.0f} per "
                  "CPU-second)")
        if not args.no_memory:
            small = max(runs // 5, 1)
            _, _, small_peak = batch_command(small, 2, Path(tmp) / "small")
            print(f"peak memory with --jobs 2 at {small:,} runs: {small_peak:,.0f} MiB "
                  "(flat: memory does not grow with the number of runs)")
    if 1 in worker_counts and 2 in worker_counts:
        two = statistics.median(rates[2]) / statistics.median(rates[1])
        print(f"two workers / one: {two:.2f}x on {psutil.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main(sys.argv[1:]))
