"""Scripted negotiators, composed from two small policies: how much to want (the target)
and what to table for it (the offer). Acceptance follows from the target.

Targets (utility the party wants this round, never below its floor):
- time-based: `ideal - (ideal - floor) * x ** (1 / e)`, `x` the share of the game gone and
  `e` the budget's pace (Boulware e < 1 holds out, conceder e > 1 gives early);
- hardliner: holds its ideal for four fifths of the game, then concedes in a straight line;
- tit-for-tat: starts at its ideal and, each round, concedes as much as the other parties on
  average said they conceded in the round before (the drop in their stated targets, in their
  own utility), no more; in the last round, with nothing left to reciprocate, its floor.
  Stated targets are public in every answer's reason, so this works alike under alternating
  offers and under a mediator's single text.

Offer: of the outcomes worth at least the target (and crossing none of its own hard red
lines), the one the others should like best by their public positions: the highest sum of
their log-utilities, with publicly known red lines of others treated as ruinous.
"""

from __future__ import annotations

import numpy as np

from sim.actors.base import Actor, Answers, Reason, TableView

TIME_BASED, TIT_FOR_TAT, HARDLINER = 0, 1, 2
HARDLINER_HOLDS = 0.8
"""Share of the game a hardliner holds its ideal before it starts to concede."""
TOLERANCE = 1e-9
"""Utilities closer than this count as equal: 0.1 + 0.55 must meet a floor of 1 - 0.35."""
_RUIN = 10.0
"""Penalty on an outcome that crosses a known red line of another party (in log-utility)."""


def offer_tables(effective: np.ndarray, public: np.ndarray, hard: np.ndarray,
                 public_hard: np.ndarray, party: int) -> tuple[np.ndarray, np.ndarray]:
    """Precompute what party `party` would table for every level of its own utility.

    Outcomes are sorted by the party's utility, best first; `best[:, k]` is the outcome the
    others like best among the first `k + 1` of them (a running arg-max), so a target that
    admits `k + 1` outcomes maps to `best[:, k]` in one look-up.

    Args:
        effective: [B, P, O] utilities after soft costs.
        public: [B, P, O] utilities as the others' public positions show them.
        hard: [P, O] hard red lines.
        public_hard: [P, O] publicly known hard red lines.
        party: the proposer's seat.

    Returns:
        `(sorted_utility, best)`, both [B, O]: the party's utilities in descending order
        (-inf for outcomes crossing its hard lines) and the outcome to table at each depth.
    """
    n_b, n_p, n_o = effective.shape
    own = np.where(hard[party][None, :], -np.inf, effective[:, party, :])
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
    return sorted_u, best


def judge(view: TableView, party: int, runs: np.ndarray, offers: np.ndarray,
          wanted: np.ndarray) -> Answers:
    """A scripted party's answers: accept exactly when the offer meets this round's target.

    The reason says which test failed first: hard red line, reservation value, budget, or
    this round's target.
    """
    rows = view.rows(runs)
    utility = view.effective[rows, party, offers]
    crosses = view.hard[party, offers]
    below_reservation = utility < view.reservation[runs, party] - TOLERANCE
    over_budget = utility < view.ideal[runs, party] - view.budget[runs, party] - TOLERANCE
    below_target = utility < wanted - TOLERANCE
    reason = np.full(len(runs), Reason.ACCEPT, dtype=np.int8)
    reason[below_target] = Reason.TARGET
    reason[over_budget] = Reason.BUDGET
    reason[below_reservation] = Reason.RESERVATION
    reason[crosses] = Reason.RED_LINE
    return Answers(reason == Reason.ACCEPT, reason, wanted)


class ScriptedActor(Actor):
    """A party played by the computer, with the strategy its scenario (or a batch) gives it."""

    def __init__(self, party: int, n_runs: int) -> None:
        super().__init__(party)
        self._tables: tuple[np.ndarray, np.ndarray] | None = None
        self._tables_for: object = None
        self._tft = np.full(n_runs, np.nan)

    def wants(self, view: TableView, runs: np.ndarray) -> np.ndarray:
        """Utility this party aims for in `runs` this round, between its floor and ideal."""
        p = self.party
        ideal, floor = view.ideal[runs, p], view.floor[runs, p]
        x = view.time
        room = np.maximum(ideal - floor, 0.0)
        time_based = ideal - room * np.power(x, 1.0 / view.pace[runs, p])
        late = np.maximum(x - HARDLINER_HOLDS, 0.0) / (1.0 - HARDLINER_HOLDS)
        hardliner = ideal - room * late
        tft = self._tft[runs]
        # In the last round there is nothing left to reciprocate: settle for the floor.
        tft = np.where(np.isnan(tft), ideal, tft) if x < 1.0 else floor
        code = view.strategy[runs, p]
        target = np.where(code == TIT_FOR_TAT, tft,
                          np.where(code == HARDLINER, hardliner, time_based))
        return np.minimum(np.maximum(target, floor), np.maximum(ideal, floor))

    def propose(self, view: TableView, runs: np.ndarray) -> np.ndarray:
        """For each run, the offer the others like best among those worth the target."""
        sorted_u, best = self._offer_tables(view)
        target = self.wants(view, runs) - TOLERANCE
        if sorted_u.shape[0] == 1:
            # Shared tables: count the outcomes worth the target by binary search.
            depth = np.searchsorted(-sorted_u[0], -target, side="right")
            depth = np.maximum(depth, 1)
            return best[0, depth - 1]
        rows = view.rows(runs)
        depth = np.maximum((sorted_u[rows] >= target[:, None]).sum(axis=1), 1)
        return best[rows, depth - 1]

    def respond(self, view: TableView, runs: np.ndarray, offers: np.ndarray) -> Answers:
        """Accept exactly the offers worth this round's target (see `judge`)."""
        return judge(view, self.party, runs, offers, self.wants(view, runs))

    def end_round(self, view: TableView, runs: np.ndarray) -> None:
        """Tit-for-tat: lower the target by the others' average announced concession."""
        p = self.party
        mirror = view.strategy[runs, p] == TIT_FOR_TAT
        if not mirror.any():
            return
        runs = runs[mirror]
        total = np.zeros(len(runs))
        count = np.zeros(len(runs))
        for j in range(view.stated.shape[1]):
            if j == p:
                continue
            drop = view.stated_before[runs, j] - view.stated[runs, j]
            known = ~np.isnan(drop) & view.active[runs, j]
            total += np.where(known, np.maximum(drop, 0.0), 0.0)
            count += known
        conceded = np.where(count > 0, total / np.maximum(count, 1), 0.0)
        current = self._tft[runs]
        current = np.where(np.isnan(current), view.ideal[runs, p], current)
        self._tft[runs] = np.maximum(current - conceded, view.floor[runs, p])

    def memory(self) -> dict[str, np.ndarray]:
        """The tit-for-tat target reached so far (NaN until it first mirrors a concession)."""
        return {"tit_for_tat": self._tft.copy()}

    def restore(self, memory: dict[str, np.ndarray]) -> None:
        """Take up a snapshot's tit-for-tat target in every run."""
        if "tit_for_tat" in memory:
            self._tft[:] = memory["tit_for_tat"][0]

    def utilities_changed(self) -> None:
        """Forget precomputed offer tables."""
        self._tables = None

    def _offer_tables(self, view: TableView) -> tuple[np.ndarray, np.ndarray]:
        # Each round's view wraps the engine's array in a fresh read-only view, so the cache
        # is keyed on the array underneath; otherwise per-run tables are rebuilt every round.
        source = view.effective.base if view.effective.base is not None else view.effective
        if self._tables is None or self._tables_for is not source:
            self._tables = offer_tables(view.effective, view.public, view.hard,
                                        view.public_hard, self.party)
            self._tables_for = source
        return self._tables
