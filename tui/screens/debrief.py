"""After the game: the outcome, each side against its reservation, and the player's curve."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Markdown, Static

from sim.play.seat import Seated
from sim.report.baseline import BASELINE_RUNS
from sim.scenario.explain import outcome_sentence
from sim.transcript.ending import voted_down
from sim.transcript.format import Record
from tui.text import offer_markdown
from tui.widgets.chart import ConcessionChart


def headline(records: list[Record], deadline: int) -> str:
    """How the game ended, as a Markdown heading worded as in the printed debrief."""
    outcome = records[-1]
    v = voted_down(records)
    stage = next((r for r in reversed(records) if r["type"] == "stage"), None)
    if stage is not None:  # staged talks: the stage the game ended in
        deadline = int(stage["deadline"])
    return "# " + outcome_sentence(outcome["kind"], int(outcome["round"]), deadline,
                                   outcome.get("walked_out"),
                                   (v.party, v.body, v.round) if v else None,
                                   stage=stage["title"] if stage is not None else None,
                                   ended_by_teacher=outcome.get("ended_by") == "teacher")


def efficiency(outcome: Record) -> str:
    """Whether the deal left value on the table, and the Nash point for comparison."""
    lines = []
    if outcome.get("deal"):
        if outcome.get("pareto_efficient"):
            lines.append("The deal is **Pareto-efficient**: no other outcome is better for one "
                         "side without being worse for another.")
        else:
            lines.append("The deal is **not Pareto-efficient**: another outcome was better for "
                         "some side and worse for none (distance to the frontier "
                         f"{outcome.get('distance_to_frontier', 0.0):.2f}).")
    return "\n\n".join(lines)


def concession_points(records: list[Record], side: str) -> list[tuple[int, float]]:
    """(round, utility to `side`) of every offer `side` tabled or accepted (in staged talks,
    in the stage the game ended in: each stage's utilities are on its own scale)."""
    points = []
    start = max((k for k, r in enumerate(records) if r["type"] == "stage"), default=0)
    for r in records[start:]:
        if r["type"] == "offer" and r["party"] == side:
            points.append((int(r["round"]), float(r["utilities"][side])))
        elif r["type"] == "answer" and r["party"] == side and r["accept"]:
            points.append((int(r["round"]), float(r["utility"])))
    return points


def rank_sentence(side: str, utility: float, percentile: float, runs: int,
                  median: float) -> str:
    """A player's percentile in words, as the end screen shows it."""
    return (f"{side}'s result ({utility:.2f}): percentile {percentile:.0f} among {runs} "
            f"scripted {side} players in the same game (the share that did worse, ties "
            f"counting half; their median {median:.2f}). The printed debrief shows the same.")


class DebriefScreen(Screen[str]):
    """Dismisses with `new` (play again); quitting is the app's `q`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game", id="debrief.new"),
    ]

    def __init__(self, session: Seated) -> None:
        super().__init__()
        self.session = session
        outcome = session.outcome
        assert outcome is not None
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        """Outcome, the parties' table, efficiency, and per player a chart and a rank."""
        s, o = self.session, self.outcome
        with VerticalScroll(id="debrief"):
            deal = f"\n\n{offer_markdown(s.scenario, o['deal'])}" if o.get("deal") else ""
            yield Markdown(headline(s.records, s.deadline) + deal)
            yield DataTable(id="parties", cursor_type="none", zebra_stripes=True)
            yield Markdown(efficiency(o), id="efficiency")
            if s.hosted:
                yield Markdown("*The other sides' numbers stay private here; your teacher's "
                               "debrief shows every side's.*", id="hosted")
            for side in s.humans:
                yield Static(f"How {side}'s offers moved (utility to {side}, by round)",
                             classes="chart-title")
                yield ConcessionChart(id=f"chart-{side}")
                yield Static("Ranking against scripted players…", id=f"rank-{side}",
                             classes="rank")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table and charts; rank the players in a thread."""
        s, o = self.session, self.outcome
        table = self.query_one(DataTable)
        table.add_columns("Party", "Utility", "No deal", "Gain", "Budget spent", "Played by")
        reservations = o.get("reservations") or {n: p.reservation
                                                for n, p in s.scenario.parties.items()}
        for name in s.scenario.parties:
            by = "you" if name in s.humans else "script"
            if name not in o["utilities"]:  # a class host's seat: another side's are private
                table.add_row(name, "—", "—", "—", "—", "another seat" if s.hosted else by)
                continue
            u, r = o["utilities"][name], reservations[name]
            table.add_row(name, f"{u:.2f}", f"{r:.2f}", f"{u - r:+.2f}",
                          f"{o['budget_spent'][name]:.2f}", by)
        for side in s.humans:
            a = s.assess(side, s.ideal_offer(side))
            self.query_one(f"#chart-{side}", ConcessionChart).plot(
                concession_points(s.records, side), s.deadline, reservations[side],
                a.ideal - a.budget)
        self.rank_players()

    @work(thread=True, exclusive=True)
    def rank_players(self) -> None:
        """Percentile of each player's utility among scripted players of the same side: the
        same games and the same function as the printed debrief, so the two agree."""
        s = self.session
        baseline = s.baseline(runs=BASELINE_RUNS)
        for side in s.humans:
            text = rank_sentence(side, float(self.outcome["utilities"][side]),
                                 baseline.percentile(side, self.outcome["utilities"][side]),
                                 BASELINE_RUNS, baseline.median(side))
            self.app.call_from_thread(self.query_one(f"#rank-{side}", Static).update, text)

    def action_new_game(self) -> None:
        """Back to the scenario picker."""
        self.dismiss("new")
