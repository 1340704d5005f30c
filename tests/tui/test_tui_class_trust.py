"""What a teacher relies on, through the screens: a saved game remembers where it records,
and during play nothing shows another side's private numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.widgets import Input, Static
from tui_helpers import DEAL_SEED, SIDE, play_out

from tui.app import make_app
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import PathScreen, TextScreen
from tui.screens.table import TableScreen
from tui.widgets.move_log import MoveLog


async def test_saving_remembers_the_transcript_so_resuming_keeps_recording(
        tmp_path: Path) -> None:
    save, transcript = tmp_path / "game.json", tmp_path / "student-05.jsonl"
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED, transcript=transcript)
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

    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
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


PRIVATE = re.compile(r"\b0\.\d\d\b|\b1\.00\b|wanted|wants at least|no deal \(|budget")
"""A number (another side's utility, target or reservation) or the words around one."""


def _lines(app_screen: TableScreen, kind: str, not_party: str) -> list[int]:
    log = app_screen.query_one(MoveLog)
    return [k for k in range(log.option_count)
            if (r := log.records[int(log.get_option_at_index(k).id or 0)])["type"] == kind
            and r.get("party") != not_party]


async def test_why_shows_what_a_delegation_would_see_and_no_private_number() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "t")  # Russia tables; the others answer it
        await pilot.pause()
        table = app.screen
        assert isinstance(table, TableScreen)
        answers = _lines(table, "answer", SIDE)
        assert answers, "the others answered Russia's offer"
        for k in answers:
            table.query_one(MoveLog).highlighted = k
            await pilot.press("w")
            await pilot.pause()
            assert isinstance(app.screen, TextScreen)
            text = app.screen.markdown
            assert "rejects" in text or "accepts" in text
            assert not PRIVATE.search(text.split("*What the text is worth")[0]), text
            await pilot.press("escape")
        log = "\n".join(str(table.query_one(MoveLog).get_option_at_index(k).prompt)
                        for k in answers)
        assert not re.search(r"reservation|target|budget", log)


async def test_practice_mode_shows_the_private_numbers_during_play() -> None:
    from sim.classroom.pack import Settings

    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED,
                   settings=Settings(practice=True))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        table = app.screen
        assert isinstance(table, TableScreen)
        table.query_one(MoveLog).highlighted = _lines(table, "answer", SIDE)[0]
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        assert PRIVATE.search(app.screen.markdown)  # e.g. "It wanted at least 1.00"


async def test_replay_keeps_its_reason_pane_in_step_however_fast_keys_come() -> None:
    from textual.widgets import Markdown, OptionList

    from sim.classroom.stand_in import play_student
    from sim.scenario.library import resolve_scenario
    from sim.scenario.loader import load_scenario
    from tui.screens.replay import ReplayApp, ReplayScreen

    records = play_student("brussels_2026_settlement", "Russia", seed=101, student_seed=1)
    app = ReplayApp(records, load_scenario(resolve_scenario("brussels_2026_settlement")))
    async with app.run_test(size=(110, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)

        def pane() -> str:
            blocks = screen.query_one("#replay-why", Markdown).query("MarkdownH2")
            return " | ".join(str(b._content) for b in blocks)

        await pilot.press(*["right"] * 25, "left", "right", "right", "end", "home",
                          *["right"] * 12)
        assert screen.position == 12
        assert pane() == screen._why(screen.current).splitlines()[0].removeprefix("## ")
        moves = screen.query_one("#replay-moves", OptionList)
        assert moves.highlighted == 12 and moves.option_count == 13
        moves.focus()
        await pilot.press("up", "up", "up")  # picking a line in the list moves the replay
        await pilot.pause()
        assert screen.position == 9 and moves.highlighted == 9
        assert pane() == screen._why(screen.current).splitlines()[0].removeprefix("## ")
