"""Issue 13: a scenario's `seeds:` name documents in a seeds folder, nowhere else, and never
bring another file's contents to the screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parley.cli import main
from tests.hostile.conftest import BRUSSELS

SEED = "000_2c8abda6f011f619.txt"


def _cite(folder: Path, name: str) -> Path:
    """The seed scenario with every mention of its seed replaced by `name`."""
    path = folder / "scenarios" / "hostile.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BRUSSELS.read_text(encoding="utf-8").replace(SEED, name),
                    encoding="utf-8")
    return path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("root:x:0:0:TOP-SECRET-LINE\n" * 400, encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["relative", "absolute", "subfolder"])
def test_a_seed_outside_the_seeds_folder_is_refused_unread(tmp_path: Path, secret: Path,
                                                           capsys, form: str) -> None:
    name = {"relative": "../../secret.txt", "absolute": str(secret),
            "subfolder": "../secret.txt"}[form]
    path = _cite(tmp_path, name)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "TOP-SECRET" not in out
    assert "is not a seed's file name" in out


def test_a_link_out_of_the_seeds_folder_is_not_followed(tmp_path: Path, secret: Path,
                                                        capsys) -> None:
    path = _cite(tmp_path, "linked.txt")
    (tmp_path / "scenarios" / "seeds").mkdir()
    os.symlink(secret, tmp_path / "scenarios" / "seeds" / "linked.txt")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "TOP-SECRET" not in out and "'linked.txt' not found" in out


def test_a_binary_seed_is_a_located_problem_not_a_traceback(tmp_path: Path, capsys) -> None:
    path = _cite(tmp_path, "binary.txt")
    (tmp_path / "scenarios" / "seeds").mkdir()
    (tmp_path / "scenarios" / "seeds" / "binary.txt").write_bytes(b"\xff\xfe\x00\x81" * 100)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "'binary.txt' is not UTF-8 text" in out and "Traceback" not in out
