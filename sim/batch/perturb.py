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
from sim.scenario.schema import STRATEGIES
from sim.scenario.uncertainty import PREFERENCES, Variation, bounds, scenario_variations


@dataclass(frozen=True, eq=False)
class Draws:
    """Parameters of `n` runs and the values drawn for them."""

    params: RunParams
    """What the engine runs with."""
    columns: dict[str, np.ndarray]
    """Column name → [n] drawn values (floats, or strategy codes for categorical columns)."""
    worlds: dict[str, np.ndarray]
    """Column name → [W] value in each preference world, for the preferences drawn by world
    (the runs' values are these indexed by `params.world`)."""


def base_row(game: Game) -> RunParams:
    """The scenario's own parameters as one run."""
    return RunParams.defaults(game, 1)


def draw(game: Game, variations: list[Variation], keys: np.ndarray,
         base: RunParams | None = None, worlds: np.ndarray | None = None) -> Draws:
    """Each run's parameters: `base` (one row, default the scenario's) with variations drawn.

    Scalar parameters are drawn per run. Preferences (salience, option values) are drawn per
    preference world, since each world needs utility tables over every outcome: a run lives
    in the world its key picks among `worlds`, or, without `worlds`, in a world of its own.

    Args:
        game: the compiled scenario.
        variations: what to vary (paths already checked against the scenario).
        keys: [n] run keys (`sim.negotiation.randomness.seed_keys` of the run seeds).
        base: one row of parameters to start from.
        worlds: [W] keys of the batch's preference worlds (`randomness.world_keys`).
    """
    base = base if base is not None else base_row(game)
    n = len(keys)
    rows = base.take(np.zeros(n, dtype=np.int64))
    scalars = {name: getattr(rows, name).copy() for name in SCALARS.values()}
    strategy = rows.strategy.copy()
    shaped = any(v.field in PREFERENCES for v in variations)
    world_keys = (worlds if worlds is not None else keys) if shaped else keys[:0]
    world = None
    if shaped:
        world = (np.arange(n, dtype=np.int64) if worlds is None else
                 rnd.integers(keys, rnd.slot(rnd.Tag.WORLD), 0, len(world_keys) - 1))
    n_w = len(world_keys)
    weights = np.repeat(base.weights[:1], n_w, axis=0) if shaped else base.weights.copy()
    values = np.repeat(base.values[:1], n_w, axis=0) if shaped else base.values.copy()
    columns: dict[str, np.ndarray] = {}
    worlds_drawn: dict[str, np.ndarray] = {}
    renormalise: set[int] = set()
    for v in variations:
        p = game.party_index(v.party)
        if v.field == "strategy":
            codes = _choose(v, keys)
            strategy[:, p] = codes
            columns[v.column] = codes
            continue
        if v.field in PREFERENCES:
            assert world is not None
            target, index = _preference(game, v, p, weights, values)
            drawn = sample(v, world_keys, float(target[index][0]))
            target[index] = drawn
            worlds_drawn[v.column] = drawn
            columns[v.column] = drawn[world]
            if v.field == "cares":
                renormalise.add(p)
            continue
        array = scalars[SCALARS[v.field]]
        drawn = sample(v, keys, float(array[0, p]))
        array[:, p] = drawn
        columns[v.column] = drawn
    for p in sorted(renormalise):
        # Salience must still sum to 1; the drawn column keeps the weight as drawn.
        total = weights[:, p, :].sum(axis=1, keepdims=True)
        weights[:, p, :] = np.where(total > 0, weights[:, p, :] / np.maximum(total, 1e-12),
                                    1.0 / weights.shape[2])
    params = replace(rows, strategy=strategy, weights=weights, values=values, world=world,
                     **scalars)
    return Draws(params, columns, worlds_drawn)


SCALARS = {"reservation": "reservation", "budget": "budget", "pace": "pace",
           "delay_cost": "delay_cost", "responsiveness": "responsiveness",
           "sharpness": "sharpness", "ratification": "ratify_prob"}
"""Variation field → the per-run `RunParams` array it draws."""


def _preference(game: Game, v: Variation, p: int, weights: np.ndarray, values: np.ndarray,
                ) -> tuple[np.ndarray, tuple[slice | int, ...]]:
    """The preference array a variation writes into and the index of its cells."""
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
    elif dist == "scale":
        out = base * np.exp((2.0 * u - 1.0) * np.log(args[0]))
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


def world_of(game: Game, seed: int, *, pinned: bool = False) -> tuple[RunParams, dict[str, float]]:
    """One game's world: its parameters drawn from the scenario's ranges with its own seed
    (`pinned`: exactly as written), and the draws by path, for its transcript's header.

    Raises:
        VaryError: the scenario's `uncertainty:` block is wrong.
    """
    variations = scenario_variations(game.scenario, pinned=pinned)
    drawn = draw(game, variations, rnd.seed_keys([seed]))
    values = {v.path: (STRATEGIES[int(drawn.columns[v.column][0])] if v.categorical
                       else float(drawn.columns[v.column][0])) for v in variations}
    return drawn.params, values  # type: ignore[return-value]
