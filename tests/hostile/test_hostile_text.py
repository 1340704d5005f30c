"""Issue 13: what users typed is printed as they typed it, never read as Rich markup or
emoji codes, and errors are one line however long their file names."""

from __future__ import annotations

from pathlib import Path

from parley.cli import main
from tests.hostile.conftest import edited_brussels


def test_error_text_keeps_emoji_codes_and_brackets(capsys) -> None:
    assert main(["run", "no_such[bold]:x:"]) == 2
    err = capsys.readouterr().err
    assert "'no_such[bold]:x:'" in err and "❌" not in err


def test_a_title_with_markup_is_printed_literally(tmp_path: Path, capsys) -> None:
    path = edited_brussels(tmp_path, "title: Brussels wants concessions before peace talks",
                           "title: 'Talks [/bold] [red]now[/red] :warning:'")
    assert main(["explain", str(path), "--party", "EU"]) == 0
    out = capsys.readouterr().out
    assert "Talks [/bold] [red]now[/red] :warning:" in out


def test_a_long_error_stays_on_one_line(tmp_path: Path, capsys) -> None:
    save = tmp_path / ("a-very-long-folder-name-" * 4) / "save.json"
    save.parent.mkdir()
    save.write_text('{"format": "something-else"}', encoding="utf-8")
    assert main(["play", "--resume", str(save)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a Parley save file" in err
