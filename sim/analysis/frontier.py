"""Pareto frontier and Nash bargaining point of a game, computed exactly over its outcomes.

"Feasible" means an outcome no party whose consent counts could accept in principle: it
crosses none of their hard red lines. Utilities are effective ones (soft red-line costs
taken off), since that is what the parties weigh.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np

from sim.negotiation.game import Game

progress = logging.getLogger("sim.progress")
"""Where slow work says that it starts and when it is done (the `parley` command prints
these messages on standard error, one line each)."""

SLOW_OUTCOMES = 50_000
"""Feasible outcomes from which finding the frontier of three or more parties is announced:
it takes from about a second (four parties, scattered utilities) to half a minute (ten
parties whose utilities add up to the same on every outcome, so that all 250,000 are
efficient). Two parties' frontier is a sort: under a second for any size."""


def pareto_mask(points: np.ndarray) -> np.ndarray:
    """Which rows of `points` ([O, P] utilities) no other row dominates.

    A row is dominated when another is at least as good for everyone and better for someone.
    Duplicates do not dominate each other, so equal best outcomes all stay on the frontier.

    Divide and conquer (Kung, Luccio and Preparata's maxima algorithm) with vectorised
    leaves: the time grows like O · log(O)^(P-1), not O², so every outcome space the
    validator accepts takes about a second, even one where every outcome is efficient.
    """
    n, width = points.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    # Identical rows share their answer; among distinct rows, "at least as good for everyone"
    # already means "better for someone".
    unique, inverse = np.unique(points, axis=0, return_inverse=True)
    # Best first on the first column, then the next (np.unique sorted ascending).
    order = np.lexsort([-unique[:, j] for j in range(width - 1, -1, -1)])
    ranked = np.ascontiguousarray(unique[order])
    kept = _maxima(ranked, np.arange(len(ranked)))
    keep_unique = np.zeros(len(unique), dtype=bool)
    keep_unique[order[kept]] = True
    return keep_unique[np.ravel(inverse)]


_LEAF = 256
"""Rows below which maxima are found by comparing every pair."""
_PAIRS = 1 << 18
"""Pairs below which a filter step compares every pair."""


def _maxima(points: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The rows (in ranked order: no row weakly dominates one before it) that no other of
    `rows` weakly dominates."""
    if len(rows) <= _LEAF:
        sub = points[rows]
        # Row i can only be weakly dominated by a row before it.
        before = np.tri(len(rows), k=-1, dtype=bool)
        return rows[~np.any(_weakly_dominates(sub, sub) & before, axis=1)]
    half = len(rows) // 2
    high = _maxima(points, rows[:half])
    low = _maxima(points, rows[half:])
    # Every high row is at least as good as every low row on the first column.
    return np.concatenate([high, low[~_filter(points, high, low, 1)]])


def _filter(points: np.ndarray, a: np.ndarray, b: np.ndarray, column: int) -> np.ndarray:
    """[len(b)] whether some row of `a` weakly dominates each row of `b`, given that the
    rows of `a` are already at least as good on every column before `column`."""
    out = np.zeros(len(b), dtype=bool)
    if not len(a) or not len(b):
        return out
    if column == points.shape[1]:
        out[:] = True
        return out
    if len(a) * len(b) <= _PAIRS:
        sub_a, sub_b = points[a, column:], points[b, column:]
        return np.asarray(np.any(_weakly_dominates(sub_b, sub_a), axis=1))
    va, vb = points[a, column], points[b, column]
    if va.min() >= vb.max():  # this column is settled for every pair
        return _filter(points, a, b, column + 1)
    if va.max() < vb.min():  # no row of a reaches any row of b here
        return out
    # Split on this column at the median of both sets: a row of a above the cut is at
    # least as good here as any row of b below it; one below never reaches one above.
    cut = float(np.median(np.concatenate([va, vb])))
    a_hi, b_hi = va >= cut, vb >= cut
    if a_hi.all() and b_hi.all():
        cut = float(np.nextafter(cut, np.inf))  # all at or above the median: split above
        a_hi, b_hi = va >= cut, vb >= cut
    out[b_hi] = _filter(points, a[a_hi], b[b_hi], column)
    low = ~b_hi
    out[low] = _filter(points, a[a_hi], b[low], column + 1)
    still = low.copy()
    still[low] = ~out[low]
    out[still] = _filter(points, a[~a_hi], b[still], column)
    return out


def _weakly_dominates(rows: np.ndarray, by: np.ndarray) -> np.ndarray:
    """[len(rows), len(by)] whether each row of `by` is at least as good as each of `rows`
    on every column (one [rows, by] plane per column: far faster than a 3-D array)."""
    ge = by[None, :, 0] >= rows[:, 0, None]
    for j in range(1, rows.shape[1]):
        ge &= by[None, :, j] >= rows[:, j, None]
    return ge


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
    slow = len(idx) >= SLOW_OUTCOMES and len(eff) >= 3
    if slow:
        progress.info("finding the Pareto frontier of %s outcomes for %d parties; with "
                      "this many it can take up to a minute", f"{len(idx):,}", len(eff))
    started = time.perf_counter()
    efficient[idx] = pareto_mask(eff[:, idx].T)
    if slow:
        progress.info("found the Pareto frontier in %.1f s: %s efficient outcomes",
                      time.perf_counter() - started, f"{int(efficient.sum()):,}")
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
