"""The issues at the table: for each, the option on the table and the player's own choice."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select

from sim.scenario.schema import Scenario
from tui.text import issue_title


class OfferBoard(Vertical):
    """One row per issue: its name, the option on the table, and a selector for a counter.

    Args:
        scenario: the scenario whose issues are shown.
    """

    class Changed(Message):
        """The player's offer in the builder changed."""

        def __init__(self, offer: dict[str, str]) -> None:
            super().__init__()
            self.offer = offer

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self.table = scenario
        """The issues at the table now: all of them, or in staged talks the current stage's
        (see `follow`)."""
        self._loading = False

    def compose(self) -> ComposeResult:
        """Header row, then one row per issue."""
        # The issue column fits the longest issue's name and a space: a fixed width cut long
        # names and ran a name of exactly its width into the option beside it.
        width = max(len("Issue"), *(len(issue_title(n)) for n in self.scenario.issues)) + 2
        with Horizontal(classes="board-row board-head"):
            yield self._issue_label("Issue", width)
            yield Label("On the table", id="table-head", classes="on-table")
            yield Label("Your offer", classes="pick-head")
        for name, issue in self.scenario.issues.items():
            with Horizontal(classes="board-row", id=f"row-{name}"):
                yield self._issue_label(issue_title(name), width)
                yield Label("—", id=f"table-{name}", classes="on-table")
                options = [(issue.label(o), o) for o in issue.option_names()]
                select: Select[str] = Select(options, allow_blank=False, compact=True,
                                             type_to_search=False, id=f"pick-{name}",
                                             tooltip=issue.question)
                yield select

    @staticmethod
    def _issue_label(text: str, width: int) -> Label:
        label = Label(text, classes="issue")
        label.styles.width = width
        return label

    def follow(self, table: Scenario) -> bool:
        """Show the issues at `table` (a stage of staged talks: its own, and those settled
        before it with their one option); the others' rows are hidden. Returns whether the
        table changed (the builder then needs a new offer: see `load`)."""
        if table is self.table:
            return False
        for name in self.scenario.issues:
            here = table.issues.get(name)
            self.query_one(f"#row-{name}").display = here is not None
            if here is not None:
                self._loading = True
                self.query_one(f"#pick-{name}", Select).set_options(
                    [(here.label(o), o) for o in here.option_names()])
                self._loading = False
        self.table = table
        return True

    @property
    def offer(self) -> dict[str, str]:
        """The offer the player is building."""
        out: dict[str, str] = {}
        for name in self.table.issues:
            value = self.query_one(f"#pick-{name}", Select).value
            out[name] = str(value)
        return out

    def load(self, offer: Mapping[str, str]) -> None:
        """Put `offer` into the builder (posting one `Changed`)."""
        self._loading = True
        for name in self.table.issues:
            self.query_one(f"#pick-{name}", Select).value = offer[name]
        self._loading = False
        self.post_message(self.Changed(self.offer))

    def show_table(self, offer: Mapping[str, str] | None, by: str | None) -> None:
        """Show the offer on the table (None: nothing tabled yet this round)."""
        head = self.query_one("#table-head", Label)
        head.update(f"On the table ({by})" if offer and by else "On the table")
        for name, issue in self.table.issues.items():
            label = self.query_one(f"#table-{name}", Label)
            label.update(issue.label(offer[name]) if offer and name in offer else "—")

    def on_select_changed(self, event: Select.Changed) -> None:
        """Tell the screen the offer changed (once per `load`, not once per issue)."""
        event.stop()
        if not self._loading:
            self.post_message(self.Changed(self.offer))
