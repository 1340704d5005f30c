"""The private brief of one side, with the source's words beside every parameter."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
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
        practice: a class's practice mode (the others' private numbers are shown too).
        prepare: awaited once the whole brief is written (the app composes the table under
            it then: `TableScreen.build`).
        shown: called once the brief's first screen is drawn, or when the brief is closed
            before that (the app then sets up the game under a first brief: the engine's
            imports and work wait until the player has something to read).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "To the table", id="briefing.done", priority=True),
        Binding("escape", "done", "Back", show=False, id="briefing.back"),
    ]

    def __init__(self, scenario: Scenario, side: str, review: bool = False,
                 practice: bool = False,
                 prepare: Callable[[], Awaitable[object]] | None = None,
                 shown: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.scenario, self.side, self.review = scenario, side, review
        self.practice = practice
        self.prepare = prepare
        self._shown = shown

    def compose(self) -> ComposeResult:
        """A title line and the brief, scrollable (written in `on_mount`)."""
        yield Static(f" Briefing for {self.side} — private: only {self.side} may read this ",
                     classes="title-bar")
        with VerticalScroll(id="brief"):
            yield Markdown()
        yield Footer()

    def on_mount(self) -> None:
        """Keyboard scrolling works at once; then the brief is written.

        The brief is some 200 widgets. Focusing the scroll area and showing the screen
        each restyle every widget under them, so both happen before the brief is there
        (a worker writes it), and it is styled only once.
        """
        self.query_one("#brief").focus()
        self.run_worker(self._write(), group="brief")

    async def _write(self) -> None:
        text = briefing_markdown(self.scenario, self.side, self.practice)
        markdown = self.query_one(Markdown)
        first = first_screen(text, *self.app.size)
        if first != text:
            # The sections that fill the first screen are drawn at once; the whole brief then
            # replaces them (the same text, so what is on screen stays) while the player reads.
            await markdown.update(first)
            await self.wait_for_refresh()
            self._first_drawn()
        await markdown.update(text)
        if self._shown is not None:  # a brief short enough to be drawn whole at once
            await self.wait_for_refresh()
            self._first_drawn()
        # In this screen's message loop, not the worker: closing this screen, or the app,
        # then waits for it (Textual prunes screens from the top, and a screen's prune waits
        # for the message it is handling), so what it builds is never taken down half-built.
        self.call_later(self._prepare)

    async def _prepare(self) -> None:
        if self.prepare is not None and self.app.is_running:
            await self.prepare()

    def _first_drawn(self) -> None:
        shown, self._shown = self._shown, None
        if shown is not None:
            shown()

    def action_done(self) -> None:
        """Close the brief."""
        self._first_drawn()
        self.dismiss(None)


def first_screen(markdown: str, width: int, height: int) -> str:
    """The leading sections of `markdown` (cut before headings) that fill a `width` x `height`
    screen, by a rough count of wrapped lines; all of it if shorter. The count is low (the
    rendered headings, lists and blocks have margins it leaves out), so what it takes fills
    the screen: each section more is ~5 ms of widgets before the first screen."""
    taken: list[str] = []
    lines = 0
    for section in re.split(r"\n\n(?=#)", markdown):
        if lines >= height:
            break
        taken.append(section)
        lines += sum(1 + len(row) // max(width - 8, 20) for row in section.splitlines()) + 1
    return "\n\n".join(taken)
