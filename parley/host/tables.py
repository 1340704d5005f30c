"""The host's tables: one `PlaySession` each, every person's side waiting for its seat.

A table's game is a `PlaySession` whose `humans` are the sides people hold there; the engine
plays the scripted sides the moment their turn comes, so the game always waits for a person.
`decide` checks a decision against the pending request, commits it to the store, and only
then applies it; a finished game is written to the pack's transcripts as `parley play` writes
it. After a restart each table is rebuilt from its seed and the stored decisions.

Seats read a table through `seat_state`, which cuts the game to what their side may know.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.host.protocol import request_json
from parley.host.store import Store
from sim.actors.human import Decision, DecisionError, check_decision
from sim.classroom.pack import Settings
from sim.play.recording import write_finished
from sim.play.seat import own_numbers, seat_records, stage_json
from sim.play.session import PlaySession

log = logging.getLogger("parley.host")


@dataclass
class SeatView:
    """What one connected seat has been sent so far (so each state sends only what is new)."""

    side: str
    student: str
    seen: int = 0
    """Records of the transcript already sent."""
    utility: list[float] | None = None
    """The utility row last sent (it changes only with an event on this side)."""
    stage: object = None
    """The table's stage last sent (staged talks): a new one is sent as `stage_json`, from
    which the seat builds the stage's game out of its own scenario (a stage's table, with
    its settled issues of a single option, is no scenario a seat could read back)."""


@dataclass
class HostTable:
    """One table's game.

    Args:
        label: `table-02`.
        scenario: the scenario reference of the pack.
        seed: the table's seed.
        people: the sides held by people (the game's `humans`).
        settings: the class's settings.
        transcript: where the finished game is written.
        store: the host's decisions.
    """

    label: str
    scenario: str
    seed: int
    people: tuple[str, ...]
    settings: Settings
    transcript: Path
    store: Store
    session: PlaySession = field(init=False)
    since: float = field(init=False, default_factory=time.time)
    """When the table started waiting for its current request (wall clock)."""

    def __post_init__(self) -> None:
        self.session = PlaySession(self.scenario, seed=self.seed, humans=self.people,
                                   random_events=self.settings.random_events,
                                   practice=self.settings.practice)
        self.session.advance()

    def replay(self) -> None:
        """Replay the stored decisions (after a restart): the same game, at the same move."""
        for decision in self.store.decisions(self.label):
            self.session.decide(decision)
        if self.session.finished and not self.transcript.exists():
            self._write_transcript()  # killed between the last move and the file

    @property
    def waiting_for(self) -> str | None:
        """The side whose decision the game waits for (None once over)."""
        request = self.session.request
        return request.party if request is not None else None

    def decide(self, side: str, decision: Decision, at: int, student: str,
               stand_in: bool = False) -> None:
        """Apply `side`'s decision, made having seen `at` decisions, once it is on disk;
        `stand_in`: the stand-in took it for a student whose time ran out.

        Raises:
            DecisionError: not `side`'s move, an old view, or a decision the rules refuse;
                nothing is recorded or changed.
        """
        session = self.session
        request = session.request
        if request is None:
            raise DecisionError("the game is over")
        if request.party != side:
            raise DecisionError(f"it is {request.party}'s move, not {side}'s")
        if at != len(session.decisions):
            raise DecisionError(f"{side} has already moved (a team-mate was quicker)")
        check_decision(session.game, request, decision)
        self.store.record(self.label, len(session.decisions), decision, student)
        session.decide(decision, stand_in=stand_in)
        self.since = time.time()
        if session.finished:
            self._write_transcript()

    def _write_transcript(self) -> None:
        written = write_finished(self.session.records, self.transcript)
        if written.moved:
            log.error("%s: could not write %s (%s); the game is in %s", self.label,
                      written.wanted, written.problem, written.path)
        else:
            log.info("%s: game over, transcript written to %s", self.label, written.path)

    def seat_state(self, view: SeatView) -> dict[str, Any]:
        """The `state` message for a seat: what is new since `view` was last sent one."""
        session = self.session
        records = session.records
        if session.practice:
            new = [dict(r) for r in records[view.seen:]]
        else:
            new = seat_records(records, session.game, view.side, start=view.seen)
        request = session.request
        own = own_numbers(session, view.side)
        if own["utility"] == view.utility:
            del own["utility"]
        else:
            view.utility = own["utility"]
        stage = session.stage  # staged talks: the seat builds each stage's table itself
        if stage is not None and stage is not view.stage:
            view.stage = stage
            own["stage"] = stage_json(session)
        message = {"type": "state", "from": view.seen, "records": new,
                   "decisions": len(session.decisions), "round": session.round,
                   "deadline": session.deadline,
                   "finished": session.finished,
                   "request": request_json(request if request is not None
                                           and request.party == view.side else None),
                   "waiting_for": request.party if request is not None else None,
                   "own": own}
        view.seen = len(records)
        return message

    def status(self, joined: dict[str, list[str]]) -> dict[str, Any]:
        """The table as the teacher sees it (`joined`: side → students connected now)."""
        session = self.session
        outcome = session.outcome
        stage = session.stage
        return {"label": self.label, "seed": self.seed, "round": session.round + 1,
                "stage": stage.index + 1 if stage is not None else None,
                "deadline": session.deadline, "decisions": len(session.decisions),
                "people": list(self.people), "joined": joined,
                "waiting_for": self.waiting_for,
                "waiting_seconds": round(time.time() - self.since, 1)
                if self.waiting_for else None,
                "offers": sum(1 for r in session.records if r["type"] == "offer"),
                "finished": session.finished,
                "outcome": outcome["kind"] if outcome else None,
                "transcript": str(self.transcript) if session.finished else None}
