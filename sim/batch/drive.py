"""Running a whole batch: plan chunks, skip finished ones, run the rest, write each as it ends.

The only state is the results folder: its manifest says what the batch is, its part files say
which chunks are done. Ctrl+C (KeyboardInterrupt) stops handing out chunks, keeps every chunk
already written, and reports how far the batch got; `resume=True` picks up from there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from sim import __version__
from sim.batch import chunks as ch
from sim.batch.executors import (
    DaskConnection,
    DaskUnavailable,
    connect_dask,
    run_dask,
    run_inline,
    run_processes,
)
from sim.batch.job import BatchJob, world_values
from sim.batch.parquet import finished_chunks, part_path, remove_leftovers, write_chunk
from sim.scenario.loader import scenario_hash


class BatchError(ValueError):
    """A batch that cannot start as asked (e.g. its results folder holds another batch)."""


@dataclass(frozen=True)
class BatchRun:
    """How a call to `run_batch` went."""

    folder: Path
    """The results folder."""
    runs: int
    """Runs in the whole batch."""
    done_before: int
    """Runs already finished when this call started (resumed batches)."""
    done: int
    """Runs finished now, in all."""
    seconds: float
    """Time this call spent."""
    interrupted: bool
    """Whether Ctrl+C stopped it early."""
    redone: tuple[str, ...] = ()
    """Damaged parts found on resuming, each with why (they were run again)."""


def identity(job: BatchJob, runs: int, scenario: str, save: str | None = None) -> dict[str, Any]:
    """What decides a batch's rows; a resumed batch must match it exactly."""
    return {
        "scenario": scenario, "scenario_hash": scenario_hash(job.game.scenario),
        "seed": job.seed, "runs": runs, "protocol": job.protocol,
        "variations": [f"{v.path}={v.dist}" for v in job.variations],
        "from_save": save, "parley": __version__,
    }


def row_metadata(job: BatchJob, config: dict[str, Any]) -> dict[str, Any]:
    """The description stored in every part file, which `parley summary` reads."""
    g = job.game
    worlds = world_values(job)
    drawn = []
    for v in job.variations:
        entry: dict[str, Any] = {"column": v.column, "path": v.path, "dist": str(v.dist),
                                 "categorical": v.categorical}
        if v.column in worlds:
            entry["worlds"] = worlds[v.column]
        drawn.append(entry)
    return {
        **config, "title": g.scenario.title, "parties": list(g.parties),
        "issues": {issue: list(g.options[i]) for i, issue in enumerate(g.issues)},
        "deadline": g.scenario.protocol.deadline,
        "drawn": drawn,
        "start_round": job.snapshot.round if job.snapshot is not None else 0,
        **job.describe(),
    }


def run_batch(job: BatchJob, runs: int, folder: Path, config: dict[str, Any], *,
              jobs: int = 1, dask: str | None = None, resume: bool = False,
              chunk_size: int | None = None,
              progress: Callable[[int], None] | None = None) -> BatchRun:
    """Run (or finish) a batch into `folder`.

    Args:
        job: what every chunk shares.
        runs: number of runs.
        folder: results folder (created if needed).
        config: the batch's identity (see `identity`).
        jobs: local processes, or Dask workers for `dask="local"`.
        dask: `local` or a scheduler address to run on Dask instead of local processes.
        resume: continue the batch already in `folder`.
        chunk_size: runs per chunk (default: chosen from runs and workers).
        progress: called with the number of runs of each chunk as it is written.

    Raises:
        BatchError: `folder` holds results and `resume` is off, or holds another batch, or
            the Dask scheduler cannot be reached.
    """
    connection = None
    if dask is not None:  # reached before the folder is made: a wrong address leaves nothing
        try:
            connection = connect_dask(dask, jobs)
        except DaskUnavailable as exc:
            raise BatchError(str(exc)) from None
    try:
        size = _prepare(folder, config, resume, chunk_size or ch.choose_chunk_size(
            runs, jobs, job.per_run_preferences, job.staged))
    except BaseException:
        if connection is not None:
            connection.close()
        raise
    planned = ch.plan(runs, size)
    redone = _check_resumed(folder) if resume else ()
    done = finished_chunks(folder)
    done_before = sum(c.count for c in planned if c.index in done)
    todo = [c for c in planned if c.index not in done]
    meta = row_metadata(job, {**config, "chunk_size": size})
    finished = done_before
    started = time.perf_counter()
    stream = _executor(job, todo, jobs, connection)
    interrupted = False
    try:
        for chunk, table in stream:
            write_chunk(folder, chunk.index, table, meta)
            finished += chunk.count
            if progress is not None:
                progress(chunk.count)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        try:
            stream.close()  # waits for the chunks the workers are running
        except KeyboardInterrupt:
            # A second Ctrl+C while the workers shut down: the batch still says what it
            # kept and where (an error being raised, if any, goes on being raised).
            interrupted = True
    if interrupted:
        # What is kept is what is on disk: an interrupt can land after a part file is in
        # place but before it was counted (while its log line is flushed, say).
        on_disk = finished_chunks(folder)
        finished = sum(c.count for c in planned if c.index in on_disk)
    return BatchRun(folder, runs, done_before, finished, time.perf_counter() - started,
                    interrupted, redone)


def _check_resumed(folder: Path) -> tuple[str, ...]:
    """Check every part before resuming: refuse parts of another plan; remove damaged ones
    (they are run again) and say why; log good parts a kill left unlogged."""
    from sim.batch.integrity import check_folder, digest, log_part

    try:
        check = check_folder(folder)
    except ValueError as exc:
        raise BatchError(str(exc)) from None
    if check is None:
        return ()
    if check.foreign:
        first = next(iter(check.foreign.values()))
        raise BatchError(f"{folder} cannot be resumed: {first}. Its manifest (_batch.json) "
                         "was edited or parts of two batches were mixed; restore it, or run "
                         "the batch again into another --out")
    for index in check.unlogged:
        data = part_path(folder, index).read_bytes()
        log_part(folder, index, check.good[index], digest(data))
    for index in check.damaged:
        part_path(folder, index).unlink()
    return tuple(f"{why}; it is run again" for why in check.damaged.values())


def _prepare(folder: Path, config: dict[str, Any], resume: bool, size: int) -> int:
    """Create or check the results folder; the chunk size the batch uses."""
    try:
        saved = ch.read_manifest(folder) if folder.is_dir() else None
        if saved is not None and not (isinstance(saved.get("chunk_size"), int)
                                      and saved["chunk_size"] >= 1):
            raise ValueError("its chunk_size is not a whole number from 1")
    except (ValueError, OSError) as exc:
        raise BatchError(f"{folder}: its manifest (_batch.json) cannot be used ({exc})") from None
    if folder.exists() and not folder.is_dir():
        raise BatchError(f"{folder} is a file; batch results are written to a folder")
    if saved is not None:
        if not resume:
            raise BatchError(f"{folder} already holds batch results; pass --resume to finish "
                             "that batch, or choose another --out")
        try:
            ch.check_same_batch(saved, config, folder)
        except ch.ManifestMismatch as exc:
            raise BatchError(str(exc)) from None
        remove_leftovers(folder)
        return int(saved["chunk_size"])
    if folder.is_dir() and any(folder.iterdir()):
        raise BatchError(f"{folder} exists and is not a batch results folder; "
                         "choose another --out")
    folder.mkdir(parents=True, exist_ok=True)
    ch.write_manifest(folder, {**config, "chunk_size": size})
    return size


def _executor(job: BatchJob, todo: list[ch.Chunk], jobs: int, connection: DaskConnection | None,
              ) -> Generator[tuple[ch.Chunk, pa.Table], None, None]:
    if connection is not None:
        return run_dask(job, todo, connection)
    if jobs <= 1 or len(todo) <= 1:
        return run_inline(job, todo)
    return run_processes(job, todo, min(jobs, len(todo)))
