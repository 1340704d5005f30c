"""The floor for `bench_tui.py`: the smallest Textual app that shows a line and redraws it
on every key. Parley's figures are printed as a ratio to this app's, measured in the same run.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.events import Key
from textual.widgets import Footer, Static


class Baseline(App[None]):
    """A title line, and a counter that changes with each key press."""

    def compose(self) -> ComposeResult:
        """One line of text and a footer, as Parley's screens have."""
        yield Static("Briefing for Russia", id="line")
        yield Footer()

    def on_key(self, event: Key) -> None:
        """Redraw the line: the cheapest possible 'table redrawn'."""
        if event.key == "q":
            self.exit()
            return
        self.presses = getattr(self, "presses", 0) + 1
        self.query_one("#line", Static).update(f"Briefing for Russia · move {self.presses}")


if __name__ == "__main__":
    Baseline().run()
