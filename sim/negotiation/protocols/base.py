"""What every protocol provides to the engine."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, ClassVar

import simpy

from sim.actors.base import Actor

if TYPE_CHECKING:
    from sim.negotiation.engine import Negotiation


class Protocol(ABC):
    """How one round runs: who tables an offer, who answers it.

    The engine calls `attach` once, after the parties' actors exist, and `round` once per
    round at the table's time; `round` is a SimPy process body, so it may wait for a person.
    """

    name: ClassVar[str]
    """What scenarios and `--protocol` call it."""

    def attach(self, neg: Negotiation) -> list[Actor]:
        """Set up what the protocol needs (a mediator, say) and return any actor it adds
        that does not hold a party's seat, so that the engine passes it the actors' hooks."""
        return []

    @abstractmethod
    def round(self, neg: Negotiation, t: int) -> Generator[simpy.Event, Any, None]:
        """Play round `t` in every run still going."""
