"""The instructor's console in the terminal where `parley host --console` runs.

It reads the host through two callables and nothing else (Textual never reaches into the
host): `state()`, every table as the teacher sees it (`parley.host.teacher.Teacher.state`),
and `act(action)`, one of the teacher's actions (`Teacher.act`: it returns what was done in
words, or raises `ValueError` saying why not). The host serves the students from the same
event loop, so the console and the class move together.
"""

from __future__ import annotations

import time
import webbrowser
from collections import deque
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, RichLog, Static

from tui.screens.console_forms import Field, FormScreen
from tui.screens.dialogs import ConfirmScreen, TextScreen

State = Callable[[], dict[str, Any]]
Act = Callable[[dict[str, Any]], Awaitable[str]]

KINDS = (("reservation shift", "shift_reservation"), ("budget change", "shift_budget"),
         ("walk-out threat", "walk_out"))
DIFFICULTIES = (("as written", "written"), ("hard-line", "hard_line"),
                ("cooperative", "cooperative"))


def short(side: str) -> str:
    """A side's name in a narrow column."""
    return side if len(side) <= 4 else side[:3]


def worth_cell(best: dict[str, Any] | None) -> str:
    """The best text's worth to each side, with what no deal is worth to it in brackets."""
    if not best:
        return "-"
    cells = []
    for side, worth in best["worth"].items():
        floor = best["reservations"].get(side)
        mark = "!" if floor is not None and worth < floor else ""
        cells.append(f"{short(side)} {worth:.2f}{mark}"
                     + (f"({floor:.2f})" if floor is not None else ""))
    return " ".join(cells)


def flags(table: dict[str, Any]) -> str:
    """Paused, finished, abandoned, stand-ins: what needs the teacher's eye."""
    out = []
    if table["finished"]:
        out.append(f"over: {table['outcome']}" + (" (ended)" if table["ended_by"] else ""))
    if table["paused"]:
        out.append("PAUSED")
    if table["abandoned"]:
        out.append("ABANDONED: " + ", ".join(table["abandoned"]))
    if table["stand_ins"]:
        out.append("stand-in " + ", ".join(f"{short(s)} {n}"
                                           for s, n in table["stand_ins"].items()))
    return "; ".join(out)


def table_row(table: dict[str, Any]) -> tuple[str, ...]:
    """One table's row in the console."""
    waiting = "-"
    if table["waiting_for"]:
        who = ", ".join(table["waiting_students"]) or "no one at the seat"
        waiting = f"{table['waiting_for']} ({who}) {table['waiting_seconds']:.0f} s"
    left = f"{table['left']:.0f} s" if table["left"] is not None else "-"
    stage = f" {table['stage']}" if table["stage"] else ""
    return (table["label"], f"{table['round']}/{table['deadline']}{stage}", waiting, left,
            flags(table) or "-", str(table["offers"]), worth_cell(table["best"]))


def status_line(state: dict[str, Any], addresses: list[str]) -> str:
    """The console's top line: where students join, the pace, the switches."""
    s = state["settings"]
    done = sum(1 for t in state["tables"] if t["finished"])
    parts = [f"{state['scenario']}", *(addresses[:1]),
             f"{state['timer']:g} s a move" if state["timer"] else "no timer",
             f"ends {time.strftime('%H:%M', time.localtime(state['end_at']))}"
             if state["end_at"] else "no set end",
             f"practice {'on' if s['practice'] else 'off'}",
             f"events {'on' if s['random_events'] else 'off'}",
             f"What if? {'on' if s['what_if'] else 'off'}",
             f"scripted: {dict((v, k) for k, v in DIFFICULTIES)[s['difficulty']]}",
             f"{done}/{len(state['tables'])} tables over"]
    return " · ".join(parts)


def students_line(state: dict[str, Any]) -> str:
    """Who has not joined yet, and who has left their seat."""
    def names(rows: list[dict[str, str]]) -> str:
        return ", ".join(f"{r['student']} ({r['side']}, {r['table']})" for r in rows) or "none"

    return (f"Not yet joined ({len(state['missing'])} of {state['students']}): "
            f"{names(state['missing'])}\nLeft their seat: {names(state['away'])}")


def details(table: dict[str, Any]) -> str:
    """The selected table in full, as Markdown."""
    lines = [f"## {table['label']}: round {table['round']} of {table['deadline']}"]
    for side, students in table["people"].items():
        here = table["joined"].get(side, [])
        lines.append(f"- **{side}**: " + ", ".join(s if s in here else f"~~{s}~~ (away)"
                                                   for s in students))
    best = table["best"]
    if best:
        text = "; ".join(f"{i}: {o}" for i, o in best["text"].items())
        lines.append(f"\n**Best text so far** ({best['party']}, round {best['round']}): "
                     f"{text}\n")
        lines.append("| side | worth | no deal |\n| --- | --- | --- |")
        for side, worth in best["worth"].items():
            floor = best["reservations"].get(side)
            lines.append(f"| {side} | {worth:.2f} | "
                         f"{'' if floor is None else f'{floor:.2f}'} |")
    if table["injects"]:
        lines.append("\n**News sent:** " + "; ".join(table["injects"]))
    if table["transcript"]:
        lines.append(f"\nTranscript: `{table['transcript']}`")
    return "\n".join(lines)


class ConsoleScreen(Screen[None]):
    """Every table, the students not yet joined, the host's log; the teacher's keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause/resume table", id="console.pause"),
        Binding("P", "pause_all", "Pause/resume all", id="console.pause_all"),
        Binding("t", "timer", "Timer", id="console.timer"),
        Binding("i", "inject", "Inject", id="console.inject"),
        Binding("e", "end_at", "End at", id="console.end_at"),
        Binding("x", "end_table", "End table", id="console.end_table"),
        Binding("w", "switches", "Switches", id="console.switches"),
        Binding("c", "summary", "Class summary", id="console.summary"),
        Binding("enter,d", "details", "Details", id="console.details"),
        Binding("q", "quit_host", "Stop host", id="console.quit"),
    ]

    def __init__(self, state: State, act: Act, lines: deque[str], addresses: list[str],
                 opener: Callable[[str], object]) -> None:
        super().__init__()
        self.state_of, self.act, self.lines = state, act, lines
        self.addresses, self.opener = addresses, opener
        self.state: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        """Status line, the tables, the students, the log."""
        yield Static("", id="console-status", classes="title-bar")
        with Vertical(id="console-body"):
            yield DataTable(id="console-tables", cursor_type="row", zebra_stripes=True)
            yield Static("", id="console-students")
            yield RichLog(id="console-log", max_lines=500, wrap=True, markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, a first look, then a look every second."""
        tables = self.query_one("#console-tables", DataTable)
        tables.add_columns("table", "round", "waiting for, how long", "left", "flags",
                           "offers", "best text: worth (no deal)")
        self.query_one("#console-log", RichLog).border_title = "Host"
        self.refresh_state()
        self.set_interval(1.0, self.refresh_state)

    def refresh_state(self) -> None:
        """Read the host again and redraw."""
        self.state = self.state_of()
        self.query_one("#console-status", Static).update(status_line(self.state,
                                                                     self.addresses))
        self.query_one("#console-students", Static).update(students_line(self.state))
        tables = self.query_one("#console-tables", DataTable)
        rows = {t["label"]: table_row(t) for t in self.state["tables"]}
        if len(tables.rows) != len(rows):
            tables.clear()
            for label, row in rows.items():
                tables.add_row(*row, key=label)
        else:
            for label, row in rows.items():
                for column, value in zip(tables.ordered_columns, row, strict=True):
                    tables.update_cell(label, column.key, value, update_width=True)
        log = self.query_one("#console-log", RichLog)
        while self.lines:
            log.write(self.lines.popleft())

    # ------------------------------------------------------------------ acting

    def selected(self) -> dict[str, Any] | None:
        """The table under the cursor."""
        tables = self.query_one("#console-tables", DataTable)
        if not tables.rows:
            return None
        label = tables.coordinate_to_cell_key(tables.cursor_coordinate).row_key.value
        return next((t for t in self.state["tables"] if t["label"] == label), None)

    @work(exclusive=False)
    async def do(self, action: dict[str, Any]) -> None:
        """Take an action at the host; say what was done, or why not."""
        log = self.query_one("#console-log", RichLog)
        try:
            done = await self.act(action)
        except ValueError as exc:
            log.write(f"✖ {exc}")
            self.notify(str(exc), severity="error")
            return
        except Exception as exc:  # the class goes on: the console must not fall with it
            log.write(f"✖ the host could not do that ({type(exc).__name__}: {exc})")
            self.notify(str(exc), severity="error")
            return
        log.write(f"✔ {done}")
        self.notify(done)
        self.refresh_state()
        if action["action"] == "summary" and self.state.get("summary"):
            self.opener(Path(self.state["summary"]).absolute().as_uri())

    def action_pause(self) -> None:
        """Pause the selected table, or resume it."""
        table = self.selected()
        if table is not None:
            self.do({"action": "resume" if table["paused"] else "pause",
                     "table": table["label"]})

    def action_pause_all(self) -> None:
        """Pause every table (resume them all if every one is paused)."""
        going = [t for t in self.state["tables"] if not t["finished"]]
        everyone = bool(going) and all(t["paused"] for t in going)
        self.do({"action": "resume" if everyone else "pause"})

    def action_timer(self) -> None:
        """Set a move's time for the class or the selected table."""
        table = self.selected()
        scope = [("every table", "")] + ([(table["label"], table["label"])] if table else [])

        def send(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            text = str(values["seconds"])
            seconds = float(text) if text else None
            self.do({"action": "timer", "seconds": seconds, "table": values["table"] or None})

        now = self.state.get("timer")
        self.app.push_screen(FormScreen("A move's time (empty: no timer)", [
            Field("seconds", "Seconds", f"{now:g}" if now else "90"),
            Field("table", "For", "", tuple(scope))]), send)

    def action_inject(self) -> None:
        """Send news to the selected table or all: a scenario event or a new one."""
        table = self.selected()
        events = tuple((f"{e['number'] + 1}. {e['headline']} ({e['party']})", e["number"])
                       for e in self.state["events"])
        parties = tuple((p, p) for p in self.state["parties"])

        def send(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            action: dict[str, Any] = {"action": "inject", "table": values["table"] or None,
                                      "rounds": int(values["rounds"] or 1)}
            if values["event"] != -1:
                action["event"] = values["event"]
            else:
                action.update(kind=values["kind"], party=values["party"],
                              by=float(values["by"] or 0), headline=values["headline"])
            self.do(action)

        scope = (("every table", ""),) + (((table["label"], table["label"]),) if table else ())
        self.app.push_screen(FormScreen("News for the table: a scenario event, or a new one", [
            Field("table", "To", "", scope),
            Field("event", "Event", -1, (("a new one (below)", -1), *events)),
            Field("kind", "Kind", "shift_reservation", KINDS),
            Field("party", "Side", parties[0][1] if parties else "", parties),
            Field("by", "By (-1 to 1)", "0.05"),
            Field("rounds", "From rounds on", "1"),
            Field("headline", "Headline", "")]), send)

    def action_end_at(self) -> None:
        """End every table in so many minutes (empty: no set time)."""
        def send(values: dict[str, Any] | None) -> None:
            if values is not None:
                text = str(values["minutes"])
                self.do({"action": "end_at", "minutes": float(text)} if text
                        else {"action": "end_at", "at": None})

        self.app.push_screen(FormScreen("End every table in how many minutes? Each ends as at "
                                        "its deadline (empty: no set time)",
                                        [Field("minutes", "Minutes", "10")]), send)

    def action_end_table(self) -> None:
        """End the selected table now, as at its deadline."""
        table = self.selected()
        if table is None or table["finished"]:
            return

        def send(yes: bool | None) -> None:
            if yes:
                self.do({"action": "end", "table": table["label"]})

        self.app.push_screen(ConfirmScreen(f"End {table['label']} now, as at its deadline?",
                                           yes="End it", no="Keep playing"), send)

    def action_switches(self) -> None:
        """The class's switches."""
        now = self.state["settings"]

        def send(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            for name, value in values.items():
                if value != now[name]:
                    self.do({"action": "switch", "name": name, "value": value})

        self.app.push_screen(FormScreen(
            "Switches for the class (practice, events and difficulty: tables not yet started)",
            [Field("practice", "Practice mode (private numbers on screen)", now["practice"]),
             Field("random_events", "Random events", now["random_events"]),
             Field("what_if", "What if?", now["what_if"]),
             Field("difficulty", "Scripted sides", now["difficulty"], DIFFICULTIES)],
            send="Apply"), send)

    def action_summary(self) -> None:
        """Write the class summary of the games finished so far and open it."""
        self.do({"action": "summary"})

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a table's row opens it in full."""
        event.stop()
        self.action_details()

    def action_details(self) -> None:
        """The selected table in full."""
        table = self.selected()
        if table is not None:
            self.app.push_screen(TextScreen(details(table), wide=True))

    def action_quit_host(self) -> None:
        """Stop the host (every move is already recorded)."""
        def send(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmScreen("Stop the host? Every move so far is recorded; "
                                           "starting it again resumes every table.",
                                           yes="Stop", no="Keep hosting"), send)


class ConsoleApp(App[None]):
    """The console on its own (the host runs in the same event loop, started by the caller).

    Args:
        state: every table as the teacher sees it.
        act: take one of the teacher's actions.
        lines: the host's log lines, taken from the left as they are shown.
        addresses: where students join.
        opener: opens a page (the class summary); the web browser by default.
    """

    CSS_PATH = ["parley.tcss", "console.tcss"]  # noqa: RUF012 (Textual reads it as it is)
    TITLE = "Parley: the class console"

    def __init__(self, state: State, act: Act, lines: deque[str] | None = None,
                 addresses: list[str] | None = None,
                 opener: Callable[[str], object] = webbrowser.open) -> None:
        super().__init__()
        self.screen_args = (state, act, lines if lines is not None else deque(),
                            addresses or [], opener)

    def on_mount(self) -> None:
        """Open the console."""
        self.push_screen(ConsoleScreen(*self.screen_args))
