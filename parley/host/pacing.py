"""A host's table with the teacher's hand on it: paused, timed, ended at a set time.

`PacedTable` is the host's `HostTable` with what the instructor's console needs: a paused
table refuses every decision (nothing is recorded or changed); a move the stand-in takes when
the time ran out is recorded like any other decision, with the stand-in's mark, and its
record in the transcript says so; `close` ends the game now as at its deadline; each seat's
state carries the clock (the time allowed for a move, what is left, whether the table is
paused) so the students' screens can show it. The clocks themselves are the console's
(`teacher.Teacher`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from parley.host.tables import HostTable, SeatView
from sim.actors.human import Decision, DecisionError
from sim.classroom.pack import Settings
from sim.play.session import PlaySession

PAUSED = "your teacher has paused this table: wait until they resume it"


@dataclass
class PacedTable(HostTable):
    """A host's table the teacher can pause, time and end (see the module text)."""

    paused: bool = field(init=False, default=False)
    """Whether the teacher has paused the table (it then accepts no decision)."""
    clock: Callable[[], dict[str, Any]] | None = field(init=False, default=None)
    """The table's clock as a seat's state gives it (set by the console)."""

    def __post_init__(self) -> None:
        self._start()

    def _start(self) -> None:
        s = self.settings
        self.session = PlaySession(self.scenario, seed=self.seed, humans=self.people,
                                   random_events=s.random_events, practice=s.practice,
                                   difficulty=s.difficulty)
        self.session.advance()
        self.since = time.time()

    def restart(self, settings: Settings) -> None:
        """Start the (not yet started) game again under other settings (a switch)."""
        if self.session.decisions or self.session.injects:
            raise DecisionError(f"{self.label} has started: its settings stay as they are")
        self.settings = settings
        self._start()

    def decide(self, side: str, decision: Decision, at: int, student: str,
               stand_in: bool = False) -> None:
        """Apply `side`'s decision once it is on disk (as `HostTable.decide`); `stand_in`:
        the stand-in took it for a student whose time ran out.

        Raises:
            DecisionError: the table is paused, not `side`'s move, an old view, or a
                decision the rules refuse; nothing is recorded or changed.
        """
        if self.paused:
            raise DecisionError(PAUSED)
        super().decide(side, decision, at, student, stand_in=stand_in)

    def close(self) -> None:
        """End the game now as at its deadline, and write its transcript."""
        self.session.close()
        self.since = time.time()
        self._write_transcript()

    def finish_replay(self) -> None:
        """After a replay: a game that ended while its file was not yet written gets it."""
        if self.session.finished and not self.transcript.exists():
            self._write_transcript()

    def seat_state(self, view: SeatView) -> dict[str, Any]:
        """A seat's state (as `HostTable.seat_state`), with the table's clock."""
        message = super().seat_state(view)
        if self.clock is not None:
            message["clock"] = self.clock()
        return message
