"""Scripted negotiators, composed from three small policies: how much to want (the target),
what to table for it (the offer), and what to accept (bounded-rational acceptance).

Target (utility the party wants this round, between its floor and its ideal; the floor is
the higher of what no deal is worth now and its ideal minus its concession budget):
- its own schedule: time-based, `share = x ** (1 / e)` of the way from ideal to floor, `x`
  the share of the game gone and `e` the budget's pace (Boulware e < 1 holds out, conceder
  e > 1 gives early); or hardliner, nothing for four fifths of the game, then a straight line;
- impatience: a party whose stalemate costs it `C` over the whole game (its per-round cost
  of delay times the rounds) concedes as if its pace were `1 + URGENCY * C` times its own;
- responsiveness `r`: the schedule is blended with the others' concessions so far, each in
  its own terms as stated at the table (the drop from its first stated target), as a share
  of the party's own room: `share = (1 - r) * schedule + r * others`. A party facing others
  who give ground gives ground faster; one facing a wall slows down;
- tit-for-tat: starts at its ideal and, each round, concedes as much as the others on average
  said they conceded in the round before, no more; in the last round, its floor.

Offer: of the outcomes worth at least the target (crossing none of its own hard red lines),
the one the others should like best by their public positions (the highest sum of their
log-utilities, a publicly known red line of theirs ruinous); then, among that one and the
few outcomes just above the target, whichever the others should like best when the holdout
(the party whose stated demand the first choice leaves furthest behind) is read through the
model of what it has tabled and accepted (`OpponentModel`) rather than by its position.

Acceptance: an offer that meets the target is accepted; one a gap `g` below it is accepted
with chance `2 / (1 + exp(sharpness * g))` (a logit rule: near-misses sometimes settle,
wide gaps almost never), drawn from the run's addressed randomness. Never across its own
hard red line, below what no deal is worth, or beyond its budget; and a party that acts
together with others rejects a text crossing one of their public hard red lines.

Everything a scripted party reads is in its `PartyView`: public positions, what was said
and tabled, and its own private numbers; never another party's.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from sim.actors.base import Actor, Answers, PartyView, Reason
from sim.actors.opponent_model import OpponentModel
from sim.negotiation import randomness as rnd
from sim.negotiation.game import HARDLINER, TIT_FOR_TAT

HARDLINER_HOLDS = 0.8
"""Share of the game a hardliner holds its ideal before it starts to concede."""
URGENCY = 4.0
"""How much a whole game's cost of delay speeds a party's pace (see the module text)."""
WINDOW = 3
"""Outcomes just above the target among which the opponent model picks the offer."""
TOLERANCE = 1e-9
"""Utilities closer than this count as equal: 0.1 + 0.55 must meet a floor of 1 - 0.35."""
_SPAN = 1.5
"""Utilities (and targets) are clipped to ±this in the stacked search: all lie in [-1, 1]
but for -inf, which marks an outcome across the party's own hard red line."""
_STRIDE = 4.0
"""Offset between worlds in the stacked search: more than twice `_SPAN`."""
_RUIN = 10.0
"""Penalty on an outcome that crosses a known red line of another party (in log-utility)."""
_SORT_KEYS = 2048
"""From this many runs on, the stacked search sorts its keys first (see `_depths`)."""
_LOWEST = float(np.finfo(np.float64).min)
"""The most negative finite float."""


def offer_tables(utility: np.ndarray, public: np.ndarray, hard: np.ndarray,
                 public_hard: np.ndarray, party: int,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precompute what party `party` would table for every level of its own utility.

    Outcomes are sorted by the party's utility, best first; `best[:, k]` is the outcome the
    others like best by their public positions among the first `k + 1` (a running arg-max),
    so a target that admits `k + 1` outcomes maps to `best[:, k]` in one look-up.

    Args:
        utility: [B, O] the party's own utilities after soft costs.
        public: [B, P, O] utilities as the parties' public positions show them.
        hard: [O] the party's own hard red lines.
        public_hard: [P, O] publicly known hard red lines.
        party: the proposer's seat.

    Returns:
        `(sorted_utility, order, best)`, each [B, O]: the party's utilities in descending
        order (-inf for outcomes crossing its hard lines), the outcomes in that order, and the
        outcome to table at each depth.
    """
    n_b, n_p, n_o = public.shape
    own = np.where(hard[None, :], -np.inf, utility)
    score = np.zeros((n_b, n_o))
    for j in range(n_p):
        if j != party:
            score += np.log(np.maximum(public[:, j, :], 0.01)) - _RUIN * public_hard[j][None, :]
    order = np.argsort(-own, axis=1, kind="stable")
    sorted_u = np.take_along_axis(own, order, axis=1)
    sorted_score = np.take_along_axis(score, order, axis=1)
    running = np.maximum.accumulate(sorted_score, axis=1)
    record = np.ones((n_b, n_o), dtype=bool)
    record[:, 1:] = sorted_score[:, 1:] > running[:, :-1]
    where = np.maximum.accumulate(np.where(record, np.arange(n_o), 0), axis=1)
    best = np.take_along_axis(order, where, axis=1)
    return sorted_u, order, best


_SHARED: OrderedDict[tuple[int, ...], tuple[tuple[object, ...],
                                            tuple[np.ndarray, np.ndarray, np.ndarray]]] = \
    OrderedDict()
"""Offer tables by the arrays they were built from (most recent last)."""
_SHARED_SIZE = 16
"""Tables kept: a batch's slices, or a staged batch's groups, share a few sets of worlds."""


def _shared_tables(view: PartyView, party: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`offer_tables` of `party`'s view, shared by every actor that sees the same arrays.

    The engine takes each set of preference worlds' utilities from a cache of read-only
    arrays (`sim.negotiation.game.world_tables`), so the slices of a batch, and the groups of
    a staged batch, hand their parties the very same arrays: the tables built for one serve
    them all. The entry holds the arrays themselves, so their ids cannot be reused while it
    lives; arrays that are not shared (a game whose event moved a value) simply miss.
    """
    owners = (_owner(view.utility), _owner(view.public), _owner(view.hard),
              _owner(view.public_hard))
    key = (*(id(a) for a in owners), party)
    hit = _SHARED.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
        with contextlib.suppress(KeyError):  # another thread may have just dropped it
            _SHARED.move_to_end(key)
        return hit[1]
    tables = offer_tables(view.utility, view.public, view.hard, view.public_hard, party)
    if all(not np.asarray(a).flags.writeable for a in owners[:2]):
        # Only arrays nobody can change in place may stand for their contents.
        _SHARED[key] = (owners, tables)
        while len(_SHARED) > _SHARED_SIZE:
            _SHARED.popitem(last=False)
    return tables


_STACKED: dict[int, tuple[np.ndarray, np.ndarray]] = {}
"""Stacked search arrays by the sorted utilities they come from (see `_stacked`)."""


def _stacked(sorted_u: np.ndarray) -> np.ndarray:
    """Every world's sorted utilities laid end to end for one binary search, each world
    shifted by a multiple of `_STRIDE` so the worlds never interleave (shared like the tables
    they come from)."""
    hit = _STACKED.get(id(sorted_u))
    if hit is not None and hit[0] is sorted_u:
        return hit[1]
    n_w, _ = sorted_u.shape
    flat = (np.clip(-sorted_u, -_SPAN, _SPAN) + _STRIDE * np.arange(n_w)[:, None]).reshape(-1)
    if any(sorted_u is t[0] for _, t in _SHARED.values()):
        _STACKED[id(sorted_u)] = (sorted_u, flat)
        live = {id(t[0]) for _, t in _SHARED.values()}
        for stale in [k for k in _STACKED if k not in live]:
            del _STACKED[stale]
    return flat


def judge(view: PartyView, runs: np.ndarray, offers: np.ndarray,
          wanted: np.ndarray, limits: tuple[np.ndarray, np.ndarray] | None = None) -> Answers:
    """A scripted party's answers: the target, softened by bounded-rational acceptance.

    The reason says which test decided, the hardest first: its hard red line, a partner's
    public red line, what no deal is worth, its budget, then this round's target.

    Args:
        limits: [n] the least utility its reservation and its budget allow, less the
            tolerance, when already worked out (`ScriptedActor` does so once a round).
    """
    utility = np.take(view.utility, view.rows(runs) * view.utility.shape[1] + offers)
    crosses = view.hard[offers]
    partner = np.zeros(len(runs), dtype=bool)
    for q in np.flatnonzero(view.partners):
        partner |= view.public_hard[q, offers] & view.active[runs, q]
    if limits is None:
        limits = (view.reservation[runs] - TOLERANCE,
                  view.ideal[runs] - view.budget[runs] - TOLERANCE)
    below_reservation = utility < limits[0]
    over_budget = utility < limits[1]
    gap = wanted - utility
    below_target = gap > TOLERANCE
    reason = np.full(len(runs), Reason.ACCEPT, dtype=np.int8)
    reason[below_target] = Reason.TARGET
    # Only a near miss that passes every harder test is a question of chance; a run's draw
    # is the same whoever else is asked, so drawing for these runs alone changes nothing.
    open_ = np.flatnonzero(below_target & ~(over_budget | below_reservation | partner | crosses))
    if open_.size:
        chance = 2.0 / (1.0 + np.exp(np.minimum(view.sharpness[runs[open_]] * gap[open_],
                                                700.0)))
        draw = rnd.uniform(view.keys[runs[open_]],
                           rnd.slot(rnd.Tag.ACCEPTANCE, view.seat, view.round))
        reason[open_[draw < chance]] = Reason.NEAR_ENOUGH
    reason[over_budget] = Reason.BUDGET
    reason[below_reservation] = Reason.RESERVATION
    reason[partner] = Reason.PARTNER
    reason[crosses] = Reason.RED_LINE
    accept = (reason == Reason.ACCEPT) | (reason == Reason.NEAR_ENOUGH)
    return Answers(accept, reason, wanted)


def _owner(a: np.ndarray) -> object:
    """The array a view looks into (each round's view wraps the engine's arrays afresh)."""
    return a.base if a.base is not None else a


@dataclass(frozen=True, eq=False)
class _Static:
    """A party's target inputs that stay fixed for a whole negotiation, one value per run."""

    exponent: np.ndarray
    """1 / (pace * impatience): the time-based schedule is `time ** exponent`."""
    hardliner: np.ndarray | None
    """Runs where it plays hardliner (None: none)."""
    tit_for_tat: np.ndarray | None
    """Runs where it plays tit-for-tat (None: none)."""
    r: np.ndarray
    """Responsiveness."""
    rest: np.ndarray
    """1 - responsiveness."""


class ScriptedActor(Actor):
    """A party played by the computer, with the strategy its scenario (or a batch) gives it.

    Args:
        party: its seat.
        n_runs: runs it plays.
        n_options: options of each issue.
        table: [O, I] option codes of every outcome.
    """

    def __init__(self, party: int, n_runs: int, model: OpponentModel) -> None:
        super().__init__(party)
        self._tables: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._tables_for: object = None
        self._stacked: tuple[np.ndarray, np.ndarray] | None = None
        self._tft = np.full(n_runs, np.nan)
        self._wanted: tuple[int, object, np.ndarray] | None = None
        self._limits: tuple[int, object, np.ndarray, np.ndarray] | None = None
        self._static_for: tuple[object, ...] | None = None
        self._static_data: _Static | None = None
        self._other_seats: np.ndarray | None = None
        self._ruin_for: object = None
        self._ruin_table: np.ndarray | None = None
        self.model = model
        """What the table has shown of every party's priorities: public, so the engine keeps
        one for all the scripted parties and each reads it about the others."""

    # ------------------------------------------------------------------ target

    def wants(self, view: PartyView, runs: np.ndarray) -> np.ndarray:
        """Utility this party aims for in `runs` this round, between its floor and ideal.

        Nothing it depends on changes between the table's sitting and the round's end, so
        it is worked out once a round for every run and looked up after that."""
        source = view.floor.base if view.floor.base is not None else view.floor
        cached = self._wanted
        if cached is None or cached[0] != view.round or cached[1] is not source:
            cached = self._wanted = (view.round, source, self._target(view))
        return cached[2][runs]

    def _static(self, view: PartyView) -> _Static:
        """What of the target does not change during a negotiation (parameters are drawn
        once; events move reservations, budgets and values, never these)."""
        key = tuple(_owner(a) for a in (view.pace, view.delay_cost, view.strategy,
                                         view.responsiveness))
        if self._static_for is None or any(a is not b for a, b in zip(key, self._static_for,
                                                                       strict=True)):
            impatience = 1.0 + URGENCY * view.delay_cost * (view.deadline - 1)
            code = view.strategy
            hardliner = code == HARDLINER
            tit_for_tat = code == TIT_FOR_TAT
            r = view.responsiveness.copy()
            self._static_data = _Static(
                exponent=1.0 / (view.pace * impatience),
                hardliner=hardliner if hardliner.any() else None,
                tit_for_tat=tit_for_tat if tit_for_tat.any() else None,
                r=r, rest=1.0 - r)
            self._static_for = key
        assert self._static_data is not None
        return self._static_data

    def _target(self, view: PartyView) -> np.ndarray:
        """[N] the target in every run (whole columns: no gathers)."""
        fixed = self._static(view)
        ideal, floor = view.ideal, view.floor
        x = view.time
        room = np.maximum(ideal - floor, 0.0)
        schedule = np.power(x, fixed.exponent)
        if fixed.hardliner is not None:
            late = max(x - HARDLINER_HOLDS, 0.0) / (1.0 - HARDLINER_HOLDS)
            schedule = np.where(fixed.hardliner, late, schedule)
        share = fixed.rest * schedule + fixed.r * self._others_share(view, room)
        target = ideal - room * share
        if fixed.tit_for_tat is not None:
            tft = self._tft
            # In the last round there is nothing left to reciprocate: settle for the floor.
            tft = np.where(np.isnan(tft), ideal, tft) if x < 1.0 else floor
            target = np.where(fixed.tit_for_tat, tft, target)
        return np.minimum(np.maximum(target, floor), np.maximum(ideal, floor))

    def _others_share(self, view: PartyView, room: np.ndarray) -> np.ndarray:
        """[N] the others' average concession so far (drop from their first stated target),
        as a share of this party's room."""
        n = len(room)
        # Every party's concession in one pass over the [N, P] table, then summed over the
        # others in seat order.
        drop = view.opening - view.stated
        known = ~np.isnan(drop)
        known &= view.active
        given = np.where(known, np.maximum(drop, 0.0), 0.0)
        total = np.zeros(n)
        count = np.zeros(n)
        for j in range(view.stated.shape[1]):
            if j == self.party:
                continue
            total += given[:, j]
            count += known[:, j]
        conceded = total / np.maximum(count, 1)
        return np.clip(conceded / np.maximum(room, 0.01), 0.0, 1.0)

    # ------------------------------------------------------------------ offers

    def propose(self, view: PartyView, runs: np.ndarray) -> np.ndarray:
        """For each run, the offer the others should like best among those worth the target."""
        sorted_u, order, best = self._offer_tables(view)
        target = self.wants(view, runs) - TOLERANCE
        rows = view.rows(runs)
        _, n_p, n_o = view.public.shape
        if sorted_u.shape[0] == 1:
            # Shared tables: count the outcomes worth the target by binary search.
            depth = np.searchsorted(-sorted_u[0], -target, side="right")
        else:
            depth = self._depths(sorted_u, rows, target)
        depth = np.maximum(depth, 1)
        at = rows * n_o + depth - 1
        chosen = np.take(best, at)
        if not self.model.seen[:, runs].any():
            return chosen
        # Among the outcomes just above the target, the one the others should like best,
        # reading the holdout (the party its stated demand leaves furthest from this offer)
        # through the model of what it has tabled and accepted rather than its position alone.
        n = len(runs)
        candidates = np.empty((n, 1 + WINDOW), dtype=chosen.dtype)
        candidates[:, 0] = chosen
        for k in range(WINDOW):  # the k-th outcome above the target (the best one at least)
            candidates[:, 1 + k] = np.take(order, np.maximum(at - k, rows * n_o) if k else at)
        others = self._others(n_p)
        # Flat look-ups: [n, J, C] cells of the [B, P, O] public utilities and [P, O] lines.
        seat_cells = (others * n_o)[None, :, None] + candidates[:, None, :]
        public = np.take(view.public, (rows * (n_p * n_o))[:, None, None] + seat_cells)
        liking = np.log(np.maximum(public, 0.01))
        term = liking - np.take(self._ruin(view), seat_cells)
        there = np.take(np.take(view.active, runs, axis=0), others, axis=1)
        score = np.zeros(candidates.shape)
        if there.all():
            for k in range(len(others)):
                score += term[:, k]
        else:
            for k in range(len(others)):
                score += np.where(there[:, k, None], term[:, k], 0.0)
        stated = np.take(np.take(view.stated, runs, axis=0), others, axis=1)
        gap = stated - public[:, :, 0]
        # A party at the table with no stated demand (a person) comes last; one that left
        # comes just before it (the finite floor `nan_to_num` gave it, kept for the same picks).
        gap[np.isnan(gap)] = -np.inf
        gap[~there] = _LOWEST
        holdout = np.argmax(gap, axis=1)
        pick = np.arange(n)
        # The holdout's [n, C] block of the [n, J, C] public utilities, by one flat take.
        block = ((pick * len(others) + holdout) * (1 + WINDOW))[:, None] + np.arange(1 + WINDOW)
        theirs = np.take(public, block)
        read = self.model.estimate(runs, others[holdout], candidates, theirs)
        score += np.log(np.maximum(read, 0.01)) - np.take(liking, block)
        return np.take(candidates, pick * (1 + WINDOW) + np.argmax(score, axis=1))

    def _others(self, n_p: int) -> np.ndarray:
        """The other parties' seats."""
        if self._other_seats is None or len(self._other_seats) != n_p - 1:
            self._other_seats = np.array([j for j in range(n_p) if j != self.party])
        return self._other_seats

    def _ruin(self, view: PartyView) -> np.ndarray:
        """[P, O] the penalty on outcomes crossing another party's known red line."""
        if self._ruin_for is not view.public_hard:
            self._ruin_table = _RUIN * view.public_hard
            self._ruin_for = view.public_hard
        assert self._ruin_table is not None
        return self._ruin_table

    def _depths(self, sorted_u: np.ndarray, rows: np.ndarray, target: np.ndarray) -> np.ndarray:
        """[n] how many outcomes of each run's world are worth its target.

        One binary search over every world's sorted utilities laid end to end, each world
        shifted by a multiple of `_STRIDE` so the worlds never interleave.
        """
        if self._stacked is None or self._stacked[0] is not sorted_u:
            self._stacked = (sorted_u, _stacked(sorted_u))
        flat = self._stacked[1]
        n_o = sorted_u.shape[1]
        keys = np.clip(-target, -_SPAN, _SPAN) + _STRIDE * rows
        if len(keys) < _SORT_KEYS:
            return np.searchsorted(flat, keys, side="right") - n_o * rows
        # Searched in key order, consecutive searches walk the same path through the tables
        # and find it in the cache: several times faster than random order on big slices.
        order = np.argsort(keys)
        found = np.empty(len(keys), dtype=np.intp)
        found[order] = np.searchsorted(flat, keys[order], side="right")
        return found - n_o * rows

    def _offer_tables(self, view: PartyView) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Each round's view wraps the engine's array in a fresh read-only view, so the cache
        # is keyed on the array underneath; otherwise the tables would be rebuilt every round.
        source = view.public.base if view.public.base is not None else view.public
        if self._tables is None or self._tables_for is not source:
            self._tables = _shared_tables(view, self.party)
            self._tables_for = source
        return self._tables

    # ------------------------------------------------------------------ answers

    def respond(self, view: PartyView, runs: np.ndarray, offers: np.ndarray) -> Answers:
        """Accept what meets this round's target, and sometimes a near miss (see `judge`)."""
        source = view.floor.base if view.floor.base is not None else view.floor
        cached = self._limits
        if cached is None or cached[0] != view.round or cached[1] is not source:
            # Like the target: reservation, budget and ideal change only with the floor.
            cached = self._limits = (view.round, source, view.reservation - TOLERANCE,
                                     view.ideal - view.budget - TOLERANCE)
        return judge(view, runs, offers, self.wants(view, runs),
                     (cached[2][runs], cached[3][runs]))

    # ------------------------------------------------------------------ learning

    def end_round(self, view: PartyView, runs: np.ndarray) -> None:
        """Tit-for-tat: lower the target by the others' average announced concession."""
        p = self.party
        mirrors = self._static(view).tit_for_tat
        if mirrors is None:  # it plays tit-for-tat in no run
            return
        mirror = mirrors[runs]
        if not mirror.any():
            return
        runs = runs[mirror]
        # Every party's announced concession in one pass over the runs' [n, P] rows, then
        # summed over the others in seat order.
        drop = np.take(view.stated_before, runs, axis=0) - np.take(view.stated, runs, axis=0)
        known = ~np.isnan(drop)
        known &= np.take(view.active, runs, axis=0)
        given = np.where(known, np.maximum(drop, 0.0), 0.0)
        total = np.zeros(len(runs))
        count = np.zeros(len(runs))
        for j in range(view.stated.shape[1]):
            if j == p:
                continue
            total += given[:, j]
            count += known[:, j]
        conceded = np.where(count > 0, total / np.maximum(count, 1), 0.0)
        current = self._tft[runs]
        current = np.where(np.isnan(current), view.ideal[runs], current)
        self._tft[runs] = np.maximum(current - conceded, view.floor[runs])

    def utilities_changed(self) -> None:
        """Forget precomputed offer tables."""
        self._tables = None

    def memory(self) -> dict[str, np.ndarray]:
        """The tit-for-tat target reached so far."""
        return {"tit_for_tat": self._tft.copy()}

    def restore(self, memory: dict[str, np.ndarray]) -> None:
        """Take up a snapshot's memory in every run."""
        if "tit_for_tat" in memory:
            self._tft[:] = memory["tit_for_tat"][0]

