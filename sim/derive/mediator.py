"""The mediator: the party that mediates, chairs, hosts or brokers the talks.

Found while attributing statements (`sim.derive.statements`): "Swiss mediators", "under the
auspices of X", "co-chaired by X and Y", "X, who chairs the talks", "the chief mediator",
"holds the summit presidency". A party that makes demands of its own is not a mediator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediatorCue:
    """Where the text makes a party the mediator."""

    party: str
    seed: str
    start: int
    end: int
    quote: str
