"""A party played by a person: its decisions stay pending until someone answers them.

The actor returns a SimPy event that has not happened yet; the engine waits on it, and the
driver (the TUI, a test, a hot-seat game) sees a `DecisionRequest`, asks a person, and hands
back a `Decision`. SimPy never waits on a person in real time, so no event loop blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import simpy

from sim.actors.base import Actor, Answers, PartyView
from sim.negotiation.game import Game

DecisionKind = Literal["propose", "accept", "reject", "walk_out"]


@dataclass(frozen=True)
class DecisionRequest:
    """What the engine needs a person to decide now."""

    kind: Literal["propose", "respond"]
    """`propose`: table an offer (or walk out). `respond`: accept or reject the offer."""
    party: str
    """Whose decision it is."""
    round: int
    """Current round, from 0."""
    deadline: int
    """Number of rounds in the game."""
    offer: dict[str, str] | None = None
    """For `respond`: the offer on the table."""
    proposer: str | None = None
    """For `respond`: who tabled it (or "mediator")."""
    allowed: tuple[DecisionKind, ...] = field(default=())
    """Decision kinds that answer this request."""


@dataclass(frozen=True)
class Decision:
    """A person's decision."""

    kind: DecisionKind
    offer: dict[str, str] | None = None
    """For `propose`: one option per issue."""

    @classmethod
    def propose(cls, offer: dict[str, str]) -> Decision:
        """Table `offer`."""
        return cls("propose", dict(offer))

    @classmethod
    def accept(cls) -> Decision:
        """Accept the offer on the table."""
        return cls("accept")

    @classmethod
    def reject(cls) -> Decision:
        """Reject the offer on the table."""
        return cls("reject")

    @classmethod
    def walk_out(cls) -> Decision:
        """Leave the table for good."""
        return cls("walk_out")


class DecisionError(ValueError):
    """A person's decision the rules do not allow (e.g. an offer crossing their red line)."""


def check_decision(game: Game, request: DecisionRequest, decision: Decision) -> None:
    """Refuse a decision that does not answer `request` or crosses the person's hard red line.

    Hard red lines bind people as they bind scripted parties: a person may not table or
    accept an outcome across their own, and is told which line it is.

    Raises:
        DecisionError: naming what is wrong.
    """
    if decision.kind not in request.allowed:
        raise DecisionError(f"{request.party} must {' or '.join(request.allowed)} now, "
                            f"not {decision.kind}")
    if decision.kind == "propose":
        try:
            outcome = game.encode(decision.offer or {})
        except KeyError as exc:
            raise DecisionError(f"incomplete or unknown offer: {exc.args[0]}") from None
        _refuse_red_line(game, request.party, outcome, "table")
    elif decision.kind == "accept" and request.offer is not None:
        _refuse_red_line(game, request.party, game.encode(request.offer), "accept")


def _refuse_red_line(game: Game, party: str, outcome: int, verb: str) -> None:
    crossed = [line for line in game.crossed_lines(party, outcome) if line.kind == "hard"]
    if crossed:
        raise DecisionError(f"{party} cannot {verb} this offer: it crosses the red line "
                            f"\"{crossed[0].describe()}\"")


class HumanActor(Actor):
    """Seat `party` is played by a person; the engine attaches `request` before each wait."""

    def __init__(self, party: int, env: simpy.Environment) -> None:
        super().__init__(party)
        self.env = env

    def propose(self, view: PartyView, runs: np.ndarray) -> simpy.Event:
        """A pending event; its value will be the person's `Decision`."""
        return self.env.event()

    def respond(self, view: PartyView, runs: np.ndarray,
                offers: np.ndarray) -> Answers | simpy.Event:
        """A pending event; its value will be the person's `Decision`."""
        return self.env.event()

    def endorse(self, view: PartyView, runs: np.ndarray, offers: np.ndarray) -> np.ndarray:
        """A person who tables an offer has said yes to it."""
        return np.ones(len(runs), dtype=bool)
