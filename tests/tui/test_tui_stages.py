"""Staged talks in the TUI (issue 16): picked from the side picker, played through both stages,
the stage and what carried over on screen, and the debrief at the end."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.widgets import Static
from tui_helpers import play_out

from tests.test_stages_reports import staged_yaml
from tui.app import make_app
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import TextScreen
from tui.screens.pickers import SidePicker
from tui.screens.table import TableScreen
from tui.widgets.offer_board import OfferBoard


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "staged.yaml"
    path.write_text(yaml.safe_dump(staged_yaml(), sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.slow
async def test_a_two_stage_game_is_playable_from_the_side_picker(scenario_file) -> None:
    app = make_app(str(scenario_file), seed=4)
    async with app.run_test(size=(110, 44)) as pilot:
        assert isinstance(app.screen, SidePicker)
        await pilot.press("enter")  # the first side: A
        assert isinstance(app.screen, BriefingScreen) and app.screen.side == "A"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        status = str(app.screen.query_one("#status", Static).render())
        assert "Stage 1/2: Talks about talks" in status
        board = app.screen.query_one(OfferBoard)
        assert list(board.offer) == ["pre"]  # only the pre-talks' issue is on the board
        assert board.query_one("#row-x").display is False
        opened = False
        for _ in range(6):
            await play_out(pilot, limit=40)
            if isinstance(app.screen, TextScreen):  # the settlement opens: what carried over
                shown = app.screen.markdown
                assert "Stage 2 of 2: The settlement" in shown
                assert "Carried over from pre_talks:" in shown and "Settled before" in shown
                opened = True
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, TableScreen)
                status = str(app.screen.query_one("#status", Static).render())
                assert "Stage 2/2: The settlement" in status
                assert set(app.screen.query_one(OfferBoard).offer) == {"pre", "x", "y"}
            if isinstance(app.screen, DebriefScreen):
                break
        assert isinstance(app.screen, DebriefScreen)
        assert app.session is not None
        kinds = [r["type"] for r in app.session.records]
        assert kinds.count("stage") == (2 if opened else 1)
        assert app.session.outcome_kind() in ("deal", "deadline", "walk_out", "never_opened")
        assert opened  # seed 4: A accepts the pre-talks' text, and the settlement opens


@pytest.mark.slow
async def test_the_seed_scenario_plays_its_talks_about_talks_then_the_settlement() -> None:
    """`parley play` with no arguments: the side picker of brussels_2026, then both stages."""
    app = make_app(seed=6)
    async with app.run_test(size=(110, 44)) as pilot:
        assert isinstance(app.screen, SidePicker)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, BriefingScreen) and app.screen.side == "Russia"
        await pilot.press("enter")
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "Stage 1/2: Talks about talks" in status
        assert list(app.screen.query_one(OfferBoard).offer) == ["concession", "europe"]
        carried = ""
        for _ in range(6):
            await play_out(pilot, limit=60)
            if isinstance(app.screen, TextScreen):
                carried = app.screen.markdown
                await pilot.press("enter")
                await pilot.pause()
                status = str(app.screen.query_one("#status", Static).render())
                assert "Stage 2/2: The settlement" in status
            if isinstance(app.screen, DebriefScreen):
                break
        assert "Stage 2 of 2: The settlement" in carried and "Settled before" in carried
        assert isinstance(app.screen, DebriefScreen)
        assert app.session is not None and app.session.outcome_kind() == "deal"
        assert [r["stage"] for r in app.session.records if r["type"] == "stage"] == \
            ["pre_talks", "settlement"]
