"""Chunk planning and the manifest that lets `--resume` finish a batch exactly as planned.

A batch of `runs` runs is cut into chunks of `chunk_size` consecutive runs; chunk `k` covers
runs `k * chunk_size` onward. The plan and everything that decides the rows (scenario hash,
seed, variations, protocol, the save continued from) are written to `_batch.json` before the
first chunk, so a resumed batch runs the missing chunks of the same plan and ends with
exactly the rows an uninterrupted batch writes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.files import write_atomic

MANIFEST = "_batch.json"
MANIFEST_FORMAT = "parley-batch"
MANIFEST_VERSION = 1

MAX_CHUNK = 20_000
"""Runs per chunk when all runs share utility tables (the engine's sweet spot)."""
MAX_CHUNK_PER_RUN_TABLES = 1_000
"""Runs per chunk when each run has its own utility tables (memory: ~60 kB per run)."""
MAX_CHUNK_STAGED = 50_000
"""Runs per chunk of staged talks: a chunk's runs split into one group per agreement the first
stage reaches, and each group pays the engine's fixed costs per round, so bigger chunks keep
the groups big (on the seed scenario 50,000 used ~15% less CPU than 20,000)."""
MIN_CHUNK = 500


@dataclass(frozen=True)
class Chunk:
    """Runs `start .. start + count - 1`, written as part file `index`."""

    index: int
    start: int
    count: int


def choose_chunk_size(runs: int, workers: int, per_run_tables: bool,
                      staged: bool = False) -> int:
    """Large enough for the engine to run at speed, small enough to keep every worker busy
    and to lose little on a kill (about four chunks per worker, within fixed bounds)."""
    cap = (MAX_CHUNK_PER_RUN_TABLES if per_run_tables
           else MAX_CHUNK_STAGED if staged else MAX_CHUNK)
    return max(1, min(cap, max(MIN_CHUNK, math.ceil(runs / (4 * max(workers, 1))))))


def plan(runs: int, chunk_size: int) -> list[Chunk]:
    """All chunks of a batch, in order."""
    return [Chunk(k, start, min(chunk_size, runs - start))
            for k, start in enumerate(range(0, runs, chunk_size))]


class ManifestMismatch(ValueError):
    """An existing results folder belongs to a different batch."""


def write_manifest(folder: Path, config: dict[str, Any]) -> None:
    """Record the batch's plan and identity in `folder` (atomically)."""
    data = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, **config}
    write_atomic(folder / MANIFEST, json.dumps(data, indent=2))


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a results folder, or None when there is none."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != MANIFEST_FORMAT:
        raise ManifestMismatch(f"{path} is not a Parley batch manifest")
    return data


def check_same_batch(saved: dict[str, Any], config: dict[str, Any], folder: Path) -> None:
    """Refuse to resume into results of another batch, naming what differs."""
    for key in ("scenario_hash", "seed", "runs", "protocol", "variations", "from_save"):
        if saved.get(key) != config.get(key):
            raise ManifestMismatch(
                f"{folder} holds a different batch ({key}: {saved.get(key)!r} there, "
                f"{config.get(key)!r} now); resume with the same arguments or use another --out")
