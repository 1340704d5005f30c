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
    # A party at a time: reductions over a handful of columns cost numpy far more than
    # the few column operations they stand for.
    stands = np.ones(accepts.shape[0], dtype=bool)
    count = np.zeros(accepts.shape[0], dtype=np.int64)
    for p in range(accepts.shape[1]):
        yes = accepts[:, p] & active[:, p]
        if required[p]:
            stands &= yes
        count += yes
    return stands & (count >= at_least)
