"""What a party plays each stage of staged talks with, from the scenario alone (no engine).

`sim.negotiation.stages` builds each stage's game with these; the briefs and `parley explain`
state them without importing the engine (a brief is `parley play`'s first screen).
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.scenario.schema import Budget, Scenario


def stage_cares(scenario: Scenario, k: int, name: str, issues: Iterable[str]) -> dict[str, float]:
    """Party `name`'s salience at stage `k`'s table, whose issues are `issues`: the stage's
    own weights if it sets them, else the party's own on those issues, scaled to sum to 1."""
    stages = scenario.stages or []
    at = list(issues)
    over = stages[k].parties.get(name) if stages else None
    if over is not None and over.cares is not None:
        return {i: w for i, w in over.cares.items() if i in at}
    cares = {i: scenario.parties[name].cares.get(i, 0.0) for i in at
             if i in scenario.parties[name].cares}
    total = sum(cares.values())
    return {i: w / total for i, w in cares.items()} if total > 0 else cares


def opening_issues(scenario: Scenario, k: int) -> list[str]:
    """The issues at stage `k`'s table when every earlier stage agreed (its own, and theirs)."""
    stages = scenario.stages or []
    named = {i for stage in stages[:k + 1] for i in stage.issues}
    return [i for i in scenario.issues if i in named]


def stage_numbers(scenario: Scenario, k: int, name: str) -> tuple[float, Budget,
                                                                  dict[str, float]]:
    """Party `name`'s reservation value, budget and salience in stage `k` as it opens
    (before anything carried over from earlier stages moves them)."""
    party = scenario.parties[name]
    stages = scenario.stages or []
    over = stages[k].parties.get(name) if stages else None
    reservation = over.reservation if over is not None and over.reservation is not None \
        else party.reservation
    budget = over.budget if over is not None and over.budget is not None else party.budget
    return reservation, budget, stage_cares(scenario, k, name, opening_issues(scenario, k))
