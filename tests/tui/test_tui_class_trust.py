"""What a teacher relies on, through the screens: a saved game remembers where it records,
and during play nothing shows another side's private numbers."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input
from tui_helpers import DEAL_SEED, SIDE

from tui.app import make_app
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
