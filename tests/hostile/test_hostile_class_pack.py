"""`parley class` on a full disk (QA of issue 13): one line naming what could not be written,
and nothing left behind that blocks running the same command again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parley.cli import main

CLASS = ["class", "brussels_2026_settlement", "--students", "2", "--seed", "1", "-o"]


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _fill(folder: Path, keep_free: int) -> None:
    """Fill the filesystem of `folder` but for about `keep_free` bytes."""
    (folder / "filler").unlink(missing_ok=True)
    free = _free(folder)
    (folder / "filler").write_bytes(b"\0" * max(0, free - keep_free))


def _free(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


@pytest.mark.parametrize("free", [0, 64 * 1024])
def test_a_class_pack_on_a_full_disk_is_one_line_and_a_retry_needs_no_force(
        full_disk: Path, capsys: pytest.CaptureFixture[str], free: int) -> None:
    _fill(full_disk, free)  # 64 kB: the first briefs fit, the rest of the pack does not
    pack = full_disk / "class" / "pack"
    assert main([*CLASS, str(pack)]) == 1
    said = _one_line(capsys.readouterr().err)
    assert f"cannot write the class pack {pack}: no space left on device (writing {pack}" in said
    assert "nothing of the new pack was left behind" in said
    assert not (full_disk / "class").exists()
    assert not [p for p in full_disk.iterdir() if p.name.endswith(".partial")]
    (full_disk / "filler").unlink()
    assert main([*CLASS, str(pack)]) == 0
    assert (pack / "class.json").is_file() and len(list((pack / "briefs").iterdir())) == 4
