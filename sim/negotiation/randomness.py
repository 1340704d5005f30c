"""Reproducible random draws addressed by (run seed, slot) instead of drawn from a stream.

Every random quantity of a run (whether an event fires, who proposes first, whether a
parliament ratifies) has a fixed slot number, and its value is a hash of the run's seed and
that slot. The same run therefore sees the same draws whether it is played alone, in a batch
of a million, on one worker or on a cluster, and in whatever order the engine asks for them.
"""

from __future__ import annotations

from enum import IntEnum

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


def slot(tag: Tag, a: int = 0, b: int = 0) -> int:
    """Number of a draw: what it is for (`tag`) and up to two indices (event, round, party)."""
    return (tag << 40) | (a << 20) | b


def uniform(keys: np.ndarray, slot_id: int) -> np.ndarray:
    """One uniform draw in [0, 1) per run key for the given slot."""
    mixed = _splitmix(keys ^ _splitmix(np.array([slot_id], dtype=np.uint64)))
    return (mixed >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def uniforms(keys: np.ndarray, slot_ids: list[int] | np.ndarray) -> np.ndarray:
    """[S, n] `uniform(keys, slot)` for each of several slots, in one pass (the same values)."""
    slots = _splitmix(np.asarray(slot_ids, dtype=np.uint64))
    mixed = _splitmix(keys[None, :] ^ slots[:, None])
    return (mixed >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def integers(keys: np.ndarray, slot_id: int, low: int, high: int) -> np.ndarray:
    """One integer in [low, high] (both included) per run key for the given slot."""
    span = high - low + 1
    return low + np.minimum((uniform(keys, slot_id) * span).astype(np.int64), span - 1)


def batch_seeds(seed: int, start: int, count: int) -> np.ndarray:
    """Seeds of runs `start` .. `start + count - 1` of a batch rooted at `seed`.

    Run `i` gets the first 64-bit word of `SeedSequence(seed, spawn_key=(i,)).generate_state`
    (what `SeedSequence(seed).spawn(...)[i]` holds), computed from its spawn key alone so that
    no run depends on how many others were spawned. The hashing is numpy's own algorithm,
    vectorised over the runs (a test pins it to `SeedSequence`): one `SeedSequence` object per
    run cost about 6 µs, as much as simulating the run.
    """
    if seed < 0:
        raise ValueError(f"a batch seed must be a non-negative integer, not {seed}")
    if start < 0 or start + count > 2**32:
        raise ValueError("run numbers must lie in 0 .. 2**32 - 1")
    entropy = _uint32_words(seed)
    if len(entropy) < _POOL_SIZE:
        entropy += [0] * (_POOL_SIZE - len(entropy))
    runs = np.arange(start, start + count, dtype=np.uint64).astype(np.uint32)
    columns = [np.full(count, w, dtype=np.uint32) for w in entropy] + [runs]
    pool = _mix_entropy(columns)
    words = _generate_words(pool, 2)
    return words[0].astype(np.uint64) | (words[1].astype(np.uint64) << np.uint64(32))


# numpy.random.SeedSequence's constants (bit_generator.pyx).
_POOL_SIZE = 4
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_MASK32 = 0xFFFFFFFF


def _uint32_words(value: int) -> list[int]:
    """An integer as little-endian 32-bit words, as SeedSequence coerces it (0 is [0])."""
    words = []
    while value:
        words.append(value & _MASK32)
        value >>= 32
    return words or [0]


def _mix_entropy(entropy: list[np.ndarray]) -> list[np.ndarray]:
    """SeedSequence.mix_entropy over columns of entropy words (one value per run)."""
    # The hash constant advances the same way whatever the data, so it stays a Python int.
    const = _INIT_A

    def hashmix(value: np.ndarray) -> np.ndarray:
        nonlocal const
        value = np.bitwise_xor(value, np.uint32(const), dtype=np.uint32)
        const = (const * _MULT_A) & _MASK32
        value = value * np.uint32(const)
        return value ^ (value >> np.uint32(16))

    def mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        result: np.ndarray = np.uint32(_MIX_L) * x - np.uint32(_MIX_R) * y
        return result ^ (result >> np.uint32(16))

    zero = np.zeros_like(entropy[0])
    pool = [hashmix(entropy[i] if i < len(entropy) else zero) for i in range(_POOL_SIZE)]
    for src in range(_POOL_SIZE):
        for dst in range(_POOL_SIZE):
            if src != dst:
                pool[dst] = mix(pool[dst], hashmix(pool[src]))
    for src in range(_POOL_SIZE, len(entropy)):
        for dst in range(_POOL_SIZE):
            pool[dst] = mix(pool[dst], hashmix(entropy[src]))
    return pool


def _generate_words(pool: list[np.ndarray], n_words: int) -> list[np.ndarray]:
    """SeedSequence.generate_state: the first `n_words` 32-bit words of state."""
    const = _INIT_B
    out = []
    for k in range(n_words):
        value = pool[k % _POOL_SIZE] ^ np.uint32(const)
        const = (const * _MULT_B) & _MASK32
        value = value * np.uint32(const)
        out.append(value ^ (value >> np.uint32(16)))
    return out


class Tag(IntEnum):
    """What a draw is for: the high bits of its slot number (see `slot`).

    Every random quantity has a tag of its own, all of them here. Add one for a new quantity;
    never renumber or reuse one, since the numbers are part of every game's draws.
    """

    FIRST_PROPOSER = 1
    """Who proposes first, when the scenario does not say."""
    EVENT_FIRES = 2
    """Whether an event with a `chance` happens (per event)."""
    EVENT_ROUND = 3
    """The round of an event given `between` (per event)."""
    RATIFICATION = 4
    """A ratifying body's vote on a deal (per party and round)."""
    ACCEPTANCE = 5
    """A scripted party's bounded-rational acceptance of a near miss (per party and round)."""
    WORLD = 6
    """Which of a batch's preference worlds a run lives in; also mixed into the worlds' keys."""
    STAGE = 7
    """The engine's seed of each stage after the first, in staged talks (per stage)."""
    PERTURB = 16
    """A batch variation's draw (its index bits hold a checksum of the variation's path)."""
    PERTURB_2 = 17
    """The second uniform a batch variation's normal draw needs."""



def world_keys(seed: int, count: int) -> np.ndarray:
    """Keys of the `count` preference worlds of a batch rooted at `seed`.

    They depend on the batch seed alone, so every chunk and worker sees the same worlds, and
    they differ from every run's key.
    """
    mixed: np.ndarray = seed_keys(batch_seeds(seed, 0, count)) ^ np.uint64(slot(Tag.WORLD))
    return _splitmix(mixed)


def stage_seeds(seeds: np.ndarray, stage: int) -> np.ndarray:
    """The seeds the engine plays stage `stage` (from 0) of staged talks with, one per run.

    The first stage plays with the run's own seed; each later stage with a seed of its own
    hashed from it, so that a stage's draws (first proposer, near misses accepted, events)
    do not repeat the earlier stage's round for round.
    """
    seeds = np.atleast_1d(np.asarray(seeds, dtype=np.uint64))
    if stage == 0:
        return seeds
    mixed: np.ndarray = _splitmix(seed_keys(seeds) ^ np.uint64(slot(Tag.STAGE, stage)))
    return mixed
