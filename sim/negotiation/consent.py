"""Who must say yes for a deal to stand."""

from __future__ import annotations

import numpy as np


def deal_stands(accepts: np.ndarray, active: np.ndarray, required: np.ndarray,
                at_least: int) -> np.ndarray:
    """Whether each run's offer has the consent it needs.

    Args:
        accepts: [N, P] True where a party said yes (a proposer counts as saying yes).
        active: [N, P] parties still at the table; only their yes counts.
        required: [P] parties whose yes is indispensable.
        at_least: how many yeses a deal needs in all.

    Returns:
        [N] True where every required party accepted and enough parties did.
    """
    yes = accepts & active
    return (yes | ~required[None, :]).all(axis=1) & (yes.sum(axis=1) >= at_least)
