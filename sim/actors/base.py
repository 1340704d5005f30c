"""The one interface every actor implements, scripted or human.

As in NegMAS's negotiator/mechanism split, an actor sees a read-only view of the table and
returns a response; it never touches the engine. Views and responses carry a leading run axis
so that one actor decides for a whole batch of runs at once; a person plays a batch of one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
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
    NEAR_ENOUGH = 6
    """The offer is a little below what the party wanted, and it settles for it."""
    PARTNER = 7
    """The offer crosses a public red line of a party it acts together with."""


@dataclass(frozen=True, eq=False)
class TableView:
    """The whole table, every party's private numbers included: the modeller's truth, for
    the engine's own bookkeeping and the transcript. Actors get `for_party(seat)`.

    Arrays have a leading run axis (read-only). `B` is the number of preference worlds:
    1 when all runs share utilities; `world` maps each run to its row.
    """

    round: int
    """Current round, from 0."""
    deadline: int
    """Number of rounds; the last round is `deadline - 1`."""
    keys: np.ndarray
    """[N] run keys for addressed random draws (`sim.negotiation.randomness`)."""
    world: np.ndarray
    """[N] row of the utility tables for each run."""
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
    """[N, P] what no deal is worth now (costs of delay lower it round by round)."""
    budget: np.ndarray
    """[N, P] concession budget totals."""
    pace: np.ndarray
    """[N, P] concession-curve exponents."""
    strategy: np.ndarray
    """[N, P] strategy codes."""
    delay_cost: np.ndarray
    """[N, P] what no deal loses per round."""
    responsiveness: np.ndarray
    """[N, P] how far the others' concessions set each party's pace."""
    sharpness: np.ndarray
    """[N, P] logit sharpness of acceptance."""
    partners: np.ndarray
    """[P, P] who acts together with whom."""
    active: np.ndarray
    """[N, P] parties still at the table."""
    stated: np.ndarray
    """[N, P] the utility each party said it wanted in the last round (NaN: not said)."""
    stated_before: np.ndarray
    """[N, P] the same, one round earlier: together they show who conceded how much."""
    opening: np.ndarray
    """[N, P] the utility each party said it wanted the first time it said anything."""
    _parties: dict[int, PartyView] = field(default_factory=dict, init=False, repr=False)
    """The party views handed out so far, by seat."""

    def rows(self, runs: np.ndarray) -> np.ndarray:
        """Row of the utility tables for each run."""
        return self.world[runs]

    def for_party(self, seat: int) -> PartyView:
        """What party `seat` can know (seat -1: a neutral mediator, with no private layer).

        Built once per seat and view: a round asks for it a few dozen times."""
        cached = self._parties.get(seat)
        if cached is None:
            cached = self._parties[seat] = self._party_view(seat)
        return cached

    def _party_view(self, seat: int) -> PartyView:
        if seat < 0:
            nothing = np.full(self.keys.shape, np.nan)
            own: dict[str, np.ndarray] = {
                "utility": np.zeros(self.public[:, 0].shape), "hard": np.zeros(
                    self.hard.shape[1], dtype=bool), "partners": np.zeros(
                    self.hard.shape[0], dtype=bool)}
            own.update({k: nothing for k in ("ideal", "floor", "reservation", "budget", "pace",
                                             "strategy", "delay_cost", "responsiveness",
                                             "sharpness")})
        else:
            own = {"utility": self.effective[:, seat], "hard": self.hard[seat],
                   "partners": self.partners[seat]}
            own.update({k: getattr(self, k)[:, seat]
                        for k in ("ideal", "floor", "reservation", "budget", "pace",
                                  "strategy", "delay_cost", "responsiveness", "sharpness")})
        return PartyView(seat=seat, round=self.round, deadline=self.deadline, keys=self.keys,
                         world=self.world, public=self.public, public_hard=self.public_hard,
                         active=self.active, stated=self.stated,
                         stated_before=self.stated_before, opening=self.opening, **own)

    @property
    def time(self) -> float:
        """Fraction of the game gone: 0 in the first round, 1 in the last."""
        return self.round / max(self.deadline - 1, 1)


@dataclass(frozen=True, eq=False)
class PartyView:
    """What one party can know at the table: the public record (positions, publicly known
    red lines, who is still there, what each side said it wanted) and its own private
    numbers. Nothing private of any other party is here, so no strategy can read it.
    """

    seat: int
    """The party's seat (-1 for a neutral mediator)."""
    round: int
    """Current round, from 0."""
    deadline: int
    """Number of rounds."""
    keys: np.ndarray
    """[N] run keys for addressed random draws."""
    world: np.ndarray
    """[N] row of the utility tables for each run."""
    public: np.ndarray
    """[B, P, O] every party's utility as its public position shows it."""
    public_hard: np.ndarray
    """[P, O] hard red lines the sides have stated publicly."""
    active: np.ndarray
    """[N, P] parties still at the table."""
    stated: np.ndarray
    """[N, P] what each party said it wanted last round (NaN: not said)."""
    stated_before: np.ndarray
    """[N, P] the same a round earlier."""
    opening: np.ndarray
    """[N, P] what each party first said it wanted."""
    utility: np.ndarray
    """[B, O] the party's own utility of each outcome, after its soft-line costs."""
    hard: np.ndarray
    """[O] outcomes crossing its own hard red lines (public or private)."""
    partners: np.ndarray
    """[P] parties it acts together with."""
    ideal: np.ndarray
    """[N] its best utility without crossing its hard red lines."""
    floor: np.ndarray
    """[N] the least it may accept: reservation or budget, whichever is higher."""
    reservation: np.ndarray
    """[N] what no deal is worth to it now."""
    budget: np.ndarray
    """[N] its concession budget."""
    pace: np.ndarray
    """[N] its concession-curve exponent."""
    strategy: np.ndarray
    """[N] its strategy code."""
    delay_cost: np.ndarray
    """[N] what no deal costs it per round."""
    responsiveness: np.ndarray
    """[N] how far the others' concessions set its pace."""
    sharpness: np.ndarray
    """[N] logit sharpness of its acceptance."""

    def rows(self, runs: np.ndarray) -> np.ndarray:
        """Row of the utility tables for each run."""
        return self.world[runs]

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
    def propose(self, view: PartyView, runs: np.ndarray) -> np.ndarray | simpy.Event:
        """Outcome numbers to table in `runs`, or an event that will carry a person's offer."""

    @abstractmethod
    def respond(self, view: PartyView, runs: np.ndarray,
                offers: np.ndarray) -> Answers | simpy.Event:
        """Answers to `offers` (one per run), or an event that will carry a person's answer."""

    def endorse(self, view: PartyView, runs: np.ndarray, offers: np.ndarray) -> np.ndarray | None:
        """[n] whether the actor's own tabled `offers` count as its yes, or None when it
        answers its own text like every other party (a scripted mediating party).

        A scripted proposer says yes exactly where its own answer would."""
        answers = self.respond(view, runs, offers)
        assert isinstance(answers, Answers)
        return answers.accept

    def tabled(self, view: PartyView, runs: np.ndarray, author: np.ndarray, offers: np.ndarray,
               drafted: bool) -> None:
        """`offers` went on the table in `runs`, tabled by seats `author` (-1: a neutral
        mediator). `drafted`: a mediator's text, which says nothing of its author's wishes."""

    def hear(self, view: PartyView, runs: np.ndarray, seat: int, offers: np.ndarray,
             answers: Answers) -> None:
        """Party `seat` answered `offers` in `runs` (its own answers included)."""

    def end_round(self, view: PartyView, runs: np.ndarray) -> None:
        """Learn from the round just ended in `runs` (every party's stated target is in
        `view.stated`)."""

    def utilities_changed(self) -> None:
        """Utilities changed (an event moved an option's value): forget what was derived
        from them."""

    def wants(self, view: PartyView, runs: np.ndarray) -> np.ndarray:
        """[n] utility the party aims for this round (NaN when a person decides)."""
        return np.full(len(runs), np.nan)

    def memory(self) -> dict[str, np.ndarray]:
        """What the actor has learnt so far, per run (leading run axis), for snapshots."""
        return {}

    def restore(self, memory: dict[str, np.ndarray]) -> None:
        """Take up `memory` (one row, as `memory()` gave it) in every run."""
