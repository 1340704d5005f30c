"""One chunk of a batch: draw its runs' parameters, run them together, return their rows.

`BatchJob` is everything a worker needs (the compiled game, the variations, the batch seed,
the protocol and, for `--from`, the snapshot to continue); it pickles, so local processes and
Dask workers receive it once. `run_chunk` is a top-level function of plain arguments, so
`concurrent.futures` with the `spawn` start method and Dask can both ship it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from sim.batch.perturb import Draws, draw
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import Game
from sim.negotiation.results import ENDINGS, Outcome, Results
from sim.negotiation.snapshot import Snapshot
from sim.scenario.schema import STRATEGIES
from sim.scenario.uncertainty import PREFERENCES, Variation

OUTCOMES = tuple(o.label for o in ENDINGS)
"""Outcome kinds as the `outcome` column names them, in `ENDINGS` order."""

_OUTCOME_INDEX = np.full(len(Outcome), -1, dtype=np.int8)
_OUTCOME_INDEX[[int(o) for o in ENDINGS]] = np.arange(len(ENDINGS))
"""Engine outcome code → its place in `OUTCOMES`."""


@dataclass(frozen=True, eq=False)
class BatchJob:
    """What every chunk of one batch shares."""

    game: Game
    """The compiled scenario."""
    seed: int
    """The batch seed; run `i` gets `batch_seeds(seed, i, 1)`."""
    variations: tuple[Variation, ...] = ()
    """What each run draws."""
    protocol: str | None = None
    """Protocol override."""
    snapshot: Snapshot | None = None
    """For `--from`: the saved game's state to continue from."""
    worlds: int = 64
    """Preference worlds the runs share out when salience or option values vary: each has
    utility tables over every outcome, which cost as much to build as thousands of runs."""

    @property
    def per_run_preferences(self) -> bool:
        """Whether runs use utility tables of their own (they share a few worlds' instead)."""
        return False

    @property
    def staged(self) -> bool:
        """Whether the runs go through the stages of staged talks (`sim.batch.stages`)."""
        return False

    def describe(self) -> dict[str, Any]:
        """What this job adds to the rows' description (a staged job: its stages)."""
        return {}


def simulate(job: BatchJob, start: int,
             count: int) -> tuple[np.ndarray, Draws, Results, np.ndarray]:
    """Runs `start .. start + count - 1`: their seeds, drawn parameters, results and first
    proposers.

    The first proposers are the seats that opened the alternating protocol's rotation
    (`Negotiation.first`); under the mediated protocol nobody proposes, so they are -1.
    """
    seeds = rnd.batch_seeds(job.seed, start, count)
    keys = rnd.seed_keys(seeds)
    base = job.snapshot.params if job.snapshot is not None else None
    drawn = draw(job.game, list(job.variations), keys, base,
                 worlds=rnd.world_keys(job.seed, job.worlds))
    if job.snapshot is not None:
        neg = Negotiation.resume(job.game, job.snapshot, seeds, params=drawn.params)
    else:
        neg = Negotiation(job.game, seeds, params=drawn.params, protocol=job.protocol,
                          record=False)
    results = neg.run()
    first = (neg.first.astype(np.int8) if neg.protocol == "alternating"
             else np.full(count, -1, dtype=np.int8))
    return seeds, drawn, results, first


ENGINE_WIDTH = 20_000
"""Runs the engine advances together. Each slice pays a fixed cost (its worlds' utility and
offer tables, about 60 ms on the seed scenario, and the SimPy set-up) that wider slices spread
thinner; on this 2-core machine the seed scenario ran at 15,900 runs/s at 4,000 wide, 19,100 at
10,000 and 19,900 at 20,000 (one process, rules v3), and after the hot path's rework about 7%
faster at 20,000 than at 10,000 (CPU time). A chunk is at most `chunks.MAX_CHUNK` runs, so this
is one slice per chunk."""


def run_chunk(job: BatchJob, start: int, count: int) -> pa.Table:
    """The rows of runs `start .. start + count - 1`, one per run, in run order.

    The chunk is simulated in slices of `ENGINE_WIDTH` runs; a run's result does not depend
    on which runs share its batch, so the rows are the same for any slicing. Staged talks
    run stage by stage in `sim.batch.stages`.
    """
    if job.staged:
        from sim.batch.stages import staged_chunk

        return staged_chunk(job, start, count)
    parts = []
    for first in range(start, start + count, ENGINE_WIDTH):
        width = min(ENGINE_WIDTH, start + count - first)
        seeds, drawn, results, proposers = simulate(job, first, width)
        parts.append(to_table(job, first, seeds, drawn, results, proposers))
    return pa.concat_tables(parts)


def world_values(job: BatchJob) -> dict[str, list[float]]:
    """Column → the value of each preference world, for the preferences drawn by world."""
    if not any(v.field in PREFERENCES for v in job.variations):
        return {}
    keys = rnd.seed_keys(np.zeros(1, dtype=np.uint64))
    base = job.snapshot.params if job.snapshot is not None else None
    drawn = draw(job.game, list(job.variations), keys, base,
                 worlds=rnd.world_keys(job.seed, job.worlds))
    return {column: [float(x) for x in values] for column, values in drawn.worlds.items()}


def to_table(job: BatchJob, start: int, seeds: np.ndarray, drawn: Draws,
             results: Results, first: np.ndarray) -> pa.Table:
    """Arrow table of one chunk (strings dictionary-encoded: no Python object per run).

    `first` holds each run's first proposer's seat (-1, written as null, for none).
    """
    g = job.game
    n = len(seeds)
    cols: dict[str, pa.Array] = {
        "run": pa.array(np.arange(start, start + n, dtype=np.int64)),
        "seed": pa.array(seeds),
    }
    strategies = pa.array(STRATEGIES)
    if drawn.params.world is not None:
        # Preferences are drawn per world: a run's are its world's, listed in the metadata.
        cols["world"] = pa.array(drawn.params.world.astype(np.int16))
    for v in job.variations:
        if v.column in drawn.worlds:
            continue
        values = drawn.columns[v.column]
        cols[v.column] = (pa.DictionaryArray.from_arrays(pa.array(values.astype(np.int8)),
                                                         strategies)
                          if v.categorical else pa.array(values.astype(np.float64)))
    kind = _OUTCOME_INDEX[results.kind]
    cols["outcome"] = pa.DictionaryArray.from_arrays(pa.array(kind), pa.array(OUTCOMES))
    walked = results.walked.astype(np.int8)
    cols["walked_out"] = _labels(walked, g.parties)
    cols["first"] = _labels(np.asarray(first, dtype=np.int8), g.parties)
    cols["round"] = pa.array(results.round.astype(np.int16))
    dealt = results.deal >= 0
    codes = g.table[np.where(dealt, results.deal, 0)]
    for i, issue in enumerate(g.issues):
        cols[f"deal.{issue}"] = _labels(np.where(dealt, codes[:, i], -1).astype(np.int8),
                                        g.options[i])
    for p, party in enumerate(g.parties):
        cols[f"utility.{party}"] = pa.array(results.utility[:, p])
    for p, party in enumerate(g.parties):
        cols[f"spent.{party}"] = pa.array(results.spent[:, p])
    for p, party in enumerate(g.parties):
        cols[f"pressed.{party}"] = pa.array(results.pressed[:, p].astype(np.int16))
    return pa.table(cols)


def _labels(codes: np.ndarray, names: tuple[str, ...]) -> pa.DictionaryArray:
    """Codes into `names`, with -1 as null."""
    indices = pa.array(np.maximum(codes, 0), mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(names))

