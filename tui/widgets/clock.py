"""A class host's clock on a student's table screen: the time left for the move, or that the
teacher has paused the table. Hidden when there is none (a game on one machine)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from sim.play.seat import Seated


class ClockLine(Static):
    """One line, redrawn every second from the seat's clock (`Seated.clock`)."""

    DEFAULT_CSS = """
    ClockLine { height: 1; padding: 0 1; color: $warning; text-style: bold; display: none; }
    """

    def __init__(self, session: Seated, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.session = session
        self.said = ""

    def on_mount(self) -> None:
        """Look at the clock now and every second."""
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Redraw if what it says has changed."""
        clock = self.session.clock
        words = clock.words(time.monotonic(), self.session.request is not None) \
            if clock is not None and not self.session.finished else ""
        if words != self.said:
            self.said = words
            self.update(words)
            self.display = bool(words)
