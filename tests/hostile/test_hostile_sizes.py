"""Issue 13: every outcome space the validator accepts is analysed without hanging (how fast:
`bench/bench_hostile.py`), and numbers a user gives are bounded."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parley.cli import main
from sim.analysis.frontier import frontier, pareto_mask
from sim.negotiation.game import compile_game
from sim.scenario.checks import MAX_OUTCOMES
from sim.scenario.loader import parse_scenario
from tests.hang_guard import no_hang
from tests.scenario_factory import WHY, party


def big_scenario(issues: int, options: int, parties: int = 4, seed: int = 0) -> str:
    """A valid scenario with options ** issues outcomes and random values."""
    rnd = random.Random(seed)
    names = [f"i{k}" for k in range(issues)]
    spec: dict[str, Any] = {
        "title": "Big outcome space", "protocol": {"kind": "alternating", "deadline": 10},
        "consent": {"required": [f"P{p}" for p in range(parties)], "because": WHY},
        "issues": {i: {"question": f"{i}?", "options": [f"o{j}" for j in range(options)]}
                   for i in names},
        "parties": {f"P{p}": party({i: 1 / issues for i in names},
                                   {i: {f"o{j}": round(rnd.random(), 3) for j in range(options)}
                                    for i in names}, reservation=0.2, budget=0.5)
                    for p in range(parties)},
    }
    return yaml.safe_dump(spec, sort_keys=False)


def _brute_force(points: np.ndarray) -> np.ndarray:
    ge = np.all(points[None, :, :] >= points[:, None, :], axis=2)
    gt = np.any(points[None, :, :] > points[:, None, :], axis=2)
    return np.asarray(~np.any(ge & gt, axis=1))


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(0, 300), st.integers(1, 5)),
              elements=st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0, 1)))
def test_the_fast_frontier_is_the_brute_force_one(points: np.ndarray) -> None:
    assert pareto_mask(points).tolist() == _brute_force(points).tolist()


def test_a_27000_outcome_frontier_is_found() -> None:
    game = compile_game(parse_scenario(big_scenario(3, 30), source="<big>"))
    with no_hang("the frontier of 27,000 outcomes"):  # took 33 s with the quadratic check
        front = frontier(game)
    assert 0 < front.efficient.sum() < game.n_outcomes


@pytest.mark.slow
def test_the_largest_frontiers_take_seconds_even_when_every_outcome_is_efficient() -> None:
    rng = np.random.default_rng(1)
    # Four parties whose values sum to one on every option: no outcome dominates another.
    values = rng.dirichlet([1, 1, 1, 1], size=(4, 22))
    grid = np.stack([g.ravel() for g in np.meshgrid(*[np.arange(22)] * 4, indexing="ij")], 1)
    points = sum(values[i][grid[:, i]] for i in range(4)) / 4
    assert len(points) <= MAX_OUTCOMES
    with no_hang("a frontier where every outcome is efficient", limit=300):
        assert pareto_mask(points).all()


@pytest.mark.slow
def test_parley_run_on_the_biggest_outcome_spaces_finishes(tmp_path: Path) -> None:
    for issues, options in ((5, 11), (2, 500)):  # 161,051 and 250,000 outcomes
        path = tmp_path / f"big-{issues}.yaml"
        path.write_text(big_scenario(issues, options), encoding="utf-8")
        # The timeout is a hang guard; bench/bench_hostile.py times the same runs.
        proc = subprocess.run([sys.executable, "-m", "parley", "run", str(path), "--quiet"],
                              capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("runs", ["0", "-3", "100000000"])
def test_baseline_runs_are_bounded(transcript: Path, tmp_path: Path, capsys,
                                   runs: str) -> None:
    out = tmp_path / "x.html"
    assert main(["report", str(transcript), "--baseline-runs", runs, "-o", str(out)]) == 2
    assert "--baseline-runs must be from 1 to 100,000" in capsys.readouterr().err
    assert not out.exists()


def test_a_big_frontier_is_announced_before_and_timed_after(tmp_path: Path, capsys) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(big_scenario(2, 230, parties=3), encoding="utf-8")  # 52,900 outcomes
    assert main(["run", str(path), "--quiet"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("parley: finding the Pareto frontier of 52,900 outcomes for 3 parties; "
                      "with this many it can take up to a minute")
    assert err[1].startswith("parley: found the Pareto frontier in ")
    assert err[1].endswith(" efficient outcomes") and len(err) == 2
    # The seed scenario's 1,296 outcomes take no time: nothing to announce.
    assert main(["run", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
