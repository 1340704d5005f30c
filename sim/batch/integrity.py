"""Checking a results folder part by part: on `--resume` and before a summary is drawn.

Each finished chunk's part file is logged in `_parts.jsonl` (one JSON line per part: its
index, rows and SHA-256, appended once the part is renamed into place). A part is *damaged*
when its Parquet footer cannot be read (a truncated file), its rows or run ids are not the
ones the plan gives its chunk, or its bytes no longer match the logged checksum; a damaged
part is run again on `--resume`. A part is *foreign* when it was written for another plan
than the manifest's (a different chunk size, seed, number of runs, scenario...): the manifest
was edited, or parts of two batches were mixed, and nothing can be trusted to resume.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from sim.batch.chunks import Chunk, plan, read_manifest
from sim.files import sync_folder

PARTS_LOG = "_parts.jsonl"
"""Beside the manifest: one line per finished part (a name starting with `_` is skipped by
Parquet readers)."""

IDENTITY = ("scenario_hash", "seed", "runs", "protocol", "variations", "from_save",
            "chunk_size")
"""What a part's own description must share with the manifest."""


def digest(data: bytes) -> str:
    """The checksum logged for a part."""
    return hashlib.sha256(data).hexdigest()


def log_part(folder: Path, index: int, rows: int, checksum: str) -> None:
    """Append part `index` to the folder's log, flushed to disk."""
    line = json.dumps({"part": index, "rows": rows, "sha256": checksum}) + "\n"
    with open(folder / PARTS_LOG, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
    sync_folder(folder)


def read_log(folder: Path) -> dict[int, dict[str, Any]]:
    """The logged parts by index (the last line for a part wins; a line cut short by a kill
    is ignored)."""
    path = folder / PARTS_LOG
    if not path.is_file():
        return {}
    logged: dict[int, dict[str, Any]] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
            logged[int(entry["part"])] = entry
        except (ValueError, KeyError, TypeError):
            continue
    return logged


@dataclass
class PartsCheck:
    """What a results folder holds, part by part, against its manifest's plan."""

    runs: int
    """Runs the batch plans."""
    chunks: int
    """Chunks the batch plans."""
    good: dict[int, int] = field(default_factory=dict)
    """Parts that check out: index → rows."""
    damaged: dict[int, str] = field(default_factory=dict)
    """Parts that cannot be used: index → why."""
    foreign: dict[int, str] = field(default_factory=dict)
    """Parts written for another plan than the manifest's: index → what differs."""
    unlogged: list[int] = field(default_factory=list)
    """Good parts the log does not list yet (a kill between rename and log)."""

    @property
    def done(self) -> int:
        """Runs in good parts."""
        return sum(self.good.values())

    @property
    def finished(self) -> bool:
        """Whether every planned chunk has a good part."""
        return len(self.good) == self.chunks and not self.damaged and not self.foreign


def check_parts(folder: Path, manifest: dict[str, Any]) -> PartsCheck:
    """Check every part file in `folder` against the plan of `manifest`.

    Raises:
        ValueError: the manifest itself is damaged (missing or impossible numbers).
    """
    from sim.batch.parquet import METADATA_KEY, finished_chunks, part_path

    try:
        runs, size = int(manifest["runs"]), int(manifest["chunk_size"])
        if runs < 1 or size < 1:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"{folder}: its manifest is damaged (runs and chunk_size must be "
                         "whole numbers from 1)") from None
    planned = {c.index: c for c in plan(runs, size)}
    logged = read_log(folder)
    check = PartsCheck(runs, len(planned))
    for index in sorted(finished_chunks(folder)):
        path = part_path(folder, index)
        chunk = planned.get(index)
        if chunk is None:
            check.foreign[index] = (f"{path.name} is not a chunk of this batch's plan "
                                    f"({len(planned)} chunks of {size:,} runs)")
            continue
        try:
            meta = pq.read_schema(path).metadata or {}
            described = json.loads(meta[METADATA_KEY])
        except Exception as exc:  # a truncated or foreign file: pyarrow's many errors
            check.damaged[index] = f"{path.name} cannot be read ({_short(exc)})"
            continue
        differs = [k for k in IDENTITY if described.get(k) != manifest.get(k)]
        if differs:
            key = differs[0]
            check.foreign[index] = (f"{path.name} was written for another plan ({key} "
                                    f"{described.get(key)!r} there, {manifest.get(key)!r} in "
                                    "the manifest)")
            continue
        problem = _check_rows(path, chunk, logged.get(index))
        if problem is not None:
            check.damaged[index] = f"{path.name} {problem}"
            continue
        check.good[index] = chunk.count
        if index not in logged:
            check.unlogged.append(index)
    return check


def _check_rows(path: Path, chunk: Chunk, entry: dict[str, Any] | None) -> str | None:
    """Why the part of `chunk` at `path` is damaged, or None."""
    data = path.read_bytes()
    if entry is not None and entry.get("sha256") != digest(data):
        return "changed since it was written (its checksum differs from the log's)"
    try:
        # ParquetFile, which pq.read_table itself falls back on: the same rows without
        # importing pyarrow.dataset (~60 ms before every summary).
        with pq.ParquetFile(pa_buffer(data)) as file:
            if "run" not in file.schema_arrow.names:
                return "cannot be read (it has no run column)"
            table = file.read(columns=["run"])
    except Exception as exc:
        return f"cannot be read ({_short(exc)})"
    if table.num_rows != chunk.count:
        return f"holds {table.num_rows:,} rows; its chunk has {chunk.count:,}"
    runs = table["run"].to_numpy()
    if not np.array_equal(runs, np.arange(chunk.start, chunk.start + chunk.count)):
        return (f"does not hold runs {chunk.start:,}–{chunk.start + chunk.count - 1:,} in "
                "order")
    return None


def pa_buffer(data: bytes) -> Any:
    """Bytes as a pyarrow input."""
    import pyarrow as pa

    return pa.BufferReader(data)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def check_folder(folder: Path) -> PartsCheck | None:
    """The check of a results folder, or None for a single Parquet file or a folder without
    a manifest (written by another tool, or before manifests).

    Raises:
        ValueError: the manifest is damaged.
    """
    if not folder.is_dir():
        return None
    try:
        manifest = read_manifest(folder)
    except (ValueError, OSError) as exc:
        raise ValueError(f"{folder}: its manifest cannot be read ({_short(exc)})") from None
    if manifest is None:
        return None
    return check_parts(folder, manifest)
