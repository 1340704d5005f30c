"""Alternating offers: the proposer rotates round by round and every other party answers."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from sim.negotiation.protocols.base import Protocol

if TYPE_CHECKING:
    from sim.negotiation.engine import Negotiation


def proposers(neg: Negotiation, t: int) -> np.ndarray:
    """[N] seat of each run's proposer in round `t`: the next party at the table in turn
    order, counting from the run's first proposer."""
    n_p = len(neg.game.parties)
    cells = np.arange(neg.n_runs) * n_p  # run r's seat s is cell r * P + s of `active`
    active = neg.active.reshape(-1)
    seat = np.full(neg.n_runs, -1, dtype=np.int64)
    for offset in range(n_p - 1, -1, -1):
        candidate = (neg.first + t + offset) % n_p
        seat = np.where(np.take(active, cells + candidate), candidate, seat)
    return seat


class AlternatingOffers(Protocol):
    """Each round one party tables an offer; the others accept or reject it."""

    name = "alternating"

    def round(self, neg: Negotiation, t: int) -> Generator[simpy.Event, Any, None]:
        """The round's proposer tables; its offer counts as its own yes; the rest answer."""
        view = neg.view(t)
        live = neg.live()
        proposer = proposers(neg, t)
        offers = np.full(neg.n_runs, -1, dtype=np.int64)
        by = proposer[live]
        for seat, actor in enumerate(neg.actors):
            runs = live[by == seat]
            if runs.size:
                offers[runs] = yield from neg.propose(actor, view, runs, t)
        live = live[(offers[live] >= 0) & ~neg.done[live]]
        accepts = np.zeros(neg.active.shape, dtype=bool)
        by = proposer[live]
        neg.table(view, live, by, offers[live], t)
        for seat, actor in enumerate(neg.actors):
            runs = live[by == seat]
            if runs.size:
                accepts[runs, seat] = actor.endorse(view.for_party(seat), runs, offers[runs])
        yield from neg.answer(view, live, offers, accepts, proposer, t)
