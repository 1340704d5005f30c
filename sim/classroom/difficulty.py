"""How hard the scripted sides bargain: a teacher's switch, within what the evidence allows.

Every number a scenario gives a party has a plausible range that follows its evidence
(`sim.scenario.grounding`: ± 0.02 utility for a firm quote, ± 0.05 for a hedged one, ± 0.10
for the modeller's assumption; × or ÷ 1.15, 1.4 or 2 for a pace). A class may play the
scripted sides at one end of those ranges instead of at the numbers as written:

- `hard_line`: every scripted side at its firm end: reservation value + spread (no deal is
  worth more to it), budget − spread (it may give less), pace ÷ factor (it holds out
  longer), responsiveness − spread (it follows the others' concessions less);
- `cooperative`: the soft end: reservation − spread, budget + spread, pace × factor,
  responsiveness + spread;
- `written`: the numbers as written (the default).

Only scripted sides lean: a side a person plays keeps the numbers its brief states. Values
stay within their bounds (0 to 1; a pace above 0). A game's transcript names its difficulty
in the header (`difficulty`), so a replay leans the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from sim.negotiation.game import Game
from sim.negotiation.params import RunParams
from sim.scenario.grounding import FACTOR, SPREAD, grounding

WRITTEN, HARD_LINE, COOPERATIVE = "written", "hard_line", "cooperative"
DIFFICULTIES = (WRITTEN, HARD_LINE, COOPERATIVE)
"""The switch's positions."""
WORDS = {WRITTEN: "as written", HARD_LINE: "hard-line", COOPERATIVE: "cooperative"}


def check_difficulty(name: str) -> str:
    """`name` if it is a difficulty.

    Raises:
        ValueError: naming the difficulties.
    """
    if name not in DIFFICULTIES:
        raise ValueError(f"difficulty {name!r}: one of {', '.join(DIFFICULTIES)}")
    return name


def leaned(params: RunParams, game: Game, people: Sequence[str], difficulty: str) -> RunParams:
    """`params` with every scripted side (not in `people`) at the firm (`hard_line`) or soft
    (`cooperative`) end of its evidence ranges; unchanged as `written`."""
    if check_difficulty(difficulty) == WRITTEN:
        return params
    firm = 1.0 if difficulty == HARD_LINE else -1.0
    reservation, budget = params.reservation.copy(), params.budget.copy()
    pace, responsiveness = params.pace.copy(), params.responsiveness.copy()
    for p, name in enumerate(game.parties):
        party = game.scenario.parties.get(name)
        if name in people or party is None:
            continue
        because = party.because
        kept = grounding(because.get("reservation"))
        bends = grounding(because.get("budget"))
        style = grounding(because.get("style"))
        reservation[:, p] = np.clip(reservation[:, p] + firm * SPREAD[kept], 0.0, 1.0)
        budget[:, p] = np.clip(budget[:, p] - firm * SPREAD[bends], 0.0, 1.0)
        pace[:, p] = pace[:, p] * FACTOR[bends] ** -firm
        responsiveness[:, p] = np.clip(responsiveness[:, p] - firm * SPREAD[style], 0.0, 1.0)
    return replace(params, reservation=reservation, budget=budget, pace=pace,
                   responsiveness=responsiveness)
