"""Every shipped scenario, under both protocols, shows the variety real talks show.

Staged scenarios (brussels_2026 plays the talks about talks first) are measured on their
final deals over every run, the runs whose talks never opened included; brussels_2026's
settlement table alone is brussels_2026_settlement.

10,000 runs of each scenario × protocol, with the scenario's own `uncertainty:` block drawn
as `parley batch` draws it by default, must meet every `FactTargets` target: deals spread
over many rounds and packages, walk-outs and deadlines both possible, utilities that vary.

Before rules v3 every deal came in the last round and games settled on one or two
packages; these tests keep the variety from quietly coming back down. They are slow:
`pytest -m slow tests/test_stylised_facts.py` runs them, and
`.venv/bin/python tests/test_stylised_facts.py` prints every measurement.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sim.batch.facts import Facts, missed_targets, stylised_facts
from sim.batch.job import BatchJob, run_chunk
from sim.batch.stages import staged_job
from sim.negotiation.game import compile_game
from sim.negotiation.stages import StagedPlan
from sim.scenario.library import builtin_scenarios
from sim.scenario.loader import load_scenario
from sim.scenario.uncertainty import scenario_variations

RUNS = 10_000
SEED = 1
PROTOCOLS = ("alternating", "mediated")


@cache
def measure(path: Path, protocol: str, runs: int = RUNS, seed: int = SEED) -> Facts:
    """The stylised facts of `runs` runs of the scenario at `path` under `protocol`, with
    every number drawn from its range, as `parley batch` draws them by default."""
    scenario = load_scenario(path)
    game = compile_game(scenario)
    if scenario.stages:  # staged talks: the final deals, over every run (talks that never
        # opened count as runs without a deal); rounds are the last stage's
        job: BatchJob = staged_job(StagedPlan(scenario, protocol), seed)
        deadline = (scenario.stages[-1].protocol or scenario.protocol).deadline
        return stylised_facts(run_chunk(job, 0, runs), deadline, parties=game.parties,
                              issues=game.issues, staged=True)
    job = BatchJob(game, seed, tuple(scenario_variations(scenario)), protocol)
    return stylised_facts(run_chunk(job, 0, runs), scenario.protocol.deadline,
                          parties=game.parties, issues=game.issues)


@pytest.mark.slow  # 10,000 runs a case: about half a minute in all
@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("path", builtin_scenarios(), ids=lambda p: p.stem)
def test_a_shipped_scenario_shows_the_stylised_facts(path: Path, protocol: str) -> None:
    missed = missed_targets(measure(path, protocol))
    assert not missed, f"{path.stem} ({protocol}) misses:\n  " + "\n  ".join(missed)


def describe(f: Facts) -> str:
    """The facts in a few lines."""
    rounds = " ".join(str(c) for c in f.round_counts)
    lines = [
        "outcomes " + ", ".join(f"{k} {v:.1%}" for k, v in f.outcome_rates.items()),
        f"deal rounds (1..{f.deadline}): {rounds}",
        f"deal round mean {f.round_mean:.2f}, sd {f.round_sd:.2f}, {f.distinct_rounds} "
        f"distinct, top round {f.top_round} holds {f.top_round_share:.1%}",
        "fifths " + " ".join(f"{s:.1%}" for s in f.fifth_shares)
        + f"; before the last fifth {f.before_last_fifth_share:.1%}",
        f"distinct packages {f.distinct_packages}",
        "utility mean±sd " + ", ".join(f"{p} {f.utility_mean[p]:.3f}±{f.utility_sd[p]:.3f}"
                                       for p in f.utility_mean),
        "first proposer's advantage " + ", ".join(f"{p} {v:+.3f}"
                                                  for p, v in f.first_advantage.items()),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import time

    for scenario_path in builtin_scenarios():
        for proto in PROTOCOLS:
            started = time.perf_counter()
            facts = measure(scenario_path, proto)
            took = time.perf_counter() - started
            print(f"== {scenario_path.stem} × {proto} ({RUNS:,} runs, {took:.1f} s)")
            print(describe(facts))
            print("missed:" if missed_targets(facts) else "every target met")
            for line in missed_targets(facts):
                print("  " + line)
            print()
