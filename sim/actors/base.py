"""The one interface every actor implements, scripted or human.

As in NegMAS's negotiator/mechanism split, an actor sees a read-only view of the table and
returns a response; it never touches the engine. Views and responses carry a leading run axis
so that one actor decides for a whole batch of runs at once; a person plays a batch of one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import simpy


class Reason(IntEnum):
    """Why an answer was given; the transcript turns these into sentences."""

    ACCEPT = 0
    """The offer meets what the party wanted this round."""
    RED_LINE = 1
    """The offer crosses one of the party's hard red lines."""
    RESERVATION = 2
    """The offer is worth less than no deal at all."""
    BUDGET = 3
    """Accepting would spend more than the party's concession budget."""
    TARGET = 4
    """The offer is worth less than the party wanted this round."""
    PERSON = 5
    """A person decided."""


@dataclass(frozen=True, eq=False)
class TableView:
    """What an actor may read about the table: arrays with a leading run axis (read-only).

    `B` is 1 when all runs share utilities and `N` when runs have their own.
    """

    round: int
    """Current round, from 0."""
    deadline: int
    """Number of rounds; the last round is `deadline - 1`."""
    effective: np.ndarray
    """[B, P, O] each party's utility of each outcome after soft red-line costs."""
    public: np.ndarray
    """[B, P, O] each party's utility as the others can estimate it from public positions."""
    hard: np.ndarray
    """[P, O] hard red lines (own ones are known to each party)."""
    public_hard: np.ndarray
    """[P, O] hard red lines the other sides know of."""
    ideal: np.ndarray
    """[N, P] best utility each party can reach without crossing its hard red lines."""
    floor: np.ndarray
    """[N, P] lowest utility each party may accept: reservation or budget, whichever is higher."""
    reservation: np.ndarray
    """[N, P] reservation values."""
    budget: np.ndarray
    """[N, P] concession budget totals."""
    pace: np.ndarray
    """[N, P] concession-curve exponents."""
    strategy: np.ndarray
    """[N, P] strategy codes."""
    active: np.ndarray
    """[N, P] parties still at the table."""
    stated: np.ndarray
    """[N, P] the utility each party said it wanted in the last round (NaN: not said)."""
    stated_before: np.ndarray
    """[N, P] the same, one round earlier: together they show who conceded how much."""

    def rows(self, runs: np.ndarray) -> np.ndarray:
        """Row of the utility tables for each run (all 0 when utilities are shared)."""
        return runs if self.effective.shape[0] > 1 else np.zeros_like(runs)

    @property
    def time(self) -> float:
        """Fraction of the game gone: 0 in the first round, 1 in the last."""
        return self.round / max(self.deadline - 1, 1)


@dataclass(frozen=True)
class Answers:
    """Answers of one party in several runs."""

    accept: np.ndarray
    """[n] True where the party accepts."""
    reason: np.ndarray
    """[n] `Reason` codes."""
    wanted: np.ndarray
    """[n] utility the party wanted this round (NaN for a person)."""


class Actor(ABC):
    """Decides for one party (seat `party`) across the runs it is asked about.

    Besides proposing and answering, every actor has the same small set of hooks, no-ops by
    default, through which the engine tells it what happened; the engine never asks what
    kind of actor it holds.
    """

    def __init__(self, party: int) -> None:
        self.party = party

    @abstractmethod
    def propose(self, view: TableView, runs: np.ndarray) -> np.ndarray | simpy.Event:
        """Outcome numbers to table in `runs`, or an event that will carry a person's offer."""

    @abstractmethod
    def respond(self, view: TableView, runs: np.ndarray,
                offers: np.ndarray) -> Answers | simpy.Event:
        """Answers to `offers` (one per run), or an event that will carry a person's answer."""

    def endorse(self, view: TableView, runs: np.ndarray, offers: np.ndarray) -> np.ndarray | None:
        """[n] whether the actor's own tabled `offers` count as its yes, or None when it
        answers its own text like every other party (a scripted mediating party).

        A scripted proposer says yes exactly where its own answer would."""
        answers = self.respond(view, runs, offers)
        assert isinstance(answers, Answers)
        return answers.accept

    def hear(self, view: TableView, runs: np.ndarray, seat: int, offers: np.ndarray,
             answers: Answers) -> None:
        """Party `seat` answered `offers` in `runs` (its own answers included)."""

    def end_round(self, view: TableView, runs: np.ndarray) -> None:
        """Learn from the round just ended in `runs` (every party's stated target is in
        `view.stated`)."""

    def utilities_changed(self) -> None:
        """Utilities changed (an event moved an option's value): forget what was derived
        from them."""

    def wants(self, view: TableView, runs: np.ndarray) -> np.ndarray:
        """[n] utility the party aims for this round (NaN when a person decides)."""
        return np.full(len(runs), np.nan)

    def memory(self) -> dict[str, np.ndarray]:
        """What the actor has learnt so far, per run (leading run axis), for snapshots."""
        return {}

    def restore(self, memory: dict[str, np.ndarray]) -> None:
        """Take up `memory` (one row, as `memory()` gave it) in every run."""
