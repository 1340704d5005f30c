"""The outcome space of a scenario as numpy tables: every outcome, every party's utility of it.

An outcome picks one option per issue; outcomes are numbered in lexicographic order of the
option codes, so outcome `o` is row `o` of `Game.table`. Everything the engine decides with
is precomputed here once per scenario: raw utility, soft red-line costs, hard red-line masks.

Sums over issues are written as explicit accumulations in a fixed order rather than as
`einsum`/`matmul`: the result for one run must not depend on how many runs share the array,
or the interactive path and a batch would drift apart by a rounding error.
"""

from __future__ import annotations

import contextlib
import itertools
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from sim.scenario.schema import STRATEGIES, Linear, Party, RedLine, Scenario

STRATEGY_CODES: dict[str, int] = {name: code for code, name in enumerate(STRATEGIES)}
"""Small integer codes of the scripted strategies, as the engine's arrays hold them."""
TIME_BASED = STRATEGY_CODES["time_based"]
TIT_FOR_TAT = STRATEGY_CODES["tit_for_tat"]
HARDLINER = STRATEGY_CODES["hardliner"]


@dataclass(frozen=True, eq=False)
class Game:
    """A scenario compiled to arrays. `P` parties, `I` issues, `K` most options, `O` outcomes."""

    scenario: Scenario
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    table: np.ndarray
    """[O, I] option code of each issue in each outcome."""
    weights: np.ndarray
    """[P, I] salience weights."""
    values: np.ndarray
    """[P, I, K] utility of each option (0 for padding)."""
    soft_cost: np.ndarray
    """[P, O] utility lost to soft red lines crossed by each outcome."""
    hard: np.ndarray
    """[P, O] True where an outcome crosses one of the party's hard red lines."""
    public_hard: np.ndarray
    """[P, O] the same, for red lines the other sides know about."""
    public_soft_cost: np.ndarray
    """[P, O] soft costs of public soft lines."""
    reservation: np.ndarray
    """[P] reservation values."""
    budget: np.ndarray
    """[P] concession budget totals."""
    pace: np.ndarray
    """[P] concession-curve exponents."""
    strategy: np.ndarray
    """[P] strategy codes (see `STRATEGY_CODES`)."""
    delay_cost: np.ndarray
    """[P] utility no deal loses per round."""
    responsiveness: np.ndarray
    """[P] how far the others' concessions set each party's pace (0 to 1)."""
    sharpness: np.ndarray
    """[P] logit sharpness of each party's acceptance."""
    partners: np.ndarray
    """[P, P] `partners[p, q]`: party `p` acts together with party `q`."""
    required: np.ndarray
    """[P] True for parties whose consent a deal needs."""
    at_least: int
    """Accepting parties a deal needs in all."""
    ratify_min: np.ndarray
    """[P] utility below which a party's ratifying body always rejects (0 without one)."""
    ratify_prob: np.ndarray
    """[P] chance the body approves a deal above `ratify_min` (1 without one)."""
    utility: np.ndarray = field(init=False)
    """[P, O] raw utility of every outcome to every party."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "utility", utilities(self.weights, self.values, self.table))
        for arr in (self.table, self.weights, self.values, self.soft_cost, self.hard,
                    self.public_hard, self.public_soft_cost, self.utility):
            arr.setflags(write=False)

    @property
    def n_options(self) -> tuple[int, ...]:
        """Number of options of each issue."""
        return tuple(len(o) for o in self.options)

    @property
    def n_outcomes(self) -> int:
        """Size of the outcome space."""
        return int(self.table.shape[0])

    @property
    def effective(self) -> np.ndarray:
        """[P, O] utility after soft red-line costs: what a party weighs when deciding."""
        return self.utility - self.soft_cost

    def party_index(self, name: str) -> int:
        """Seat number of party `name`."""
        return self.parties.index(name)

    def encode(self, choice: Mapping[str, str]) -> int:
        """Outcome number of a choice of one option per issue.

        Raises:
            KeyError: an issue is missing or an option is unknown.
        """
        index = 0
        for i, issue in enumerate(self.issues):
            opts = self.options[i]
            if issue not in choice:
                raise KeyError(f"no option chosen for issue '{issue}'")
            if choice[issue] not in opts:
                raise KeyError(f"'{choice[issue]}' is not an option of issue '{issue}'")
            index = index * len(opts) + opts.index(choice[issue])
        return index

    def decode(self, outcome: int) -> dict[str, str]:
        """The option chosen on each issue by outcome number `outcome`."""
        row = self.table[outcome]
        return {issue: self.options[i][int(row[i])] for i, issue in enumerate(self.issues)}

    def crossed_lines(self, party: str, outcome: int) -> list[RedLine]:
        """Red lines of `party` that `outcome` crosses, hard ones first."""
        chosen = self.decode(outcome)
        lines = self.scenario.parties[party].red_lines
        crossed = [line for line in lines if line.crossed_by(chosen)]
        return sorted(crossed, key=lambda line: line.kind != "hard")


def utilities(weights: np.ndarray, values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Utility of every outcome: salience-weighted option values summed over issues.

    Args:
        weights: [..., P, I] salience.
        values: [..., P, I, K] option utilities.
        table: [O, I] option codes.

    Returns:
        [..., P, O] utilities.
    """
    out = np.zeros((*np.broadcast_shapes(weights.shape[:-1], values.shape[:-2]), table.shape[0]))
    for i in range(table.shape[1]):
        out += weights[..., i, None] * values[..., i, table[:, i]]
    return out


@dataclass(frozen=True, eq=False)
class WorldTables:
    """What the engine derives from one set of preference worlds, as read-only arrays that
    every negotiation over the same worlds shares (see `world_tables`)."""

    effective: np.ndarray
    """[B, P, O] utilities after soft red-line costs."""
    public: np.ndarray
    """[B, P, O] utilities as public positions show them (public soft costs only)."""
    ideal: np.ndarray
    """[B, P] each party's best utility without crossing its own hard red lines."""


_WORLD_TABLES: weakref.WeakKeyDictionary[Game, OrderedDict[tuple[object, ...], WorldTables]] = \
    weakref.WeakKeyDictionary()
WORLD_TABLES_KEPT = 2
"""Sets of worlds remembered per game: a batch's slices all use the same few."""


def world_tables(game: Game, weights: np.ndarray, values: np.ndarray) -> WorldTables:
    """The utility tables of the preference worlds `weights` [B, P, I] and `values`
    [B, P, I, K] in `game`, computed once and shared.

    Every slice of a batch (and every group of a staged batch) plays in the same worlds, and
    their tables cost as much as thousands of runs; handing out the same read-only arrays
    also lets the scripted parties share the offer tables they build from them. The values
    are exactly those computed afresh (the same operations on the same numbers).
    """
    key = (weights.shape, values.shape, weights.tobytes(), values.tobytes())
    kept = _WORLD_TABLES.setdefault(game, OrderedDict())
    found = kept.get(key)
    if found is not None:
        with contextlib.suppress(KeyError):  # another thread may have just dropped it
            kept.move_to_end(key)
        return found
    utility = utilities(weights, values, game.table)
    effective = utility - game.soft_cost[None]
    public = utility - game.public_soft_cost[None]
    ideal = np.where(game.hard[None], -np.inf, effective).max(axis=2)
    for arr in (effective, public, ideal):
        arr.setflags(write=False)
    found = kept[key] = WorldTables(effective, public, ideal)
    while len(kept) > WORLD_TABLES_KEPT:
        kept.popitem(last=False)
    return found


def compile_game(scenario: Scenario) -> Game:
    """Build the arrays of a validated scenario."""
    issues = tuple(scenario.issues)
    options = tuple(tuple(scenario.issues[i].option_names()) for i in issues)
    parties = tuple(scenario.parties)
    codes = itertools.product(*(range(len(o)) for o in options))
    table = np.array(list(codes), dtype=np.int16).reshape(-1, len(issues))
    kmax = max(len(o) for o in options)
    n_p, n_i, n_o = len(parties), len(issues), table.shape[0]

    weights = np.zeros((n_p, n_i))
    values = np.zeros((n_p, n_i, kmax))
    soft = np.zeros((n_p, n_o))
    public_soft = np.zeros((n_p, n_o))
    hard = np.zeros((n_p, n_o), dtype=bool)
    public_hard = np.zeros((n_p, n_o), dtype=bool)
    for p, name in enumerate(parties):
        party = scenario.parties[name]
        weights[p], values[p] = _preferences(party, issues, options, kmax)
        for line in party.red_lines:
            mask = _line_mask(line, issues, options, table)
            if line.kind == "hard":
                hard[p] |= mask
                if line.public:
                    public_hard[p] |= mask
            else:
                soft[p] += mask * float(line.cost or 0.0)
                if line.public:
                    public_soft[p] += mask * float(line.cost or 0.0)

    ratify_min = np.zeros(n_p)
    ratify_prob = np.ones(n_p)
    for p, name in enumerate(parties):
        rat = scenario.parties[name].ratification
        if rat is not None:
            ratify_min[p], ratify_prob[p] = rat.min_utility, rat.probability
    required = np.array([name in scenario.consent.required for name in parties])
    partners = np.array([[q in scenario.parties[p].acts_with for q in parties] for p in parties],
                        dtype=bool).reshape(n_p, n_p)
    at_least = max(int(required.sum()), scenario.consent.at_least or 0)
    return Game(
        scenario=scenario, parties=parties, issues=issues, options=options, table=table,
        weights=weights, values=values, soft_cost=soft, hard=hard, public_hard=public_hard,
        public_soft_cost=public_soft,
        reservation=np.array([scenario.parties[n].reservation for n in parties]),
        budget=np.array([scenario.parties[n].budget.total for n in parties]),
        pace=np.array([scenario.parties[n].budget.exponent for n in parties]),
        strategy=np.array([STRATEGY_CODES[scenario.parties[n].strategy] for n in parties],
                          dtype=np.int8),
        delay_cost=np.array([scenario.parties[n].delay_cost for n in parties]),
        responsiveness=np.array([scenario.parties[n].style.responsiveness for n in parties]),
        sharpness=np.array([scenario.parties[n].style.sharpness for n in parties]),
        partners=partners,
        required=required, at_least=at_least, ratify_min=ratify_min, ratify_prob=ratify_prob,
    )


def _preferences(party: Party, issues: tuple[str, ...], options: tuple[tuple[str, ...], ...],
                 kmax: int) -> tuple[np.ndarray, np.ndarray]:
    weights = np.array([party.cares.get(issue, 0.0) for issue in issues])
    values = np.zeros((len(issues), kmax))
    for i, issue in enumerate(issues):
        spec = party.values.get(issue)
        if spec is None:
            continue
        n = len(options[i])
        if isinstance(spec, Linear):
            first, last = spec.linear
            values[i, :n] = np.linspace(first, last, n)
        else:
            values[i, :n] = [spec[o] for o in options[i]]
    return weights, values


def _line_mask(line: RedLine, issues: tuple[str, ...], options: tuple[tuple[str, ...], ...],
               table: np.ndarray) -> np.ndarray:
    mask = np.ones(table.shape[0], dtype=bool)
    for issue, crossing in line.condition.items():
        i = issues.index(issue)
        codes = [options[i].index(o) for o in crossing]
        mask &= np.isin(table[:, i], codes)
    return mask
