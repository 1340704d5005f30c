"""Pareto frontier and Nash bargaining point of a game, computed exactly over its outcomes.

"Feasible" means an outcome no party whose consent counts could accept in principle: it
crosses none of their hard red lines. Utilities are effective ones (soft red-line costs
taken off), since that is what the parties weigh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.negotiation.game import Game


def pareto_mask(points: np.ndarray, chunk: int = 512) -> np.ndarray:
    """Which rows of `points` ([O, P] utilities) no other row dominates.

    A row is dominated when another is at least as good for everyone and better for someone.
    Duplicates do not dominate each other, so equal best outcomes all stay on the frontier.
    """
    n = points.shape[0]
    keep = np.ones(n, dtype=bool)
    for start in range(0, n, chunk):
        block = points[start:start + chunk]
        ge = np.all(points[None, :, :] >= block[:, None, :], axis=2)
        gt = np.any(points[None, :, :] > block[:, None, :], axis=2)
        keep[start:start + chunk] = ~np.any(ge & gt, axis=1)
    return keep


@dataclass(frozen=True)
class Frontier:
    """The efficient outcomes of a game and its Nash bargaining solution."""

    feasible: np.ndarray
    """[O] outcomes no party in the consent rule rules out by a hard red line."""
    efficient: np.ndarray
    """[O] feasible outcomes on the Pareto frontier."""
    nash: int | None
    """Outcome maximising the product of gains over reservation values, or None when no
    feasible outcome beats every reservation value (no zone of agreement)."""
    nash_product: float

    def is_efficient(self, outcome: int) -> bool:
        """Whether `outcome` is on the frontier."""
        return bool(self.efficient[outcome])

    def distance(self, game: Game, outcome: int) -> float:
        """Euclidean utility distance from `outcome` to the nearest frontier point."""
        eff = game.effective
        points = eff[:, self.efficient].T
        gaps = np.sqrt(((points - eff[:, outcome][None, :]) ** 2).sum(axis=1))
        return float(gaps.min()) if gaps.size else float("nan")


def frontier(game: Game) -> Frontier:
    """Pareto frontier and Nash point of `game`."""
    eff = game.effective
    voters = game.required if game.required.any() else np.ones(len(game.parties), dtype=bool)
    feasible = ~game.hard[voters].any(axis=0)
    efficient = np.zeros(game.n_outcomes, dtype=bool)
    idx = np.flatnonzero(feasible)
    efficient[idx] = pareto_mask(eff[:, idx].T)
    gains = eff - game.reservation[:, None]
    positive = feasible & (gains > 0).all(axis=0)
    if not positive.any():
        return Frontier(feasible, efficient, None, 0.0)
    product = np.where(positive, np.prod(np.clip(gains, 0, None), axis=0), -1.0)
    best = int(np.argmax(product))
    return Frontier(feasible, efficient, best, float(product[best]))


def nash_product(game: Game, outcome: int) -> float:
    """Product of every party's gain over its reservation value (0 if anyone loses)."""
    gains = game.effective[:, outcome] - game.reservation
    return float(np.prod(np.clip(gains, 0, None)))
