"""How fast Parley turns away (or gets through) hostile input: issue 13's "never hang", in
figures. The tests only guard against hangs (`tests/hang_guard.py`); the speed is here.

    .venv/bin/python bench/bench_hostile.py [--repeat 3]

Each figure is printed beside a baseline measured in the same run, and as the ratio to it:

- the Pareto frontier of 27,000 outcomes (three issues of 30 options, four parties), against
  the brute-force pairwise check on the first 4,000 of them, scaled to the whole by its
  square (the check it replaced took 33 s);
- refusing a ten-line YAML alias bomb (9**9 values), 150,000 unknown keys (refused unread)
  and 95,000 unknown keys (read and reported on a page), against loading the seed scenario;
- `parley derive` refusing a 1 MB text, against the same loading of the seed scenario.

Medians of `--repeat` runs; the machine's load average is printed with them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parley.cli import main as parley  # noqa: E402
from sim.analysis.frontier import pareto_mask  # noqa: E402
from sim.derive.api import derive  # noqa: E402
from sim.derive.documents import DeriveError  # noqa: E402
from sim.negotiation.game import compile_game  # noqa: E402
from sim.scenario.library import resolve_scenario  # noqa: E402
from sim.scenario.loader import ScenarioError, load_scenario, parse_scenario  # noqa: E402
from tests.hostile.test_hostile_sizes import big_scenario  # noqa: E402
from tests.hostile.test_hostile_yaml import BOMB, keys_file  # noqa: E402

SAMPLE = 4_000


def median_time(work: Callable[[], object], repeat: int) -> float:
    """The median wall time of `work` over `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def brute_force(points: np.ndarray) -> np.ndarray:
    """The pairwise dominance check, a row block at a time (the one the fast frontier
    replaced)."""
    keep = np.ones(len(points), dtype=bool)
    for start in range(0, len(points), 256):
        block = points[start:start + 256]
        ge = np.all(points[None, :, :] >= block[:, None, :], axis=2)
        gt = np.any(points[None, :, :] > block[:, None, :], axis=2)
        keep[start:start + 256] = ~np.any(ge & gt, axis=1)
    return keep


def refused(path: Path) -> None:
    """Load `path`, which must be refused."""
    try:
        load_scenario(path)
    except ScenarioError:
        return
    raise AssertionError(f"{path} was not refused")


def derive_refused(path: Path) -> None:
    """Derive from `path`, which must be refused for its length."""
    try:
        derive([path], model=None)
    except DeriveError:
        return
    raise AssertionError(f"{path} was not refused")


def validate_quietly(path: Path) -> None:
    """`parley validate PATH`, its page of problems thrown away."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        parley(["validate", str(path)])


def row(name: str, seconds: float, baseline: float, baseline_name: str) -> None:
    """One figure, its baseline and the ratio (below 1: faster than the baseline)."""
    print(f"  {name:<40} {seconds * 1000:9.1f} ms   {baseline_name:<18} "
          f"{baseline * 1000:9.1f} ms   ratio {seconds / baseline:8.4f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    print(f"load average {os.getloadavg()[0]:.2f}, medians of {repeat}")

    game = compile_game(parse_scenario(big_scenario(3, 30), source="<big>"))
    points = np.ascontiguousarray(game.utility.T)  # [outcomes, parties]
    sample = points[:SAMPLE]
    fast_all = median_time(lambda: pareto_mask(points), repeat)
    fast_sample = median_time(lambda: pareto_mask(sample), repeat)
    slow_sample = median_time(lambda: brute_force(sample), repeat)
    assert pareto_mask(sample).tolist() == brute_force(sample).tolist()
    scaled = slow_sample * (len(points) / SAMPLE) ** 2
    print(f"Pareto frontier ({len(points):,} outcomes, {points.shape[1]} parties)")
    row(f"fast, on {SAMPLE:,}", fast_sample, slow_sample, "pairwise")
    row(f"fast, on all {len(points):,}", fast_all, scaled, "pairwise (scaled)")

    seed = resolve_scenario("brussels_2026")
    normal = median_time(lambda: load_scenario(seed), repeat)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bomb = folder / "bomb.yaml"
        bomb.write_text(BOMB + "title: *i\n", encoding="utf-8")
        many = keys_file(folder / "many.yaml", 150_000)
        page = keys_file(folder / "page.yaml", 95_000)
        huge = folder / "huge.txt"
        huge.write_text("Canada said the duty must fall. " * 35_000, encoding="utf-8")
        print("Hostile input, against loading the seed scenario")
        row("alias bomb refused", median_time(lambda: refused(bomb), repeat), normal, "seed")
        row("150,000 unknown keys refused unread", median_time(lambda: refused(many), repeat),
            normal, "seed")
        row("95,000 unknown keys validated, one page",
            median_time(lambda: validate_quietly(page), repeat), normal, "seed")
        row("derive: 1 MB text refused", median_time(lambda: derive_refused(huge), repeat),
            normal, "seed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
