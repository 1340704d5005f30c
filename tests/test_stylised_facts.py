"""Every shipped scenario, under both protocols, shows the variety real talks show.

Staged scenarios (brussels_2026 plays the talks about talks first) are measured on their
final deals over every run, the runs whose talks never opened included; brussels_2026's
settlement table alone is brussels_2026_settlement.

10,000 runs of each scenario × protocol, with the scenario's own `uncertainty:` block drawn
as `parley batch` draws it by default, must meet every `FactTargets` target: deals spread
over many rounds and packages, walk-outs and deadlines both possible, utilities that vary.

Before rules v3 every deal came in the last round and games settled on one or two
packages; these tests keep the variety from quietly coming back down.

A staged scenario's first stage (brussels_2026's talks about talks) is measured too, with
the scenario's default settings: its deals must show a deadline effect with spread, more
than one set of preconditions, and talks that often fail to open. When the talks about talks
were first added, three in four of their deals came in the last of their eight rounds and
nearly nine in ten agreed one package; `test_the_first_stage_shows_a_deadline_effect_with_spread`
keeps that cliff from coming back. They are slow:
`pytest -m slow tests/test_stylised_facts.py` runs them, and
`.venv/bin/python tests/test_stylised_facts.py` prints every measurement.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
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


@dataclass(frozen=True)
class FirstStage:
    """How a staged scenario's first stage ended over a batch (its deals counted in its own
    rounds, 1-based)."""

    stage: str
    """The stage's id."""
    runs: int
    """Runs measured."""
    outcomes: dict[str, float]
    """Share of runs ending the stage in each way (deal, deadline, walk_out)."""
    round_shares: tuple[float, ...]
    """Share of the stage's deals struck in each of its rounds (`[r - 1]` for round `r`)."""
    package_shares: dict[tuple[str, ...], float]
    """Share of the stage's deals agreeing each package (its options, in issue order),
    most common first."""

    @property
    def never_opened(self) -> float:
        """Share of runs whose talks never opened (the stage ended without a deal)."""
        return 1.0 - self.outcomes.get("deal", 0.0)


@cache
def first_stage(path: Path, runs: int = RUNS, seed: int = SEED) -> FirstStage:
    """The first stage of the staged scenario at `path`, over `runs` runs with the default
    settings (`parley batch` without options): each stage under its own protocol, every
    number drawn from its range."""
    scenario = load_scenario(path)
    assert scenario.stages
    stage = scenario.stages[0]
    deadline = (stage.protocol or scenario.protocol).deadline
    rows = run_chunk(staged_job(StagedPlan(scenario), seed), 0, runs)
    prefix = f"stage.{stage.id}."
    outcome = rows[prefix + "outcome"].to_pylist()
    dealt = np.array([o == "deal" for o in outcome])
    rounds = np.asarray(rows[prefix + "round"].to_numpy(), dtype=np.int64)[dealt]
    counts = np.bincount(rounds, minlength=deadline)
    options = [np.array(rows[prefix + issue].to_pylist(), dtype=object)[dealt]
               for issue in stage.issues]
    packages = Counter(zip(*options, strict=True))
    deals = int(dealt.sum())
    return FirstStage(
        stage=stage.id, runs=len(outcome),
        outcomes={kind: n / len(outcome) for kind, n in Counter(outcome).items()},
        round_shares=tuple(float(c) / max(deals, 1) for c in counts),
        package_shares={k: n / max(deals, 1) for k, n in packages.most_common()})


NEVER_OPENED = (0.20, 0.50)
"""The seed's parties are far apart ("even the launch of negotiations will be complex"): the
talks should fail to open in a substantial share of runs, but not in most."""
MAX_LAST_ROUND = 0.60
"""The first stage's last round may hold at most this share of its deals."""
BUSY_ROUND = 0.02
"""A round holding at least this share of the first stage's deals counts as busy..."""
MIN_BUSY_ROUNDS = 4
"""...and at least this many rounds must be busy."""
PACKAGE_SHARE = 0.05
"""A set of preconditions agreed in at least this share of the first stage's deals counts..."""
MIN_PACKAGES = 3
"""...and at least this many must count."""
MAX_PACKAGE = 0.80
"""No one set of preconditions may be agreed in more than this share of the deals."""


def first_stage_misses(f: FirstStage) -> list[str]:
    """The first-stage targets `f` misses, each with what was measured."""
    shares = f.round_shares
    last = shares[-1]
    by_round = " ".join(f"{s:.1%}" for s in shares)
    by_package = "; ".join(f"{'/'.join(k)} {v:.1%}" for k, v in f.package_shares.items())
    missed = []
    low, high = NEVER_OPENED
    if not low <= f.never_opened <= high:
        missed.append(f"talks never opened in {f.never_opened:.1%} of runs, not "
                      f"{low:.0%}-{high:.0%}")
    if not last > max(shares[:-1]):
        missed.append(f"the last round is not the busiest: {by_round}")
    if not last + shares[-2] > 0.5:
        missed.append(f"the last two rounds hold only {last + shares[-2]:.1%} of the deals")
    if not last <= MAX_LAST_ROUND:
        missed.append(f"the last round holds {last:.1%} of the deals, over "
                      f"{MAX_LAST_ROUND:.0%} (a cliff)")
    busy = sum(s >= BUSY_ROUND for s in shares)
    if busy < MIN_BUSY_ROUNDS:
        missed.append(f"only {busy} rounds hold {BUSY_ROUND:.0%} of the deals or more: "
                      f"{by_round}")
    common = [k for k, v in f.package_shares.items() if v >= PACKAGE_SHARE]
    if len(common) < MIN_PACKAGES:
        missed.append(f"only {len(common)} packages hold {PACKAGE_SHARE:.0%} of the deals or "
                      f"more: {by_package}")
    top = max(f.package_shares.values(), default=0.0)
    if top > MAX_PACKAGE:
        missed.append(f"one package holds {top:.1%} of the deals, over {MAX_PACKAGE:.0%}: "
                      f"{by_package}")
    return missed


def _staged(paths: list[Path]) -> list[Path]:
    return [p for p in paths if load_scenario(p).stages]


@pytest.mark.slow  # 10,000 staged runs: a few seconds
@pytest.mark.parametrize("path", _staged(builtin_scenarios()), ids=lambda p: p.stem)
def test_the_first_stage_shows_a_deadline_effect_with_spread(path: Path) -> None:
    """Deals in the talks about talks bunch near their deadline but not all in the last
    round, agree more than one set of preconditions, and often the talks never open."""
    missed = first_stage_misses(first_stage(path))
    assert not missed, f"{path.stem}, first stage, misses:\n  " + "\n  ".join(missed)


def describe_first_stage(f: FirstStage) -> str:
    """The first stage's measurements in a few lines."""
    rounds = " ".join(f"{s:.1%}" for s in f.round_shares)
    packages = "; ".join(f"{'/'.join(k)} {v:.1%}" for k, v in f.package_shares.items())
    outcomes = ", ".join(f"{k} {v:.1%}" for k, v in f.outcomes.items())
    return (f"first stage {f.stage}: {outcomes}; never opened {f.never_opened:.1%}\n"
            f"its deals by round: {rounds}\nits packages: {packages}")


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
        if load_scenario(scenario_path).stages:
            stage_facts = first_stage(scenario_path)
            print(f"== {scenario_path.stem}, first stage, default settings ({RUNS:,} runs)")
            print(describe_first_stage(stage_facts))
            print("missed:" if first_stage_misses(stage_facts) else "every target met")
            for line in first_stage_misses(stage_facts):
                print("  " + line)
            print()
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
