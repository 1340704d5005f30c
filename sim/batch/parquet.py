"""Results on disk: one Parquet file per finished chunk in a results folder, written atomically.

`results.parquet/` holds `part-00000.parquet`, `part-00001.parquet`, ... and `_batch.json`
(see `sim.batch.chunks`). A chunk is written to a hidden temporary file, flushed to disk and
renamed into place, so a part file exists only once complete: a batch killed at any instant
leaves whole chunks and, at worst, a temporary file that the next run removes. Names starting
with `_` or `.` are skipped by pyarrow, pandas and Dask, so the folder reads as one dataset.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

PART = re.compile(r"^part-(\d{5,})\.parquet$")
METADATA_KEY = b"parley.batch"
"""Schema metadata key holding the batch description (JSON)."""


def part_path(folder: Path, index: int) -> Path:
    """File of chunk `index`."""
    return folder / f"part-{index:05d}.parquet"


def write_chunk(folder: Path, index: int, table: pa.Table, meta: dict[str, Any]) -> Path:
    """Write chunk `index` so that it appears complete or not at all."""
    final = part_path(folder, index)
    tmp = folder / f".{final.name}.tmp"
    table = table.replace_schema_metadata({METADATA_KEY: json.dumps(meta).encode()})
    with open(tmp, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    sync_folder(folder)
    return final


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def finished_chunks(folder: Path) -> set[int]:
    """Indices of chunks with a complete part file."""
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for f in folder.iterdir() if (m := PART.match(f.name))}


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files of chunks a killed batch was writing."""
    for f in folder.glob(".part-*.parquet.tmp"):
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


def iter_batches(folder: str | os.PathLike[str],
                 columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
    """Rows of a results folder in record batches, so a summary needs no more memory than one."""
    path = Path(folder)
    files = [path] if path.is_file() else part_files(path)
    for f in files:
        yield from pq.ParquetFile(f).iter_batches(columns=columns, batch_size=65536)


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
