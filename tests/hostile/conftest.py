"""Helpers for the hostile-input tests: a finished game's transcript, and small filesystems
that are full or read-only (made with tmpfs where the machine allows it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.cli import main


@pytest.fixture(scope="module")
def transcript(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished game of the seed scenario, as `parley run --transcript` writes it."""
    path = tmp_path_factory.mktemp("game") / "game.jsonl"
    assert main(["run", "brussels_2026_settlement", "--seed", "1", "--quiet", "--transcript",
                 str(path)]) == 0
    return path


def _mount_tmpfs(folder: Path, size: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root and mount(8)")
    folder.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True, check=False)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A tiny filesystem holding `old.*` files (each `OLD`), then filled to the last byte."""
    folder = tmp_path / "full"
    _mount_tmpfs(folder, "256k")
    try:
        for name in ("old.html", "old.jsonl", "old.json", "old.png", "old.yaml"):
            (folder / name).write_bytes(b"OLD")
        # Reports and transcripts recognise their own kind; these are Parley-looking ones.
        (folder / "mine.html").write_text('<meta name="generator" content="Parley">OLD')
        filler = folder / "filler"
        try:
            with open(filler, "wb") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
        except OSError:
            pass
        yield folder
    finally:
        _unmount(folder)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A read-only filesystem holding `mine.html` (a Parley page) and an empty `pack/`."""
    folder = tmp_path / "ro"
    _mount_tmpfs(folder, "1m")
    try:
        (folder / "mine.html").write_text('<meta name="generator" content="Parley">OLD')
        (folder / "pack").mkdir()
        proc = subprocess.run(["mount", "-o", "remount,ro", str(folder)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            pytest.skip(f"cannot make the tmpfs read-only: {proc.stderr.strip()}")
        yield folder
    finally:
        _unmount(folder)


BRUSSELS = Path(__file__).parent.parent.parent / "scenarios" / "brussels_2026.yaml"


def edited_brussels(folder: Path, old: str, new: str, name: str = "edited.yaml") -> Path:
    """The seed scenario with one piece of text replaced, written into `folder` (its seed is
    found among the built-in ones)."""
    text = BRUSSELS.read_text(encoding="utf-8")
    assert old in text, old
    path = folder / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path
