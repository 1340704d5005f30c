"""Whole games played through the TUI with Pilot, as a person at the keyboard would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static
from tui_helpers import DEAL_SEED, SIDE, play_out

from sim.play.session import PlaySession
from tui.app import make_app
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import ConfirmScreen, PathScreen
from tui.screens.handover import HandoverScreen
from tui.screens.pickers import ScenarioPicker, SidePicker
from tui.screens.table import TableScreen

# Each test marked slow drives the app through several screens or a whole game (2-7 s);
# the quick ones stay in the plain `pytest` run.


@pytest.mark.slow
async def test_a_full_game_as_russia_reaches_a_deal_and_shows_the_debrief() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, TableScreen)
        await play_out(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert app.session is not None and app.session.outcome_kind() == "deal"
        await app.workers.wait_for_complete()
        await pilot.pause()
        rank = str(app.screen.query_one(f"#rank-{SIDE}", Static).render())
        assert "among 1000 scripted Russia players" in rank


@pytest.mark.slow
async def test_rejecting_everything_runs_the_game_to_the_deadline() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await play_out(pilot, accept=False)
        assert isinstance(app.screen, DebriefScreen)
        assert app.session is not None and app.session.outcome_kind() == "deadline"
        assert app.session.outcome is not None and app.session.outcome["round"] == 24


@pytest.mark.slow
async def test_walking_out_asks_first_and_then_ends_the_talks() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, TableScreen)
        await pilot.press("x", "y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.session is not None and app.session.outcome_kind() == "walk_out"
        assert app.session.records[-2] == {"type": "walk_out", "round": 0, "party": SIDE}


async def test_an_offer_across_the_players_own_red_line_is_refused_and_nothing_changes() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        assert app.session is not None
        before = (app.session.request, len(app.session.records))
        app.screen.query_one("#pick-regions", Select).value = "ukraine_keeps_all"
        await pilot.pause()
        meter = str(app.screen.query_one("#meter", Static).render())
        assert "crosses red line “Donbas returns to Russia”" in meter  # warned before tabling
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert (app.session.request, len(app.session.records)) == before
        assert "Refused: Russia cannot table this offer" in str(
            app.screen.query_one("#meter", Static).render())


@pytest.mark.slow
async def test_a_saved_game_resumes_at_the_same_move(tmp_path: Path) -> None:
    save = tmp_path / "game.json"
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "t", "r", "r")
        await pilot.pause()
        assert app.session is not None
        where = (app.session.request, list(app.session.records))
        await pilot.press("s")
        assert isinstance(app.screen, PathScreen)
        app.screen.query_one(Input).value = str(save)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
    resumed = make_app(session=PlaySession.load(save))
    async with resumed.run_test(size=(100, 40)) as pilot:
        assert isinstance(resumed.screen, TableScreen)
        assert resumed.session is not None
        assert (resumed.session.request, resumed.session.records) == where
        await play_out(pilot)
        assert isinstance(resumed.screen, DebriefScreen)


async def test_a_damaged_save_is_refused_with_a_message_and_left_untouched(
        tmp_path: Path) -> None:
    save = tmp_path / "damaged.json"
    good = PlaySession("brussels_2026_settlement", seed=1, humans=[SIDE]).to_save()
    text = json.dumps(good)[:-40]
    save.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, ScenarioPicker)
        await pilot.press("o")
        assert isinstance(app.screen, PathScreen)
        app.screen.query_one(Input).value = str(save)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        assert "damaged save file" in str(app.screen.query_one("#error", Static).render())
    assert save.read_text(encoding="utf-8") == text


async def test_with_no_arguments_play_opens_the_seed_scenario_s_sides() -> None:
    app = make_app(seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, SidePicker)
        assert app.screen.scenario.title == "Brussels wants concessions before peace talks"
        await pilot.press("down", "enter")
        assert isinstance(app.screen, BriefingScreen) and app.screen.side == "Russia"


@pytest.mark.slow
async def test_choosing_scenario_and_side_from_the_pickers_opens_the_briefing() -> None:
    app = make_app(seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, ScenarioPicker)
        await pilot.press("enter")
        assert isinstance(app.screen, SidePicker)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, BriefingScreen) and app.screen.side == "Russia"


@pytest.mark.slow
async def test_hot_seat_hides_each_brief_behind_a_hand_over() -> None:
    app = make_app("brussels_2026_settlement", ["Russia", "Ukraine"], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, HandoverScreen) and app.screen.side == "Russia"
        await pilot.press("enter")
        assert isinstance(app.screen, BriefingScreen) and app.screen.side == "Russia"
        await pilot.press("enter", "t")  # Russia tables; Ukraine proposes next
        await pilot.pause()
        assert isinstance(app.screen, HandoverScreen) and app.screen.side == "Ukraine"
        await pilot.press("enter")
        assert isinstance(app.screen, BriefingScreen) and app.screen.side == "Ukraine"
        await pilot.press("enter")
        assert isinstance(app.screen, TableScreen) and app.screen.party == "Ukraine"


@pytest.mark.slow
async def test_quitting_mid_game_asks_first() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, TableScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.slow
async def test_why_opens_the_recorded_reason_of_another_partys_answer() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        text = app.screen.query_one("Markdown").source  # type: ignore[attr-defined]
        assert "EU rejects" in text
        await pilot.press("escape")
        assert isinstance(app.screen, TableScreen)


@pytest.mark.slow
async def test_what_if_summarises_scripted_continuations_without_touching_the_game() -> None:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        assert app.session is not None
        before = (app.session.request, len(app.session.records))
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = app.screen.query_one("#whatif").source  # type: ignore[attr-defined]
        assert "Deal rate" in text and "continuations of this game" in text
        await pilot.press("escape")
        assert isinstance(app.screen, TableScreen)
        assert (app.session.request, len(app.session.records)) == before


@pytest.mark.slow
async def test_marking_two_sides_in_the_picker_starts_a_hot_seat_game() -> None:
    app = make_app(seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, SidePicker)
        await pilot.press("down", "space", "down", "space")  # Russia, then Ukraine
        assert app.screen.marked == {"Russia", "Ukraine"}
        await pilot.press("enter")
        assert app.session is not None and app.session.humans == ("Russia", "Ukraine")
        assert isinstance(app.screen, HandoverScreen)
