"""`parley play` refuses what it cannot play with one clear line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.cli import main


def test_an_unknown_scenario_is_one_message_not_a_traceback(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert "no scenario file or built-in scenario named 'atlantis'" in err
    assert "Traceback" not in err


def test_a_broken_scenario_file_reports_its_problems(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\n", encoding="utf-8")
    assert main(["play", str(bad), "--side", "EU"]) == 2
    assert "problem" in capsys.readouterr().err


def test_an_unknown_side_names_the_sides_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "brussels_2026", "--side", "Mars"]) == 2
    assert "parties: EU, Russia, Ukraine, US" in capsys.readouterr().err


@pytest.mark.parametrize("content, message", [
    ("{not json", "damaged save file"),
    (json.dumps({"format": "something-else"}), "not a Parley save file"),
])
def test_a_damaged_or_foreign_save_is_refused_and_left_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    save = tmp_path / "save.json"
    save.write_text(content, encoding="utf-8")
    assert main(["play", "--resume", str(save)]) == 2
    # The message may wrap at the terminal's width, wherever the temporary path ends.
    assert message in " ".join(capsys.readouterr().err.split())
    assert save.read_text(encoding="utf-8") == content
