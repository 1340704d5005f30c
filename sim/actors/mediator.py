"""A Nash-seeking mediator for the single-negotiating-text protocol.

Each round the mediator tables the outcome with the highest weighted sum of the parties'
log-gains over their reservation values (a weighted Nash product), using what it can know:
public positions, publicly known red lines, and its own preferences if it is itself a party.
A party that objects gains weight, so the next text moves toward it.
"""

from __future__ import annotations

import numpy as np

from sim.actors.base import Actor, Answers, TableView
from sim.actors.strategies import ScriptedActor

OBJECTION_WEIGHT = 1.35
"""Factor by which an objecting party's weight grows for the next text."""
_EPS = 1e-3


class NashMediator(Actor):
    """Drafts the single text. `party` is the mediating party's seat, or -1 for a neutral broker.

    A mediating party also answers texts like any scripted party; that side of it is played by
    an ordinary `ScriptedActor`.
    """

    def __init__(self, party: int, n_runs: int, n_parties: int) -> None:
        super().__init__(party)
        self.weights = np.ones((n_runs, n_parties))
        self._own = ScriptedActor(party, n_runs) if party >= 0 else None

    def propose(self, view: TableView, runs: np.ndarray) -> np.ndarray:
        """The text for each run: the weighted Nash point of what the mediator can see."""
        rows = view.rows(runs)
        utility = view.public[rows].copy()
        if self.party >= 0:
            utility[:, self.party, :] = view.effective[rows, self.party, :]
        gain = utility - view.reservation[runs][:, :, None]
        score = np.zeros((len(runs), utility.shape[2]))
        active = view.active[runs]
        for j in range(utility.shape[1]):
            weight = np.where(active[:, j], self.weights[runs, j], 0.0)
            score += weight[:, None] * np.log(np.maximum(gain[:, j, :], _EPS))
        blocked = view.public_hard.any(axis=0)
        if self.party >= 0:
            blocked = blocked | view.hard[self.party]
        score[:, blocked] = -np.inf
        return np.argmax(score, axis=1)

    def respond(self, view: TableView, runs: np.ndarray, offers: np.ndarray) -> Answers:
        """A mediating party answers like a scripted party of its strategy."""
        if self._own is None:
            raise RuntimeError("a neutral mediator does not answer texts")
        return self._own.respond(view, runs, offers)

    def wants(self, view: TableView, runs: np.ndarray) -> np.ndarray:
        """What the mediating party itself aims for (NaN for a neutral broker)."""
        if self._own is None:
            return np.full(len(runs), np.nan)
        return self._own.wants(view, runs)

    @property
    def own(self) -> ScriptedActor | None:
        """How a mediating party answers texts (None for a neutral broker)."""
        return self._own

    def hear_objections(self, runs: np.ndarray, objected: np.ndarray) -> None:
        """Give more weight to parties that rejected the last text ([n, P] booleans)."""
        self.weights[runs] = np.where(objected, self.weights[runs] * OBJECTION_WEIGHT,
                                      self.weights[runs])
