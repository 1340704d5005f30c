"""Statistics over many runs: how a player's deal compares, how often talks succeed."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.negotiation.engine import Negotiation
from sim.negotiation.game import Game
from sim.negotiation.results import Outcome, Results

TIE_TOLERANCE = 1e-6
"""Utilities this close count as equal: transcripts keep six decimals, so a result read back
from one (0.5075) and the same result computed (0.5075000000000001) must tie."""


def percentile_of(value: float, sample: np.ndarray) -> float:
    """Share of `sample` (in percent) below `value`, ties counting half: the one definition
    of a player's percentile, used by the end screen, the debrief and the class summary.

    `value` is first rounded as a transcript stores it, so the figure is the same whether it
    comes from a game in memory or from its transcript; values within `TIE_TOLERANCE` of it
    tie. The mid-rank definition keeps a player who does exactly as well as every scripted
    player at the 50th percentile rather than at 0 or 100.
    """
    sample = np.asarray(sample, dtype=float)
    if sample.size == 0:
        return float("nan")
    value = round(float(value), 6)
    gap = sample - value
    ties = np.count_nonzero(np.abs(gap) <= TIE_TOLERANCE + 1e-12)
    below = np.count_nonzero(gap < -(TIE_TOLERANCE + 1e-12))
    return 100.0 * (below + 0.5 * ties) / sample.size


@dataclass(frozen=True)
class Proportion:
    """A share with its 95 % Wilson confidence interval."""

    share: float
    low: float
    high: float
    count: int
    total: int


def wilson(count: int, total: int, z: float = 1.959963984540054) -> Proportion:
    """Share `count / total` with its Wilson score interval (sound near 0 and 1)."""
    if total == 0:
        return Proportion(float("nan"), float("nan"), float("nan"), 0, 0)
    p = count / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == total else min(1.0, centre + half)
    return Proportion(p, low, high, count, total)


def scripted_baseline(game: Game, runs: int = 400, seed: int = 0,
                      protocol: str | None = None, random_events: bool = True) -> Results:
    """Results of `runs` all-scripted games with seeds `seed .. seed + runs - 1` (for a
    staged scenario, `game` is the whole scenario's and each game runs through its stages)."""
    seeds = np.arange(seed, seed + runs, dtype=np.uint64)
    if game.scenario.staged:
        from sim.negotiation.stages import StagedPlan, run_staged

        return run_staged(StagedPlan(game.scenario, protocol), seeds,
                          random_events=random_events)
    return Negotiation(game, seeds, protocol=protocol, record=False,
                       random_events=random_events).run()


def deal_rate(results: Results) -> Proportion:
    """Share of runs that ended in a deal."""
    return wilson(int(np.count_nonzero(results.kind == Outcome.DEAL)), int(results.kind.size))
