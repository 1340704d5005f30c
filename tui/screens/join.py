"""Joining a class host: the student types the join code printed on their brief."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from sim.play.seat import Seated


class JoinScreen(Screen[Seated]):
    """Asks for a join code until the host accepts one; dismisses with the seat.

    Args:
        join: takes a code and gives the seat, or raises `ValueError` saying why not (a
            wrong code, a host that cannot be reached). It may take a while: the host slows
            down repeated wrong codes, so it runs in a thread.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", "Quit", id="join.quit"),
    ]

    def __init__(self, join: Callable[[str], Seated]) -> None:
        super().__init__()
        self.join = join

    def compose(self) -> ComposeResult:
        """A title, the code field and a line for what went wrong."""
        with Middle(), Center(), Vertical(classes="dialog", id="join"):
            yield Static("Parley: join your table", classes="title-bar")
            yield Static("Type the join code printed on your brief, then press Enter.")
            yield Input(placeholder="for example K7QM4-XPD2R", id="code", max_length=40)
            yield Static("", id="join-status")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Try the code."""
        code = event.value.strip()
        if not code:
            return
        self.query_one("#code", Input).disabled = True
        self.query_one("#join-status", Static).update("Checking your code…")
        self.try_code(code)

    @work(thread=True, exclusive=True)
    def try_code(self, code: str) -> None:
        """Ask the host (off the event loop: it may make us wait)."""
        try:
            seat = self.join(code)
        except ValueError as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        self.app.call_from_thread(self.dismiss, seat)

    def _refused(self, reason: str) -> None:
        field = self.query_one("#code", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self.query_one("#join-status", Static).update(reason)
