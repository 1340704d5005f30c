"""Round protocols: who tables and who answers in a round. One module per protocol.

A protocol is the mechanism in NegMAS's sense: it decides whose turn it is and whose answer
is asked, then hands the table's mechanics (tabling, answering, consent) back to the engine.
Strategies (how a party decides) are in `sim.actors`; time and state are the engine's.
Adding a protocol means adding a module here and naming it in `PROTOCOLS`.
"""

from __future__ import annotations

from sim.negotiation.protocols.alternating import AlternatingOffers
from sim.negotiation.protocols.base import Protocol
from sim.negotiation.protocols.mediated import SingleText

PROTOCOLS: dict[str, type[Protocol]] = {p.name: p for p in (AlternatingOffers, SingleText)}
"""Every protocol by the name a scenario (`protocol.kind`) or `--protocol` uses."""

__all__ = ["PROTOCOLS", "AlternatingOffers", "Protocol", "SingleText"]
