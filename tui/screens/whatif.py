""""What if?": what scripted continuations of this very game, from this round, lead to."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from sim.analysis.statistics import deal_rate
from sim.negotiation.game import Game
from sim.negotiation.results import Outcome, Results
from sim.play.seat import Seated
from tui.text import offer_markdown

RUNS = 300
"""Scripted continuations run for one "What if?"."""


def whatif_markdown(session: Seated, side: str, results: Results) -> str:
    """Deal rate, the most common deal and what `side` typically gets, as Markdown."""
    rate = deal_rate(results)
    n = int(results.kind.size)
    lines = [f"## What if scripted players took over from round {session.round + 1}?",
             f"Over {n} continuations of this game (every side scripted, {side} included):",
             f"- **Deal rate**: {rate.share:.0%} (95% interval {rate.low:.0%}–{rate.high:.0%})",
             f"- **Walk-outs**: {np.count_nonzero(results.kind == Outcome.WALK_OUT) / n:.0%}",
             *([f"- **Talks never opened**: "
                f"{np.count_nonzero(results.kind == Outcome.NEVER_OPENED) / n:.0%}"]
               if (results.kind == Outcome.NEVER_OPENED).any() else []),
             f"- **{side} gets** a median utility of "
             f"{float(np.median(results.utility[:, session.game.party_index(side)])):.2f}"]
    deals = results.deal[results.deal >= 0]
    if not session.practice:
        lines.append("*Which deal they tend to reach is not shown during play: the scripted "
                     "sides' continuations use every side's private numbers. The debrief "
                     "compares your result with theirs.*")
    elif deals.size:
        values, counts = np.unique(deals, return_counts=True)
        top = int(values[np.argmax(counts)])
        lines += [f"**The most common deal** ({counts.max() / n:.0%} of continuations):",
                  offer_markdown(session.scenario, _whole(session).decode(top))]
    return "\n\n".join(lines)


def _whole(session: Seated) -> Game:
    """The game continuations' deals are numbered in: in staged talks the whole scenario's
    (every issue), not the current stage's."""
    if session.scenario.stages:
        from sim.negotiation.game import compile_game

        return compile_game(session.scenario)
    return session.game


class WhatIfScreen(ModalScreen[None]):
    """Runs the continuations in a thread; the game itself is not touched."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Close", id="whatif.close"),
    ]

    def __init__(self, session: Seated, side: str) -> None:
        super().__init__()
        self.session, self.side = session, side

    def compose(self) -> ComposeResult:
        """A text that fills in once the runs are done."""
        with VerticalScroll(classes="dialog wide"):
            yield Markdown(f"Running {RUNS} scripted continuations of this game…", id="whatif")
        yield Footer()

    def on_mount(self) -> None:
        """Start the runs."""
        self.run_continuations()

    @work(thread=True, exclusive=True)
    def run_continuations(self) -> None:
        """The continuations off the event loop, then the summary."""
        results = self.session.what_if(runs=RUNS, seed=self.session.seed)
        text = whatif_markdown(self.session, self.side, results)
        self.app.call_from_thread(self.query_one("#whatif", Markdown).update, text)

    def action_close(self) -> None:
        """Back to the table."""
        self.dismiss(None)
