"""The brief's first screen (`tui.screens.briefing.first_screen`): drawn before the rest of
the brief and before the game is set up, it must fill the screen it is drawn on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from sim.scenario.library import builtin_scenarios
from sim.scenario.loader import load_scenario
from tui.screens.briefing import BriefingScreen


class FirstBrief(App[None]):
    """A side's brief alone; notes how tall its first screen's text is once drawn."""

    def __init__(self, path: Path, side: str) -> None:
        super().__init__()
        self.brief = BriefingScreen(load_scenario(path), side, shown=self.drawn)
        self.heights: tuple[int, int] | None = None

    def on_mount(self) -> None:
        self.push_screen(self.brief)

    def drawn(self) -> None:
        scroll = self.brief.query_one("#brief", VerticalScroll)
        self.heights = (self.brief.query_one(Markdown).outer_size.height, scroll.size.height)


@pytest.mark.parametrize("path", builtin_scenarios(), ids=lambda p: p.stem)
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_first_screen_of_a_brief_is_full(path: Path, size: tuple[int, int]) -> None:
    scenario = load_scenario(path)
    app = FirstBrief(path, next(iter(scenario.parties)))
    async with app.run_test(size=size) as pilot:
        while app.heights is None:
            await pilot.pause(0.01)
    text, view = app.heights
    assert text >= view
