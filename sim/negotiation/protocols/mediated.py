"""Single negotiating text: a mediator tables one text a round and redrafts it from the
answers. The mediator is a party of the scenario (played by its strategy or by a person) or
a neutral broker with no seat."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from sim.actors.base import Actor
from sim.actors.mediator import NashMediator, known_lines
from sim.negotiation.protocols.base import Protocol

if TYPE_CHECKING:
    from sim.negotiation.engine import Negotiation


class SingleText(Protocol):
    """Every round the mediator tables a text and every party at the table answers it."""

    name = "mediated"

    def __init__(self) -> None:
        self.mediator: Actor | None = None
        self.drafter: NashMediator | None = None
        """The scripted mediator, when a person does not draft the texts."""

    def attach(self, neg: Negotiation) -> list[Actor]:
        """Seat the mediator: a person keeps their seat and drafts; otherwise a Nash
        mediator drafts, answering texts for its party when it has one."""
        who = neg.game.scenario.protocol.mediator
        seat = neg.game.party_index(who) if who is not None else -1
        if who is not None and who in neg.humans:
            self.mediator = neg.actors[seat]
            return []
        self.mediator = self.drafter = NashMediator(seat, neg.n_runs, len(neg.game.parties),
                                                    neg.model, known_lines(neg.game, seat))
        if seat >= 0:
            neg.actors[seat] = self.mediator
            return []
        return [self.mediator]

    def round(self, neg: Negotiation, t: int) -> Generator[simpy.Event, Any, None]:
        """The mediator tables its text; whoever must answer it does."""
        mediator = self.mediator
        assert mediator is not None
        view = neg.view(t)
        live = neg.live()
        offers = np.full(neg.n_runs, -1, dtype=np.int64)
        offers[live] = yield from neg.propose(mediator, view, live, t)
        live = live[(offers[live] >= 0) & ~neg.done[live]]
        author = np.full(neg.n_runs, mediator.party, dtype=np.int64)
        accepts = np.zeros(neg.active.shape, dtype=bool)
        # A person's text counts as their yes; a scripted mediating party answers its own
        # text like every other party (author -1 below).
        endorsed = (mediator.endorse(view.for_party(mediator.party), live, offers[live])
                    if live.size else None)
        # Drafting is no concession: the author is charged only where the text is its yes.
        neg.table(view, live, author[live], offers[live], t, drafted=True, endorsed=endorsed)
        if self.drafter is not None and live.size:
            neg.recorder.note_offer(live, self.drafter.note(int(offers[live[0]])))
        if endorsed is not None:
            accepts[live, mediator.party] = endorsed
        else:
            author[:] = -1  # it answers its own text like every other party
        yield from neg.answer(view, live, offers, accepts, author, t)
