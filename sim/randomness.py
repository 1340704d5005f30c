"""Reproducible random draws addressed by (run seed, slot) instead of drawn from a stream.

Every random quantity of a run (whether an event fires, who proposes first, whether a
parliament ratifies) has a fixed slot number, and its value is a hash of the run's seed and
that slot. The same run therefore sees the same draws whether it is played alone, in a batch
of a million, on one worker or on a cluster, and in whatever order the engine asks for them.
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _splitmix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser over a uint64 array (wrapping arithmetic is intended)."""
    z = x + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def seed_keys(seeds: np.ndarray | list[int] | int) -> np.ndarray:
    """Run keys (uint64) from run seeds: any non-negative integers below 2**64."""
    arr = np.atleast_1d(np.asarray(seeds, dtype=np.uint64))
    return _splitmix(arr)


def slot(tag: int, a: int = 0, b: int = 0) -> int:
    """Number of a draw: what it is for (`tag`) and up to two indices (event, round, party)."""
    return (tag << 40) | (a << 20) | b


def uniform(keys: np.ndarray, slot_id: int) -> np.ndarray:
    """One uniform draw in [0, 1) per run key for the given slot."""
    mixed = _splitmix(keys ^ _splitmix(np.array([slot_id], dtype=np.uint64)))
    return (mixed >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def integers(keys: np.ndarray, slot_id: int, low: int, high: int) -> np.ndarray:
    """One integer in [low, high] (both included) per run key for the given slot."""
    span = high - low + 1
    return low + np.minimum((uniform(keys, slot_id) * span).astype(np.int64), span - 1)


def batch_seeds(seed: int, start: int, count: int) -> np.ndarray:
    """Seeds of runs `start` .. `start + count - 1` of a batch rooted at `seed`.

    Run `i` gets the first word of `SeedSequence(seed).spawn(...)[i]`'s state, computed
    directly from its spawn key so that no run depends on how many others were spawned.
    """
    out = np.empty(count, dtype=np.uint64)
    for k in range(count):
        child = np.random.SeedSequence(seed, spawn_key=(start + k,))
        out[k] = child.generate_state(1, np.uint64)[0]
    return out


# Slot tags.
FIRST_PROPOSER = 1
EVENT_FIRES = 2
EVENT_ROUND = 3
RATIFICATION = 4
