"""The table: the offer on it, the player's offer builder, their moves, and the log."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Static
from textual.widgets.button import ButtonVariant

from sim.transcript.format import Record
from tui.screens.briefing import BriefingScreen
from tui.screens.dialogs import ConfirmScreen, TextScreen
from tui.text import notice_line, stage_markdown, why_during_play
from tui.widgets.clock import ClockLine
from tui.widgets.meter import OfferMeter, warnings
from tui.widgets.move_log import MoveLog
from tui.widgets.offer_board import OfferBoard
from tui.widgets.status import StatusBar

# The table is pushed under a first brief before the game is set up (`seat`), and nothing
# here may import the engine before that brief is drawn: what a move is made of
# (`sim.actors.human`, with numpy and simpy) is imported where a move is made.
if TYPE_CHECKING:
    from sim.actors.human import Decision, DecisionRequest
    from sim.play.seat import Seated
    from sim.play.session import Assessment

NOTIFY_TYPES = ("event", "walk_out", "ratification")
"""Records that also pop up as a notification when they happen."""

BUTTONS: tuple[tuple[str, str, str, ButtonVariant], ...] = (
    ("propose", "Table offer t", "table_offer", "primary"),
    ("accept", "Accept a", "answer('accept')", "success"),
    ("reject", "Reject r", "answer('reject')", "error"),
    ("counter", "Counter c", "counter", "warning"),
    ("why", "Why? w", "why", "default"),
    ("walk", "Walk out x", "walk_out", "default"),
)
"""The move buttons: id suffix, label (with its key), screen action, variant."""


class TableScreen(Screen[None]):
    """Where a person plays; posts `Decided` for the app to hand to the engine.

    Args:
        session: the game (read here, changed only by the app); None while the app sets it
            up under a first brief (`seat` hands it over; the table is composed after that).
        later: compose the table only when `build` is awaited or, failing that, when it is
            first shown. The app asks for this when a briefing or a hand-over covers the table
            at first, and the briefing builds it once written, in the briefing's own message
            loop (so that closing the briefing, or the app, waits for it: nothing is left
            half-built): the first screen appears without waiting for the table's widgets.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "table_offer", "Table offer", id="table.propose"),
        Binding("a", "answer('accept')", "Accept", id="table.accept"),
        Binding("r", "answer('reject')", "Reject", id="table.reject"),
        Binding("c", "counter", "Counter", id="table.counter"),
        Binding("w", "why", "Why?", id="table.why"),
        Binding("f", "what_if", "What if?", id="table.what_if"),
        Binding("i", "ideal", "My ideal", id="table.ideal"),
        Binding("x", "walk_out", "Walk out", id="table.walk_out"),
        Binding("b", "briefing", "Brief", id="table.briefing"),
    ]

    class Decided(Message):
        """The player decided; the app hands `decision` to the engine."""

        def __init__(self, decision: Decision) -> None:
            super().__init__()
            self.decision = decision

    def __init__(self, session: Seated | None, later: bool = False) -> None:
        super().__init__()
        self._session: Seated | None = None
        self.request: DecisionRequest | None = None
        self.side = ""
        """The side at this screen when nothing is asked of it (at a host, while it waits)."""
        self.drafts: dict[str, dict[str, str]] = {}
        self.seen = 0
        self._queued: Callable[[], None] | None = None
        self._ready = False
        self._composed = not later
        self._built = asyncio.Event()
        self._seated = asyncio.Event()
        if session is not None:
            self.seat(session)
        elif not later:
            raise ValueError("a table without its game yet is composed later")
        if not later:
            self._built.set()

    @property
    def session(self) -> Seated:
        """The game at this table."""
        if self._session is None:
            raise RuntimeError("the table's game is not set up yet")
        return self._session

    def seat(self, session: Seated | None) -> None:
        """Hand the table its game, once set up (None: there is none to show after all, say
        the app quit meanwhile): `build` composes the table from then on."""
        self._session = session
        if session is not None and session.humans:
            self.side = session.humans[0]
        self._seated.set()

    def on_mount(self) -> None:
        """Draw the request that arrived before the screen was mounted."""
        if self._composed:
            self._drawn()

    async def build(self) -> None:
        """Compose the table now if it was created with `later` (or wait while it is being
        composed). The briefing over it calls this once written, so the table is composed
        while the player reads; composed only when shown, it keeps Enter waiting ~250 ms."""
        if self._composed:
            await self._built.wait()
            return
        self._composed = True
        try:
            await self._seated.wait()  # under a first brief, the game is set up meanwhile
            if self._session is None:
                return
            await self.recompose()
            # Not when the app quit (or the screen went) meanwhile: then it is half-built.
            if self.is_attached and self.app.is_running:
                self._drawn()
        finally:
            self._built.set()

    async def on_screen_resume(self) -> None:
        """Shown before it was built (the brief closed before it was written, or a hand-over
        alone covered it): build it now. This runs in the screen's own message loop, so keys
        meant for the table wait until it is there, and before Textual's own resume handling,
        which then focuses the first widget as for any screen (the first Select, as when the
        table is composed at once)."""
        if self.is_active:  # not when covered the moment it was pushed
            await self.build()

    def _drawn(self) -> None:
        self._ready = True
        if self._queued is not None:
            self._queued()

    def compose(self) -> ComposeResult:
        """Status, prompt, board, meter, buttons, log, footer (nothing before `build` when
        created with `later`)."""
        if not self._composed:
            return
        yield StatusBar(id="status")
        yield Static(id="prompt")
        yield ClockLine(self.session, id="clock")
        yield OfferBoard(self.session.scenario, id="board")
        yield OfferMeter(id="meter")
        with Horizontal(id="actions"):
            for name, label, action, variant in BUTTONS:
                yield Button(label, variant=variant, compact=True, action=f"screen.{action}",
                             id=f"do-{name}", classes=name)
        yield MoveLog(id="log")
        yield Footer()

    # ------------------------------------------------------------------ attributes down

    @property
    def party(self) -> str:
        """The side whose decision is pending (while a host's seat waits: its own)."""
        return self.request.party if self.request is not None else self.side

    def show(self, request: DecisionRequest) -> None:
        """Redraw for `request` (a new round, a new player, or the same after a refusal)."""
        if not self._ready:
            self._queued = lambda: self.show(request)  # drawn by on_mount
            return
        new_player = self.party != request.party or not self.seen
        new_kind = self.request is None or self.request.kind != request.kind
        if new_player and self.seen:
            self.drafts[self.party] = self.query_one(OfferBoard).offer
        self.request = request
        self.side = request.party
        board = self.query_one(OfferBoard)
        if board.follow(self.session.game.scenario):  # staged talks: a new stage's table
            self.drafts.clear()
            new_player = True
        if new_player:
            board.load(self.drafts.get(request.party) or self.session.ideal_offer(request.party))
        table, by = self._on_table()
        board.show_table(table, by)
        prompt = (f"{request.proposer} tabled an offer: accept it, reject it or counter."
                  if request.kind == "respond" else
                  "Your turn to table an offer: set each issue, then press t.")
        self.query_one("#prompt", Static).update(prompt)
        if new_kind:  # the footer and buttons are costly to redraw: only when moves change
            self.query_one("#do-propose", Button).disabled = request.kind != "propose"
            self.query_one("#do-walk", Button).disabled = False
            for name in ("accept", "reject", "counter"):
                self.query_one(f"#do-{name}", Button).disabled = request.kind != "respond"
            self.refresh_bindings()
        self._show_records()
        self._redraw_meter(board.offer)

    def wait(self, side: str, waiting_for: str | None) -> None:
        """Nothing is asked of `side` now (a class host's seat): say whom the table waits
        for, grey out the moves, and show the moves so far."""
        if not self._ready:
            self._queued = lambda: self.wait(side, waiting_for)
            return
        first = not self.seen
        self.request = None
        self.side = side
        board = self.query_one(OfferBoard)
        if board.follow(self.session.game.scenario):  # staged talks: the next stage opened
            self.drafts.clear()  # on another seat's move: its table, not the last one's
            first = True
        if first:
            board.load(self.session.ideal_offer(side))
        table, by = self._on_table()
        board.show_table(table, by)
        self.query_one("#prompt", Static).update(
            f"Waiting for {waiting_for}…" if waiting_for else "Waiting for the table…")
        for name in ("propose", "accept", "reject", "counter", "walk"):
            self.query_one(f"#do-{name}", Button).disabled = True
        self.refresh_bindings()
        self._show_records()
        self._redraw_meter(board.offer)

    def moved(self) -> None:
        """Others moved while the request here stands (a class host): the log and meter."""
        if self._ready:
            self._show_records()
            self._redraw_meter(self.query_one(OfferBoard).offer)

    def refuse(self, reason: str) -> None:
        """The engine refused the last decision; the request stands."""
        self._redraw_meter(self.query_one(OfferBoard).offer, f"Refused: {reason}")
        self.notify(reason, title="Refused", severity="error")

    def _on_table(self) -> tuple[dict[str, str] | None, str | None]:
        request = self.request
        if request is not None and request.offer is not None:
            return request.offer, request.proposer
        offers = [r for r in self.session.records if r["type"] == "offer"]
        if offers:
            last = offers[-1]
            return last["outcome"], f"{last['party']}, round {last['round'] + 1}"
        return None, None

    def _show_records(self) -> None:
        records = self.session.records
        self.query_one(MoveLog).show(records, self.party, public=not self.session.practice)
        for record in records[self.seen:]:
            if record["type"] == "stage" and record["number"] > 1 and self.seen:
                # Staged talks: the next stage opens; say what it is and what carried over.
                self.app.push_screen(TextScreen(stage_markdown(record, self.session.scenario)))
            if record["type"] in NOTIFY_TYPES and record.get("round", 0) >= 0:
                line = notice_line(record, self.session, self.party)
                self.notify(line, title=f"Round {record['round'] + 1}", timeout=6)
        self.seen = len(records)

    def _redraw_meter(self, offer: dict[str, str], note: str = "") -> None:
        mine = self.session.assess(self.party, offer)
        table = None
        if self.request is not None and self.request.offer is not None:
            table = self.session.assess(self.party, self.request.offer)
        self.query_one(OfferMeter).show(mine, table, note)
        stage = next((r for r in reversed(self.session.records) if r["type"] == "stage"), None)
        self.query_one(StatusBar).show(self.party, self.session.round, self.session.deadline,
                                       mine.spent_before, mine.budget, self.session.seed,
                                       stage=f"Stage {stage['number']}/{stage['of']}: "
                                       f"{stage['title']}" if stage else None)

    def on_offer_board_changed(self, event: OfferBoard.Changed) -> None:
        """Live utility and budget for the offer being built."""
        if self.request is not None:
            self._redraw_meter(event.offer)

    def on_move_log_why_asked(self, event: MoveLog.WhyAsked) -> None:
        """A log line was chosen: show its reason."""
        self._why(event.record)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out moves the pending request does not allow."""
        kind = self.request.kind if self.request else None
        if action == "table_offer":
            return kind == "propose" or None
        if action in ("answer", "counter"):
            return kind == "respond" or None
        if action == "walk_out":
            return kind is not None or None
        return True

    def _decide_after_warning(self, decision: Decision, assessment: Assessment,
                              verb: str) -> None:
        """Hard lines go to the engine (which refuses); other warnings ask first."""
        soft = [w for w in warnings(assessment) if not w.startswith("crosses")]
        if assessment.allowed and soft:
            def answer(yes: bool | None) -> None:
                if yes:
                    self.post_message(self.Decided(decision))

            question = f"Careful: {'; '.join(soft)}.\n\n{verb.capitalize()} this offer anyway?"
            self.app.push_screen(ConfirmScreen(question, yes=verb.capitalize(),
                                               no="Think again"), answer)
            return
        self.post_message(self.Decided(decision))

    def action_table_offer(self) -> None:
        """Table the offer in the builder."""
        from sim.actors.human import Decision

        offer = self.query_one(OfferBoard).offer
        self._decide_after_warning(Decision.propose(offer),
                                   self.session.assess(self.party, offer), "table")

    def action_answer(self, kind: str) -> None:
        """Accept or reject the offer on the table."""
        if self.request is None or self.request.offer is None:
            return
        from sim.actors.human import Decision

        if kind == "accept":
            self._decide_after_warning(Decision.accept(),
                                       self.session.assess(self.party, self.request.offer),
                                       "accept")
        else:
            self.post_message(self.Decided(Decision.reject()))

    def action_counter(self) -> None:
        """Reject, keeping the offer on the table in the builder to rework for your turn."""
        if self.request is not None and self.request.offer is not None:
            from sim.actors.human import Decision

            self.query_one(OfferBoard).load(self.request.offer)
            self.post_message(self.Decided(Decision.reject()))

    def action_ideal(self) -> None:
        """Reset the builder to the player's ideal offer."""
        self.query_one(OfferBoard).load(self.session.ideal_offer(self.party))

    def action_walk_out(self) -> None:
        """Leave the talks for good, after a confirmation."""
        from sim.actors.human import Decision

        def answer(yes: bool | None) -> None:
            if yes:
                self.post_message(self.Decided(Decision.walk_out()))

        self.app.push_screen(ConfirmScreen(f"Walk out for good? {self.party} will not come "
                                           "back to the table.", yes="Walk out"), answer)

    def action_why(self) -> None:
        """The reason behind the highlighted move in the log."""
        record = self.query_one(MoveLog).current
        if record is not None:
            self._why(record)

    def _why(self, record: Record) -> None:
        self.app.push_screen(TextScreen(why_during_play(record, self.session, self.party)))

    def action_what_if(self) -> None:
        """Deal rate and typical deal if scripted players took over from this round."""
        from tui.screens.whatif import WhatIfScreen

        self.app.push_screen(WhatIfScreen(self.session, self.party))

    def action_briefing(self) -> None:
        """Read the brief again."""
        self.app.push_screen(BriefingScreen(self.session.scenario, self.party, review=True,
                                            practice=self.session.practice))
