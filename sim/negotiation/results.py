"""How runs end: the outcome kinds and the arrays a finished `Negotiation` hands back."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RUNNING, DEAL, DEADLINE, WALK_OUT = 0, 1, 2, 3
OUTCOME_KINDS = {RUNNING: "running", DEAL: "deal", DEADLINE: "deadline", WALK_OUT: "walk_out"}


@dataclass(frozen=True, eq=False)
class Results:
    """How each of `N` runs ended."""

    kind: np.ndarray
    """[N] DEAL, DEADLINE or WALK_OUT."""
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
