"""A single game's state at the start of a round, from which new runs can continue it.

The engine takes it (`Negotiation.snapshot`) and starts from it (`Negotiation.resume`); nobody
else reads or writes the engine's arrays. What-if continuations of a game being played and
`parley batch --from SAVEFILE` both go through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.negotiation.params import RunParams

if TYPE_CHECKING:
    from sim.negotiation.injects import Inject


class ContinuationError(ValueError):
    """A game that cannot be continued (it is over, or it is not a single game)."""


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A single game's state at the start of round `round`, before that round's events."""

    round: int
    """The round to play next."""
    protocol: str
    """The protocol's name."""
    params: RunParams
    """One row: parameters as the events so far have left them."""
    active: np.ndarray
    """[1, P] parties still at the table."""
    first: np.ndarray
    """[1] seat of the first proposer (the turn order continues from it)."""
    least: np.ndarray
    """[1, P] the least each party has offered or accepted (its budget spent so far)."""
    pressed: np.ndarray
    """[1, P] offers tabled so far that crossed each party's hard red lines."""
    stated: np.ndarray
    """[1, P] what each party said it wanted in the last round played."""
    stated_before: np.ndarray
    """[1, P] the same, a round earlier (tit-for-tat reads the difference)."""
    opening: np.ndarray
    """[1, P] what each party first said it wanted (concessions are counted from it)."""
    memories: tuple[dict[str, np.ndarray], ...]
    """What each actor had learnt (one row each), seats first, then any the protocol adds.
    A seat a person played has none: the scripted player that continues it starts fresh."""
    model: dict[str, np.ndarray]
    """What the table has shown of each party's priorities (`OpponentModel`), one row."""
    random_events: bool
    """Whether events left to chance may happen (a class may switch them off)."""
    fired: tuple[int, ...]
    """Scenario events that have already happened; they never happen again."""
    injects: tuple[Inject, ...] = ()
    """A teacher's injects still to act (from this round on): the continuations carry the
    news already given."""
