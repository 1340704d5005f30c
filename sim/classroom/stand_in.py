"""Simulated students: scripted stand-ins that play a side through `PlaySession` as a person would.

A class exercise is checked end to end without thirty people, so each stand-in drives the
same interface the TUI drives (`advance()` / `decide()`), with its own temperament drawn from
its seed: how fast it gives ground, how far past its concession budget it is willing to go,
and how much it cares about the others' gains when it drafts an offer. Its games therefore
differ from the scripted players' (and from each other), as a class's games do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.actors.human import Decision, DecisionRequest
from sim.actors.strategies import offer_tables
from sim.play.session import PlaySession
from sim.transcript.format import Record, write_transcript
from sim.transcript.provenance import mark_simulated


@dataclass(frozen=True)
class Temperament:
    """How one simulated student negotiates."""

    pace: float
    """Exponent of its concession curve (below 1 holds out, above 1 gives early)."""
    stretch: float
    """Multiple of its concession budget it will actually give up (over 1 overspends)."""
    margin: float
    """Utility above its reservation value it insists on, even at the end."""

    @classmethod
    def draw(cls, rng: np.random.Generator) -> Temperament:
        """A temperament from `rng`: paces spread evenly on a log scale from 0.3 to 3."""
        return cls(pace=float(np.exp(rng.uniform(np.log(0.3), np.log(3.0)))),
                   stretch=float(rng.uniform(0.6, 1.4)),
                   margin=float(rng.uniform(0.0, 0.08)))


class StandIn:
    """Plays `side` of `session` whenever the game asks that side for a decision."""

    def __init__(self, session: PlaySession, side: str, temperament: Temperament) -> None:
        self.session = session
        self.side = side
        self.seat = session.game.party_index(side)
        self.temperament = temperament

    def target(self, round_: int) -> float:
        """Utility the student holds out for in `round_`."""
        own = self.session.assess(self.side, self.session.ideal_offer(self.side))
        floor = max(own.reservation + self.temperament.margin,
                    own.ideal - own.budget * self.temperament.stretch)
        ideal = own.ideal
        share = round_ / max(self.session.deadline - 1, 1)
        wanted = ideal - max(ideal - floor, 0.0) * share ** (1.0 / self.temperament.pace)
        return max(wanted, floor)

    def decide(self, request: DecisionRequest) -> Decision:
        """The student's answer to `request` (which must be addressed to its side)."""
        wanted = self.target(request.round)
        if request.kind == "respond":
            assert request.offer is not None
            verdict = self.session.assess(self.side, request.offer)
            ok = verdict.allowed and verdict.utility >= wanted - 1e-9
            return Decision.accept() if ok else Decision.reject()
        return Decision.propose(self._draft(wanted))

    def _draft(self, wanted: float) -> dict[str, str]:
        # The scripted proposers' table: of the outcomes worth the target to this side, the
        # one the others should like best by what is public, so a student plays fair moves.
        view = self.session.view().for_party(self.seat)
        sorted_u, _, best = offer_tables(view.utility[:1], view.public[:1], view.hard,
                                         view.public_hard, self.seat)
        game = self.session.game
        depth = max(int(np.searchsorted(-sorted_u[0], -wanted, side="right")), 1)
        return game.decode(int(best[0, depth - 1]))


def play_student(scenario: str | os.PathLike[str], side: str, seed: int, student_seed: int,
                 transcript: str | os.PathLike[str] | None = None,
                 random_events: bool = True) -> list[Record]:
    """Play one simulated student's game to its end.

    Args:
        scenario: scenario file or built-in name.
        side: the side the student plays.
        seed: the game's run seed (as in the student's command).
        student_seed: seed of the student's temperament.
        transcript: where to write the transcript, if anywhere.
        random_events: whether chance events may happen (a class may switch them off).

    Returns:
        The transcript records, marked as a simulated student's game (header and answers).
    """
    return play_table(scenario, [side], seed, [student_seed], transcript, random_events)


def play_table(scenario: str | os.PathLike[str], sides: Sequence[str], seed: int,
               student_seeds: Sequence[int], transcript: str | os.PathLike[str] | None = None,
               random_events: bool = True) -> list[Record]:
    """Play one game with a simulated student on each of `sides` (a class host's table in a
    dry run), the student on `sides[k]` with temperament seed `student_seeds[k]`; the
    arguments and the records returned are as for `play_student`."""
    session = PlaySession(scenario, seed=seed, humans=sides, random_events=random_events)
    students = {side: StandIn(session, side, Temperament.draw(np.random.default_rng(k)))
                for side, k in zip(sides, student_seeds, strict=True)}
    request = session.advance()
    while request is not None:
        request = session.decide(students[request.party].decide(request))
    records = mark_simulated(session.records)
    if transcript is not None:
        Path(transcript).parent.mkdir(parents=True, exist_ok=True)
        write_transcript(records, transcript)
    return records
