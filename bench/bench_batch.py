"""Batch speed and memory on the seed scenario (default strategies, default deadline).

One command: `python bench/bench_batch.py [RUNS]` (default 1,000,000). It times the whole
`parley batch` command in a fresh process (start-up, Parquet writing and the summary included)
with one and two worker processes, samples the memory of the whole process tree, repeats at a
fifth of the runs to show memory does not grow with them, and measures the plain
one-negotiation-at-a-time loop in this process as the baseline, printing the ratios.
"""

from __future__ import annotations

import shutil
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


def one_at_a_time(runs: int = 400) -> float:
    """Runs per second of a loop that plays one `Negotiation` per seed, as a single game does."""
    game = compile_game(load_scenario(resolve_scenario(SCENARIO)))
    seeds = rnd.batch_seeds(0, 0, runs)
    Negotiation(game, int(seeds[0]), record=False).run()
    start = time.perf_counter()
    for seed in seeds:
        Negotiation(game, int(seed), record=False).run()
    return runs / (time.perf_counter() - start)


def batch_command(runs: int, jobs: int, folder: Path) -> tuple[float, float]:
    """(runs per second of the whole command, peak MiB of its process tree)."""
    shutil.rmtree(folder, ignore_errors=True)
    argv = [sys.executable, "-m", "parley", "batch", SCENARIO, "-n", str(runs), "--seed", "0",
            "--jobs", str(jobs), "--out", str(folder)]
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
    if proc.returncode != 0:
        raise SystemExit(f"parley batch failed with exit code {proc.returncode}")
    shutil.rmtree(folder, ignore_errors=True)
    return runs / seconds, peak / 2**20


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 1_000_000
    print(f"seed scenario {SCENARIO}: default strategies and deadline, {runs:,} runs per batch")
    baseline = one_at_a_time()
    print(f"baseline, one negotiation at a time: {baseline:10,.0f} runs/s")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for jobs in (1, 2):
            rate, peak = batch_command(runs, jobs, Path(tmp) / f"jobs{jobs}")
            results[jobs] = rate
            print(f"parley batch --jobs {jobs}:            {rate:10,.0f} runs/s "
                  f"({rate / jobs:,.0f} per core, {rate / baseline:.0f}x the baseline), "
                  f"peak memory {peak:,.0f} MiB")
        small = max(runs // 5, 1)
        _, small_peak = batch_command(small, 2, Path(tmp) / "small")
        print(f"peak memory with --jobs 2 at {small:,} runs: {small_peak:,.0f} MiB "
              "(flat: memory does not grow with the number of runs)")
    print(f"two workers / one: {results[2] / results[1]:.2f}x on {psutil.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main(sys.argv[1:]))
