"""The private brief of one side, with the source's words beside every parameter."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from sim.scenario.schema import Scenario
from tui.text import briefing_markdown


class BriefingScreen(Screen[None]):
    """Shown before play and on demand from the table (`b`); Enter goes to the table.

    Args:
        scenario: the scenario played.
        side: whose private brief this is.
        review: opened from the table (Enter and Escape both go back).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "To the table", id="briefing.done", priority=True),
        Binding("escape", "done", "Back", show=False, id="briefing.back"),
    ]

    def __init__(self, scenario: Scenario, side: str, review: bool = False) -> None:
        super().__init__()
        self.scenario, self.side, self.review = scenario, side, review

    def compose(self) -> ComposeResult:
        """A title line and the brief, scrollable."""
        yield Static(f" Briefing for {self.side} — private: only {self.side} may read this ",
                     classes="title-bar")
        with VerticalScroll(id="brief"):
            yield Markdown(briefing_markdown(self.scenario, self.side))
        yield Footer()

    def on_mount(self) -> None:
        """Keyboard scrolling works at once."""
        self.query_one("#brief").focus()

    def action_done(self) -> None:
        """Close the brief."""
        self.dismiss(None)
