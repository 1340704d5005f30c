"""The status line: whose turn, the round against the deadline, and the budget gauge."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def gauge(spent: float, total: float, width: int = 12) -> Text:
    """A bar of `width` cells showing `spent` out of `total`, red once it is nearly gone."""
    share = 0.0 if total <= 0 else min(max(spent / total, 0.0), 1.0)
    full = round(share * width)
    style = "bold red" if share >= 0.85 else "yellow" if share >= 0.5 else "green"
    bar = Text("█" * full, style=style)
    bar.append("░" * (width - full), style="dim")
    return bar


class StatusBar(Static):
    """One line: the side being played, round N of M, rounds left and budget spent."""

    def show(self, party: str, round_: int, deadline: int, spent: float, budget: float,
             seed: int, stage: str | None = None) -> None:
        """Redraw for `party` in round `round_` (from 0); `stage` names the stage of staged
        talks the round belongs to (say "Stage 1/2 Talks about talks")."""
        left = deadline - round_ - 1
        line = Text()
        line.append(f" {party} ", style="bold reverse")
        if stage:
            line.append(f"  {stage}", style="bold cyan")
        line.append(f"  Round {round_ + 1}/{deadline}", style="bold")
        line.append(f" · {left} left" if left else " · last round",
                    style="bold red" if left <= 2 else "")
        line.append("  Budget ")
        line.append_text(gauge(spent, budget))
        line.append(f" {spent:.2f}/{budget:.2f}")
        line.append(f"  seed {seed}", style="dim")
        self.update(line)
