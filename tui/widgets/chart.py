"""A small terminal chart of how the player's offers moved over the rounds."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static


def concession_chart(points: Sequence[tuple[int, float]], deadline: int, reservation: float,
                     floor: float, height: int = 8) -> Text:
    """Rounds across, utility (0 to 1) up: ● each offer the player made or accepted.

    The dashed line is the reservation value, the dotted one the budget's floor (ideal minus
    budget): offers below the dotted line overspent.
    """
    def row_of(value: float) -> int:
        return height - 1 - min(height - 1, max(0, round(value * (height - 1))))

    grid = [[" "] * (2 * deadline) for _ in range(height)]
    styles = [[""] * (2 * deadline) for _ in range(height)]
    for col in range(2 * deadline):
        grid[row_of(floor)][col], styles[row_of(floor)][col] = "·", "yellow"
        grid[row_of(reservation)][col], styles[row_of(reservation)][col] = "╌", "red"
    for round_, value in points:
        if 0 <= round_ < deadline:
            grid[row_of(value)][2 * round_] = "●"
            styles[row_of(value)][2 * round_] = "bold cyan"
    text = Text()
    for r in range(height):
        label = f"{1 - r / (height - 1):4.2f} │" if r in (0, height - 1) or r == height // 2 \
            else "     │"
        text.append(label, style="dim")
        for col in range(2 * deadline):
            text.append(grid[r][col], style=styles[r][col])
        text.append("\n")
    text.append("     └" + "─" * (2 * deadline) + "\n", style="dim")
    ticks = "".join(f"{k + 1:<10}" for k in range(0, deadline, 5))
    text.append("      " + ticks + " round\n", style="dim")
    text.append("● your offers and acceptances  ", style="cyan")
    # The rows are coarse (an eighth of the scale): the legend carries the exact values.
    text.append(f"╌ no deal {reservation:.2f}  ", style="red")
    text.append(f"· budget floor {floor:.2f}", style="yellow")
    return text


class ConcessionChart(Static):
    """Shows `concession_chart` for the data it is given."""

    def plot(self, points: Sequence[tuple[int, float]], deadline: int, reservation: float,
             floor: float) -> None:
        """Redraw the chart."""
        self.update(concession_chart(points, deadline, reservation, floor))
