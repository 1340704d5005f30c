"""Issue 13: saving from the TUI over a file Parley did not write asks first; the player's
own file is kept unless they say to replace it, and a save of Parley's own is replaced."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from tui_helpers import DEAL_SEED, SIDE

from sim.play.session import PlaySession
from tui.app import make_app
from tui.screens.dialogs import ConfirmScreen, PathScreen
from tui.screens.table import TableScreen

NOTES = "# My notes on the talks\n\nRussia will not move on the regions.\n"


async def _save_to(pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    assert isinstance(pilot.app.screen, PathScreen)
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_saving_over_a_file_parley_did_not_write_asks_first(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    app = make_app("brussels_2026", [SIDE], seed=DEAL_SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        await _save_to(pilot, notes)
        assert isinstance(app.screen, ConfirmScreen)
        assert "notes.md already exists, and Parley did not write it" in app.screen.question
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert notes.read_text(encoding="utf-8") == NOTES
        await _save_to(pilot, notes)
        await pilot.press("y")  # replace it
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert app.session is not None
        where = app.session.request
        # A save of Parley's own is replaced without a question.
        await pilot.press("r")
        await pilot.pause()
        await _save_to(pilot, notes)
        assert isinstance(app.screen, TableScreen)
        later = app.session.request
    assert where != later
    assert PlaySession.load(notes).request == later
    assert not list(tmp_path.glob(".*.partial"))
