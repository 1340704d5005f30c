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
    """Write chunk `index` so that it appears complete or not at all, then log its rows and
    checksum (`sim.batch.integrity`)."""
    from sim.batch.integrity import digest, log_part

    table = table.replace_schema_metadata({METADATA_KEY: json.dumps(meta).encode()})
    sink = pa.BufferOutputStream()
    # Parquet dictionary pages only for the columns that are dictionaries already (labels):
    # tried on every float column of distinct draws they are thrown away again, which made
    # writing three times slower and the files 17% larger. The rows read back the same.
    labels = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    pq.write_table(table, sink, compression="zstd", use_dictionary=labels)
    data = sink.getvalue().to_pybytes()
    path = write_atomic(part_path(folder, index), data)
    log_part(folder, index, table.num_rows, digest(data))
    return path


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
    """Every row of a results folder (or a single Parquet file), in run order.

    Raises:
        ValueError: a file is not Parquet, or lacks one of `columns`.
    """
    path = Path(folder)
    if path.is_file():
        return _read_file(path, columns)
    files = part_files(path)
    if not files:
        raise FileNotFoundError(f"{path} holds no finished chunks")
    return pa.concat_tables([_read_file(f, columns) for f in files])


def _read_file(path: Path, columns: list[str] | None) -> pa.Table:
    # One file at a time with ParquetFile, which `pq.read_table` itself falls back on: the
    # same table, without importing pyarrow.dataset and pyarrow.compute (~50 ms per command).
    try:
        file = pq.ParquetFile(path)
    except pa.ArrowInvalid as exc:  # say which file, as read_table did
        raise pa.ArrowInvalid(f"{path}: {exc}") from None
    with file:
        names = set(file.schema_arrow.names)  # a property that converts the schema each time
        missing = [c for c in columns or () if c not in names]
        if missing:
            raise ValueError(f"{path}: no column {', '.join(map(repr, missing))}")
        return file.read(columns=columns)


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
