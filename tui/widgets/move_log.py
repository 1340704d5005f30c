"""The log of every move and event so far; selecting a move asks "Why?"."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sim.transcript.ending import voted_down
from sim.transcript.format import Record
from tui.text import move_line


class MoveLog(OptionList):
    """Transcript lines, newest at the bottom; Enter or a click on a line posts `WhyAsked`."""

    class WhyAsked(Message):
        """The player wants the reason behind `record`."""

        def __init__(self, record: Record) -> None:
            super().__init__()
            self.record = record

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.records: list[Record] = []
        self.viewer = ""
        self.border_title = "Moves and events (Enter or w: why?)"

    def show(self, records: list[Record], viewer: str, public: bool = True) -> None:
        """Show `records` as seen by `viewer`, keeping the newest line in view; `public`
        (during play, unless in practice mode) words other sides' rejections as the table
        hears them.

        Lines are only appended while the viewer stays the same; a new viewer (hot-seat)
        redraws them all, since "you" now means someone else.
        """
        if viewer != self.viewer:
            self.viewer, self.records = viewer, []
            self.clear_options()
        voted = voted_down(records)
        new = [Option(line, id=str(index))
               for index, record in enumerate(records[len(self.records):], len(self.records))
               if (line := move_line(record, viewer, voted, public)) is not None]
        self.records = list(records)
        if new:
            self.add_options(new)
            self.highlighted = self.option_count - 1

    @property
    def current(self) -> Record | None:
        """The record of the highlighted line."""
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.records[int(option.id or 0)]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Ask why for the selected line."""
        event.stop()
        self.post_message(self.WhyAsked(self.records[int(event.option.id or 0)]))
