"""How runs end: the outcome kinds and the arrays a finished `Negotiation` hands back."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Outcome(IntEnum):
    """How a run stands: still running, or how it ended. The values are the codes the
    engine's `kind` array holds; `label` is the word transcripts and batch columns use."""

    RUNNING = 0
    DEAL = 1
    DEADLINE = 2
    WALK_OUT = 3
    NEVER_OPENED = 4
    """Staged talks only: a stage before the last ended without agreement, so the main
    talks never opened (the engine's own runs never end so; `sim.negotiation.stages` does)."""

    @property
    def label(self) -> str:
        """`running`, `deal`, `deadline`, `walk_out` or `never_opened`."""
        return self.name.lower()


ENDINGS = tuple(o for o in Outcome if o is not Outcome.RUNNING)
"""How a finished run can end, in code order."""


@dataclass(frozen=True, eq=False)
class Results:
    """How each of `N` runs ended."""

    kind: np.ndarray
    """[N] `Outcome` codes: DEAL, DEADLINE or WALK_OUT (or NEVER_OPENED, staged talks)."""
    round: np.ndarray
    """[N] round in which it ended (the deadline for no deal)."""
    deal: np.ndarray
    """[N] agreed outcome number, -1 without a deal."""
    walked: np.ndarray
    """[N] seat of the party whose walk-out ended the talks, -1 otherwise."""
    utility: np.ndarray
    """[N, P] what each party got: its utility of the deal, or its reservation value."""
    spent: np.ndarray
    """[N, P] concession budget spent: ideal minus the least it offered or accepted."""
    pressed: np.ndarray
    """[N, P] offers tabled that crossed the party's hard red lines."""
