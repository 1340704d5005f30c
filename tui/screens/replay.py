"""Replaying a finished game from its transcript, one move at a time (`parley replay`).

The transcript already holds every move with its reason, so a replay needs no engine: the
screen reveals the records in order and shows the "why" of the current one, using the same
wording as the table's log during play.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, OptionList, Static

from sim.scenario.schema import Scenario
from sim.transcript.ending import ending_label, voted_down
from sim.transcript.format import Record
from sim.transcript.provenance import player_word
from tui.text import move_line, why_markdown


class ReplayScreen(Screen[None]):
    """The moves of one game, revealed one by one, with the reason behind the current move."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the move list would otherwise take Home/End for its own cursor.
        Binding("right,space,n", "step(1)", "Next", id="replay.next", priority=True),
        Binding("left,p", "step(-1)", "Back", id="replay.back", priority=True),
        Binding("home", "jump(0)", "Start", id="replay.start", priority=True),
        Binding("end", "jump(-1)", "End", id="replay.end", priority=True),
        Binding("q", "app.quit", "Quit", id="replay.quit"),
    ]

    def __init__(self, records: list[Record], scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario
        self.header_record = records[0]
        humans = tuple(self.header_record.get("humans", ()))
        self.humans = humans
        self.viewer = humans[0] if humans else ""
        self.voted = voted_down(records)
        # The list words each answer as the table's log did during play ("not enough", "red
        # line"), not by the engine's reason codes; the pane beside it gives the numbers.
        self.steps = [(r, line) for r in records[1:]
                      if (line := move_line(r, self.viewer, self.voted, public=True))
                      is not None]
        self.position = 0

    def compose(self) -> ComposeResult:
        """Header, progress line, the moves so far beside the current move's reason."""
        yield Header()
        yield Static(id="replay-progress")
        with Horizontal():
            yield OptionList(id="replay-moves")
            yield Markdown(id="replay-why")
        yield Footer()

    async def on_mount(self) -> None:
        """Show the first move."""
        h = self.header_record
        played = ", ".join(self.humans) or "scripted sides only"
        self.title = f"Replay: {h.get('scenario', '')}"
        self.sub_title = f"seed {h.get('seed')} · played by {player_word(h)}: {played}"
        await self._show()

    async def action_step(self, by: int) -> None:
        """Move forward or back by `by` moves."""
        await self._go(self.position + by)

    async def action_jump(self, to: int) -> None:
        """Jump to the first (0) or last (-1) move."""
        await self._go(to % len(self.steps) if self.steps else 0)

    async def on_option_list_option_highlighted(self,
                                                event: OptionList.OptionHighlighted) -> None:
        """A line picked in the list (up/down, a click): its move becomes the current one.
        (Highlights the list reports while `_show` trims it are stale by the time they arrive:
        only the one still highlighted counts.)"""
        moves = self.query_one("#replay-moves", OptionList)
        if event.option_index == moves.highlighted and event.option_index != self.position:
            await self._go(event.option_index)

    @property
    def current(self) -> Record | None:
        """The record shown now."""
        return self.steps[self.position][0] if self.steps else None

    async def _go(self, position: int) -> None:
        self.position = min(max(position, 0), len(self.steps) - 1) if self.steps else 0
        await self._show()

    async def _show(self) -> None:
        """The list up to the current move, highlighted, and its reason beside it.

        Awaited from each key's action, so a key is handled only once the reason of the move
        before it is on screen: however fast keys come, the pane never lags behind the list.
        """
        moves = self.query_one("#replay-moves", OptionList)
        shown = self.position + 1 if self.steps else 0
        if moves.option_count > shown:  # back: drop the moves after the current one
            for index in range(moves.option_count - 1, shown - 1, -1):
                moves.remove_option_at_index(index)
        elif moves.option_count < shown:
            moves.add_options([line for _, line in self.steps[moves.option_count:shown]])
        if self.steps:
            moves.highlighted = self.position
        total = len(self.steps)
        self.query_one("#replay-progress", Static).update(
            f"Move {self.position + 1} of {total} — → next, ← back, Home/End to jump")
        record = self.current
        text = "Nothing was recorded." if record is None else self._why(record)
        await self.query_one("#replay-why", Markdown).update(text)

    def _why(self, record: Record) -> str:
        if record["type"] == "outcome":
            lines = [f"## Game over: {ending_label(record['kind'], self.voted)}"]
            for party, u in record.get("utilities", {}).items():
                r = record.get("reservations", {}).get(party, 0.0)
                lines.append(f"- **{party}**: {u:.2f} (no deal: {r:.2f})")
            return "\n".join(lines)
        return why_markdown(record, self.scenario, self.viewer, self.humans)


class ReplayApp(App[None]):
    """A small app around `ReplayScreen`, for `parley replay`."""

    TITLE = "Parley replay"
    CSS = """
    #replay-progress { height: 1; padding: 0 1; background: $boost; }
    #replay-moves { width: 45%; }
    #replay-why { width: 1fr; padding: 0 1; }
    """

    def __init__(self, records: list[Record], scenario: Scenario) -> None:
        super().__init__()
        self.records = records
        self.scenario = scenario

    def on_mount(self) -> None:
        """Open the replay."""
        self.push_screen(ReplayScreen(self.records, self.scenario))
