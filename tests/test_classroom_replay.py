"""A student's game replayed move by move from its transcript, and written by `parley play`."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main
from parley.commands.play import _write_transcript
from sim.classroom.stand_in import StandIn, Temperament, play_student
from sim.play.session import PlaySession
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario
from sim.transcript.format import read_transcript, to_jsonl
from tui.screens.replay import ReplayApp, ReplayScreen


async def test_a_replay_steps_through_every_move_to_the_outcome(tmp_path: Path) -> None:
    records = play_student("brussels_2026", "Russia", seed=101, student_seed=1)
    app = ReplayApp(records, load_scenario(resolve_scenario("brussels_2026")))
    async with app.run_test(size=(110, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.current is records[1]
        await pilot.press("right", "right")
        assert screen.current is records[3]
        await pilot.press("left")
        assert screen.current is records[2]
        await pilot.press("end")
        assert screen.current is records[-1] and records[-1]["type"] == "outcome"
        await pilot.press("right")  # past the end stays at the end
        assert screen.current is records[-1]
        await pilot.press("home")
        assert screen.position == 0


def test_replay_refuses_a_damaged_transcript_naming_the_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "header", "scenario": "x"}\nnot json\n', encoding="utf-8")
    assert main(["replay", str(bad)]) == 2
    assert f"{bad}:2: damaged record" in capsys.readouterr().err


def test_play_writes_the_transcript_of_a_finished_game_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = PlaySession("brussels_2026", seed=5, humans=["EU"])
    target = tmp_path / "student-01.jsonl"
    assert _write_transcript(session, str(target)) == 1  # not started, so not finished
    assert not target.exists()
    student = StandIn(session, "EU", Temperament(pace=1.0, stretch=1.0, margin=0.0))
    request = session.advance()
    while request is not None:
        request = session.decide(student.decide(request))
    assert _write_transcript(session, str(target)) == 0
    assert target.read_text(encoding="utf-8") == to_jsonl(session.records)
    assert read_transcript(target)[-1]["type"] == "outcome"
