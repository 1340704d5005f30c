"""What the offer being built, and the offer on the table, are worth to the player."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:  # the table is set up under the first brief, before the engine is imported
    from sim.play.session import Assessment


def warnings(a: Assessment) -> list[str]:
    """Why the player might not want to table or accept an offer, most serious first."""
    out = [f"crosses red line “{line.describe()}”" for line in a.hard_lines]
    out += [f"soft line “{line.describe()}” −{line.cost or 0:.2f}" for line in a.soft_lines]
    if a.overspends:
        out.append(f"overspends budget by {-a.budget_left:.2f}")
    if a.below_reservation:
        out.append(f"below no deal ({a.reservation:.2f})")
    return out


def assessment_text(prefix: str, a: Assessment) -> Text:
    """`prefix`, the utility and budget left, then any warnings in colour."""
    text = Text(f"{prefix}: ", style="bold")
    text.append(f"utility {a.utility:.2f}")
    text.append("  budget left ")
    text.append(f"{a.budget_left:.2f}", style="red" if a.overspends else "green")
    for warning in warnings(a):
        hard = warning.startswith("crosses")
        text.append(f"  {'✖' if hard else '⚠'} {warning}", style="bold red" if hard else "yellow")
    return text


class OfferMeter(Static):
    """Two lines: the player's own offer, then the offer on the table (if any)."""

    def show(self, mine: Assessment, table: Assessment | None, note: str = "") -> None:
        """Redraw from the two assessments; `note` (e.g. a refusal) goes last, in red."""
        text = assessment_text("Your offer", mine)
        if table is not None:
            text.append("\n")
            text.append_text(assessment_text("On the table", table))
        if note:
            text.append("\n")
            text.append(note, style="bold red")
        self.update(text)
