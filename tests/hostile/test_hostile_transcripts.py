"""Issue 13: a transcript edited by hand or damaged is refused in one line naming the record
and field at fault, by `report`, `class-summary` and the save/transcript readers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parley.cli import main

Records = list[dict[str, Any]]


def _edit(records: Records, kind: str, change: Callable[[dict[str, Any]], None]) -> None:
    change(next(r for r in records if r["type"] == kind))


EDITS: dict[str, tuple[str, Callable[[dict[str, Any]], None], str]] = {
    "unknown option": ("offer", lambda r: r["outcome"].update(regions="atlantis"),
                       "'atlantis' is not one of its options"),
    "unknown person": ("answer", lambda r: r.update(party="Narnia"),
                       "'Narnia' is not a party"),
    "missing utilities": ("outcome", lambda r: r.pop("utilities"), "utilities: missing"),
    "unknown party in the outcome": ("outcome", lambda r: r["utilities"].update(Narnia=1),
                                     "'Narnia' is not a party"),
    "unknown human": ("header", lambda r: r.update(humans=["Narnia"]), "humans: 'Narnia'"),
    "a round in words": ("offer", lambda r: r.update(round="soon"),
                         "round: 'soon' is not a whole number"),
    "an unknown ending": ("outcome", lambda r: r.update(kind="party"), "kind: 'party'"),
    "NaN": ("outcome", lambda r: r["utilities"].update(EU=float("nan")),
            "nan is not a finite number"),
}


@pytest.mark.parametrize("command", ["report", "class-summary"])
@pytest.mark.parametrize("edit", EDITS)
def test_an_edited_transcript_is_one_line_naming_the_record(
        transcript: Path, tmp_path: Path, capsys, edit: str, command: str) -> None:
    kind, change, message = EDITS[edit]
    records = [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]
    _edit(records, kind, change)
    edited = tmp_path / "edited.jsonl"
    edited.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code = main([command, str(edited), "--baseline-runs", "5", "-o", str(tmp_path / "x.html")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert message in err and "record" in err
    assert not (tmp_path / "x.html").exists()


def test_a_pipe_or_folder_given_as_transcript_never_blocks(tmp_path: Path, capsys) -> None:
    import os

    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)
    for source in (pipe, tmp_path):
        assert main(["report", str(source), "-o", str(tmp_path / "x.html")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and ("not a regular file" in err or "folder" in err)


@pytest.mark.parametrize("edit", ["unknown option", "unknown person", "a round in words"])
def test_replay_refuses_an_edited_transcript_before_the_screen_opens(
        transcript: Path, tmp_path: Path, capsys, edit: str) -> None:
    kind, change, message = EDITS[edit]
    records = [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]
    _edit(records, kind, change)
    edited = tmp_path / "edited.jsonl"
    edited.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert main(["replay", str(edited)]) == 2  # today: a KeyError inside the replay screen
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.fixture(scope="module")
def staged_transcript(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished game of the two-stage seed scenario."""
    path = tmp_path_factory.mktemp("staged") / "game.jsonl"
    assert main(["run", "brussels_2026", "--seed", "3", "--quiet", "--transcript",
                 str(path)]) == 0
    return path


def _with_seed(source: Path, folder: Path, seed: Any) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["seed"] = seed
    edited = folder / "seeded.jsonl"
    edited.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    return edited


@pytest.mark.parametrize("command", ["report", "class-summary", "replay"])
@pytest.mark.parametrize("seed", [2**70, 2**64, -1])
def test_a_seed_no_game_is_played_with_is_refused_with_the_allowed_range(
        staged_transcript: Path, tmp_path: Path, capsys, command: str, seed: int) -> None:
    # 2**70 used to end in an OverflowError inside the staged replay.
    edited = _with_seed(staged_transcript, tmp_path, seed)
    args = [command, str(edited)]
    if command != "replay":
        args += ["--baseline-runs", "5", "-o", str(tmp_path / "x.html")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{edited}:1:" in err and "seed" in err
    assert "out of range (a whole number from 0 to 2**64 - 1)" in err
    assert not (tmp_path / "x.html").exists()


def test_the_largest_seed_a_game_is_played_with_is_read(tmp_path: Path) -> None:
    path = tmp_path / "top.jsonl"
    assert main(["run", "brussels_2026", "--seed", str(2**64 - 1), "--quiet", "--transcript",
                 str(path)]) == 0
    assert main(["report", str(path), "--baseline-runs", "5",
                 "-o", str(tmp_path / "x.html")]) == 0


@pytest.mark.parametrize("seed", ["7", 7.0, None, "9" * 5000])
def test_a_seed_that_is_not_a_whole_number_is_refused(
        staged_transcript: Path, tmp_path: Path, capsys, seed: Any) -> None:
    lines = staged_transcript.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["seed"] = 0
    text = json.dumps(header).replace('"seed": 0', '"seed": ' + (
        seed if isinstance(seed, str) and len(seed) > 100 else json.dumps(seed)))
    edited = tmp_path / "seeded.jsonl"
    edited.write_text("\n".join([text, *lines[1:]]) + "\n", encoding="utf-8")
    assert main(["report", str(edited), "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{edited}:1:" in err or f"{edited}: record 1 (header): seed:" in err
    assert len(err) < 300
