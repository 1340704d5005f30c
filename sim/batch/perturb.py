"""Drawing each run's parameters from the batch's variations.

Every draw is addressed by the run's key and a slot fixed by the parameter's path (see
`sim.negotiation.randomness`), so run `i` draws the same values whatever chunk or worker
computes it, and adding a variation never changes another's draws. The result is a
`RunParams` the engine takes as it is, plus the drawn values as columns for the results
table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np

from sim.negotiation import randomness as rnd
from sim.negotiation.game import STRATEGY_CODES, Game
from sim.negotiation.params import RunParams
from sim.scenario.schema import STRATEGIES
from sim.scenario.uncertainty import PREFERENCES, Variation, bounds, scenario_variations


class _Columns(Mapping[str, np.ndarray]):
    """Drawn columns in variation order; those of preferences drawn by world are their
    worlds' values indexed by each run's world, worked out when first read."""

    def __init__(self) -> None:
        self._order: list[str] = []
        self._ready: dict[str, np.ndarray] = {}
        self._by_world: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def put(self, column: str, values: np.ndarray) -> None:
        if column not in self._ready and column not in self._by_world:
            self._order.append(column)
        self._by_world.pop(column, None)
        self._ready[column] = values

    def put_by_world(self, column: str, levels: np.ndarray, world: np.ndarray) -> None:
        if column not in self._ready and column not in self._by_world:
            self._order.append(column)
        self._ready.pop(column, None)
        self._by_world[column] = (levels, world)

    def __getitem__(self, column: str) -> np.ndarray:
        found = self._ready.get(column)
        if found is None:
            levels, world = self._by_world.pop(column)  # KeyError: no such column
            found = self._ready[column] = levels[world]
        return found

    def __contains__(self, column: object) -> bool:
        return column in self._ready or column in self._by_world

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


@dataclass(frozen=True, eq=False)
class Draws:
    """Parameters of `n` runs and the values drawn for them."""

    params: RunParams
    """What the engine runs with."""
    columns: Mapping[str, np.ndarray]
    """Column name → [n] drawn values (floats, or strategy codes for categorical columns).
    A preference drawn by world is spread to its runs only when its column is read (a
    batch's rows record the worlds' values instead)."""
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
    rows = base.take(np.zeros(n, dtype=np.int64))  # fresh arrays, one row per run
    scalars = {name: getattr(rows, name) for name in SCALARS.values()}
    strategy = rows.strategy
    shaped = any(v.field in PREFERENCES for v in variations)
    world_keys = (worlds if worlds is not None else keys) if shaped else keys[:0]
    world = None
    if shaped:
        world = (np.arange(n, dtype=np.int64) if worlds is None else
                 rnd.integers(keys, rnd.slot(rnd.Tag.WORLD), 0, len(world_keys) - 1))
    n_w = len(world_keys)
    weights = np.repeat(base.weights[:1], n_w, axis=0) if shaped else base.weights.copy()
    values = np.repeat(base.values[:1], n_w, axis=0) if shaped else base.values.copy()
    columns = _Columns()
    worlds_drawn: dict[str, np.ndarray] = {}
    renormalise: set[int] = set()
    # Every numeric draw up front, a kind of distribution at a time (a batch slice draws a
    # hundred or more parameters; one at a time, numpy's per-call cost was most of it). Each
    # is drawn around the scenario's own value, as when drawn in turn: paths are distinct,
    # so no variation reads a cell another one wrote.
    distinct = len({v.path for v in variations}) == len(variations)
    per_run = [v for v in variations if v.field not in PREFERENCES and v.field != "strategy"]
    per_world = [v for v in variations if v.field in PREFERENCES]
    drawn_runs = drawn_worlds = None
    if distinct:
        drawn_runs = _sample_all(per_run, keys, [
            float(scalars[SCALARS[v.field]][0, game.party_index(v.party)]) for v in per_run])
        by_world = []
        for v in per_world:
            target, index = _preference(game, v, game.party_index(v.party), weights, values)
            by_world.append(float(target[index][0]))
        drawn_worlds = _sample_all(per_world, world_keys, by_world)
    k_run = k_world = 0
    for v in variations:
        p = game.party_index(v.party)
        if v.field == "strategy":
            codes = _choose(v, keys)
            strategy[:, p] = codes
            columns.put(v.column, codes)
            continue
        if v.field in PREFERENCES:
            target, index = _preference(game, v, p, weights, values)
            drawn = (drawn_worlds[k_world] if drawn_worlds is not None  # else a path twice
                     else sample(v, world_keys, float(target[index][0])))
            k_world += 1
            assert world is not None
            columns.put_by_world(v.column, drawn, world)
            target[index] = drawn
            worlds_drawn[v.column] = drawn
            if v.field == "cares":
                renormalise.add(p)
            continue
        array = scalars[SCALARS[v.field]]
        drawn = (drawn_runs[k_run] if drawn_runs is not None
                 else sample(v, keys, float(array[0, p])))
        k_run += 1
        array[:, p] = drawn
        columns.put(v.column, drawn)
    for p in sorted(renormalise):
        # Salience must still sum to 1; the drawn column keeps the weight as drawn.
        total = weights[:, p, :].sum(axis=1, keepdims=True)
        weights[:, p, :] = np.where(total > 0, weights[:, p, :] / np.maximum(total, 1e-12),
                                    1.0 / weights.shape[2])
    params = replace(rows, strategy=strategy, weights=weights, values=values, world=world,
                     **scalars)
    return Draws(params, columns, worlds_drawn)


_SHARED_KINDS = ("around", "uniform")
"""Distributions drawn for many variations at once (plain arithmetic on the uniforms: the
same values as one at a time); the others are drawn one by one by `sample`."""


def _sample_all(vs: list[Variation], keys: np.ndarray, bases: list[float]) -> list[np.ndarray]:
    """`[sample(v, keys, base) for v, base in zip(vs, bases)]`, the common kinds together."""
    out: list[np.ndarray | None] = [None] * len(vs)
    for kind in _SHARED_KINDS:
        group = [k for k, v in enumerate(vs) if v.dist.kind == kind]
        if len(group) < 2:
            continue
        u = rnd.uniforms(keys, [_slot(rnd.Tag.PERTURB, vs[k]) for k in group])
        first, second = (np.array([[float(_numbers(vs[k])[i])] for k in group])
                         for i in (0, 1 if kind == "uniform" else 0))
        if kind == "uniform":
            drawn = first + (second - first) * u
        else:
            drawn = np.array([[bases[k]] for k in group]) - first + 2.0 * first * u
        low, high = (np.array([[bounds(vs[k].field)[i]] for k in group]) for i in (0, 1))
        drawn = np.clip(drawn, low, high)
        for row, k in enumerate(group):
            out[k] = drawn[row]
    return [d if d is not None else sample(v, keys, b)
            for d, v, b in zip(out, vs, bases, strict=True)]


def _numbers(v: Variation) -> list[float]:
    return [float(a) for a in v.dist.args if not isinstance(a, str)]


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
