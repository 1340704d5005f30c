"""Hot-seat: a blank screen between two players, so neither sees the other's brief."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Button, Footer, Static


class HandoverScreen(Screen[None]):
    """Covers the table until the next player (`side`) says they are ready."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "ready", "I am ready", id="handover.ready", priority=True),
    ]

    def __init__(self, side: str, first: bool = False) -> None:
        super().__init__()
        self.side, self.first = side, first

    def compose(self) -> ComposeResult:
        """A centred message and a button."""
        verb = "Hand the keyboard to" if not self.first else "The first move is"
        with Middle(), Center():
            yield Static(f"{verb} {self.side}.\n\nThe previous player's brief is hidden.\n"
                         f"{self.side}, press Enter when you are alone at the screen.",
                         classes="handover")
            yield Button(f"I am {self.side}: show my table", id="ready", variant="primary")
        yield Footer()

    def on_button_pressed(self) -> None:
        """Ready by mouse."""
        self.dismiss(None)

    def action_ready(self) -> None:
        """Ready by keyboard."""
        self.dismiss(None)
