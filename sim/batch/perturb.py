"""Drawing each run's parameters from the batch's variations.

Every draw is addressed by the run's key and a slot fixed by the parameter's path (see
`sim.negotiation.randomness`), so run `i` draws the same values whatever chunk or worker
computes it, and adding a variation never changes another's draws. The result is a
`RunParams` the engine takes as it is, plus the drawn values as columns for the results
table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.negotiation import randomness as rnd
from sim.negotiation.game import STRATEGY_CODES, Game
from sim.negotiation.params import RunParams
from sim.scenario.uncertainty import STRATEGIES, Variation, bounds


@dataclass(frozen=True, eq=False)
class Draws:
    """Parameters of `n` runs and the values drawn for them."""

    params: RunParams
    """What the engine runs with."""
    columns: dict[str, np.ndarray]
    """Column name → [n] drawn values (floats, or strategy codes for categorical columns)."""


def base_row(game: Game) -> RunParams:
    """The scenario's own parameters as one run."""
    return RunParams.defaults(game, 1)


def draw(game: Game, variations: list[Variation], keys: np.ndarray,
         base: RunParams | None = None) -> Draws:
    """Each run's parameters: `base` (one row, default the scenario's) with variations drawn.

    Args:
        game: the compiled scenario.
        variations: what to vary (paths already checked against the scenario).
        keys: [n] run keys (`sim.negotiation.randomness.seed_keys` of the run seeds).
        base: one row of parameters to start from.
    """
    base = base if base is not None else base_row(game)
    n = len(keys)
    rows = base.take(np.zeros(n, dtype=np.int64))
    reservation, budget = rows.reservation.copy(), rows.budget.copy()
    pace, strategy = rows.pace.copy(), rows.strategy.copy()
    per_run = any(v.field in ("cares", "values") for v in variations)
    weights = np.repeat(base.weights[:1], n, axis=0) if per_run else base.weights.copy()
    values = np.repeat(base.values[:1], n, axis=0) if per_run else base.values.copy()
    columns: dict[str, np.ndarray] = {}
    renormalise: set[int] = set()
    for v in variations:
        p = game.party_index(v.party)
        if v.field == "strategy":
            codes = _choose(v, keys)
            strategy[:, p] = codes
            columns[v.column] = codes
            continue
        target, index = _target(game, v, p, reservation, budget, pace, weights, values)
        drawn = sample(v, keys, target[index][0] if target.ndim else float(target))
        target[index] = drawn
        columns[v.column] = drawn
        if v.field == "cares":
            renormalise.add(p)
    for p in sorted(renormalise):
        # Salience must still sum to 1; the drawn column keeps the weight as drawn.
        total = weights[:, p, :].sum(axis=1, keepdims=True)
        weights[:, p, :] = np.where(total > 0, weights[:, p, :] / np.maximum(total, 1e-12),
                                    1.0 / weights.shape[2])
    params = replace(rows, reservation=reservation, budget=budget, pace=pace,
                     strategy=strategy, weights=weights, values=values)
    return Draws(params, columns)


def _target(game: Game, v: Variation, p: int, reservation: np.ndarray, budget: np.ndarray,
            pace: np.ndarray, weights: np.ndarray, values: np.ndarray,
            ) -> tuple[np.ndarray, tuple[slice | int, ...]]:
    """The array a variation writes into and the index of its cells."""
    if v.field == "reservation":
        return reservation, (slice(None), p)
    if v.field == "budget":
        return budget, (slice(None), p)
    if v.field == "pace":
        return pace, (slice(None), p)
    i = game.issues.index(str(v.issue))
    if v.field == "cares":
        return weights, (slice(None), p, i)
    k = game.options[i].index(str(v.option))
    return values, (slice(None), p, i, k)


def sample(v: Variation, keys: np.ndarray, base: float) -> np.ndarray:
    """[n] numeric draws of variation `v` around the scenario's value `base`, clipped to range."""
    u = rnd.uniform(keys, _slot(rnd.Tag.PERTURB, v))
    dist, args = v.dist.kind, [float(a) for a in v.dist.args if not isinstance(a, str)]
    if dist == "fixed":
        out = np.full(len(keys), args[0])
    elif dist == "uniform":
        out = args[0] + (args[1] - args[0]) * u
    elif dist == "around":
        out = base - args[0] + 2.0 * args[0] * u
    elif dist == "triangular":
        out = _triangular(u, *args)
    elif dist == "normal":
        # Box-Muller from two addressed uniforms; 1 - u keeps the logarithm finite.
        u2 = rnd.uniform(keys, _slot(rnd.Tag.PERTURB_2, v))
        out = args[0] + args[1] * np.sqrt(-2.0 * np.log(1.0 - u)) * np.cos(2.0 * np.pi * u2)
    else:  # choice of numbers
        out = np.asarray(args)[_pick(u, len(args))]
    low, high = bounds(v.field)
    return np.clip(out, low, high)


def _choose(v: Variation, keys: np.ndarray) -> np.ndarray:
    names = [str(a) for a in v.dist.args]
    codes = np.array([STRATEGY_CODES[name] for name in names], dtype=np.int8)
    return codes[_pick(rnd.uniform(keys, _slot(rnd.Tag.PERTURB, v)), len(names))]


def strategy_names() -> tuple[str, ...]:
    """Strategy names indexed by code, for categorical columns."""
    by_code = {code: name for name, code in STRATEGY_CODES.items()}
    return tuple(by_code.get(c, STRATEGIES[0]) for c in range(len(by_code)))


def _pick(u: np.ndarray, count: int) -> np.ndarray:
    return np.minimum((u * count).astype(np.int64), count - 1)


def _triangular(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    if high == low:
        return np.full(len(u), low)
    cut = (mode - low) / (high - low)
    left = low + np.sqrt(u * (high - low) * (mode - low))
    right = high - np.sqrt((1.0 - u) * (high - low) * (high - mode))
    return np.where(u < cut, left, right)


def _slot(tag: rnd.Tag, v: Variation) -> int:
    # The path's 32-bit checksum fills the slot's index bits: stable and distinct per path.
    return (tag << 40) | v.slot_key
