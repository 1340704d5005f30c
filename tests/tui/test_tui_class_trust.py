"""What a teacher relies on, through the screens: a saved game remembers where it records,
and during play nothing shows another side's private numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Static
from tui_helpers import DEAL_SEED, SIDE, play_out

from tui.app import make_app
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import PathScreen
from tui.screens.table import TableScreen


async def test_saving_remembers_the_transcript_so_resuming_keeps_recording(
        tmp_path: Path) -> None:
    save, transcript = tmp_path / "game.json", tmp_path / "student-05.jsonl"
    app = make_app("brussels_2026", [SIDE], seed=DEAL_SEED, transcript=transcript)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        await pilot.press("s")
        assert isinstance(app.screen, PathScreen)
        app.screen.query_one(Input).value = str(save)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
    assert json.loads(save.read_text())["transcript"] == str(transcript)


@pytest.mark.slow
async def test_the_end_screen_and_the_printed_debrief_give_the_same_percentile(
        tmp_path: Path) -> None:
    from sim.report.baseline import BASELINE_RUNS
    from sim.report.build import debrief
    from sim.transcript.format import write_transcript

    app = make_app("brussels_2026", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await play_out(pilot)
        assert isinstance(app.screen, DebriefScreen) and app.session is not None
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(app.screen.query_one(f"#rank-{SIDE}", Static).render())
        write_transcript(app.session.records, tmp_path / "game.jsonl")
    printed = debrief(tmp_path / "game.jsonl", runs=BASELINE_RUNS).result(SIDE).percentile
    assert f"percentile {printed:.0f} among {BASELINE_RUNS} scripted" in shown
