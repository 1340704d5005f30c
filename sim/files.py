"""Writing files so that they appear complete or not at all.

Saves, transcripts, drafts, reports, class packs and batch chunks are all written the same
way: to a hidden temporary file beside the target, flushed to disk, then renamed over it. A
reader (or a process killed half-way) sees the old file or the whole new one, never a part.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PARTIAL_SUFFIX = ".partial"
"""How the temporary files of `write_atomic` end: `.NAME.XXXXXXXX.partial`."""


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Replace `path` with `content` (text is written as UTF-8, newlines untouched).

    The content goes to a hidden temporary file in the same folder, is flushed to disk and
    renamed over `path`, and the folder is synced so that the rename survives a crash. On
    any error (an interrupt included) the temporary file is removed and the error re-raised;
    `path` is then as it was.

    Returns:
        `path`.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    # A random name and exclusive creation: two writers never share a temporary file, and a
    # leftover of a killed one blocks nothing.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
    handle = open(tmp, "xb")  # noqa: SIM115 - closed below, before the rename
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
    return path


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
