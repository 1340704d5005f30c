"""When a scenario's events happen in each run, drawn from the run's seed.

An event with `at` happens in that round; one with `between` in a round drawn per run; with
`chance` below 1 it may not happen at all. Draws come from fixed slots (see
`sim.negotiation.randomness`) so a run's events are the same alone or in a batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.negotiation import randomness as rnd
from sim.negotiation.game import Game
from sim.scenario.schema import Event


@dataclass(frozen=True, eq=False)
class Scheduled:
    """One scenario event, placed in each run."""

    index: int
    """Position of the event in the scenario's list."""
    spec: Event
    """The event as the scenario states it."""
    party: int
    """Seat of the party it affects."""
    rounds: np.ndarray
    """[N] round in which it happens."""
    fires: np.ndarray
    """[N] whether it happens at all."""

    def rounds_to_visit(self) -> list[int]:
        """Distinct rounds in which it happens in at least one run, in order."""
        # A set, not np.unique: np.unique imports numpy.ma (~10 ms) on its first call, which
        # came before `parley play` could show its first screen.
        return sorted(set(self.rounds[self.fires].tolist()))


def schedule(game: Game, keys: np.ndarray) -> list[Scheduled]:
    """Place every event of `game` in each of the runs keyed by `keys`."""
    placed = []
    for k, spec in enumerate(game.scenario.events):
        if spec.at is not None:
            rounds = np.full(len(keys), spec.at, dtype=np.int64)
        else:
            low, high = spec.between or (0, 0)
            rounds = rnd.integers(keys, rnd.slot(rnd.Tag.EVENT_ROUND, k), low, high)
        if spec.chance >= 1.0:
            fires = np.ones(len(keys), dtype=bool)
        else:
            fires = rnd.uniform(keys, rnd.slot(rnd.Tag.EVENT_FIRES, k)) < spec.chance
        placed.append(Scheduled(k, spec, game.party_index(spec.party), rounds, fires))
    return placed
