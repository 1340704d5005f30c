"""The statements derive read, one row each: who, what, on which issue, reviewed or not."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import DataTable

from sim.derive.issues import short
from sim.derive.review import Candidate

COLUMNS = ("#", "party", "reads as", "issue", "red line", "review", "words")


class CandidateTable(DataTable[str]):
    """One row per candidate statement; moving the cursor posts `Chosen`."""

    class Chosen(Message):
        """The author moved to candidate `index`."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.count = 0

    def on_mount(self) -> None:
        """The columns."""
        self.add_columns(*COLUMNS)

    def show(self, candidates: list[Candidate]) -> None:
        """Redraw every row, keeping the cursor where it was."""
        row = self.cursor_row
        self.clear()
        for k, c in enumerate(candidates):
            self.add_row(str(k + 1), short(c.speaker, 18), c.finding.reading.label,
                         c.issue or "-", c.red_line or "-", c.status,
                         short(c.finding.statement.quote, 40), key=str(k))
        self.count = len(candidates)
        if candidates:
            self.move_cursor(row=min(row, len(candidates) - 1), animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Tell the screen which candidate is in focus."""
        event.stop()
        self.post_message(self.Chosen(event.cursor_row))
