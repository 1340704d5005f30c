"""A student's game is never lost: the transcript path is checked before the first move, a
resumed game keeps recording, and a transcript that cannot go where asked goes somewhere safe.

`parley play` is driven through `main` with the TUI replaced by a stand-in that plays the
session directly (rejecting every offer, tabling its ideal), as the Pilot tests in
`tests/tui/` do through the screens.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from parley.cli import main
from sim.play.recording import check_recordable, record_game, write_finished
from sim.play.session import PlaySession
from sim.transcript.format import read_transcript, to_jsonl
from tests.stand_in import play_out, stand_in
from tui.app import ParleyApp

SIDE, SEED = "Russia", 6


def test_a_game_started_from_the_wrong_folder_is_refused_before_the_first_move(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # the student is not in the teacher's folder: no pack/ here

    def never(app: ParleyApp) -> None:
        raise AssertionError("the game must not start")

    monkeypatch.setattr(ParleyApp, "run", never)
    code = main(["play", "brussels_2026", "--side", "EU", "--seed", "1", "--transcript",
                 "pack/transcripts/student-02.jsonl"])
    err = capsys.readouterr().err
    assert code == 2
    assert "the folder pack/transcripts does not exist" in err
    assert "Run the command from the folder that holds pack/" in err
    assert "nothing was played yet" in err and "Traceback" not in err


def test_a_read_only_folder_is_refused_before_the_first_move(tmp_path: Path) -> None:
    from sim.play.recording import RecordingError

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        probe = folder / "probe"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:  # running as root: permissions do not stop writes
            probe.unlink()
            pytest.skip("file permissions are not enforced for this user")
        with pytest.raises(RecordingError, match="cannot be written"):
            check_recordable(folder / "game.jsonl")
    finally:
        folder.chmod(0o700)


def test_a_resumed_game_keeps_recording_to_the_transcript_named_at_the_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack" / "transcripts").mkdir(parents=True)
    transcript = tmp_path / "pack" / "transcripts" / "student-03.jsonl"
    save = tmp_path / "game.json"
    monkeypatch.setattr(ParleyApp, "run", stand_in(moves=3, save=save))
    assert main(["play", "brussels_2026", "--side", SIDE, "--seed", str(SEED),
                 "--transcript", "pack/transcripts/student-03.jsonl"]) == 1
    err = capsys.readouterr().err
    assert "not finished" in err and f"parley play --resume {save}" in err
    assert not transcript.exists()
    assert json.loads(save.read_text())["transcript"] == str(transcript)

    monkeypatch.chdir(tmp_path / "pack")  # resumed from another folder: the path still holds
    monkeypatch.setattr(ParleyApp, "run", stand_in())
    assert main(["play", "--resume", str(save)]) == 0
    assert f"transcript written to {transcript}" in capsys.readouterr().err
    records = read_transcript(transcript)
    assert records[-1]["type"] == "outcome"
    whole = PlaySession("brussels_2026", seed=SEED, humans=[SIDE])
    play_out(whole)
    assert to_jsonl(records) == to_jsonl(whole.records)  # the same game, every move of it


def test_a_transcript_that_cannot_be_written_at_the_end_goes_beside_the_save_file(
        tmp_path: Path) -> None:
    pack = tmp_path / "pack" / "transcripts"
    pack.mkdir(parents=True)
    saves = tmp_path / "saves"
    saves.mkdir()
    session = PlaySession("brussels_2026", seed=SEED, humans=[SIDE],
                          transcript=pack / "student-04.jsonl")
    play_out(session, moves=2)
    session.save(saves / "game.json")
    play_out(session)
    shutil.rmtree(tmp_path / "pack")  # the folder went away while the student played
    code, message, fallback = record_game(session, pack / "student-04.jsonl")
    assert code == 1 and fallback is None
    safe = saves / "student-04.jsonl"
    assert f"your game is safe in {safe}" in message
    assert safe.read_text(encoding="utf-8") == to_jsonl(session.records)


def test_the_fallback_never_replaces_a_file_already_there(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "game.jsonl").write_text("someone else's\n")
    records = [{"type": "header"}]
    written = write_finished(records, tmp_path / "gone" / "game.jsonl")
    assert written.moved and written.path == tmp_path / "game-1.jsonl"
    assert (tmp_path / "game.jsonl").read_text() == "someone else's\n"
