"""Results on disk: one Parquet file per finished chunk in a results folder, written atomically.

`results.parquet/` holds `part-00000.parquet`, `part-00001.parquet`, ... and `_batch.json`
(see `sim.batch.chunks`). A chunk is written with `sim.files.write_atomic`, so a part file
exists only once complete: a batch killed at any instant leaves whole chunks and, at worst,
a hidden temporary file that the next run removes. Names starting with `_` or `.` are
skipped by pyarrow, pandas and Dask, so the folder reads as one dataset.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.files import write_atomic

PART = re.compile(r"^part-(\d{5,})\.parquet$")
METADATA_KEY = b"parley.batch"
"""Schema metadata key holding the batch description (JSON)."""


def part_path(folder: Path, index: int) -> Path:
    """File of chunk `index`."""
    return folder / f"part-{index:05d}.parquet"


def write_chunk(folder: Path, index: int, table: pa.Table, meta: dict[str, Any]) -> Path:
    """Write chunk `index` so that it appears complete or not at all."""
    table = table.replace_schema_metadata({METADATA_KEY: json.dumps(meta).encode()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return write_atomic(part_path(folder, index), sink.getvalue().to_pybytes())


def finished_chunks(folder: Path) -> set[int]:
    """Indices of chunks with a complete part file."""
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for f in folder.iterdir() if (m := PART.match(f.name))}


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed batch was writing (`.part-00003.parquet.*`)."""
    for f in folder.glob(".part-*.parquet.*"):
        f.unlink(missing_ok=True)


def part_files(folder: Path) -> list[Path]:
    """Part files in chunk order."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no batch results at {folder}")
    return [part_path(folder, i) for i in sorted(finished_chunks(folder))]


def read_results(folder: str | os.PathLike[str], columns: list[str] | None = None) -> pa.Table:
    """Every row of a results folder (or a single Parquet file), in run order."""
    path = Path(folder)
    if path.is_file():
        return pq.read_table(path, columns=columns)
    files = part_files(path)
    if not files:
        raise FileNotFoundError(f"{path} holds no finished chunks")
    return pa.concat_tables([pq.read_table(f, columns=columns) for f in files])


def batch_metadata(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """The batch description stored with the rows."""
    path = Path(folder)
    files = [path] if path.is_file() else part_files(path)
    if not files:
        raise FileNotFoundError(f"{path} holds no finished chunks")
    meta = pq.read_schema(files[0]).metadata or {}
    if METADATA_KEY not in meta:
        raise ValueError(f"{files[0]} was not written by `parley batch`")
    data: dict[str, Any] = json.loads(meta[METADATA_KEY])
    return data
